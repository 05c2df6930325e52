"""Who acts when no one is signed in: an operator's tool (a management command, a data loader).

Domain functions take the acting user; a command run by the operator on the server passes
`system("command name")`. The scoping queries treat it as an administrator of everything, and
the audit trail records its name. A web request never carries one: views pass `request.user`.
`Actor` is the type of every domain function's `actor`: a signed-in user or a system actor.
"""

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # the user model's module is loaded with the apps; this one before them
    from dienhinh.core.models import User


class SystemActor(str):
    """The name of an operator's tool acting on its own authority (recorded in the audit trail)."""

    is_authenticated = False
    is_superuser = False


def system(name: str) -> SystemActor:
    return SystemActor(name)


def is_system(actor: object) -> bool:
    return isinstance(actor, SystemActor)


#: Who acts on a domain function: a signed-in user, or an operator's tool (`system`). A string
#: (the user model loads after this module): write `"Actor | None"` quoted in annotations.
Actor: TypeAlias = "User | SystemActor"


def user_of(actor: Actor) -> "User | None":
    """The signed-in user behind `actor` (to record as who did it), or None for an operator's
    tool."""
    if isinstance(actor, SystemActor) or not getattr(actor, "is_authenticated", False):
        return None
    return actor


def name_of(actor: Actor) -> str:
    """How a record names who acted: the person's full name (or username), or the tool's name."""
    user = user_of(actor)
    if user is None:
        return str(actor)
    return user.get_full_name() or user.get_username()

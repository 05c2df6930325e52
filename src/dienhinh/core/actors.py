"""Who acts when no one is signed in: an operator's tool (a management command, a data loader).

Domain functions take the acting user; a command run by the operator on the server passes
`system("command name")`. The scoping queries treat it as an administrator of everything, and
the audit trail records its name. A web request never carries one: views pass `request.user`.
"""


class SystemActor(str):
    """The name of an operator's tool acting on its own authority (recorded in the audit trail)."""

    is_authenticated = False
    is_superuser = False


def system(name: str) -> SystemActor:
    return SystemActor(name)


def is_system(actor: object) -> bool:
    return isinstance(actor, SystemActor)

"""Errors raised by domain functions, and how the edges show them.

`NotVisible`: the object is outside the actor's scope; views answer 404 and the API 404, so an
outsider learns nothing. `NotPermitted`: the actor sees the object but may not do this; views
answer 403 or show the message. Every app's own error derives from `DomainError`.
"""


class DomainError(Exception):
    """A rule of the domain refused the change; the message is for the user."""


class NotVisible(DomainError):
    """The actor cannot see this object at all (an outsider)."""


class NotPermitted(DomainError):
    """The actor sees the object but may not make this change."""


def require(allowed: bool, *, visible: bool, message: str = "") -> None:
    """Refuse unless `allowed`: NotVisible when the actor cannot see the object, else
    NotPermitted with `message` (translated by the caller)."""
    if allowed:
        return
    if not visible:
        raise NotVisible(message)
    raise NotPermitted(message)

"""Business logic of registrations: every state change goes through a function here."""

from dienhinh.core import errors


class DomainError(errors.DomainError):
    """A change to candidates or registrations that cannot be made; the message is for the user.
    Refusals of the actor are `core.errors.NotVisible` / `NotPermitted`, not this class."""


class Conflict(DomainError):
    """Someone else saved the record since the form was opened (optimistic concurrency)."""

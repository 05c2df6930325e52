"""Business logic of registrations: every state change goes through a function here."""


class DomainError(Exception):
    """A change that cannot be made; the message is for the user."""


class Conflict(DomainError):
    """Someone else saved the record since the form was opened (optimistic concurrency)."""

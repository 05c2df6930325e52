"""Business rules of the honours app; views call these inside their own requests."""

from dienhinh.core.errors import DomainError


class HonoursError(DomainError):
    """A change that is not allowed; the message is for the user (translated)."""

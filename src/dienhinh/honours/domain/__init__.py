"""Business rules of the honours app; views call these inside their own requests."""


class HonoursError(Exception):
    """A change that is not allowed; the message is for the user (translated)."""

"""Business logic of programs: loading the data files, copying and editing, amendments."""

from dienhinh.core.errors import DomainError


class ProgramError(DomainError):
    """A change to a program that cannot be made; the message is for the user."""

"""Business logic of programs: loading the data files, copying and editing, amendments."""


class ProgramError(Exception):
    """A change to a program that cannot be made; the message is for the user."""

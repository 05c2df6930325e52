"""Changes to the API's own records: tokens and webhook subscriptions."""

from dienhinh.core import errors


class ApiError(errors.DomainError):
    """A token or subscription that cannot be made as asked; the message is for the user."""

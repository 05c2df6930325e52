"""Errors as JSON: `{"errors": [{"field": ..., "message": ...}]}`, in the caller's language.

The domain's refusals answer as on the web: NotVisible 404 (nothing leaks), NotPermitted 403,
a stale version 409, any other rule of the domain 400 with its message.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from dienhinh.core.errors import DomainError, NotPermitted, NotVisible


def _flatten(detail, field=None) -> list[dict]:
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__", "detail") else key
            if field and name:
                name = f"{field}.{name}"
            out += _flatten(value, name or field)
        return out
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, field)]
    return [{"field": field, "message": str(detail)}]


def body(errors: list[dict]) -> dict:
    return {"errors": errors}


def form_errors(form) -> Response:
    """A Django form's errors (the web's own validation), field by field."""
    errors = [
        {"field": None if name == "__all__" else name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]
    return Response(body(errors), status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc, context):
    if isinstance(exc, NotVisible | Http404):
        return Response(body([{"field": None, "message": _("Not found.")}]), status=404)
    if isinstance(exc, NotPermitted):
        return Response(body([{"field": None, "message": str(exc)}]), status=403)
    if isinstance(exc, DomainError):
        code = 409 if type(exc).__name__ == "Conflict" else 400
        return Response(body([{"field": getattr(exc, "field", None), "message": str(exc)}]), code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    response = drf_handler(exc, context)
    if response is not None:
        response.data = body(_flatten(response.data))
    return response

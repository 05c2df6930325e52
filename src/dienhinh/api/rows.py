"""A list's rows written from plain values (`QuerySet.values()`), as its serializer writes them.

A page of 50 candidates built 200 model objects (the candidate, its program, unit and field) and
walked each through nested serializers: about 60% of the list's time. `RowWriter` reads the same
serializer's fields once and writes each row from the columns they name, with each field's own
`to_representation`, so the serializer stays the one description of what a list shows (and of
the schema). A field it cannot read from a column (a method field, a dotted or `*` source) is
refused when the writer is made, never written differently: such a list keeps the serializer.
`tests/api/test_rows.py` compares both on every list that uses it.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import serializers
from rest_framework.fields import Field
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField, SlugRelatedField

# A step: (name in the output, column, field or None, nested steps or None, the nested
# object's id column). `field` None: the column's value as it is (a relation's id).
Step = tuple[str, str, Field | None, list | None, str]


class Unsupported(TypeError):
    """The serializer has a field no column gives."""


def _steps(serializer: serializers.Serializer, prefix: str) -> list[Step]:
    steps: list[Step] = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        source = field.source
        if source == "*" or "." in source:
            raise Unsupported(f"{name}: source {source!r}")
        column = f"{prefix}{source}"
        if isinstance(field, serializers.BaseSerializer):
            if not isinstance(field, serializers.Serializer) or getattr(field, "many", False):
                raise Unsupported(f"{name}: {type(field).__name__}")
            steps.append((name, column, None, _steps(field, f"{column}__"), column))
        elif isinstance(field, SlugRelatedField):
            steps.append((name, f"{column}__{field.slug_field}", None, None, column))
        elif isinstance(field, PrimaryKeyRelatedField):
            if field.pk_field is not None:
                raise Unsupported(f"{name}: pk_field")
            steps.append((name, column, None, None, column))
        elif isinstance(
            field, serializers.SerializerMethodField | serializers.RelatedField | ManyRelatedField
        ):
            raise Unsupported(f"{name}: {type(field).__name__}")
        else:
            steps.append((name, column, field, None, column))
    return steps


def _columns(steps: list[Step]) -> list[str]:
    columns: list[str] = []
    for _name, column, _field, nested, key in steps:
        if nested is not None:
            columns.append(key)  # None when the relation is empty
            columns.extend(_columns(nested))
        else:
            columns.append(column)
    return list(dict.fromkeys(columns))


def _write(steps: list[Step], row: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, column, field, nested, key in steps:
        if nested is not None:
            out[name] = None if row[key] is None else _write(nested, row)
            continue
        value = row[column]
        if value is None or field is None:
            out[name] = value
        else:
            out[name] = field.to_representation(value)
    return out


def _check(model: type[models.Model], column: str) -> None:
    """That `column` is a stored column of `model` or of a model it points to."""
    parts = column.split("__")
    for i, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            raise Unsupported(f"{column}: not a column of {model.__name__}") from None
        if not field.concrete or field.many_to_many:
            raise Unsupported(f"{column}: not a column of {model.__name__}")
        if i < len(parts) - 1:
            if field.related_model is None or not (field.many_to_one or field.one_to_one):
                raise Unsupported(f"{column}: {part} is not a relation to one record")
            model = field.related_model


class RowWriter:
    """Rows of `serializer_class` (a model serializer) from `queryset.values(*writer.columns)`;
    `Unsupported` when a field is not read from a column."""

    def __init__(self, serializer_class: type[serializers.ModelSerializer]):
        self.steps = _steps(serializer_class(), "")
        self.columns = _columns(self.steps)
        for column in self.columns:
            _check(serializer_class.Meta.model, column)

    def write(self, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        steps = self.steps
        return [_write(steps, row) for row in rows]

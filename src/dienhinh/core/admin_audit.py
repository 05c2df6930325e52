"""Admin classes that leave the same audit trail as the domain functions.

`AuditedModelAdmin` records every add, change and delete (inlines and many-to-many fields
included) with the signed-in administrator as actor. `ReadOnlyAdmin` shows records that only
the product's own pages change (decisions, follow-ups…): those keep versions and reasons.
"""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import BaseModelForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from dienhinh.core import audit

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
    _TabularInline = admin.TabularInline[Any, Any]
else:
    _ModelAdmin = admin.ModelAdmin
    _TabularInline = admin.TabularInline

# Never copied into the trail.
SECRET_FIELDS = frozenset({"password"})


def audited_fields(obj: models.Model) -> list[str]:
    """The concrete fields of obj worth keeping in the trail (secrets and timestamps left out)."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if field.name not in SECRET_FIELDS and not field.primary_key and field.name != "last_login"
    ]


def _m2m_snapshot(obj: models.Model) -> dict[str, Any]:
    if obj.pk is None:
        return {}
    return {
        field.name: sorted(str(o) for o in getattr(obj, field.name).all())
        for field in obj._meta.many_to_many
    }


def _before(obj: models.Model) -> dict[str, Any] | None:
    if obj.pk is None:
        return None
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return audit.snapshot(stored, audited_fields(stored)) if stored is not None else None


def _action(obj: models.Model, verb: str) -> str:
    return f"admin.{obj._meta.model_name}.{verb}"


def record_admin_change(
    request: HttpRequest, obj: models.Model, verb: str, before: dict[str, Any] | None
) -> None:
    after = audit.snapshot(obj, audited_fields(obj)) if verb != "delete" else None
    audit.record(_action(obj, verb), obj, actor=request.user, before=before, after=after)


class AuditedModelAdmin(_ModelAdmin):
    """A ModelAdmin whose every change writes an audit entry in the same transaction."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = _before(obj) if change else None
            super().save_model(request, obj, form, change)
            record_admin_change(request, obj, "change" if change else "add", before)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            before = audit.snapshot(obj, audited_fields(obj))
            record_admin_change(request, obj, "delete", before)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def save_related(
        self, request: HttpRequest, form: "BaseModelForm[Any]", formsets: Any, change: bool
    ) -> None:
        with transaction.atomic():
            obj = form.instance
            before = _m2m_snapshot(obj)
            super().save_related(request, form, formsets, change)
            after = _m2m_snapshot(obj)
            if before != after:
                action = _action(obj, "relations")
                audit.record(action, obj, actor=request.user, before=before, after=after)

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: "BaseInlineFormSet[Any, Any, Any]",
        change: bool,
    ) -> None:
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                record_admin_change(
                    request, obj, "delete", audit.snapshot(obj, audited_fields(obj))
                )
                obj.delete()
            for obj in instances:
                adding = obj.pk is None
                before = None if adding else _before(obj)
                obj.save()
                record_admin_change(request, obj, "add" if adding else "change", before)
            formset.save_m2m()


class ReadOnlyAdmin(_ModelAdmin):
    """Shown, never changed here: the product's pages change these records with a reason."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(_TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

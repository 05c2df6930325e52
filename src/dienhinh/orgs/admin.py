"""Organisations and memberships in the admin, changed only through the domain functions.

A new organisation goes through `create_organisation`, a new name through `rename` (so the name
history is kept), other fields through `update_organisation`; the tree moves only on the
restructuring page (with an effective date), never by editing the parent here. Memberships are
granted and revoked through `grant_role` and `revoke_role`.
"""

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core.actors import Actor
from dienhinh.core.admin_audit import ReadOnlyInline
from dienhinh.core.models import User
from dienhinh.orgs import domain
from dienhinh.orgs.models import Membership, Organisation, OrganisationEvent


def _actor(request: HttpRequest) -> Actor:
    """The admin's signed-in user (the admin site lets no one else in)."""
    assert isinstance(request.user, User)
    return request.user


EDITABLE = ["kind", "short_name", "address", "head_name", "head_title", "email", "standing_for"]


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "role", "title", "active"]


class EventInline(ReadOnlyInline):
    model = OrganisationEvent
    fk_name = "organisation"
    fields = ["kind", "effective_on", "old_name", "new_name", "target", "decision", "note"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name", "search_text"]
    autocomplete_fields = ["parent", "standing_for", "merged_into"]
    inlines = [MembershipInline, EventInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fixed = ["status", "ended_on", "merged_into"]
        return fixed + ["code", "parent"] if obj is not None else fixed

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an organisation is closed or merged on the restructuring page

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            created = domain.create_organisation(
                actor=_actor(request),
                code=obj.code,
                kind=obj.kind,
                name=obj.name,
                parent=obj.parent,
                **{name: getattr(obj, name) for name in EDITABLE if name != "kind"},
            )
            obj.pk, obj.code, obj.path = created.pk, created.code, created.path
            return
        stored = Organisation.objects.get(pk=obj.pk)
        if obj.name != stored.name:
            domain.rename(
                stored,
                actor=_actor(request),
                new_name=obj.name,
                effective_on=timezone.localdate(),
                note=str(_("Renamed in the administration site")),
            )
        fields = {
            name: getattr(obj, name)
            for name in EDITABLE
            if getattr(obj, name) != getattr(stored, name)
        }
        if fields:
            domain.update_organisation(stored, actor=_actor(request), **fields)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "active"]
    list_filter = ["role", "active"]
    search_fields = [
        "user__username",
        "user__last_name",
        "organisation__name",
        "organisation__code",
    ]
    autocomplete_fields = ["user", "organisation"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A granted role is not edited: it is revoked and another granted.
        return ["user", "organisation", "role", "title", "active"] if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["user", "organisation", "role", "title"]
        return [*fields, "active"] if obj is not None else fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # memberships are revoked, and kept as history

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return  # nothing is editable on an existing membership
        granted = domain.grant_role(
            actor=_actor(request),
            user=obj.user,
            organisation=obj.organisation,
            role=obj.role,
            title=obj.title,
        )
        obj.pk = granted.pk

    @admin.action(description=_("Revoke the selected memberships"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            revoked = 0
            for membership in queryset.filter(active=True).select_related("organisation"):
                domain.revoke_role(
                    membership,
                    actor=_actor(request),
                    reason=str(_("Revoked in the administration site")),
                )
                revoked += 1
        self.message_user(
            request, _("%(count)d memberships revoked.") % {"count": revoked}, messages.SUCCESS
        )

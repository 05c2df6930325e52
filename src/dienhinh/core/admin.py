"""Users and the audit trail in the admin: every user change audited, the trail read-only."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from dienhinh.core import audit
from dienhinh.core.admin_audit import AuditedModelAdmin, ReadOnlyAdmin
from dienhinh.core.models import AuditAnchor, AuditEntry, User


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "get_full_name", "email", "is_active", "is_staff"]
    ordering = ["name_key"]
    fieldsets = [
        *(BaseUserAdmin.fieldsets or ()),
        (None, {"fields": ["phone"]}),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Someone who acted stays named in the trail: deactivate the account instead.
        if obj is not None and AuditEntry.objects.filter(actor=obj).exists():
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                audit.record("admin.user.password", user, actor=request.user)
        return response


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "actor_name", "action", "object_repr", "reason"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_name", "reason"]
    date_hierarchy = "at"


@admin.register(AuditAnchor)
class AuditAnchorAdmin(ReadOnlyAdmin):
    list_display = ["day", "seq", "hash", "created_at"]


class GroupAdmin(AuditedModelAdmin, BaseGroupAdmin):
    pass


admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)

"""The audit trail in the admin: read-only, never deleted."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from dienhinh.core.models import AuditEntry, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "email", "is_active", "is_staff"]
    ordering = ["name_key"]
    fieldsets = [
        *(BaseUserAdmin.fieldsets or ()),
        (None, {"fields": ["phone"]}),
    ]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "object_repr", "reason"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_name", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

"""Organisations, memberships and restructuring history in the admin."""

from django.contrib import admin

from dienhinh.orgs.models import Membership, Organisation, OrganisationEvent


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class EventInline(admin.TabularInline):
    model = OrganisationEvent
    fk_name = "organisation"
    extra = 0
    can_delete = False
    fields = ("kind", "effective_on", "old_name", "new_name", "target", "decision", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name", "search_text"]
    autocomplete_fields = ["parent", "standing_for", "merged_into"]
    readonly_fields = ["status", "ended_on", "merged_into"]
    inlines = [MembershipInline, EventInline]


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

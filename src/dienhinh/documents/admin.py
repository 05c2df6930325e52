"""Background document jobs, for administrators: what ran, for whom, how it ended."""

from django.contrib import admin

from dienhinh.core.admin_audit import ReadOnlyAdmin
from dienhinh.documents.models import DocumentJob


@admin.register(DocumentJob)
class DocumentJobAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "kind",
        "subject",
        "organisation",
        "requested_by",
        "status",
        "progress",
        "attempts",
        "created_at",
        "heartbeat_at",
        "finished_at",
    )
    list_filter = ("kind", "status", "dry_run")
    search_fields = ("organisation__code", "organisation__name", "requested_by__username")
    list_select_related = ("organisation", "requested_by")
    readonly_fields = [f.name for f in DocumentJob._meta.fields]
    date_hierarchy = "created_at"

"""Admin for decisions, reviews and replication: shown read-only, since the product's pages change
them with versions and reasons. Ballots and participations are deliberately not registered:
nobody, administrators included, browses individual votes."""

from django.contrib import admin

from dienhinh.core.admin_audit import ReadOnlyAdmin
from dienhinh.honours.models import Decision, FollowUp, Replication, ReviewRound, Spending


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("number", "date", "authority", "form", "program")
    list_filter = ("form", "program")


admin.site.register(FollowUp, ReadOnlyAdmin)
admin.site.register(ReviewRound, ReadOnlyAdmin)
admin.site.register(Replication, ReadOnlyAdmin)
admin.site.register(Spending, ReadOnlyAdmin)

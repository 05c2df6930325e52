"""Admin for decisions, reviews and replication. Ballots and participations are deliberately
not registered: nobody, administrators included, browses individual votes."""

from django.contrib import admin

from dienhinh.honours.models import Decision, FollowUp, Replication, ReviewRound, Spending


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("number", "date", "authority", "form", "program")
    list_filter = ("form", "program")


admin.site.register(FollowUp)
admin.site.register(ReviewRound)
admin.site.register(Replication)
admin.site.register(Spending)

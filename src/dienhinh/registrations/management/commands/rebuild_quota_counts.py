"""Recount the quota dashboard's counts from the registrations' entries."""

from django.core.management.base import BaseCommand
from django.db import transaction

from dienhinh.registrations.domain import quota_counts
from dienhinh.registrations.domain.cache import data_changed


class Command(BaseCommand):
    help = (
        "Recount the quota dashboard's counts (QuotaCount) from every registration's entries, in "
        "one transaction. They are kept as things happen; run this after writing entries, "
        "registrations or candidates outside the application (SQL, a restore)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = quota_counts.rebuild()
            data_changed()
        self.stdout.write(f"quota counts rebuilt: {rows} rows")

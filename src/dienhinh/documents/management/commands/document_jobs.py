"""Requeue or fail document jobs whose worker died, and prune old jobs and their files."""

import time

from django.core.management.base import BaseCommand

from dienhinh.documents import jobs


class Command(BaseCommand):
    help = (
        "Requeue or fail background document jobs whose worker stopped (no heartbeat within the "
        "lease) and delete finished jobs and their files after the retention period."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--watch", action="store_true", help="keep running, checking every --interval seconds"
        )
        parser.add_argument("--interval", type=float, default=15.0)
        parser.add_argument("--days", type=int, default=None, help="retention in days")

    def handle(self, *args, watch=False, interval=15.0, days=None, **options):
        while True:
            reaped = jobs.reap_stale()
            deleted, orphans = jobs.prune(days=days)
            if reaped or deleted or orphans or not watch:
                self.stdout.write(
                    f"stale jobs: {len(reaped)}, old jobs deleted: {deleted}, "
                    f"orphan files deleted: {orphans}"
                )
            if not watch:
                return
            time.sleep(interval)

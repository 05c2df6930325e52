"""Enqueue (or run with --now) the daily job that applies restructurings whose date has come."""

from django.core.management.base import BaseCommand

from dienhinh.orgs.tasks import apply_scheduled_restructuring


class Command(BaseCommand):
    help = (
        "Apply the renames, moves, merges and closures scheduled for today or earlier, as the "
        "operator's tool apply_restructuring (audited). Run it once a day; running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run here instead of enqueuing.")
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, now=False, date=None, **options):
        if now:
            result = apply_scheduled_restructuring.call(date)
            self.stdout.write(
                f"restructurings applied: {result['applied']}, refused: {result['refused']}"
            )
        else:
            job = apply_scheduled_restructuring.enqueue(date)
            self.stdout.write(f"restructuring job enqueued: {job.id}")

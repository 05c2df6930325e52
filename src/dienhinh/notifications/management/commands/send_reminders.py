"""Enqueue (or run with --now) the daily round of reminders and digests."""

from django.core.management.base import BaseCommand

from dienhinh.notifications.daily import run_daily


class Command(BaseCommand):
    help = (
        "Once a day: remind units behind their quota REMINDER_DAYS before the deadline, council "
        "members of a vote sitting soon, officers of a follow-up due; send the daily digests and "
        "the e-mails due for another attempt. The task workers send the mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run here instead of enqueuing.")
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, now=False, date=None, **options):
        if now:
            counts = run_daily.call(date)
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
        else:
            result = run_daily.enqueue(date)
            self.stdout.write(f"daily job enqueued: {result.id}")

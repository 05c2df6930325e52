"""Enqueue (or run with --now) the daily job that reminds units behind their quota."""

from django.core.management.base import BaseCommand

from dienhinh.registrations.tasks import send_daily_reminders


class Command(BaseCommand):
    help = (
        "Remind, by e-mail, the officers of units behind their quota REMINDER_DAYS days before the "
        "registration deadline. Run it once a day (cron); the worker sends the mail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run here instead of enqueuing.")
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, now=False, date=None, **options):
        if now:
            sent = send_daily_reminders.call(date)
            self.stdout.write(f"reminders sent: {sent}")
        else:
            result = send_daily_reminders.enqueue(date)
            self.stdout.write(f"reminder job enqueued: {result.id}")

"""Anonymise the candidates whose retention period is over (Law 91/2025/QH15); --dry-run lists
them and changes nothing."""

from django.core.management.base import BaseCommand

from dienhinh.core.actors import system
from dienhinh.registrations.domain import privacy


class Command(BaseCommand):
    help = (
        "Anonymise candidates never accepted whose every registration was returned or "
        "withdrawn more than RETENTION_UNACCEPTED_YEARS ago (a deletion record is kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list them, change nothing")
        parser.add_argument("--years", type=int, default=None, help="instead of the setting")

    def handle(self, *args, dry_run=False, years=None, **options):
        years = privacy.retention_years() if years is None else years
        due = list(privacy.expired(years=years))
        for candidate in due:
            self.stdout.write(
                f"{candidate.pk}\t{candidate.organisation.code}\t{candidate.program.number}\t"
                f"{candidate.created_at:%d/%m/%Y}"
            )
        if dry_run:
            self.stdout.write(f"{len(due)} candidate(s) past {years} years; nothing changed.")
            return
        erased = privacy.apply_retention(actor=system("apply_retention"), years=years)
        self.stdout.write(f"{len(erased)} candidate(s) anonymised.")

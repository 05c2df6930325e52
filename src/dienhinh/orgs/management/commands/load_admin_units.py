"""Load the official provinces, districts and communes (and the 2025 reform) into the tree."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from dienhinh.core.actors import system
from dienhinh.orgs import admin_units


def _provinces(value: str) -> set[str]:
    codes = {part.strip().zfill(2) for part in value.split(",") if part.strip()}
    if not codes or not all(code.isdigit() and len(code) == 2 for code in codes):
        raise ValueError(value)
    return codes


class Command(BaseCommand):
    help = (
        "Load the official administrative units in force on a date (today by default) into the "
        "organisation tree; from 01/07/2025 on, with the units before the reform as history and "
        "the reform's events. Running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--provinces",
            type=_provinces,
            help="official province codes of that date, comma-separated (e.g. 12,44); all if omitted",
        )
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help="the date whose units to load, YYYY-MM-DD (today if omitted)",
        )

    def handle(self, *args, provinces=None, as_of=None, **options):
        try:
            report = admin_units.load(
                actor=system("load_admin_units"), provinces=provinces, as_of=as_of
            )
        except admin_units.AdminUnitsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(report))

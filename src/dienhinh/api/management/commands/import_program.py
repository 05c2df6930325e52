"""Import a program export (export_program or GET /api/v1/programs/<code>/export/) into an
installation that does not hold its records yet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dienhinh.api.importer import ImportRefused, import_archive


class Command(BaseCommand):
    help = "Import a program's record from an export ZIP into an empty installation."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the ZIP file")

    def handle(self, archive, **options):
        try:
            counts = import_archive(Path(archive))
        except (ImportRefused, OSError) as exc:  # the message names the member and row
            raise CommandError(str(exc)) from exc
        for name, n in counts.items():
            self.stdout.write(f"{name}: {n}")

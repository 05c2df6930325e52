"""`backup --output DIR`: the database and the uploaded files, with a manifest of checksums."""

import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dienhinh.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup, or pg_dump) and the uploaded files into "
        "a new directory, with manifest.json holding each file's SHA-256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, required=True, help="a new or empty directory")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["output"], options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        except subprocess.CalledProcessError as error:
            raise CommandError(
                f"pg_dump failed: {error.stderr.decode(errors='replace')}"
            ) from error
        self.stdout.write(
            f"Backed up {manifest['engine']} and {len(manifest['files']) - 1} files "
            f"to {options['output']}"
        )

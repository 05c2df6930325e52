"""`restore DIR`: a backup, checked against its manifest, into an empty installation."""

import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dienhinh.core.backup import BackupError, restore
from dienhinh.core.integrity import verify_chain


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into this installation, which must be empty (no "
        "users, no uploaded files). Every file is checked against the manifest first, and the "
        "audit chain after."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["source"], options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        except subprocess.CalledProcessError as error:
            message = error.stderr.decode(errors="replace")
            raise CommandError(f"pg_restore failed: {message}") from error
        report = verify_chain()
        if report.broken is not None:
            raise CommandError(f"Restored, but the audit trail is broken at {report.broken}")
        head = manifest.get("audit_head") or {"seq": 0}
        if report.head_seq < head["seq"]:
            raise CommandError("Restored, but the audit trail is shorter than when backed up.")
        self.stdout.write(
            f"Restored {options['source']} (made {manifest['created_at']}); audit trail intact "
            f"up to seq={report.head_seq}."
        )

"""Export one program's whole record as a ZIP of JSON and CSV with a manifest (api.export)."""

import os
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dienhinh.api.export import write_archive
from dienhinh.core.actors import system
from dienhinh.programs.models import Program


class Command(BaseCommand):
    help = "Export a program's record (everything, or what --as USER may see) to a ZIP file."

    def add_arguments(self, parser):
        parser.add_argument("program", help="the program's code")
        parser.add_argument("--out", required=True, help="the ZIP file to write")
        parser.add_argument("--as", dest="username", help="export only what this user sees")

    def handle(self, program, out, username=None, **options):
        try:
            found = Program.objects.select_related("organisation").get(code=program)
        except Program.DoesNotExist as exc:
            raise CommandError(f"No program with the code {program}.") from exc
        actor = system("export_program")
        if username:
            actor = get_user_model().objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {username}.")
        # Written beside the target, member by member, and put in its place once complete.
        target = Path(out)
        fd, part = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as file:
                write_archive(found, actor, file)
            os.replace(part, target)
        except BaseException:
            Path(part).unlink(missing_ok=True)
            raise
        self.stdout.write(f"{out}: {target.stat().st_size} bytes")

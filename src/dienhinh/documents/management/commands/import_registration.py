"""Import a filled registration form (XLSX or DOCX) into a unit's draft registration."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core.actors import system
from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.documents.importing.service import import_file
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program


class Command(BaseCommand):
    help = "Import a filled form; exit 0 when imported (or valid with --dry-run), 2 otherwise."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--program", required=True)
        parser.add_argument("--org", required=True)
        parser.add_argument("--year", type=int)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--user",
            help="import as this user (their roles apply); without it the operator imports",
        )

    def handle(self, *args, **options):
        program = Program.objects.filter(code=options["program"]).first()
        org = Organisation.objects.filter(code=options["org"]).first()
        if program is None:
            raise CommandError(
                _("Unknown program “%(code)s”.") % {"code": options["program"]}, returncode=2
            )
        if org is None:
            raise CommandError(
                _("unknown organisation code %(code)s") % {"code": options["org"]}, returncode=2
            )
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}", returncode=2)
        actor = system("import_registration")
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(
                    _("Unknown user “%(name)s”.") % {"name": options["user"]}, returncode=2
                )
        try:
            report = import_file(
                path.read_bytes(),
                program=program,
                organisation=org,
                year=options["year"] or timezone.localdate().year,
                actor=actor,
                dry_run=options["dry_run"],
            )
        except (NotVisible, NotPermitted):
            raise CommandError(
                _("You may not import registrations of %(unit)s.") % {"unit": org.name},
                returncode=2,
            ) from None
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            self.stderr.write(report.summary())
            sys.exit(2)
        self.stdout.write(report.summary())

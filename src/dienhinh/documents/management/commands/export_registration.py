"""Export a unit's registration form (Biểu đăng ký) as DOCX, PDF or XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dienhinh.documents.exporters import EXPORTERS, get_exporter
from dienhinh.documents.forms.registration import build_registration_form
from dienhinh.documents.sources import registration_form_data
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program


class Command(BaseCommand):
    help = "Write the registration form of a unit for a program to a file."

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True)
        parser.add_argument("--org", required=True)
        parser.add_argument("--year", type=int)
        parser.add_argument("--format", required=True, choices=sorted(EXPORTERS))
        parser.add_argument("--output", required=True)

    def handle(self, *args, **options):
        program = Program.objects.filter(code=options["program"]).first()
        org = Organisation.objects.filter(code=options["org"]).first()
        if program is None:
            raise CommandError(f"Unknown program {options['program']}")
        if org is None:
            raise CommandError(f"Unknown organisation {options['org']}")
        doc = build_registration_form(registration_form_data(program, org, options["year"]))
        Path(options["output"]).write_bytes(get_exporter(options["format"]).render(doc))
        self.stdout.write(options["output"])

"""Export a unit's registration form (Biểu đăng ký) as DOCX, PDF or XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienhinh.documents.exporters import EXPORTERS, get_exporter
from dienhinh.documents.forms.registration import build_registration_form
from dienhinh.documents.signing.service import SigningError, sign_document
from dienhinh.documents.sources import registration_form_data
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program


class Command(BaseCommand):
    help = "Write the registration form of a unit for a program to a file; exit 2 on bad input."

    def add_arguments(self, parser):
        parser.add_argument("--program", required=True)
        parser.add_argument("--org", required=True)
        parser.add_argument("--year", type=int)
        parser.add_argument("--format", required=True, choices=sorted(EXPORTERS))
        parser.add_argument("--output", required=True)
        parser.add_argument(
            "--sign",
            action="store_true",
            help="PDF only: sign with the key of the unit (its head's demo key, or the configured one)",
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
        if options["sign"] and options["format"] != "pdf":
            raise CommandError(_("Only a PDF can be signed."), returncode=2)
        output = Path(options["output"])
        # Checked before rendering: a PDF of a large form takes a while to throw away.
        if not output.parent.is_dir():
            raise CommandError(
                _("The folder “%(folder)s” does not exist; create it or choose another output.")
                % {"folder": output.parent},
                returncode=2,
            )
        doc = build_registration_form(registration_form_data(program, org, options["year"]))
        if options["sign"]:
            try:
                data = sign_document(doc, org, inherit=False, reason=doc.title)
            except SigningError as exc:
                raise CommandError(str(exc), returncode=2) from None
        else:
            data = get_exporter(options["format"]).render(doc)
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise CommandError(
                _("Cannot write “%(path)s”: %(reason)s") % {"path": output, "reason": exc.strerror},
                returncode=2,
            ) from None
        self.stdout.write(str(output))

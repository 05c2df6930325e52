"""Validate the signatures of a PDF file and print the verdict as JSON; exit 0 when the file is
signed, intact and trusted, 2 otherwise (with the reason on stderr)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dienhinh.documents.signing.verify import verify_pdf


class Command(BaseCommand):
    help = "Validate a signed PDF: JSON on stdout; exit 0 if intact and trusted, 2 otherwise."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.stderr.write(
                _("Cannot read “%(path)s”: %(reason)s") % {"path": path, "reason": exc.strerror}
            )
            sys.exit(2)
        verdict = verify_pdf(data)
        out = {k: v for k, v in verdict.as_dict().items()}
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
        if not verdict.ok:
            self.stderr.write("; ".join(verdict.problem_texts()))
            sys.exit(2)

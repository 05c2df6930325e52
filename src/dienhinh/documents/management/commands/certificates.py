"""Write every certificate of a decision (its honours in force) as one PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienhinh.documents.certificates import decision_honours, render_certificates
from dienhinh.honours.models import Decision


class Command(BaseCommand):
    help = "Write all certificates of a decision to one PDF; exit 2 on bad input."

    def add_arguments(self, parser):
        parser.add_argument("--decision", required=True, type=int, help="the decision's id")
        parser.add_argument("--output", required=True)
        parser.add_argument(
            "--blank", action="store_true", help="only the variable text, for pre-printed blanks"
        )

    def handle(self, *args, **options):
        decision = Decision.objects.filter(pk=options["decision"]).first()
        if decision is None:
            raise CommandError(
                _("No decision has the id %(id)s.") % {"id": options["decision"]}, returncode=2
            )
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(
                _("The folder “%(folder)s” does not exist; create it or choose another output.")
                % {"folder": output.parent},
                returncode=2,
            )
        honours = list(decision_honours(decision.pk))
        if not honours:
            raise CommandError(
                _("Decision %(number)s has no honour in force.") % {"number": decision.number},
                returncode=2,
            )
        data = render_certificates(honours, blank=options["blank"])
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise CommandError(
                _("Cannot write “%(path)s”: %(reason)s") % {"path": output, "reason": exc.strerror},
                returncode=2,
            ) from None
        self.stdout.write(f"{output} ({len(honours)})")

"""Check one subject, described in a JSON file, against a program; print the verdict as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from dienhinh.programs.eligibility.engine import UnknownField, evaluate
from dienhinh.programs.eligibility.inputs import FactsError, facts_from_file
from dienhinh.programs.models import Program


class Command(BaseCommand):
    help = (
        "Check one subject against a program: python manage.py eligibility --program CODE "
        'FILE.json [--lang en]. Prints {"verdict": pass|fail|incomplete, "criteria": '
        '[{"code", "status", "reason"}]} and exits 0; a bad file, an unknown program or an '
        "unknown field exits 2. Example inputs: src/dienhinh/programs/examples/*.json "
        "(e.g. --program lai-chau-2533 src/dienhinh/programs/examples/individual-pass.json)."
    )

    # A read-only tool for one file: it needs the database, not the whole site's checks.
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file describing one subject.")
        parser.add_argument("--program", required=True, help="Program code, e.g. lai-chau-2533.")
        parser.add_argument(
            "--lang",
            default="vi",
            choices=["vi", "en"],
            help="Language of the reasons and messages (default: vi).",
        )

    def handle(self, *args, file, program, lang, **options):
        # Commands start with translations deactivated (English msgids): Vietnamese unless asked.
        previous = translation.get_language()
        translation.activate(lang)
        try:
            self.stdout.write(_verdict_json(file, program))
        finally:  # call_command in a longer process must not change its language
            if previous:
                translation.activate(previous)
            else:
                translation.deactivate()


def _verdict_json(file, program) -> str:
    """The verdict as JSON text, in the active language; bad input raises CommandError."""
    try:
        facts = facts_from_file(file)
    except FactsError as exc:
        raise CommandError(_one_line(str(exc)), returncode=2) from None
    found = Program.objects.filter(code=program).first()
    if found is None:
        raise CommandError(_("Unknown program “%(code)s”.") % {"code": program}, returncode=2)
    try:
        evaluation = evaluate(found, facts)
    except UnknownField as exc:
        raise CommandError(str(exc), returncode=2) from None
    return json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2)


def _one_line(text: str) -> str:
    return " ".join(text.split())

"""Load the program data files (data/*.json) into the database; programs already there stay."""

from django.core.management.base import BaseCommand, CommandError

from dienhinh.programs.domain.loading import DATA_DIR, ProgramFileError, load_all, load_program_file


class Command(BaseCommand):
    help = (
        "Load the program data files (default: every data/*.json of the programs app) in one "
        "transaction. A program whose code is already in the database is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", help="Program files to load instead of data/*.json."
        )

    def handle(self, *args, files, **options):
        try:
            results = [load_program_file(p) for p in files] if files else load_all(DATA_DIR)
        except ProgramFileError as exc:
            raise CommandError(str(exc), returncode=2) from None
        created = sum(1 for _program, new in results if new)
        for program, new in results:
            state = "new" if new else "kept"
            self.stdout.write(f"{program.code}: {state}")
        self.stdout.write(f"programs: {created} new, {len(results) - created} already loaded")

"""Create the demo CA and a demo signing key for each demo unit head and program issuer, under
SIGNING["KEYS_DIR"] (var/keys). Running it again creates only what is missing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dienhinh.documents.signing.demo import make_demo_keys
from dienhinh.documents.signing.keys import config, keys_dir
from dienhinh.documents.signing.service import demo_signers


class Command(BaseCommand):
    help = "Create the demo CA and demo signing certificates under var/keys (idempotent)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo keys are not made in production.", returncode=2)
        folder = Path(keys_dir())
        written = make_demo_keys(folder, demo_signers(), config()["P12_PASSPHRASE"])
        for path in written:
            self.stdout.write(str(path))
        if options["verbosity"] > 1 or written:
            self.stdout.write(f"{len(written)} new key(s) in {folder}")

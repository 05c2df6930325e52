"""`verify_audit`: walk the audit trail's hash chain; exit 2 naming the first broken entry."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dienhinh.core.integrity import signature_valid, verify_chain


class Command(BaseCommand):
    help = (
        "Check that no audit entry was changed, deleted or inserted outside the product. "
        "Exits 0 when the chain is intact, 2 when it is broken (the first broken entry is named)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchors",
            type=Path,
            help="a file written by `audit_anchor --export` (one JSON anchor a line) to check too",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = []
        if options["anchors"]:
            for number, line in enumerate(options["anchors"].read_text().splitlines(), 1):
                if not line.strip():
                    continue
                anchor = json.loads(line)
                if not signature_valid(anchor):
                    raise CommandError(f"{options['anchors']}:{number}: the signature is wrong")
                anchors.append(anchor)
        report = verify_chain(anchors)
        if report.broken is not None:
            self.stderr.write(f"Audit trail BROKEN at {report.broken}")
            sys.exit(2)
        self.stdout.write(
            f"Audit trail intact: {report.entries} entries, head seq={report.head_seq} "
            f"hash={report.head_hash}"
        )

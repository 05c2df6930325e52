"""`audit_anchor`: write today's anchor (the chain's head hash) to the database and the log."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dienhinh.core.integrity import anchor_payload, write_anchor
from dienhinh.core.models import AuditAnchor


class Command(BaseCommand):
    help = (
        "Write today's audit anchor (run it once a day); with --export, print every anchor "
        "as signed JSON lines to keep outside the server (`verify_audit --anchors FILE`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--export", action="store_true", help="print all anchors, signed")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["export"]:
            for anchor in AuditAnchor.objects.order_by("day"):
                self.stdout.write(json.dumps(anchor_payload(anchor), sort_keys=True))
            return
        anchor = write_anchor()
        self.stdout.write(f"{anchor.day.isoformat()} seq={anchor.seq} hash={anchor.hash}")

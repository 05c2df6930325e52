"""`reseal_secrets`: seal every sealed secret again with the first of FIELD_ENCRYPTION_KEYS."""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from dienhinh.core import audit
from dienhinh.core.sealing import SealedTextField


class Command(BaseCommand):
    help = (
        "Seal the secrets kept sealed in the database (second-factor keys, webhook secrets) "
        "again with the first key of FIELD_ENCRYPTION_KEYS, after a new key was put in front; "
        "the old key may then be removed."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        counts: dict[str, int] = {}
        for model in apps.get_models():
            fields = [f.name for f in model._meta.fields if isinstance(f, SealedTextField)]
            if not fields:
                continue
            rows = list(model._default_manager.only("pk", *fields))
            # Read opened with any key, written sealed with the first.
            model._default_manager.bulk_update(rows, fields, batch_size=500)
            counts[model._meta.label] = len(rows)
        audit.record("secrets.reseal", after={"rows": counts})
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")

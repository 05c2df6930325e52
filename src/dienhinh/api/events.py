"""Connects the audit trail to the webhooks: each audit entry written may emit events."""

from django.db.models.signals import post_save

from dienhinh.core.models import AuditEntry


def _audited(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from dienhinh.api.domain import webhooks

        webhooks.emit_for(instance)


def connect() -> None:
    post_save.connect(_audited, sender=AuditEntry, dispatch_uid="api-webhook-events")

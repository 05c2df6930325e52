"""Keep the SQLite search table in step when a story is deleted."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from dienhinh.portal import search
from dienhinh.portal.models import Story


@receiver(post_delete, sender=Story)
def _unindex(sender, instance, **kwargs):
    search.unindex(instance.pk)

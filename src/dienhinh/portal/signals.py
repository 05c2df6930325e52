"""Keep what a story copies in step: the SQLite search table, the candidate's name and type."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dienhinh.portal import search
from dienhinh.portal.models import Story
from dienhinh.registrations.models import Candidate


@receiver(post_delete, sender=Story)
def _unindex(sender, instance, **kwargs):
    search.unindex(instance.pk)


@receiver(post_save, sender=Candidate, dispatch_uid="portal-candidate-changed")
def _candidate_changed(sender, instance, raw=False, **kwargs):
    """A story copies its candidate's name (search) and subject type (filter): save it again."""
    if raw:
        return
    stories = Story.objects.filter(exemplar__candidate=instance).select_related(
        "exemplar", "exemplar__organisation"
    )
    for story in stories:
        copied = (story.search_head, story.search_text, story.subject_type)
        story.exemplar.candidate = instance
        story.refresh_derived()
        if (story.search_head, story.search_text, story.subject_type) != copied:
            story.save()

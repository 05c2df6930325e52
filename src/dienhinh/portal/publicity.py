"""Changing publicity: a story saved, published or withdrawn, a media appearance recorded.

Each function checks the actor (`portal.permissions.may_publicise_exemplar`), runs in one
transaction and writes the audit entry.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core import audit, events
from dienhinh.core.errors import require
from dienhinh.honours.domain import lifecycle
from dienhinh.portal import permissions
from dienhinh.portal.content import fit_photo
from dienhinh.portal.models import MediaAppearance, Story
from dienhinh.registrations.enums import ExemplarState

STORY_FIELDS = ["title", "summary"]


def _check(actor, exemplar) -> None:
    require(
        permissions.may_publicise_exemplar(actor, exemplar),
        visible=permissions.may_read_exemplar(actor, exemplar),
        message=_("You may not publicise this exemplar."),
    )


@transaction.atomic
def save_story(story: Story, *, actor) -> Story:
    """Save the story (new or edited, its fields already set). Audited as "story.save"."""
    _check(actor, story.exemplar)
    before = None
    if story.pk:
        stored = Story.objects.filter(pk=story.pk).first()
        before = audit.snapshot(stored, STORY_FIELDS) if stored else None
    if story.photo and not getattr(story.photo, "_committed", True):  # new: cut to size
        story.photo = fit_photo(story.photo)
    story.updated_by = actor
    story.save()
    audit.record(
        "story.save",
        story,
        actor=actor,
        before=before,
        after=audit.snapshot(story, STORY_FIELDS),
    )
    return story


@transaction.atomic
def publish_story(story: Story, *, actor) -> Story:
    """Put the story on the portal; the exemplar moves to "published" when the lifecycle allows
    it (a lifecycle error leaves everything as it was)."""
    exemplar = story.exemplar
    _check(actor, exemplar)
    if exemplar.state != ExemplarState.PUBLISHED:
        lifecycle.transition(exemplar, "publish", actor=actor)
    story.is_published = True
    story.published_at = story.published_at or timezone.now()
    story.updated_by = actor
    story.save()
    audit.record("story.publish", story, actor=actor)
    events.emit("story.published", story=story.pk)
    return story


@transaction.atomic
def unpublish_story(story: Story, *, actor) -> Story:
    """Take the story off the portal. Audited as "story.unpublish"."""
    _check(actor, story.exemplar)
    if story.is_published:
        story.is_published = False
        story.updated_by = actor
        story.save()
        audit.record("story.unpublish", story, actor=actor)
    return story


@transaction.atomic
def record_appearance(appearance: MediaAppearance, *, actor) -> MediaAppearance:
    """Record a media appearance of the exemplar (its fields already set)."""
    _check(actor, appearance.exemplar)
    appearance.recorded_by = actor
    appearance.save()
    audit.record("media_appearance.create", appearance, actor=actor)
    return appearance

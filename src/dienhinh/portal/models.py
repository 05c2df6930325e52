"""Publicity of an exemplar: its public story and the record of its media appearances."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from dienhinh.core.text import nfc
from dienhinh.portal import search
from dienhinh.portal.content import sanitise, validate_photo
from dienhinh.portal.enums import Channel
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar

# Exemplars whose story the public never sees, published or not.
PUBLIC_STATES_EXCLUDED = (ExemplarState.WITHDRAWN, ExemplarState.REJECTED)


def _photo_path(instance, filename: str) -> str:
    # A random name: nothing of the uploader's file name reaches the file system or the URL.
    return str(PurePosixPath("stories", timezone.now().strftime("%Y"), uuid.uuid4().hex))


class StoryQuerySet(models.QuerySet):
    def public(self):
        """Stories the public may read (see portal.queries.public_stories for the full rule)."""
        # NOT IN the few excluded exemplars (read through their partial index), not a join
        # with every exemplar: the capped count of a search with filters hashed all 100,000.
        hidden = Exemplar.objects.filter(state__in=PUBLIC_STATES_EXCLUDED).values("pk")
        return self.filter(is_published=True).exclude(exemplar_id__in=hidden)


class Story(models.Model):
    """The exemplar's public story (gương người tốt, việc tốt), written by the standing agency."""

    exemplar = models.OneToOneField(
        "registrations.Exemplar",
        verbose_name=_("exemplar"),
        on_delete=models.CASCADE,
        related_name="story",
    )
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = models.TextField(_("story"), blank=True)
    photo = models.FileField(
        _("photo"), upload_to=_photo_path, max_length=200, blank=True, validators=[validate_photo]
    )
    photo_alt = models.CharField(_("photo description"), max_length=255, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Folded words for search (portal.search): the head (name, organisation, title, summary)
    # ranks first; the text is all of it.
    search_head = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    # Copies of the exemplar's year and the candidate's subject type, the public list's most
    # used filters: on the story, PostgreSQL combines their index with the text index instead
    # of testing the text of every story of that year and type. Kept by refresh_derived (on
    # save) and by portal.signals when a candidate changes; an exemplar's year never changes.
    year = models.PositiveIntegerField(null=True, editable=False)
    subject_type = models.CharField(max_length=20, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-id"]
        # (published_at, id) in index order, read backwards: the newest published stories
        # without a sort, and a search or a filtered list stops after its page of rows.
        indexes = [
            models.Index(
                fields=["published_at", "id"],
                name="portal_story_published_idx",
                condition=models.Q(is_published=True),
            ),
            models.Index(
                fields=["subject_type", "year"],
                name="portal_story_type_year_idx",
                condition=models.Q(is_published=True),
            ),
            models.Index(
                fields=["year"], name="portal_story_year_idx", condition=models.Q(is_published=True)
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)
        search.index(self)

    def audit_scope_path(self) -> str:
        return self.exemplar.organisation.path

    def refresh_derived(self) -> None:
        """NFC text, the sanitised body and the folded search texts."""
        self.title = nfc(self.title)
        self.summary = (self.summary or "").strip()
        self.body = sanitise(self.body)
        candidate = self.exemplar.candidate
        self.year = self.exemplar.year
        self.subject_type = candidate.subject_type
        field = candidate.field.name if candidate.field else ""
        head = [candidate.name, self.exemplar.organisation.name, self.title, self.summary]
        self.search_head = search.document(*head)
        self.search_text = search.document(*head, strip_tags(self.body), field)


class MediaAppearance(models.Model):
    """One time the exemplar was presented in the media (website, press, radio-TV, ...)."""

    exemplar = models.ForeignKey(
        "registrations.Exemplar",
        verbose_name=_("exemplar"),
        on_delete=models.CASCADE,
        related_name="media_appearances",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    link = models.URLField(_("link"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("media appearance")
        verbose_name_plural = _("media appearances")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["channel", "date"])]

    def __str__(self):
        return self.title

    def audit_scope_path(self) -> str:
        return self.exemplar.organisation.path

"""Organisations as a tree (materialised path), their restructuring history, and memberships."""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienhinh.core.text import search_words
from dienhinh.orgs.enums import EventKind, EventStatus, OrgKind, OrgStatus, Role, Share


class Organisation(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrgKind.choices)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    head_name = models.CharField(_("head"), max_length=120, blank=True)
    head_title = models.CharField(_("head's position"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/12/40/57/": ids from the root down; "this unit and everything under it" is one
    # indexed prefix query.
    path = models.CharField(max_length=500, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # For a standing agency (Sở Nội vụ, Văn phòng Sở): the organisation whose whole subtree
    # it serves. Its officers see that subtree.
    standing_for = models.ForeignKey(
        "self",
        verbose_name=_("standing agency for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standing_agencies",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OrgStatus.choices, default=OrgStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    # An administrative unit's code in the official list of the statistics office (mã đơn vị
    # hành chính: 2 digits for a province, 3 for a district, 5 for a commune), its official type
    # (Tỉnh, Huyện, Thị trấn, Đặc khu...) and the date of the list it first appears in. Codes are
    # reused across lists (Quảng Bình's 44 went to the new Tỉnh Quảng Trị), hence the date.
    official_code = models.CharField(_("official code"), max_length=5, blank=True, db_index=True)
    official_type = models.CharField(_("official type"), max_length=40, blank=True)
    listed_on = models.DateField(_("in the official list of"), null=True, blank=True)
    search_text = models.CharField(max_length=600, blank=True, editable=False, db_index=True)
    # The paths of the units it was formed from (succession links followed back, whole or
    # partial), one per line: their records are read by its people (`orgs.queries.inherited_roots`)
    # without a query per request. Kept by `orgs.succession.refresh_predecessor_paths`.
    predecessor_paths = models.TextField(blank=True, editable=False)
    # Roles (`Role` values) whose holders here and in the subtree must sign in with a second
    # factor (`orgs.twofactor`); set by the administrators covering the organisation.
    two_factor_roles = models.JSONField(
        _("roles that sign in with a second factor"), default=list, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        # The top of the tree (the provinces and the central bodies, in the portal's filter):
        # a few dozen rows among the country's 34,000 units.
        indexes = [models.Index(fields=["depth", "name"], name="org_depth_name_idx")]

    def __str__(self):
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = organisation_search_text(self)
        super().save(*args, **kwargs)
        parent = self.parent if self.parent_id else None
        path = f"{parent.path if parent is not None else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            self.depth = path.count("/") - 2
            type(self).objects.filter(pk=self.pk).update(path=path, depth=self.depth)

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    def audit_scope_path(self) -> str:
        return self.path

    def subtree(self):
        return Organisation.objects.filter(path__startswith=self.path)

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        return Organisation.objects.filter(pk__in=ids).order_by("depth")

    def indented_name(self, top_depth: int = 0) -> str:
        """The name with "— " per level below `top_depth`, for choices listed in tree order."""
        return "— " * max(self.depth - top_depth, 0) + self.name

    def name_on(self, day: datetime.date | None) -> str:
        """The organisation's name as it was on `day` (renames keep the old name in history)."""
        if day is None:
            return self.name
        if isinstance(day, datetime.datetime):
            day = day.date()
        later = (
            self.events.filter(
                kind=EventKind.RENAME, effective_on__gt=day, status=EventStatus.APPLIED
            )
            .order_by("effective_on", "id")
            .first()
        )
        return later.old_name if later else self.name

    def parent_on(self, day: datetime.date) -> "Organisation | None":
        """The organisation it stood under on `day` (moves keep the old parent in history)."""
        later = (
            self.events.filter(
                kind=EventKind.MOVE, effective_on__gt=day, status=EventStatus.APPLIED
            )
            .select_related("old_parent")
            .order_by("effective_on", "id")
            .first()
        )
        return later.old_parent if later else self.parent


def organisation_search_text(org) -> str:
    """What searches for an organisation compare: code, name and short name as folded words."""
    return search_words(f"{org.code} {org.name} {org.short_name}")


class OrganisationEvent(models.Model):
    """A restructuring event: creation, rename, move, merge or closure, with its date."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("event"), max_length=10, choices=EventKind.choices)
    effective_on = models.DateField(_("effective on"))
    old_name = models.CharField(_("old name"), max_length=255, blank=True)
    new_name = models.CharField(_("new name"), max_length=255, blank=True)
    old_parent = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(
        Organisation,
        verbose_name=_("target"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A change dated in the future waits, scheduled, until the daily task applies it on its
    # date (`orgs.scheduling`); it may be cancelled, with a reason, before then.
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.APPLIED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    # Restructuring re-points records to the surviving organisation, but history stays put.
    keeps_original_organisation = True

    class Meta:
        verbose_name = _("restructuring event")
        verbose_name_plural = _("restructuring events")
        ordering = ["effective_on", "id"]

    def __str__(self):
        return f"{self.organisation.code} {self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class Succession(models.Model):
    """One link of a restructuring: part or all of `predecessor` went to `successor`.

    A merger of communes gives one link per old commune; an old commune split between several
    new ones gives several partial links. The records of an ended unit follow the one successor
    it names in `Organisation.merged_into`; the links say where its territory went.
    """

    predecessor = models.ForeignKey(
        Organisation,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        Organisation,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="predecessor_links",
    )
    effective_on = models.DateField(_("effective on"))
    share = models.CharField(_("share"), max_length=10, choices=Share.choices)
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    # Set when an administrator corrected the link (the reason is in the audit trail).
    corrected = models.BooleanField(_("corrected"), default=False)

    keeps_original_organisation = True

    class Meta:
        verbose_name = _("succession link")
        verbose_name_plural = _("succession links")
        ordering = ["effective_on", "successor__name", "predecessor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unique_succession_link"
            )
        ]

    def __str__(self):
        return f"{self.predecessor.name} → {self.successor.name} ({self.get_share_display()})"

    def audit_scope_path(self) -> str:
        return self.successor.path


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> "MembershipQuerySet":
        return self.filter(active=True)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    title = models.CharField(_("position"), max_length=120, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(active=True),
                name="unique_active_membership",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organisation.code}"

    def audit_scope_path(self) -> str:
        return self.organisation.path


class Invitation(models.Model):
    """An administrator's invitation of a new user by e-mail, with the role they will hold
    (`orgs.invitations`). The link's token is never stored: it is derived from the secret key
    and `nonce` when the e-mail is written, and found again by its hash. Usable once, until
    `expires_at`, unless revoked."""

    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    title = models.CharField(_("position"), max_length=120, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    nonce = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    send_error = models.CharField(_("sending error"), max_length=500, blank=True)
    # Tries of the current link's e-mail; a failure is tried again after a growing pause
    # (core.mailretry) until the last try, then shown to the administrator to send again.
    send_attempts = models.PositiveSmallIntegerField(_("sending attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()} · {self.organisation.code}"

    def audit_scope_path(self) -> str:
        return self.organisation.path

    def state(self, now: datetime.datetime) -> str:
        """ "accepted", "revoked", "expired" or "pending"."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "pending"

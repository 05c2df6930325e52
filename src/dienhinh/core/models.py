"""Users (Vietnamese name order) and the audit trail: one row per change, kept forever, chained
by hashes so that a row changed, deleted or inserted outside the product is detected."""

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core.sealing import SealedTextField
from dienhinh.core.text import name_sort_key, search_words


class User(AbstractUser):
    """A person who signs in. `last_name` holds family and middle names, `first_name` the given name."""

    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    # The user name and full name as folded words (core.text.search_words): the users list is
    # searched with or without diacritics ("nguyen thi" finds "Nguyễn Thị Hằng").
    search_text = models.CharField(max_length=500, blank=True, editable=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The language of the e-mails the user receives (the switch in the header sets it too).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Kept with each notification written or read (dienhinh.notifications), so that the header
    # shows the count with the user it already loads, at no query.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)
    # Not a column: the organisation (orgs.Organisation) that this instance acts within when it
    # stands for a delegated credential, an API application token (`api.domain.tokens.acting_as`);
    # the scoping predicates (`orgs.queries.reach_of`) then hold it to that organisation's
    # subtree, superuser or not. None: the person acts in person, with their own roles.
    acting_reach: Any = None
    # Set when an administrator chose the password (a new user) or reset it: the user must
    # choose their own at next sign-in before anything else (core.middleware).
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        # The stubs type AbstractUser.Meta's names as str; Django takes lazy text here.
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]

    def get_full_name(self) -> str:
        # Vietnamese order: family, middle, given ("Nguyễn Thị Hằng").
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_sort_key(self.get_full_name() or self.username)
        self.search_text = search_words(f"{self.username} {self.get_full_name()}")
        fields = kwargs.get("update_fields")
        if fields is not None and {"username", "first_name", "last_name"} & set(fields):
            kwargs["update_fields"] = {*fields, "name_key", "search_text"}
        super().save(*args, **kwargs)


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def delete(self) -> NoReturn:  # the trail is kept forever
        raise PermissionError("Audit entries are never deleted.")

    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        return self.filter(
            object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Position in the hash chain (1, 2, 3…): `verify_audit` walks the entries in this order.
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # A user who acted is deactivated, never deleted: the trail names them for ever.
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too, so the trail names the actor exactly as they were called then.
    actor_name = models.CharField(_("actor name"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    # Materialised path of the organisation the change belongs to: scopes who may read it.
    scope_path = models.CharField(_("scope"), max_length=500, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"), blank=True)
    # SHA-256 of the previous entry's hash and this entry's content (core.audit.entry_hash).
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            raise PermissionError("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit entries are never deleted.")

    @property
    def actor_display(self) -> str:
        """Who made the change, for pages: the person, or "System" (an import, a command)."""
        return self.actor_name if self.actor_id else str(_("System"))


class AuditChainHead(models.Model):
    """The one row (pk 1) that holds the chain's last position and hash.

    Every audit entry locks this row (SELECT … FOR UPDATE) to take the next position, so
    parallel transactions queue one after the other instead of forking the chain.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash}"


class AuditAnchor(models.Model):
    """The chain's head hash written down once a day, to be exported and kept elsewhere."""

    day = models.DateField(_("day"), unique=True)
    seq = models.PositiveBigIntegerField(_("sequence"))
    hash = models.CharField(_("hash"), max_length=64)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit anchor")
        verbose_name_plural = _("audit anchors")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} #{self.seq} {self.hash}"


class LoginCounter(models.Model):
    """Recent sign-in attempts for one (user name, address) pair or one address.

    `key` is a hash, so made-up user names are not stored. Counted with atomic UPDATEs before
    the password is checked: parallel guesses cannot get more checks than the limit.
    """

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_started = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key[:12]} {self.count}"


class TwoFactor(models.Model):
    """A user's authenticator (TOTP, `core.totp`): pending until a first code confirms it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor"
    )
    # Base32; it must be readable to check codes, like the authenticator app holds it: sealed at
    # rest with keys kept outside the database (core.sealing).
    secret = SealedTextField()
    enabled_at = models.DateTimeField(_("enabled at"), null=True, blank=True)
    # The last 30-second step whose code was accepted: a code is never accepted twice.
    last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("second factor")
        verbose_name_plural = _("second factors")

    def __str__(self) -> str:
        return f"{self.user} {'on' if self.enabled_at else 'pending'}"

    @property
    def enabled(self) -> bool:
        return self.enabled_at is not None


class RecoveryCode(models.Model):
    """A one-time code for when the authenticator is lost; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} {'used' if self.used_at else 'unused'}"

"""Access tokens of the API: a person's own, or an organisation's for another system."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core.sealing import SealedTextField
from dienhinh.orgs.models import Organisation


class TokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personal")
    APPLICATION = "application", _("Application (another system)")


class TokenScope(models.TextChoices):
    READ = "read", _("Read")
    READ_WRITE = "read_write", _("Read and write")


class ApiToken(models.Model):
    """A bearer token. Only a SHA-256 of the secret is kept; the secret is shown once.

    A personal token acts as its owner. An application token belongs to an organisation (a
    provincial data-sharing platform reads through it): it acts as the administrator who issued
    it, narrowed to that organisation's subtree, and stops working when the issuer no longer
    administers it.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=TokenKind.choices)
    name = models.CharField(_("name"), max_length=120)
    scope = models.CharField(
        _("scope"), max_length=12, choices=TokenScope.choices, default=TokenScope.READ
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner or issuer"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def audit_scope_path(self) -> str:
        return self.organisation.path if self.organisation is not None else ""

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE


class WebhookEvent(models.TextChoices):
    REGISTRATION_SUBMITTED = "registration.submitted", _("Registration submitted")
    ENTRY_ACCEPTED = "entry.accepted", _("Entry accepted")
    ENTRY_RETURNED = "entry.returned", _("Entry returned")
    EXEMPLAR_SELECTED = "exemplar.selected", _("Exemplar selected")
    EXEMPLAR_COMMENDED = "exemplar.commended", _("Exemplar commended")
    HONOUR_REVOKED = "honour.revoked", _("Honour revoked")
    STORY_PUBLISHED = "story.published", _("Story published")


class WebhookSubscription(models.Model):
    """Another system's address that receives an organisation's events (its subtree's)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="webhooks",
    )
    url = models.URLField(_("address (URL)"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # The shared secret of the signature (HMAC-SHA256): the receiver holds the same. Sealed at
    # rest with keys kept outside the database (core.sealing).
    secret = SealedTextField(_("secret"))
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["organisation__path", "id"]

    def __str__(self) -> str:
        return self.url

    def audit_scope_path(self) -> str:
        return self.organisation.path


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event sent (or to send) to one subscription, with what the receiver answered."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subscription", "created_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription.url}"

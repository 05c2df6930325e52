"""Access tokens of the API: a person's own, or an organisation's for another system."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "dienhinh.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # Connects the receivers; here because signals imports models (app registry ready).
        from dienhinh.portal import signals  # noqa: F401

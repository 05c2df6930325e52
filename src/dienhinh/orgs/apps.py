from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "dienhinh.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from dienhinh.orgs import twofactor  # noqa: F401  (connects the sign-in signal)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "dienhinh.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from dienhinh.notifications import handlers

        handlers.connect()

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "dienhinh.registrations"
    label = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from dienhinh.registrations.domain.quotas import data_changed
        from dienhinh.registrations.models import Candidate, Entry, Registration

        # The quota dashboard's cached counts (bulk writes call data_changed themselves).
        for model in (Candidate, Registration, Entry):
            uid = f"quotas-{model.__name__}"
            post_save.connect(data_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"{uid}-delete")

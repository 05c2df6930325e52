from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "dienhinh.registrations"
    label = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        # Here, not at the top: models can be imported only once the app registry is ready.
        from dienhinh.orgs.models import Organisation, OrganisationEvent
        from dienhinh.registrations.domain.cache import data_changed
        from dienhinh.registrations.models import Candidate, Entry, Registration

        # The quota dashboard's cached counts and unit table (bulk writes call data_changed
        # themselves; every rename, move, merge or closure of a unit records an event).
        for model in (Candidate, Registration, Entry, Organisation, OrganisationEvent):
            uid = f"quotas-{model.__name__}"
            post_save.connect(data_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"{uid}-delete")

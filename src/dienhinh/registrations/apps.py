from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "dienhinh.registrations"
    label = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        # Here, not at the top: models can be imported only once the app registry is ready.
        from dienhinh.orgs.models import Organisation, OrganisationEvent
        from dienhinh.registrations.domain import quota_counts
        from dienhinh.registrations.domain.cache import data_changed, tree_changed
        from dienhinh.registrations.models import Candidate, Entry, Exemplar, Registration

        # The quota dashboard's cached counts and unit table (bulk writes call data_changed
        # themselves; every rename, move, merge or closure of a unit records an event).
        for model, receiver in (
            (Candidate, data_changed),
            (Registration, data_changed),
            (Entry, data_changed),
            (Organisation, tree_changed),
            (OrganisationEvent, tree_changed),
        ):
            uid = f"quotas-{model.__name__}"
            post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete")
        # The quota counts, recounted in the same transaction (domain.quota_counts).
        post_save.connect(quota_counts.entry_saved, sender=Entry, dispatch_uid="counts-entry")
        post_delete.connect(quota_counts.entry_deleted, sender=Entry, dispatch_uid="counts-entry")
        post_save.connect(
            quota_counts.registration_saved, sender=Registration, dispatch_uid="counts-reg"
        )
        post_delete.connect(
            quota_counts.registration_deleted, sender=Registration, dispatch_uid="counts-reg"
        )
        pre_save.connect(
            quota_counts.candidate_saving, sender=Candidate, dispatch_uid="counts-candidate"
        )
        post_save.connect(
            quota_counts.candidate_saved, sender=Candidate, dispatch_uid="counts-candidate"
        )
        post_delete.connect(
            quota_counts.candidate_deleted, sender=Candidate, dispatch_uid="counts-candidate"
        )
        post_save.connect(
            quota_counts.exemplar_changed, sender=Exemplar, dispatch_uid="counts-exemplar"
        )
        post_delete.connect(
            quota_counts.exemplar_changed, sender=Exemplar, dispatch_uid="counts-exemplar"
        )

    def warm(self) -> None:
        """Before a server serves (`core.warmup`): the quota boards of the active programs."""
        from dienhinh.registrations.domain import quotas

        quotas.warm_boards()

    def rehearsal_paths(self, user) -> list[str]:
        """The pages a worker answers once before it serves (`core.rehearsal`), for `user`: the
        quota dashboard, the candidate list and the registrations list of its first program."""
        from urllib.parse import urlencode

        from django.urls import reverse

        from dienhinh.registrations.views.common import programs_for

        programs = programs_for(user)
        if not programs:
            return []
        query = "?" + urlencode({"program": programs[0].code})
        return [
            reverse(f"registrations:{name}") + query
            for name in ("dashboard", "candidate_list", "registration_list")
        ]

from django.urls import path

from dienhinh.registrations.views import (
    attestations,
    candidates,
    dashboard,
    evidence,
    exemplars,
    facts,
    privacy,
    quota_rules,
    registrations,
)

app_name = "registrations"
urlpatterns = [
    path("", registrations.registration_list, name="registration_list"),
    path("new/", registrations.registration_create, name="registration_create"),
    path("<int:pk>/", registrations.registration_detail, name="registration_detail"),
    path("<int:pk>/move/", registrations.registration_transition, name="registration_transition"),
    path("candidates/", candidates.candidate_list, name="candidate_list"),
    path("candidates/new/", candidates.candidate_create, name="candidate_create"),
    path("candidates/<int:pk>/", candidates.candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/edit/", candidates.candidate_edit, name="candidate_edit"),
    path("candidates/<int:pk>/personal-data/", privacy.personal_data, name="personal_data"),
    path(
        "candidates/<int:pk>/personal-data/export/",
        privacy.personal_data_export,
        name="personal_data_export",
    ),
    path("candidates/<int:pk>/personal-data/erase/", privacy.erase, name="candidate_erase"),
    path("candidates/<int:pk>/facts/", facts.candidate_facts, name="candidate_facts"),
    path("candidates/<int:pk>/records/", facts.candidate_record, name="candidate_record"),
    path(
        "candidates/<int:pk>/eligibility/",
        facts.candidate_eligibility,
        name="candidate_eligibility",
    ),
    path("candidates/<int:pk>/evidence/", evidence.evidence_upload, name="evidence_upload"),
    path("candidates/<int:pk>/attest/", attestations.candidate_attest, name="candidate_attest"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", evidence.evidence_delete, name="evidence_delete"),
    path("exemplars/", exemplars.exemplar_list, name="exemplar_list"),
    path("quotas/", dashboard.dashboard, name="dashboard"),
    path("quota-rules/<slug:program>/amend/", quota_rules.quota_amend, name="quota_amend"),
    path(
        "quotas/<slug:program>/<str:code>/",
        dashboard.dashboard_organisation,
        name="dashboard_organisation",
    ),
]

"""Read endpoints: each list is the web page's own scoped query; another unit's record is 404."""

from django.db.models import Prefetch, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action

from dienhinh.api import serializers as s
from dienhinh.api.export import archive_file
from dienhinh.api.views.base import ReadViewSet, etag_response
from dienhinh.api.views.write import CandidateWrites, RegistrationWrites
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.models import Decision, FollowUp, Honour, Replication, ReviewRound
from dienhinh.honours.permissions import may_open_standing_pages
from dienhinh.orgs import queries as org_queries
from dienhinh.programs.enums import ProgramStatus
from dienhinh.programs.models import Program, Quota
from dienhinh.programs.permissions import managed_q
from dienhinh.registrations.domain import candidate_counts, queries
from dienhinh.registrations.domain.facts import evaluate_candidate
from dienhinh.registrations.models import Candidate, Entry
from dienhinh.registrations.permissions import may_keep_records

P = OpenApiParameter


def _params(*names: str, help: str = "") -> list:
    return [P(n, str, description=help or f"Filter on {n}") for n in names]


@extend_schema_view(list=extend_schema(parameters=_params("code", "kind", "status", "parent")))
class OrganisationViewSet(ReadViewSet):
    """Organisations the user may open (their roles' subtrees and their own)."""

    serializer_class = s.OrganisationSerializer
    lookups = {"code": "code", "kind": "kind", "status": "status", "parent": "parent_id"}
    # "tree": the tree order, the paths in byte order (`orgs.queries.tree_path`), read from its
    # index on PostgreSQL.
    ordering_fields = ["code", "name", "path", "tree"]
    ordering = ["tree"]

    def scoped(self, user):
        return org_queries.visible_organisations(user)


@extend_schema_view(list=extend_schema(parameters=_params("status")))
class ProgramViewSet(ReadViewSet):
    """Programs: those in force are open to everyone signed in, drafts to their managers."""

    serializer_class = s.ProgramSerializer
    lookup_field = "code"
    lookups = {"status": "status"}
    ordering_fields = ["issued_on", "code"]
    ordering = ["-issued_on", "code"]

    def scoped(self, user):
        visible = ~Q(status=ProgramStatus.DRAFT) | managed_q(user)
        return Program.objects.filter(visible).select_related("organisation")

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(detail=True)
    def export(self, request, code=None):
        """The program's whole record that the caller may see, as a ZIP of JSON and CSV tables
        with a manifest (the same as `manage.py export_program --as <user>`)."""
        program = self.get_object()
        # Written to a temporary file, sent from there and removed when the response closes.
        return FileResponse(
            archive_file(program, request.user),
            as_attachment=True,
            filename=f"{program.code}.zip",
            content_type="application/zip",
        )


@extend_schema_view(list=extend_schema(parameters=_params("program", "per")))
class QuotaViewSet(ReadViewSet):
    """Quotas of the programs the user reads."""

    serializer_class = s.QuotaSerializer
    lookups = {"program": "program__code", "per": "per"}
    ordering_fields = ["code"]
    ordering = ["program_id", "code"]

    def scoped(self, user):
        programs = ProgramViewSet().scoped(user)
        return Quota.objects.filter(program__in=programs).select_related("program")


FACTS = s.FACT_RELATIONS


# The list's filters, and those its kept counts answer (an organisation is a unit here, not its
# subtree as on the web list).
FILTERS = {"program", "organisation", "subject_type", "field", "q"}
KEPT_FILTERS = {"program", "subject_type"}


@extend_schema_view(
    list=extend_schema(
        parameters=_params("program", "organisation", "subject_type", "field")
        + [P("q", str, description="Words of the name, head, workplace or address")]
    )
)
class CandidateViewSet(CandidateWrites, ReadViewSet):
    """Candidates of the units the user keeps records of, with their facts on the detail."""

    serializer_class = s.CandidateSerializer
    detail_serializer_class = s.CandidateDetailSerializer
    lookups = {
        "program": "program__code",
        "subject_type": "subject_type",
        "field": "field__code",
        "organisation": "organisation__code",
    }
    ordering_fields = ["name_key", "id", "updated_at"]
    ordering = ["name_key", "id"]

    def gate(self, user) -> bool:
        return may_keep_records(user)

    def scoped(self, user):
        qs = queries.candidates(user).select_related("program", "organisation", "field")
        if self.action in ("retrieve", "facts", "partial_update"):
            qs = qs.prefetch_related(*FACTS)
        elif self.action == "list" and self.request.query_params.get("q"):
            qs = queries.search(qs, self.request.query_params["q"])
        return qs

    def total(self, queryset) -> int:
        # Filtered at most by program and subject type: the sum of the counts kept exact as
        # things change (`candidate_counts`), not a COUNT over a province's candidates.
        if self.given() & FILTERS <= KEPT_FILTERS:
            params = {k: self.request.query_params.get(k) for k in KEPT_FILTERS}
            return candidate_counts.total(self.request.user, params)
        return super().total(queryset)

    @extend_schema(responses=s.EligibilitySerializer)
    @action(detail=True)
    def eligibility(self, request, pk=None):
        """The eligibility verdict of the candidate under its program, criterion by criterion."""
        candidate = self.get_object()
        data = {"candidate": candidate.pk, **evaluate_candidate(candidate).to_dict()}
        return etag_response(request, data)


@extend_schema_view(
    list=extend_schema(parameters=_params("program", "organisation", "status", "year"))
)
class RegistrationViewSet(RegistrationWrites, ReadViewSet):
    """Registrations of the units the user keeps records of, with their entries."""

    serializer_class = s.RegistrationSerializer
    detail_serializer_class = s.RegistrationDetailSerializer
    lookups = {
        "program": "program__code",
        "organisation": "organisation__code",
        "status": "status",
        "year": "year",
    }
    ordering_fields = ["year", "id", "submitted_at"]
    ordering = ["-year", "organisation__path", "id"]

    def gate(self, user) -> bool:
        return may_keep_records(user)

    def scoped(self, user):
        qs = queries.registrations(user).select_related("program", "organisation")
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("entries", Entry.objects.select_related("candidate")))
        return qs


@extend_schema_view(
    list=extend_schema(parameters=_params("program", "organisation", "state", "year"))
)
class ExemplarViewSet(ReadViewSet):
    """Exemplars (accepted entries) of the units the user keeps records of."""

    serializer_class = s.ExemplarSerializer
    lookups = {
        "program": "program__code",
        "organisation": "organisation__code",
        "state": "state",
        "year": "year",
    }
    ordering_fields = ["year", "id", "updated_at"]
    # The candidate's sort key kept on the exemplar (registrations 0018): a page of a program's
    # exemplars is a range of the index over (program, name_key, id).
    ordering = ["name_key", "id"]

    def scoped(self, user):
        return honours_queries.exemplars(user)

    def total(self, queryset) -> int:
        # Filtered at most by program: the counts kept exact as exemplars are made
        # (`candidate_counts.EXEMPLARS`), not a COUNT over a province's exemplars.
        if not self.given() & (set(self.lookups) - {"program"}):
            code = self.request.query_params.get("program") or None
            return candidate_counts.exemplars(self.request.user, code)
        return super().total(queryset)


@extend_schema_view(list=extend_schema(parameters=_params("exemplar", "kind")))
class FollowUpViewSet(ReadViewSet):
    """Follow-ups of the exemplars the user reads."""

    serializer_class = s.FollowUpSerializer
    lookups = {"exemplar": "exemplar_id", "kind": "kind"}
    ordering_fields = ["date", "id"]
    ordering = ["-date", "-id"]

    def scoped(self, user):
        return org_queries.scoped(FollowUp.objects.all(), user, "exemplar__organisation")


@extend_schema_view(list=extend_schema(parameters=_params("program", "kind")))
class ReviewViewSet(ReadViewSet):
    """Review rounds (sơ kết, tổng kết) and their shortlists: the standing agency's."""

    serializer_class = s.ReviewSerializer
    lookups = {"program": "program__code", "kind": "kind"}
    ordering_fields = ["date", "id"]
    ordering = ["program_id", "date", "id"]

    def gate(self, user) -> bool:
        return may_open_standing_pages(user)

    def scoped(self, user):
        return (
            ReviewRound.objects.filter(program__in=honours_queries.review_programs(user))
            .select_related("program")
            .prefetch_related("entries")
        )


def _honours(user):
    return org_queries.scoped(
        Honour.objects.select_related("decision__program"), user, "exemplar__organisation"
    )


@extend_schema_view(list=extend_schema(parameters=_params("program")))
class DecisionViewSet(ReadViewSet):
    """Decisions with at least one honour of a unit the user reads (as the decision page)."""

    serializer_class = s.DecisionSerializer
    lookups = {"program": "program__code"}
    ordering_fields = ["date", "id"]
    ordering = ["-date", "-id"]

    def scoped(self, user):
        return Decision.objects.filter(pk__in=_honours(user).values("decision_id")).select_related(
            "program"
        )


@extend_schema_view(list=extend_schema(parameters=_params("exemplar", "decision", "is_revoked")))
class HonourViewSet(ReadViewSet):
    """Honours (an exemplar named in a decision) of the units the user reads."""

    serializer_class = s.HonourSerializer
    lookups = {"exemplar": "exemplar_id", "decision": "decision_id"}
    ordering_fields = ["id"]
    ordering = ["-decision__date", "id"]

    def scoped(self, user):
        qs = _honours(user)
        flag = self.request.query_params.get("is_revoked")
        if flag is not None and self.action == "list":
            qs = qs.filter(is_revoked=flag.lower() in ("1", "true"))
        return qs


@extend_schema_view(list=extend_schema(parameters=_params("exemplar", "outcome")))
class ReplicationViewSet(ReadViewSet):
    """Where exemplars' models were adopted, for the exemplars the user reads."""

    serializer_class = s.ReplicationSerializer
    lookups = {"exemplar": "exemplar_id", "outcome": "outcome"}
    ordering_fields = ["date", "id"]
    ordering = ["-date", "-id"]

    def scoped(self, user):
        return org_queries.scoped(
            Replication.objects.select_related("organisation"), user, "exemplar__organisation"
        )


def candidate_or_404(user, pk) -> Candidate:
    return get_object_or_404(queries.candidates(user).select_related("organisation"), pk=pk)

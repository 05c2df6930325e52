"""Write endpoints: the web's forms validate, the web's domain functions change, and their
errors come back as JSON (field, message in the caller's language)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from dienhinh.api import serializers as s
from dienhinh.api.errors import form_errors
from dienhinh.orgs.queries import visible_organisations
from dienhinh.programs.queries import programs_for
from dienhinh.registrations import permissions
from dienhinh.registrations.domain import candidates as candidate_domain
from dienhinh.registrations.domain import registrations as registration_domain
from dienhinh.registrations.domain import workflow
from dienhinh.registrations.interfaces.forms import CandidateForm
from dienhinh.registrations.models import Candidate, Registration


class CandidateInput(serializers.Serializer):
    program = serializers.CharField(help_text="The program's code (on create only)")
    organisation = serializers.CharField(help_text="The registering unit's code")
    subject_type = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField(required=False)
    head_name = serializers.CharField(required=False)
    position = serializers.CharField(required=False)
    workplace = serializers.CharField(required=False)
    field = serializers.CharField(required=False, help_text="The program's field code")
    solutions = serializers.CharField(required=False)
    notes = serializers.CharField(required=False)
    recognition_date = serializers.DateField(required=False, allow_null=True)
    rated = serializers.BooleanField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, help_text="Required when changing")
    reason = serializers.CharField(required=False, help_text="A correction's reason")


# The web form's fields (CandidateForm.Meta.fields), filled from the record when changing it.
CANDIDATE_FIELDS = list(CandidateForm.Meta.fields)


def _error(field, message, code=400) -> Response:
    return Response({"errors": [{"field": field, "message": str(message)}]}, status=code)


def _candidate_form_data(user, body: dict, program, candidate: Candidate | None) -> dict:
    """The JSON body as the web form's POST: codes turned into ids, booleans into choices."""
    data = {}
    if candidate is not None:
        for name in CANDIDATE_FIELDS:
            value = getattr(candidate, f"{name}_id" if name in ("organisation", "field") else name)
            data[name] = "" if value is None else value
        data["rated"] = "" if candidate.rated is None else ("1" if candidate.rated else "0")
        data["recognition_date"] = (
            candidate.recognition_date.isoformat() if candidate.recognition_date else ""
        )
    for key, value in body.items():
        if key in ("program",):
            continue
        data[key] = "" if value is None else value
    if isinstance(body.get("organisation"), str):
        code = body["organisation"].strip().upper()
        org = visible_organisations(user).filter(code=code).first()
        data["organisation"] = org.pk if org else -1
    if "field" in body:
        field = program.fields.filter(code=body.get("field") or "").first()
        data["field"] = field.pk if field else ("" if not body.get("field") else -1)
    if "rated" in body:
        data["rated"] = {True: "1", False: "0"}.get(body["rated"], "")
    return data


class CandidateWrites:
    """POST a candidate, PATCH its record, PUT its facts."""

    @extend_schema(request=CandidateInput, responses={201: s.CandidateDetailSerializer})
    def create(self, request):
        body = request.data if isinstance(request.data, dict) else {}
        program = next(
            (p for p in programs_for(request.user) if p.code == body.get("program")), None
        )
        if program is None:
            return _error("program", _("Choose a program you work with (its code)."))
        form = CandidateForm(
            _candidate_form_data(request.user, body, program, None),
            program=program,
            organisations=permissions.editable_units(request.user, program),
        )
        if not form.is_valid():
            return form_errors(form)
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        candidate = candidate_domain.create_candidate(actor=request.user, program=program, **data)
        return Response(s.CandidateDetailSerializer(candidate).data, status=201)

    @extend_schema(request=CandidateInput, responses=s.CandidateDetailSerializer)
    def partial_update(self, request, pk=None):
        candidate = self.get_object()
        body = request.data if isinstance(request.data, dict) else {}
        correcting = candidate_domain.is_locked(candidate)
        orgs = permissions.editable_units(request.user, candidate.program)
        if correcting:
            orgs = type(candidate.organisation).objects.filter(pk=candidate.organisation_id)
        form = CandidateForm(
            _candidate_form_data(request.user, body, candidate.program, candidate),
            instance=Candidate.objects.get(pk=candidate.pk),
            program=candidate.program,
            organisations=orgs,
            correcting=correcting,
        )
        if not form.is_valid():
            return form_errors(form)
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "reason")}
        updated = candidate_domain.update_candidate(
            candidate,
            actor=request.user,
            version=form.cleaned_data.get("version"),
            reason=form.cleaned_data.get("reason", ""),
            **data,
        )
        return Response(s.CandidateDetailSerializer(updated).data)

    @extend_schema(request=s.FactsInput, responses=s.CandidateDetailSerializer)
    @action(detail=True, methods=["put"])
    def facts(self, request, pk=None):
        """Ratings, cultural-family years, yearly figures and model measures, as on the facts
        page; a year given with null removes that year's row."""
        candidate = self.get_object()
        given = s.FactsInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        updated = candidate_domain.save_facts(
            candidate,
            actor=request.user,
            version=d["version"],
            ratings={int(k): v for k, v in d.get("ratings", {}).items()},
            cultural_years={int(k): v for k, v in d.get("cultural_years", {}).items()},
            metrics={int(k): v for k, v in d.get("metrics", {}).items()},
            model=d.get("model"),
            reason=d.get("reason", ""),
        )
        updated = Candidate.objects.prefetch_related(*s.FACT_RELATIONS).get(pk=updated.pk)
        return Response(s.CandidateDetailSerializer(updated).data)


class RegistrationWrites:
    """Open a registration, choose its entries, move it through the workflow."""

    @extend_schema(request=s.RegistrationInput, responses={201: s.RegistrationDetailSerializer})
    def create(self, request):
        given = s.RegistrationInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        program = next((p for p in programs_for(request.user) if p.code == d["program"]), None)
        if program is None:
            return _error("program", _("Choose a program you work with (its code)."))
        organisation = visible_organisations(request.user).filter(code=d["organisation"]).first()
        if organisation is None:
            return _error("organisation", _("No unit you may see has this code."))
        if not organisation.path.startswith(program.organisation.path):
            return _error("organisation", _("This unit is not among those the program applies to."))
        registration = registration_domain.create_registration(
            actor=request.user,
            program=program,
            organisation=organisation,
            year=d["year"],
            notes=d.get("notes", ""),
        )
        return Response(s.RegistrationDetailSerializer(registration).data, status=201)

    @extend_schema(request=s.EntriesInput, responses=s.RegistrationDetailSerializer)
    @action(detail=True, methods=["put"])
    def entries(self, request, pk=None):
        """Replace the candidates of an editable registration (its unit's editors)."""
        registration = self.get_object()
        given = s.EntriesInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        found = {
            c.pk: c
            for c in Candidate.objects.filter(pk__in=d["candidates"]).select_related("organisation")
        }
        missing = [pk for pk in d["candidates"] if pk not in found]
        if missing:
            return _error(
                "candidates",
                _("No candidate with the id %(ids)s.") % {"ids": ", ".join(map(str, missing))},
            )
        registration_domain.set_entries(
            registration,
            actor=request.user,
            candidates=[found[pk] for pk in d["candidates"]],
            notes=d.get("notes", registration.notes),
            version=d["version"],
        )
        return Response(self._detail(registration.pk))

    @extend_schema(request=s.TransitionInput, responses=s.RegistrationDetailSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """A workflow move: request_approval, send_back, approve (submits), accept, return,
        withdraw. `entry_reasons` ({entry id: reason}) returns some entries and accepts the
        others on "accept"."""
        registration = self.get_object()
        given = s.TransitionInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        workflow.transition(
            registration,
            d["action"],
            actor=request.user,
            reason=d.get("reason", ""),
            entry_reasons={int(k): v for k, v in d.get("entry_reasons", {}).items()},
            version=d["version"],
        )
        return Response(self._detail(registration.pk))

    def _detail(self, pk) -> dict:
        registration = get_object_or_404(
            Registration.objects.select_related("program", "organisation").prefetch_related(
                "entries__candidate"
            ),
            pk=pk,
        )
        return s.RegistrationDetailSerializer(registration).data

"""What the API's read endpoints show of each record (the same fields as the web pages)."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from dienhinh.honours.models import Decision, FollowUp, Honour, Replication, ReviewRound
from dienhinh.orgs.models import Organisation
from dienhinh.programs.enums import Rating
from dienhinh.programs.models import Program, Quota
from dienhinh.registrations.models import (
    AnnualRating,
    Candidate,
    Discipline,
    Entry,
    Exemplar,
    FieldMetric,
    Recognition,
    Registration,
    Violation,
)


class OrganisationRef(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "code", "name"]


class ProgramRef(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = ["id", "code", "number", "short_title"]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "code",
            "kind",
            "name",
            "short_name",
            "parent",
            "depth",
            "status",
            "official_code",
            "ended_on",
            "merged_into",
        ]


class ProgramSerializer(serializers.ModelSerializer):
    organisation = OrganisationRef(read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "code",
            "number",
            "doc_kind",
            "title",
            "short_title",
            "issued_on",
            "issuer",
            "organisation",
            "period_start",
            "period_end",
            "subject_types",
            "status",
        ]


class QuotaSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Quota
        fields = ["id", "program", "code", "text", "org_kinds", "per", "minimums", "any_of"]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualRating
        fields = ["year", "level"]


class RecognitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recognition
        fields = ["id", "year", "text"]


class ViolationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Violation
        fields = ["id", "year", "kind", "note"]


class DisciplineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Discipline
        fields = ["id", "year", "level", "note"]


class MetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = FieldMetric
        fields = ["year", *FieldMetric.METRICS]


class CandidateSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = OrganisationRef(read_only=True)
    field = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "program",
            "organisation",
            "subject_type",
            "name",
            "address",
            "head_name",
            "position",
            "workplace",
            "field",
            "recognition_date",
            "rated",
            "version",
            "updated_at",
        ]


class FactsSerializer(serializers.Serializer):
    ratings = RatingSerializer(many=True)
    cultural_years = serializers.SerializerMethodField()
    metrics = MetricSerializer(many=True)
    recognitions = RecognitionSerializer(many=True)
    violations = ViolationSerializer(many=True)
    disciplines = DisciplineSerializer(many=True)
    stable_years = serializers.IntegerField(allow_null=True)
    households_helped = serializers.IntegerField(allow_null=True)
    jobs_created = serializers.IntegerField(allow_null=True)

    def get_cultural_years(self, candidate) -> list[int]:
        return [c.year for c in candidate.cultural_years.all()]


class CandidateDetailSerializer(CandidateSerializer):
    facts = serializers.SerializerMethodField()

    class Meta(CandidateSerializer.Meta):
        fields = [*CandidateSerializer.Meta.fields, "solutions", "notes", "facts"]

    def get_facts(self, candidate) -> FactsSerializer:
        return FactsSerializer(candidate).data


class EligibilityCriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField(help_text="pass, fail, missing or attest")
    reason = serializers.CharField()


class EligibilitySerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    verdict = serializers.CharField(help_text="pass, fail or incomplete")
    criteria = EligibilityCriterionSerializer(many=True)


class EntrySerializer(serializers.ModelSerializer):
    candidate = serializers.SerializerMethodField()

    class Meta:
        model = Entry
        fields = ["id", "candidate", "status", "return_reason", "position"]

    def get_candidate(self, entry) -> dict:
        return {"id": entry.candidate_id, "name": entry.candidate.name}


class RegistrationSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = OrganisationRef(read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "program",
            "organisation",
            "year",
            "status",
            "notes",
            "return_reason",
            "version",
            "created_at",
            "submitted_at",
            "decided_at",
        ]


class RegistrationDetailSerializer(RegistrationSerializer):
    entries = EntrySerializer(many=True, read_only=True)

    class Meta(RegistrationSerializer.Meta):
        fields = [*RegistrationSerializer.Meta.fields, "entries"]


class CandidateRef(serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = ["id", "name", "subject_type"]


class ExemplarSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = OrganisationRef(read_only=True)
    candidate = CandidateRef(read_only=True)

    class Meta:
        model = Exemplar
        fields = ["id", "program", "organisation", "candidate", "year", "state", "updated_at"]


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["id", "exemplar", "kind", "date", "text", "effect", "influence", "author_name"]


class ReviewSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    shortlist = serializers.SerializerMethodField()

    class Meta:
        model = ReviewRound
        fields = ["id", "program", "kind", "title", "date", "shortlist"]

    def get_shortlist(self, review) -> list[dict]:
        return [{"exemplar": e.exemplar_id, "typical": e.typical} for e in review.entries.all()]


class DecisionSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "program", "number", "date", "authority", "form", "level", "amount"]


class HonourSerializer(serializers.ModelSerializer):
    decision = DecisionSerializer(read_only=True)

    class Meta:
        model = Honour
        fields = ["id", "decision", "exemplar", "is_revoked", "revoked_on", "revoke_reason"]


class ReplicationSerializer(serializers.ModelSerializer):
    organisation = OrganisationRef(read_only=True)

    class Meta:
        model = Replication
        fields = ["id", "exemplar", "organisation", "date", "outcome", "progress"]


FACT_RELATIONS = (
    "ratings",
    "cultural_years",
    "metrics",
    "recognitions",
    "violations",
    "disciplines",
)


class ModelMeasuresInput(serializers.Serializer):
    stable_years = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    households_helped = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    jobs_created = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class FactsInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The candidate's version as last read")
    ratings = serializers.DictField(
        child=serializers.ChoiceField(choices=Rating.choices, allow_null=True),
        required=False,
        help_text='{"2024": "htxs", "2023": null}',
    )
    cultural_years = serializers.DictField(
        child=serializers.BooleanField(), required=False, help_text='{"2024": true}'
    )
    metrics = serializers.DictField(
        child=serializers.DictField(child=serializers.DecimalField(18, 2, allow_null=True)),
        required=False,
        help_text='{"2024": {"par_index": 85.5}}',
    )
    model = ModelMeasuresInput(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)

    def validate(self, data):
        for name in ("ratings", "cultural_years", "metrics"):
            for key in data.get(name, {}):
                if not str(key).isdigit() or not 1900 <= int(key) <= 2100:
                    raise serializers.ValidationError({name: _("Years are given as 4 digits.")})
        for values in data.get("metrics", {}).values():
            unknown = set(values) - set(FieldMetric.METRICS)
            if unknown:
                raise serializers.ValidationError(
                    {"metrics": _("Unknown figure: %(names)s.") % {"names": ", ".join(unknown)}}
                )
        return data


class RegistrationInput(serializers.Serializer):
    program = serializers.CharField(help_text="The program's code")
    organisation = serializers.CharField(help_text="The registering unit's code")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    notes = serializers.CharField(required=False, allow_blank=True)


class EntriesInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The registration's version as last read")
    candidates = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class TransitionInput(serializers.Serializer):
    action = serializers.CharField(
        help_text="request_approval, send_back, approve, accept, return or withdraw"
    )
    version = serializers.IntegerField(help_text="The registration's version as last read")
    reason = serializers.CharField(required=False, allow_blank=True)
    entry_reasons = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text='{"<entry id>": "reason"}: return these entries, accept the others',
    )

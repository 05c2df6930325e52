"""What the API's read endpoints show of each record (the same fields as the web pages)."""

from rest_framework import serializers

from dienhinh.honours.models import Decision, FollowUp, Honour, Replication, ReviewRound
from dienhinh.orgs.models import Organisation
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


class ExemplarSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = OrganisationRef(read_only=True)
    candidate = serializers.SerializerMethodField()

    class Meta:
        model = Exemplar
        fields = ["id", "program", "organisation", "candidate", "year", "state", "updated_at"]

    def get_candidate(self, exemplar) -> dict:
        c = exemplar.candidate
        return {"id": c.pk, "name": c.name, "subject_type": c.subject_type}


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

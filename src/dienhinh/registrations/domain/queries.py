"""What each user may see: candidates, registrations and exemplars, scoped through orgs.queries."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from dienhinh.core.actors import Actor
from dienhinh.core.search import query_words, words_q
from dienhinh.orgs.queries import scoped
from dienhinh.registrations import permissions
from dienhinh.registrations.models import Candidate, Exemplar, Registration

M = TypeVar("M", bound=models.Model)


def candidates(user: Actor) -> QuerySet[Candidate]:
    """The candidates the user reads: of the units covered, and of those they were formed from."""
    return Candidate.objects.filter(permissions.read_q(user))


def registrations(user: Actor) -> QuerySet[Registration]:
    """The registrations the user reads: of the units covered, and of those they were formed
    from (registrations stay with the unit that sent them)."""
    return Registration.objects.filter(permissions.read_q(user))


def exemplars(user: Actor) -> QuerySet[Exemplar]:
    return scoped(Exemplar.objects.all(), user)


def search(qs: QuerySet[M], text: str, field: str = "search_text") -> QuerySet[M]:
    """Every word of the query starts a word of the text, folded ("nguyen van an" finds
    "Nguyễn Văn An"; "an" does not find "Thanh").

    A candidate's own search text ("search_text", or "<relation>__search_text" from a model
    pointing at candidates) is looked up in its word index (migration 0005); any other field is
    compared row by row.
    """
    if field == "search_text" and qs.model is Candidate:
        return qs.filter(pk__in=candidate_hits(text))
    if field.endswith("__search_text") and field.count("__") == 1:
        relation = field.removesuffix("__search_text")
        target = qs.model._meta.get_field(relation).related_model
        if target is Candidate:
            return qs.filter(**{f"{relation}_id__in": candidate_hits(text)})
    return qs.filter(words_q(field, text))


def candidate_hits(text: str) -> RawSQL:
    """Ids of the candidates whose search text has a word starting with each word of `text`."""
    words = query_words(text)
    if not words:
        return RawSQL("SELECT id FROM registrations_candidate", [])  # noqa: S611
    if connection.vendor == "sqlite":
        # Each word quoted (a phrase of one token), then * for "starts with".
        match = " ".join(f'"{w}"*' for w in words)
        return RawSQL(  # noqa: S611
            "SELECT rowid FROM registrations_candidate_fts WHERE registrations_candidate_fts "
            "MATCH %s",
            [match],
        )
    # The words are \w+ runs: no tsquery operator can slip in.
    query = " & ".join(f"{w}:*" for w in words)
    return RawSQL(  # noqa: S611
        "SELECT id FROM registrations_candidate WHERE search_vector @@ "
        "to_tsquery('simple'::regconfig, %s)",
        [query],
    )


def filter_list(qs: QuerySet[M], params: Mapping[str, Any], prefix: str = "") -> QuerySet[M]:
    """Apply the list filters (program, field, subject type, organisation, q) given as GET values."""
    if params.get("program"):
        qs = qs.filter(**{f"{prefix}program__code": params["program"]})
    if params.get("field"):
        qs = qs.filter(**{f"{prefix}field_id": params["field"]})
    if params.get("subject_type"):
        qs = qs.filter(**{f"{prefix}subject_type": params["subject_type"]})
    if params.get("organisation"):
        org = params["organisation"]
        qs = qs.filter(**{f"{prefix}organisation__path__startswith": org.path})
    if params.get("q"):
        qs = search(qs, params["q"], f"{prefix}search_text")
    return qs

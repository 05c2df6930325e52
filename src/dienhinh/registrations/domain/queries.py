"""What each user may see: candidates, registrations and exemplars, scoped through orgs.queries."""

from django.db.models import QuerySet

from dienhinh.core.search import words_q
from dienhinh.orgs.queries import scoped
from dienhinh.registrations.models import Candidate, Exemplar, Registration


def candidates(user) -> QuerySet:
    return scoped(Candidate.objects.all(), user)


def registrations(user) -> QuerySet:
    return scoped(Registration.objects.all(), user)


def exemplars(user) -> QuerySet:
    return scoped(Exemplar.objects.all(), user)


def search(qs: QuerySet, text: str, field: str = "search_text") -> QuerySet:
    """Every word of the query starts a word of the text, folded ("nguyen van an" finds
    "Nguyễn Văn An"; "an" does not find "Thanh")."""
    return qs.filter(words_q(field, text))


def filter_list(qs: QuerySet, params: dict, prefix: str = "") -> QuerySet:
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

"""What each user may see: candidates, registrations and exemplars, scoped through orgs.queries."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import Expression, RawSQL

from dienhinh.core.actors import Actor
from dienhinh.core.search import query_words, words_q
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import scoped
from dienhinh.registrations import permissions
from dienhinh.registrations.models import Candidate, Exemplar, Registration

M = TypeVar("M", bound=models.Model)


def candidates(user: Actor) -> QuerySet[Candidate]:
    """The candidates the user reads: of the units covered, and of those they were formed from.

    PostgreSQL: a subtree at the top of the tree (a province, "/542/") is the candidate's own
    `tree_root` (migration 0017), not a join to the units' paths: the planner then estimates it
    with the other filters (a province's program lies in the province) and the word index looks
    a search up in the province alone. The rows are the same.
    """
    if connection.vendor != "postgresql":
        return Candidate.objects.filter(permissions.read_q(user))
    roots = permissions.record_roots(user)
    if roots is None:
        return Candidate.objects.all()
    paths = [*roots, *permissions.predecessor_roots(user)]
    if not paths:
        return Candidate.objects.filter(pk__in=[])
    q = Q()
    for path in paths:
        if path.count("/") == 2:  # "/<id>/": a unit at the top of the tree
            q |= Q(TreeRoot(int(path.strip("/"))))
        else:
            q |= Q(organisation__path__startswith=path)
    return Candidate.objects.filter(q)


class CandidateSQL(Expression):
    """PostgreSQL: a condition on the candidate's own columns that Django has no field for,
    written as SQL with `{table}` for the candidate table's alias in the query that uses it (the
    table's name, or U0 once the queryset is a subquery of another)."""

    output_field = BooleanField()

    def __init__(self, sql: str, params: list[Any], alias: str | None = None):
        super().__init__()
        self.sql, self.params, self.alias = sql, params, alias

    def resolve_expression(self, query=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        resolved = self.copy()
        if query is not None:
            resolved.alias = query.get_initial_alias()
        return resolved

    def relabeled_clone(self, change_map):  # type: ignore[no-untyped-def]
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        table = compiler.quote_name_unless_alias(self.alias or Candidate._meta.db_table)
        return self.sql.format(table=table), tuple(self.params)


class TreeRoot(CandidateSQL):
    """PostgreSQL: the candidate's unit is in the subtree of the top unit `root_id` (the column
    kept by migration 0017's triggers)."""

    def __init__(self, root_id: int, alias: str | None = None):
        # bigint = bigint: the word index's first column (btree_gin) takes no other type.
        super().__init__("{table}.tree_root = %s::bigint", [root_id], alias)


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
        words = query_words(text)
        if words and connection.vendor == "postgresql":
            # On the rows themselves, not `id IN (the index's ids)`: the planner then weighs
            # the word index against the user's units and the name order as one condition.
            return qs.filter(CandidateWords(candidate_tsquery(words)))
        return qs.filter(pk__in=candidate_hits(text))
    if field.endswith("__search_text") and field.count("__") == 1:
        relation = field.removesuffix("__search_text")
        target = qs.model._meta.get_field(relation).related_model
        if target is Candidate:
            return qs.filter(**{f"{relation}_id__in": candidate_hits(text)})
    return qs.filter(words_q(field, text))


# A query word starting more indexed words than this stays a prefix for the index ("n:*").
MAX_EXPANSION = 64


class CandidateWords(CandidateSQL):
    """PostgreSQL: the candidate's words match `tsquery` (see `hits_first`)."""

    def __init__(self, tsquery: str, alias: str | None = None):
        self.tsquery = tsquery
        super().__init__(
            "{table}.search_vector @@ to_tsquery('simple'::regconfig, %s)", [tsquery], alias
        )


def hits_first(qs: QuerySet[Candidate], limit: int | None = None) -> QuerySet[Candidate]:
    """The searched candidates `qs`, read through the word index's hits first (PostgreSQL).

    For a search over every unit whose hits are known to be few (the list counts them before
    reading its page), the page is best read from the hits, sorted. Left to itself the planner
    may walk the whole name index testing each candidate, hoping to meet 50 hits early (for
    "nguyen van an" at national scale 20,600 rows tested for 3,398 hits, up to a second with a
    cold cache). `id = ANY(ARRAY(...))` makes the hits one value computed first. The rows are
    the same; `qs` without a search of `search` is returned as it is. With `limit`, only the
    first `limit` hits the index gives (in no order) are read.
    """
    for condition in qs.query.where.children:
        words = getattr(condition, "lhs", None)
        if isinstance(words, CandidateWords):
            table = Candidate._meta.db_table
            capped = " LIMIT %s" if limit is not None else ""
            return qs.filter(
                CandidateSQL(  # the query is a bound parameter
                    f"{{table}}.id = ANY(ARRAY(SELECT id FROM {table} "  # noqa: S608
                    f"WHERE search_vector @@ to_tsquery('simple'::regconfig, %s){capped}))",
                    [words.tsquery, *([limit] if limit is not None else [])],
                )
            )
    return qs


def sorted_hits(qs: QuerySet[Candidate], most: int) -> list[int] | None:
    """The ids of the searched candidates `qs` in name order (name key, id), or None when they
    are more than `most`. `qs` must hold the search and no other condition than the user's
    scope of every unit (the hits the word index gives are capped, then sorted).

    One query: the word index's hits (at most `most` + 1), sorted on the candidate table's own
    columns. The list a search over every unit shows is these ids, paged (kept like its total,
    which is their number: `views.candidates.CachedCountPaginator`).
    """
    ids = list(
        hits_first(qs, limit=most + 1)
        .order_by("name_key", "id")
        .values_list("pk", flat=True)[: most + 1]
    )
    return ids if len(ids) <= most else None


def hits_page(qs: QuerySet[Candidate], start: int, stop: int) -> QuerySet[Candidate]:
    """Rows `start:stop` of the searched candidates `qs` (sorted), read through their hits.

    The hits (`hits_first`) are sorted on the candidate table's own columns alone (id and the
    sort key), and only the page's ids are then read with `qs`'s joins, in the same order: at
    national scale "nguyen van an" joined its 3,398 hits to their units, programs and fields
    before the sort kept 50. One query still (the page's ids are a subquery); the rows are the
    same. `qs` without a search of `search` is sliced as it is.
    """
    narrow = hits_first(qs)
    if narrow is qs:
        return qs[start:stop]
    return qs.filter(pk__in=narrow.values("pk")[start:stop])


def candidate_tsquery(words: list[str]) -> str:
    """PostgreSQL: the tsquery of the candidates having a word that starts with each of `words`.

    Each word becomes the indexed words that start with it ("an" → "an | anh"), read in one
    query from the list kept beside the index (migration 0014): the index intersects exact words
    cheaply and the planner estimates them from its statistics, where for a prefix ("an:*") the
    index first gathers every row of every such word and the planner guesses. A word starting
    more than MAX_EXPANSION words, or none, stays a prefix: the rows found are the same.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            # A range in the list's "C" order finds the words that start with each one (no LIKE
            # pattern: "_" is a word character, not a wildcard).
            "SELECT q.n, w.word FROM unnest(%s::text[]) WITH ORDINALITY AS q(prefix, n) "
            "CROSS JOIN LATERAL (SELECT word FROM registrations_candidate_word "
            "WHERE word >= q.prefix AND word < q.prefix || chr(1114111) "
            "ORDER BY word LIMIT %s) AS w",
            [words, MAX_EXPANSION + 1],
        )
        found: dict[int, list[str]] = {}
        for n, word in cursor.fetchall():
            found.setdefault(n - 1, []).append(word)
    parts = []
    for i, word in enumerate(words):
        starting = found.get(i, [])
        if 0 < len(starting) <= MAX_EXPANSION:
            # Quoted: a listed word is a lexeme of the index, whatever its characters.
            quoted = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in starting]
            parts.append("(" + " | ".join(quoted) + ")")
        else:
            # The words are \w+ runs: no tsquery operator can slip in.
            parts.append(f"{word}:*")
    return " & ".join(parts)


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
    return RawSQL(  # noqa: S611
        "SELECT id FROM registrations_candidate WHERE search_vector @@ "
        "to_tsquery('simple'::regconfig, %s)",
        [candidate_tsquery(words)],
    )


def filter_list(
    qs: QuerySet[M],
    params: Mapping[str, Any],
    prefix: str = "",
    program_ids: Mapping[str, int] | None = None,
) -> QuerySet[M]:
    """Apply the list filters (program, field, subject type, organisation, q) given as GET values.

    `program_ids` (code → id, e.g. of the programs the user may choose from) turns the program's
    code into its id: a constant, which the planner estimates from the column's statistics
    (with the program's province, migration 0017), where a join on the code is a guess."""
    if code := params.get("program"):
        if program_ids and code in program_ids:
            qs = qs.filter(**{f"{prefix}program_id": program_ids[code]})
        else:
            qs = qs.filter(**{f"{prefix}program__code": code})
    if params.get("field"):
        qs = qs.filter(**{f"{prefix}field_id": params["field"]})
    if params.get("subject_type"):
        qs = qs.filter(**{f"{prefix}subject_type": params["subject_type"]})
    if params.get("organisation"):
        # The units under the organisation as a subquery of ids, not a join on their paths:
        # both databases then read a commune's forty-odd candidates by (program, unit) and sort
        # them, where they walked the whole program in name order (the paths' LIKE is estimated
        # at ten times its rows), and count a department's or a district's without the program's
        # other candidates. A district's first page costs more this way (its 3,400 rows sorted
        # instead of the first 20 of the walk).
        units = Organisation.objects.filter(path__startswith=params["organisation"].path)
        qs = qs.filter(**{f"{prefix}organisation__in": units.values("pk")})
    if params.get("q"):
        qs = search(qs, params["q"], f"{prefix}search_text")
    return qs

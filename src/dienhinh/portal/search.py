"""Full-text search over published stories, the same with or without diacritics.

The story keeps two folded copies of its text (lower case, no diacritics, đ → d, words only):
`Story.search_head` (the exemplar's name, its organisation, the title and the summary) and
`Story.search_text` (all of it: head, story body and field). The query is folded the same way, so
"dien hinh", "ĐIỂN HÌNH" and "điển hình" are one query; every word must occur, the last one may
be the start of a word (typing "nhan r").

Order of the hits: first the stories whose head holds every word (the name, the organisation or
the title match), then those that match only in the body; within each, the newest first. Both
parts are read in the order of the (published_at, id) index, so a page stops after its 20 rows
even when a common query matches half of the stories; ranking every hit by term frequency
(bm25, ts_rank) cost 150–500 ms at 100,000 stories. The number of hits is counted up to
`COUNT_LIMIT` + 1 only ("more than 1,000"), and that count, made first, chooses how a page is read
on PostgreSQL: with more hits than that, among the newest stories first (`Hits.walks`).

SQLite: an FTS5 table `portal_story_fts` (rowid = story id; columns search_head, search_text)
kept in sync on save and delete. PostgreSQL: tsvectors of both texts with the 'simple'
configuration (no stemming: Vietnamese words are syllables), stored in generated columns
(`search_vector`, `head_vector`) with GIN indexes.
"""

from django.db import connection
from django.db.models import BooleanField, Exists, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from dienhinh.core.search import query_words
from dienhinh.core.text import search_words

FTS_TABLE = "portal_story_fts"
# Searches and lists count their hits up to this number; beyond it they say "more than".
COUNT_LIMIT = 1000
# A search with more than COUNT_LIMIT hits first reads its page among the WINDOW newest
# published stories (`Hits.walks`), testing each one's words in publication order.
WINDOW = 5000


def terms(query: str | None) -> list[str]:
    """The folded words of a query (at most core.search.MAX_WORDS)."""
    return query_words(query)


def document(*parts: str) -> str:
    """The searchable form of some texts: folded words separated by single spaces.

    Only word characters are kept, so that both databases cut the text into the same words
    (PostgreSQL's parser would read "dan.sang" or "laichau.gov.vn" as one host name).
    """
    return search_words(" ".join(p for p in parts if p))


def index(story) -> None:
    """Put the story's folded text into the SQLite FTS table (PostgreSQL indexes by itself)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [story.pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, search_head, search_text) "  # noqa: S608
            "VALUES (%s, %s, %s)",
            [story.pk, story.search_head, story.search_text],
        )


def unindex(story_id: int) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [story_id])  # noqa: S608


def rebuild() -> None:
    """Fill the SQLite FTS table again from every story (after rows were written in bulk)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, search_head, search_text) "  # noqa: S608
            "SELECT id, search_head, search_text FROM portal_story"
        )


def _matches(
    words: list[str],
    column: str,
    negate: bool = False,
    whole: bool = False,
    tested: bool = False,
) -> RawSQL:
    """SQL condition: every word occurs in the column ("search_head" or "search_text"); the
    last one may be the start of a word, unless `whole` (PostgreSQL only).

    `tested` (PostgreSQL only): the same condition as a function call, which no index answers
    and the planner does not estimate from the column's statistics, so that a query walks the
    publication-order index and tests each story's words (see `Hits.walks`).
    """
    not_ = "NOT " if negate else ""
    if connection.vendor == "sqlite":
        # Every word must occur; the last one may be the start of a word. The query text is a
        # bound parameter; only constant names are written into the SQL.
        quoted = [f'"{w}"' for w in words]
        quoted[-1] += "*"
        sql = (
            f"portal_story.id {not_}IN (SELECT rowid FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s)"
        )
        match = "{" + column + "} : (" + " ".join(quoted) + ")"
        return RawSQL(sql, [match], BooleanField())  # noqa: S611
    # The words are \w+ runs, so none of tsquery's operators can slip in.
    vector = {"search_head": "head_vector", "search_text": "search_vector"}[column]
    raw = " & ".join([*words[:-1], words[-1] if whole else f"{words[-1]}:*"])
    if tested:
        # ts_match_vq is the function behind tsvector @@ tsquery.
        sql = f"{not_}ts_match_vq(portal_story.{vector}, to_tsquery('simple'::regconfig, %s))"
        return RawSQL(sql, [raw], BooleanField())  # noqa: S611
    sql = f"{not_}portal_story.{vector} @@ to_tsquery('simple'::regconfig, %s)"
    return RawSQL(sql, [raw], BooleanField())  # noqa: S611


class Hits:
    """The ids of the stories found, in order, read page by page (for Django's Paginator).

    `parts` are querysets of Story that split the hits and come one after the other, each
    ordered newest first (the model's ordering). `count()` stops at COUNT_LIMIT + 1. `sure`, if
    given, is a part of `matching` that is cheaper to count (see `count`).

    `walks`, if given, are the same parts with their words tested row by row (`_matches`'s
    `tested`), used when the count says the hits are many: each is then read among the WINDOW
    newest published stories, in the order of the publication index, and stops after its page.
    The planner estimates how many stories hold the words as if they were independent (764
    where 23,482 of 100,000 held "dien hinh tien tien" in their head), and then sorted every
    hit instead of walking the newest stories. The window is a prefix of the order, so a page
    found in it is the page; when it holds too few hits, the part is read as before.
    """

    def __init__(
        self,
        matching: QuerySet,
        parts: list[QuerySet],
        sure: QuerySet | None = None,
        walks: list[QuerySet] | None = None,
    ):
        self.matching = matching
        self.parts = parts
        self.sure = sure
        self.walks = walks
        self._count: int | None = None

    def count(self) -> int:
        """The number of hits, counted up to COUNT_LIMIT + 1 (the caller says "more than")."""
        if self._count is None:
            capped = self.matching.order_by().values("pk")[: COUNT_LIMIT + 1]
            if self.sure is None:
                self._count = capped.count()
            else:
                self._count = _count_sure_first(self.sure, capped)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        """The ids of the first COUNT_LIMIT + 1 hits."""
        return iter(self[: COUNT_LIMIT + 1])

    def __getitem__(self, key):
        if isinstance(key, int):
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        start, stop = key.start or 0, key.stop
        if stop is None:
            stop = COUNT_LIMIT + 1
        ids = []
        walks = self.walks if self.walks and self.count() > COUNT_LIMIT else None
        for i, part in enumerate(self.parts):
            if stop <= start:
                break
            chunk = _walk(walks[i], start, stop) if walks else None
            if chunk is None:
                chunk = list(part.values_list("pk", flat=True)[start:stop])
            ids += chunk
            if len(chunk) == stop - start or i == len(self.parts) - 1:
                break
            # This part ended before `stop`: how many rows did it have?
            size = start + len(chunk) if chunk else part.order_by().values("pk")[:start].count()
            start, stop = max(start - size, 0), stop - size
        return ids


def _walk(part: QuerySet, start: int, stop: int) -> list[int] | None:
    """Hits start:stop of `part` among the WINDOW newest published stories, or None when the
    window holds fewer than `stop` of them (or a published story has no publication time: the
    newest-first order puts it first, outside the window's bound)."""
    from dienhinh.portal.models import Story

    published = Story.objects.filter(is_published=True)
    undated = published.filter(published_at__isnull=True)
    # The publication time of the WINDOW-th newest published story (an index-only walk), NULL
    # when there are fewer or an undated one: then nothing is found and the part is read whole.
    cut = published.order_by("-published_at", "-id").values("published_at")[WINDOW - 1 : WINDOW]
    within = part.filter(~Exists(undated), published_at__gte=Subquery(cut))
    chunk = list(within.values_list("pk", flat=True)[start:stop])
    return chunk if len(chunk) == stop - start else None


def _count_sure_first(sure: QuerySet, capped: QuerySet) -> int:
    """min(hits, COUNT_LIMIT + 1), in one query: the hits of `sure` (a part of the hits) are
    counted first, and when they pass COUNT_LIMIT so do the hits, which are not counted then.

    PostgreSQL: with the last word whole ("dien & hinh"), the text index intersects its words'
    entries; as a prefix ("hinh:*") it first gathers every story holding a word that starts
    with it (82,000 of 100,000 stories), which was most of a common search's count. Runs only
    the query it needs (an uncounted branch of CASE is never executed).
    """
    sure_sql, sure_params = sure.order_by().values("pk")[: COUNT_LIMIT + 1].query.sql_with_params()
    all_sql, all_params = capped.query.sql_with_params()
    sql = (
        f"SELECT CASE WHEN (SELECT COUNT(*) FROM ({sure_sql}) AS sure) > %s THEN %s "  # noqa: S608
        f"ELSE (SELECT COUNT(*) FROM ({all_sql}) AS every_hit) END"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*sure_params, COUNT_LIMIT, COUNT_LIMIT + 1, *all_params])
        return cursor.fetchone()[0]


def apply(stories: QuerySet, query: str | None) -> tuple[Hits, bool]:
    """The hits of the query among `stories` (a Story queryset), in order.

    Returns the hits and whether a search was applied (an empty query keeps every story, newest
    first).
    """
    words = terms(query)
    if not words:
        return Hits(stories, [stories]), False
    matching = stories.filter(_matches(words, "search_text"))
    # The head is part of the full text: a story that matches in its head matches.
    in_head = stories.filter(_matches(words, "search_head"))
    in_body_only = matching.filter(_matches(words, "search_head", negate=True))
    sure = walks = None
    if connection.vendor == "postgresql":
        # The stories holding the last word whole are hits too, and cheaper to count.
        sure = stories.filter(_matches(words, "search_text", whole=True))
        walks = [
            stories.filter(_matches(words, "search_head", tested=True)),
            stories.filter(_matches(words, "search_text", tested=True)).filter(
                _matches(words, "search_head", negate=True, tested=True)
            ),
        ]
    return Hits(matching, [in_head, in_body_only], sure, walks), True

"""Full-text search over published stories, the same with or without diacritics.

The story keeps a folded copy of its text (`Story.search_text`: lower case, no diacritics,
đ → d), and the query is folded the same way, so "dien hinh", "ĐIỂN HÌNH" and "điển hình" are
one query. SQLite: an FTS5 table `portal_story_fts` (rowid = story id) kept in sync on save and
delete, ranked by bm25. PostgreSQL: a tsvector of the folded text with the 'simple' configuration
(no stemming: Vietnamese words are syllables), stored in a generated column with a GIN index,
ranked by ts_rank.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from dienhinh.core.text import fold

FTS_TABLE = "portal_story_fts"
_WORD = re.compile(r"\w+")
MAX_TERMS = 12


def terms(query: str | None) -> list[str]:
    """The folded words of a query (at most MAX_TERMS)."""
    return _WORD.findall(fold(query))[:MAX_TERMS]


def index(story) -> None:
    """Put the story's folded text into the SQLite FTS table (PostgreSQL indexes by itself)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [story.pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, search_text) VALUES (%s, %s)",  # noqa: S608
            [story.pk, story.search_text],
        )


def unindex(story_id: int) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [story_id])  # noqa: S608


def _fts5_query(words: list[str]) -> str:
    # Every word must occur; the last one may be the start of a word (typing "nhan r").
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def apply(stories: QuerySet, query: str | None, story_field: str = "") -> tuple[QuerySet, bool]:
    """Filter `stories` (a Story queryset) by the query and order it by relevance.

    Returns the queryset and whether a search was applied (an empty query changes nothing).
    """
    words = terms(query)
    if not words:
        return stories, False
    if connection.vendor == "sqlite":
        # A join on the FTS table: SQLite answers the MATCH from the index first, then looks
        # each story up by id, and bm25's rank comes with the hit. The query text is a bound
        # parameter; only constant names are written into the SQL.
        ranked = stories.extra(  # noqa: S610
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = portal_story.id", f"{FTS_TABLE} MATCH %s"],
            params=[_fts5_query(words)],
            select={"rank": f"{FTS_TABLE}.rank"},
        )
        return ranked.order_by("rank", "-id"), True
    # The stored column portal_story.search_vector (migration 0004) is
    # to_tsvector('simple', search_text): SearchVector("search_text", config="simple") kept.
    vector = RawSQL("portal_story.search_vector", [], output_field=SearchVectorField())  # noqa: S611
    # Same meaning as on SQLite: every word, the last one possibly unfinished. The words are
    # \w+ runs, so none of tsquery's operators can slip in.
    raw = " & ".join([*words[:-1], f"{words[-1]}:*"])
    search = SearchQuery(raw, config="simple", search_type="raw")
    return (
        stories.annotate(search_vector=vector, rank=SearchRank(F("search_vector"), search))
        .filter(search_vector=search)
        .order_by("-rank", "-id"),
        True,
    )

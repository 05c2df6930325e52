"""Word-start search over a stored `search_words` text, with or without diacritics."""

from django.db.models import Q

from dienhinh.core.text import search_words

MAX_WORDS = 12


def query_words(query: str | None) -> list[str]:
    """The folded words of a query, at most MAX_WORDS (\\w+ runs: no search syntax)."""
    return search_words(query).split()[:MAX_WORDS]


def words_q(field: str, query: str | None) -> Q:
    """Every word of the query starts a word of `field` (a column holding `search_words` text).

    "nguyen van an" finds "Nguyễn Văn An" and "Nguyễn Văn Anh", not "Nguyễn Văn Thanh"; "hong"
    finds "Hồng", not "Phong". An empty query matches everything.
    """
    q = Q()
    for word in query_words(query):
        q &= Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
    return q

"""Vietnamese text: NFC, diacritic folding for search, the Vietnamese name sort key."""

import re
import unicodedata
from functools import lru_cache

# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tones sort after the bare letter: ngang, huyền, hỏi, ngã, sắc, nặng (dictionary order).
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def nfc(value: str | None) -> str:
    """Unicode NFC with runs of white space collapsed; None becomes ''."""
    if not value:
        return ""
    # str.split() splits on the white space that `\s` matches: runs collapsed, ends stripped.
    return " ".join(unicodedata.normalize("NFC", value).split())


class _Folded(dict[int, str]):
    """Each character's folded form (its decomposition without the combining marks), worked out
    the first time the character is met: folding a text is then one `str.translate`."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        self[code] = folded
        return folded


_FOLDED = _Folded({ord("đ"): "d"})


def fold(value: str | None) -> str:
    """Lower case, no diacritics, đ → d: the form that search compares ("Nguyễn" → "nguyen")."""
    if not value:
        return ""
    # The same as decomposing the whole text and dropping its combining marks: a text's
    # decomposition is its characters' decompositions, reordered only among combining marks.
    return nfc(value).lower().translate(_FOLDED)


_WORD = re.compile(r"\w+")


def search_words(value: str | None) -> str:
    """The folded words of a text, one space apart: what word-start search compares.

    Punctuation goes ("LC-SYT, Sở Y tế" → "lc syt so y te"), so a word can be found at its start
    whatever stood before it.
    """
    return " ".join(_WORD.findall(fold(value)))


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch)
    base, tone = decomposed[0], ""
    for mark in decomposed[1:]:
        if mark in _BASE_MARKS:
            base += mark
        elif mark in _TONES:
            tone = mark
    letter = unicodedata.normalize("NFC", base)
    return (_RANK.get(letter, 100 + ord(letter[0])), _TONES.get(tone, 0))


def word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key of one word in Vietnamese letter order; tones break ties only."""
    word = nfc(word).lower()
    letters = [_letter_key(ch) for ch in word]
    return (tuple(rank for rank, _ in letters), tuple(tone for _, tone in letters))


def name_sort_key(full_name: str) -> str:
    """A key that sorts Vietnamese full names the Vietnamese way.

    Given name (the last word) first, then the family name and the middle names; within a word,
    its letters in Vietnamese order (a ă â b c d đ e ê ...) and then its tones. The key is made
    of digits only (two per letter, "00" ends a word's letters, one per tone) so that a plain
    ORDER BY sorts it the same under every database collation.
    """
    words = nfc(full_name).split(" ")
    if words == [""]:
        return ""
    return "".join(_word_part(word) for word in [words[-1], *words[:-1]])


@lru_cache(maxsize=65536)
def _word_part(word: str) -> str:
    """One word's part of a sort key: two digits per letter, "00", one digit per tone. Kept
    for the words met most (names share few words: an import of thousands computes each once)."""
    ranks, tones = word_key(word)
    letters = "".join(f"{r + 10:02d}" if r < 89 else "99" for r in ranks)
    return letters + "00" + "".join(str(t) for t in tones)


def title_sort_key(text: str) -> str:
    """Like `name_sort_key` but words in their written order: for names of units and models."""
    return "".join(_word_part(word) for word in nfc(text).split(" ") if word)

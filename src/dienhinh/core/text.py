"""Vietnamese text: NFC, diacritic folding for search, the Vietnamese name sort key."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")

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
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str | None) -> str:
    """Lower case, no diacritics, đ → d: the form that search compares ("Nguyễn" → "nguyen")."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", nfc(value).lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


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
    parts = []
    for word in [words[-1], *words[:-1]]:
        ranks, tones = word_key(word)
        parts.append("".join(f"{r + 10:02d}" if r < 89 else "99" for r in ranks))
        parts.append("00" + "".join(str(t) for t in tones))
    return "".join(parts)


def title_sort_key(text: str) -> str:
    """Like `name_sort_key` but words in their written order: for names of units and models."""
    parts = []
    for word in nfc(text).split(" "):
        if not word:
            continue
        ranks, tones = word_key(word)
        parts.append("".join(f"{r + 10:02d}" if r < 89 else "99" for r in ranks))
        parts.append("00" + "".join(str(t) for t in tones))
    return "".join(parts)

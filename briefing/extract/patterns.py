"""Writing patterns that Python's ``re`` can scan quickly.

``re.search`` skips ahead in C to the characters a pattern can start with, but only when the
pattern *starts* with a character set and is case-sensitive. A pattern that opens with ``\\b``, a
look-behind, an alternation of words, or that is compiled with ``re.I``, is instead tried at every
position of the text, several times slower. ``any_word`` writes ``\\b(?:said|told|…)\\b`` so that
it starts with the set of first letters, and checks the word boundary behind that letter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable


def any_word(alternatives: Iterable[str], *, ignore_case: bool = False, whole: bool = True,
             symbols: str = "") -> str:
    r"""A pattern matching what ``\b(?:alt1|alt2|…)\b`` matches (``whole=False``: no ``\b`` after),
    or any one of ``symbols``, written to start with a character set.

    Each alternative is a regular expression that starts with a letter or digit, taken
    literally. With ``ignore_case`` the result is still compiled without ``re.I`` (which would
    hide the first character from ``re``'s skip-ahead); the letters are matched in either case.
    """
    firsts, branches = by_first_letter(alternatives, ignore_case=ignore_case)
    words = f"(?<![\\w].){'(?i:' if ignore_case else '(?:'}{branches})" + (r"(?!\w)" if whole else "")
    if symbols:
        return f"[{re.escape(symbols)}{firsts}](?:(?<=[{re.escape(symbols)}])|{words})"
    return f"[{firsts}]{words}"


def by_first_letter(alternatives: Iterable[str], *, ignore_case: bool = False) -> tuple[str, str]:
    """Alternatives grouped by their first letter, for a pattern that has just matched that letter:
    (the first letters, for a character set; ``(?<=a)(?:rest|rest…)|(?<=b)(?:…)``). The order of
    the alternatives is kept within each letter, so the same one wins. With ``ignore_case`` the
    branches are meant for a ``(?i:…)`` group, and the letters are every character ``re.I``
    matches them with: "i" also brings "I", "İ" and "ı"."""
    grouped: dict[str, list[str]] = {}
    for alternative in alternatives:
        first = alternative[0]
        if not first.isalnum() or ord(first) > 0xFFFF:
            raise ValueError(f"{alternative!r} does not start with a letter or digit")
        key = (_ASCII_FOLD.get(first) or first.lower()[0]) if ignore_case else first
        grouped.setdefault(key, []).append(alternative[1:])
    letters = sorted({c for k in grouped for c in (same_letter(k) if ignore_case else k)})
    branches = "|".join(f"(?<={re.escape(c)})(?:{'|'.join(rests)})" for c, rests in grouped.items())
    return "".join(letters), branches


# Characters re.I matches with an ASCII letter besides its two cases ("İ".lower() is two characters,
# so it is mapped here too). tests/test_fast_patterns.py checks this against re on every character.
_ASCII_FOLDS = {"i": "İı", "s": "ſ", "k": "\u212a"}
_ASCII_FOLD = {c: letter for letter, folds in _ASCII_FOLDS.items() for c in folds}


@functools.cache
def same_letter(letter: str) -> str:
    """Every character ``re.I`` matches a lower-case letter with: "i" -> "iIİı"."""
    if letter.isascii():
        return letter + letter.upper() + _ASCII_FOLDS.get(letter, "")
    rx = re.compile(re.escape(letter), re.I)  # rare (a keyword starting with "é"): ask re itself
    return "".join(c for c in map(chr, range(0x10000)) if rx.fullmatch(c))


def tail_start(text: str, groups: int) -> int:
    r"""Where to start searching ``text`` for a pattern of at most ``groups`` trailing
    "word, whitespace" groups (``((?:\w+\s+){1,groups})$``) so as to find what a search from 0
    finds, without trying every position of a long text.

    Each group's whitespace is a whole run of it, so a match holds as many runs as groups; a
    search can start past the runs before the last ``groups + 1``.
    """
    parts = text.rsplit(None, groups + 1)
    return len(parts[0]) if len(parts) == groups + 2 else 0


_ASCII_WORD = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=4096)  # several extractors ask about the same sentence
def words_of(text: str) -> frozenset[str]:
    r"""The lower-case ASCII words of a sentence, for a first test before a pattern of whole words:
    if ``\bdozen\b`` matches (in any case), "dozen" is among them. One pass over the sentence
    serves every extractor, where each pattern would scan it again."""
    lower = text.lower()
    if not lower.isascii() and _FOLDED.search(lower):
        # re.I also matches "i" with "İ" (lower-cased to "i" and a combining dot) and "ı", and
        # "s" with "ſ": spell them as the ASCII letter, or the word would be cut in two.
        lower = lower.replace("i\u0307", "i").translate(_TO_ASCII)
    return frozenset(_ASCII_WORD.findall(lower))


_FOLDED = re.compile("[\u0307ıſ]")
_TO_ASCII = str.maketrans({"ı": "i", "ſ": "s"})

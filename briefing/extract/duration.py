"""Durations: "six years", "a two-day trip", "three months after", "over a decade"."""

from __future__ import annotations

import re

from .base import Mention
from .numbers import (
    DIGITS,
    NUMBER_WORD,
    as_number,
    find_qualified,
    number_lead,
    qualifier_of,
    range_start,
)
from .patterns import any_word, words_of

UNITS = r"years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries|century"
# (?<![\w.,$€£¥-])(?P<num>{DIGITS}|{NUMBER_WORD}|(?<=\s)an?(?=\s)) … in any case, written to start
# with a character set (numbers.number_lead).
_NOT_AFTER, _A = r"\w.,$€£¥-", [r"a(?<=\s.)n?(?=\s)"]  # "a", "an" only between spaces
# "one to two years" is read from its lower bound; "81 years old" is an age, not a length of time.
_AFTER_NUMBER = (rf"(?i:(?:\s?(?:-|–|to)\s?(?P<num2>{DIGITS}|{NUMBER_WORD}))?[\s-](?P<unit>{UNITS})\b(?!-old)"
                 r"(?!\s+(?:high|low|record|bonds?|notes?|yields?|treasur(?:y|ies)|gilts?|bunds?|anniversary|old)\b))")
# "older than 25 years", "aged 40 years": ages.
_AGE_BEFORE = re.compile(r"\b(?:older|younger)\s+than\s+$|\baged?\s+$", re.I)
DURATION = re.compile(rf"(?P<num>{number_lead(_NOT_AFTER, _A)}){_AFTER_NUMBER}")
_UNIT_WORDS = frozenset(re.sub(r"(\w+)s\?", r"\1|\1s", UNITS).split("|"))  # years, year, months…
PLURAL = {"century": "centuries"}
_EXTENT_BEFORE = re.compile(r"\b(?:in|for|within|after|during)\s+$", re.I)


# \b(?:years?|months?|…)\b in any case, written so that re can skip to the candidate letters.
HINT = re.compile(any_word(UNITS.split("|"), ignore_case=True))


def extract_duration(text: str) -> list[Mention]:
    """Find every stated length of time in a sentence."""
    if _UNIT_WORDS.isdisjoint(words_of(text)) or not HINT.search(text):
        return []
    out = []
    for m in find_qualified(DURATION, text):
        raw = m.group("num")
        start, ranged = m.start(), False
        if raw.lower() in ("a", "an"):
            if not m.group("qual") and not _EXTENT_BEFORE.search(text, max(0, m.start() - 32), m.start()):
                continue  # "a year earlier" is not a figure; "over a decade", "in a decade" are
            number: float | None = 1.0
        else:
            number, start, ranged = range_start(m, text)
        if not number or _AGE_BEFORE.search(text, max(0, start - 32), start):
            continue
        unit = m.group("unit").lower()
        unit = PLURAL.get(unit, unit if unit.endswith("s") or unit == "centuries" else unit + "s")
        qualifier = "at_least" if ranged else qualifier_of(m.group("qual")) if start == m.start() else "exact"
        out.append(Mention("duration", as_number(number), unit, qualifier, start, m.end(), text[start:m.end()]))
    return out

"""Percentages: "9%", "approximately 40%", "40 percent", "12 per cent", "nearly a quarter of"."""

from __future__ import annotations

import re

from .base import Mention
from .numbers import (
    DIGITS,
    NUMBER_WORD,
    as_number,
    find_qualified,
    hedged,
    number_lead,
    qualifier_of,
    range_start,
)
from .patterns import any_word

# (?<![\w.,$€£¥-])(?P<num>{DIGITS}|{NUMBER_WORD}) … in any case, written to start with a character
# set (numbers.number_lead).
_NOT_AFTER = r"\w.,$€£¥-"
_RANGE = rf"(?i:\s?(?:-|–|-?to-?)\s?(?P<num2>{DIGITS}|{NUMBER_WORD}))?"  # "2–3 per cent": from 2
_AFTER_NUMBER = (rf"{_RANGE}(?i:\s?(?:%|percent\b|per\s?cent\b|pct\b)|\s+(?P<points>percentage points?)\b"
                 r"|\s?(?P<basis>basis[\s-]points?|bps|bp)\b)")
PERCENT = re.compile(rf"(?P<num>{number_lead(_NOT_AFTER)}){_AFTER_NUMBER}")
FRACTIONS = {"a quarter": 25.0, "one quarter": 25.0, "a third": 100 / 3, "one third": 100 / 3,
             "half": 50.0, "one half": 50.0, "two thirds": 200 / 3, "two-thirds": 200 / 3,
             "three quarters": 75.0, "three-quarters": 75.0, "a fifth": 20.0, "one fifth": 20.0}
_FRACS = "|".join(sorted(FRACTIONS, key=len, reverse=True))
# "a quarter of the market", "rose by nearly a third", "a quarter of a percentage point".
FRACTION = re.compile(
    rf"\b(?P<frac>{_FRACS})"
    r"(?P<point>\s+of\s+a\s+(?:percentage\s+)?point\b)?",
    re.I,
)
_BY_BEFORE = re.compile(r"\bby\s+$", re.I)
_OF_AFTER = re.compile(r"\s*of ", re.I)


# %|\bp(?:er\s?)?c(?:en)?t|\b(?:half|quarters?|thirds?|fifths?)\b in any case, written so that re
# can skip to the candidate characters.
HINT = re.compile(any_word(["p(?:er\\s?)?c(?:en)?t", "basis", "bps?(?!\\w)", "half(?!\\w)", "quarters?(?!\\w)", "thirds?(?!\\w)",
                            "fifths?(?!\\w)"], ignore_case=True, whole=False, symbols="%"))


def extract_percent(text: str) -> list[Mention]:
    """Find every percentage (and share stated as a fraction) in a sentence."""
    if not HINT.search(text):
        return []
    out = []
    for m in find_qualified(PERCENT, text):
        number, start, ranged = range_start(m, text)
        if number is None:
            continue
        unit = "percentage points" if m.group("points") or m.group("basis") else "%"
        if m.group("basis"):
            number /= 100  # 50 basis points are half a percentage point
        qualifier = "at_least" if ranged else hedged(text, start, qualifier_of(m.group("qual")) if start == m.start() else "exact")
        out.append(Mention("percent", as_number(number), unit, qualifier, start, m.end(), text[start:m.end()]))
    for m in find_qualified(FRACTION, text):
        value = FRACTIONS[m.group("frac").lower()]
        qualifier = qualifier_of(m.group("qual"))
        if m.group("point"):  # a quarter of a percentage point is 0.25 points
            out.append(Mention("percent", as_number(value / 100), "percentage points", qualifier,
                               m.start(), m.end(), m.group()))
            continue
        followed_by_of = _OF_AFTER.match(text, m.end()) is not None
        if not followed_by_of and not _BY_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue  # "half an hour", "a third party": not a share of anything
        # A fraction is a rounded figure even when stated flatly.
        out.append(Mention("percent", as_number(round(value, 2)), "%",
                           "about" if qualifier == "exact" else qualifier,
                           m.start(), m.end(), m.group()))
    return out

"""Percentages: "9%", "approximately 40%", "40 percent", "12 per cent", "nearly a quarter of"."""

from __future__ import annotations

import re

from .base import Mention
from .numbers import DIGITS, NUMBER_WORD, QUALIFIER, as_number, parse_number, qualifier_of

PERCENT = re.compile(
    rf"(?:\b(?P<qual>{QUALIFIER})\s+)?(?<![\w.,$€£¥-])(?P<num>{DIGITS}|{NUMBER_WORD})"
    rf"(?:\s?(?:%|percent\b|per\s?cent\b|pct\b)|\s+(?P<points>percentage points?)\b)",
    re.I,
)
FRACTIONS = {"a quarter": 25.0, "one quarter": 25.0, "a third": 100 / 3, "one third": 100 / 3,
             "half": 50.0, "one half": 50.0, "two thirds": 200 / 3, "two-thirds": 200 / 3,
             "three quarters": 75.0, "three-quarters": 75.0, "a fifth": 20.0, "one fifth": 20.0}
FRACTION = re.compile(
    rf"(?:\b(?P<qual>{QUALIFIER})\s+)?\b(?P<frac>{'|'.join(sorted(FRACTIONS, key=len, reverse=True))})\s+of\b",
    re.I,
)


HINT = re.compile(r"%|\bp(?:er\s?)?c(?:en)?t|\bpercentage|\b(?:half|quarters?|thirds?|fifths?)\b", re.I)


def extract_percent(text: str) -> list[Mention]:
    """Find every percentage (and share stated as a fraction) in a sentence."""
    if not HINT.search(text):
        return []
    out = []
    for m in PERCENT.finditer(text):
        number = parse_number(m.group("num"))
        if number is None:
            continue
        unit = "percentage points" if m.group("points") else "%"
        out.append(Mention("percent", as_number(number), unit, qualifier_of(m.group("qual")),
                           m.start(), m.end(), m.group()))
    for m in FRACTION.finditer(text):
        value = FRACTIONS[m.group("frac").lower()]
        qualifier = qualifier_of(m.group("qual"))
        # A fraction is a rounded figure even when stated flatly.
        out.append(Mention("percent", as_number(round(value, 1)), "%",
                           "about" if qualifier == "exact" else qualifier,
                           m.start(), m.end() - 3, m.group()[:-3]))
    return out

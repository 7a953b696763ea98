"""Figures: whether facts giving figures can all be true, and how a figure is shown.

Part of the compose stage (see ``briefing.claims``): "about 40" allows 36 to 44, "more than 30"
allows 37, and "$4.2 billion (2022)" is how the key-facts table writes a money fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Fact

ABOUT = 0.1  # "about 40" allows 36 to 44


def _allows(fact: Fact, x: float) -> bool:
    """Could the true figure be x, given what this fact says?"""
    return _allows_figure(float(fact.value), fact.qualifier, x)


def _allows_figure(v: float, qualifier: str, x: float) -> bool:
    """Could the true figure be x, given a figure v with its qualifier ("more than 30")?"""
    return {
        "exact": abs(x - v) <= 0.005 * abs(v), "about": abs(x - v) <= ABOUT * abs(v),
        "more_than": x > v, "at_least": x >= v, "less_than": x < v, "up_to": x <= v,
    }[qualifier]


def consistent(facts: Sequence[Fact]) -> bool:
    """Can one figure satisfy every fact? Exact figures are the candidates; with none, any bound."""
    numeric = [f for f in facts if isinstance(f.value, (int, float))]
    if len({display_value(f) for f in numeric}) <= 1:
        return True
    # Each distinct figure once: a thousand sources giving "37" are one test, not a thousand.
    stated = _distinct(numeric)
    candidates = dict.fromkeys([float(v) for v, q in stated if q == "exact"] or
                               [float(v) * k for v, _ in stated for k in (0.9, 1.0, 1.0001, 1.1)])
    return any(all(_allows_figure(v, q, x) for v, q in stated) for x in candidates)


def _distinct(facts: Sequence[Fact]) -> list[tuple[float, str]]:
    """The distinct (figure, qualifier) pairs of numeric facts, in order."""
    return list(dict.fromkeys((float(f.value), f.qualifier) for f in facts))


def sources_agree(facts: Sequence[Fact]) -> bool:
    """Can one figure be right for every source? A source agrees with a figure when any of its
    facts allows it: one article giving the proposal and the outcome is not a disagreement."""
    numeric = [f for f in facts if isinstance(f.value, (int, float))]
    by_source: dict[str, list[Fact]] = {}
    for f in numeric:
        by_source.setdefault(f.evidence[0].source, []).append(f)
    if len(by_source) <= 1 or consistent(numeric):
        return True
    # Sources giving the same figures are one test; each candidate figure is tried once.
    profiles = dict.fromkeys(tuple(_distinct(mine)) for mine in by_source.values())
    candidates = dict.fromkeys(v * k for v, q in _distinct(numeric)
                               for k in ((1.0,) if q == "exact" else (0.9, 1.0, 1.0001, 1.1)))
    return any(all(any(_allows_figure(v, q, x) for v, q in mine) for mine in profiles) for x in candidates)


QUALIFIER_WORDS = {
    "exact": "", "about": "about ", "at_least": "at least ", "more_than": "more than ",
    "less_than": "less than ", "up_to": "up to ",
}
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_QUOTE_MARKS = re.compile(r"[“”\"]")


def display_value(fact: Fact) -> str:
    """A fact's value as the table shows it: '$4.2 billion (2022)', 'more than 30 agreements'."""
    shown = _display_value(fact)
    return f"{shown} ({fact.year})" if fact.year else shown


def _display_value(fact: Fact) -> str:
    qualifier = QUALIFIER_WORDS[fact.qualifier]
    if fact.kind == "money" and isinstance(fact.value, (int, float)):
        sign = CURRENCY_SIGNS.get(fact.unit or "")
        amount = _scaled(float(fact.value))
        return f"{qualifier}{sign}{amount}" if sign else f"{qualifier}{amount} {fact.unit or ''}".rstrip()
    if fact.kind == "count" and re.match(r"(?i)dozens|hundreds", fact.text):
        return _QUOTE_MARKS.sub("", fact.text)  # a vague count is shown as written, not as a figure
    if fact.kind in ("count", "duration") and isinstance(fact.value, (int, float)):
        unit = (fact.unit or "").removesuffix("s") if fact.value == 1 else fact.unit or ""
        return f"{qualifier}{_plain(float(fact.value))} {unit}".rstrip()
    if fact.kind == "percent" and isinstance(fact.value, (int, float)):
        return f"{qualifier}{_plain(float(fact.value))}%"
    return f"{qualifier}{fact.value}"


def _plain(number: float) -> str:
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}".rstrip("0").rstrip(".")


def _scaled(number: float) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if number >= scale:
            return f"{_plain(number / scale)} {word}"
    return _plain(number)

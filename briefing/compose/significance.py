"""Significance: how much a sentence tells an analyst, so the brief shows the sentences that matter.

A sentence scores for the claims it states and how many independent sources state them, for
stating a key fact, for the people and organisations it names, for reporting what happened rather
than previewing it, and for its sources' reliability. A sentence that leans on the one before
("It", "These", "However") cannot stand alone, and a sentence with no fact, figure, named party
or attributed view is filler. Every rule reads one sentence: no sentence is compared with another.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Claim, Fact, Source
from .statements import Statement, dateline

__all__ = ["caption", "dangling", "dateline", "forecast", "names", "outcome", "significance"]

# First words that point back to the sentence before: the line cannot stand alone.
_DANGLING = re.compile(
    r"^(?:[“\"‘']\s*)?(?:It|Its|This|These|Those|That|They|Their|Them|He|She|His|Her|Such|Both|"
    r"Additionally|However|Moreover|Furthermore|Also|Meanwhile|But|And|Or|So|Yet|Still|Thus|Hence|"
    r"Therefore|Nonetheless|Nevertheless|Instead|Similarly|Likewise|Otherwise|Besides|Again|Then|"
    r"Another|Other|In addition|In turn|As a result|As such|On the other hand|At the same time|"
    r"Despite this|Even so|The (?:paper|newspaper|report|agency|outlet|statement|article|publication|"
    r"latter|former|move|same))\b")
# Words that preview or forecast rather than report: the event has not happened (yet).
_FORECAST = re.compile(
    r"\b(?:will|won['’]t|would|shall|may|might|could|is (?:expected|set|due|likely|poised|slated|"
    r"scheduled) to|are (?:expected|set|due|likely|poised|slated|scheduled) to|expected to|"
    r"(?:is|are|was|were) (?:reportedly )?anticipated|plans? to|planning to|aims? to|intends? to|"
    r"seeks? to|hopes? to|expects?|expecting|forecasts?|predicts?|projected|upcoming|"
    r"next (?:week|month|year))\b", re.I)
# Verbs that report what was done (a closed list, so no past tense is guessed from "-ed" alone).
_OUTCOME = re.compile(
    r"\b(?:signed|announced|agreed|reached|met|held|approved|adopted|launched|opened|closed|"
    r"concluded|completed|declared|elevated|upgraded|pledged|committed|won|lost|voted|elected|"
    r"passed|rejected|accepted|acquired|bought|sold|raised|cut|fell|rose|grew|increased|"
    r"decreased|released|issued|ended|began|started|arrived|visited|embarked|enumerated|"
    r"established|set up|reported|confirmed|unveiled|awarded|fined|charged|killed|struck)\b", re.I)
# A name: a capitalised word not opening the sentence ("Reuters", "Pham Minh Chinh", "Co.").
_NAME = re.compile(r"(?<=[\s(“\"‘])(?:[A-Z][\w’'&.-]*[a-z0-9][\w’'&.-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w’'&.-]+|of|and|for|the)){0,5}")
_LOWER_JOIN = re.compile(r"(?:\s+(?:of|and|for|the))+$")


# A photo caption left in the text: "The minister [second from left] attends a meeting…".
_CAPTION = re.compile(r"[\[(](?:(?:second|third|far|top|bottom|front|back)\s+)?(?:from\s+)?"
                      r"(?:left|right|centre|center|L|R|C)[\])]", re.I)


def caption(text: str) -> bool:
    """A photo caption that ingest left in the text (a position in brackets)."""
    return bool(_CAPTION.search(text))


def dangling(text: str) -> bool:
    """A sentence whose first words lean on the one before it."""
    return bool(_DANGLING.match(text))


def forecast(text: str) -> bool:
    """A sentence that previews or forecasts rather than reports."""
    return bool(_FORECAST.search(text))


def outcome(text: str) -> bool:
    """A sentence that reports something done."""
    return bool(_OUTCOME.search(text)) and not forecast(text)


def names(text: str) -> int:
    """How many names of people, organisations and places the sentence gives."""
    return len({_LOWER_JOIN.sub("", m.group(0)) for m in _NAME.finditer(text)})


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each property of a sentence counts."""

    claim: float = 1.0
    """Per claim stated, times the claim's independent sources (at most 4)."""
    key_fact: float = 3.0
    """For stating a key fact's claim."""
    figure: float = 1.0
    """Per figure stated (money, count, percentage, duration)."""
    source: float = 1.0
    """Per source beyond the first that states the sentence."""
    name: float = 0.5
    """Per name given (at most 4)."""
    outcome: float = 1.5
    """For reporting what was done."""
    forecast: float = -2.0
    """For a preview or forecast."""
    filler: float = -4.0
    """For no fact, figure, named party or attributed view."""
    background: float = -1.5
    """For recalling an earlier year ("his previous visit in 2017") and nothing more recent."""


RELIABILITY = {"A": 1.0, "B": 0.5, "C": 0.0, "D": -1.0, "E": -2.0, "F": 0.0}


def significance(statements: Sequence[Statement], facts: Sequence[Fact], claims: Sequence[Claim],
                 statement_of: dict[tuple[str, int], int], weights: Weights = Weights(),
                 year: int | None = None) -> list[float]:
    """The score of every statement, by index: one pass over the facts, one over the statements.
    ``year`` is the briefing's: a sentence dated only to years before the last is background."""
    claim_of_fact = {fid: c for c in claims for fid in c.facts}
    stated: dict[int, dict[str, Claim]] = {}
    figures: dict[int, int] = {}
    quoted: set[int] = set()
    latest: dict[int, int] = {}
    for f in facts:
        index = statement_of.get((f.evidence[0].source, f.evidence[0].start))
        if index is None:
            continue
        if f.kind == "date" and isinstance(f.value, str) and f.value[:4].isdigit():
            latest[index] = max(latest.get(index, 0), int(f.value[:4]))
        if f.kind == "quote":
            quoted.add(index)
        elif f.kind != "date":
            figures[index] = figures.get(index, 0) + 1
        claim = claim_of_fact.get(f.id)
        if claim is not None:
            stated.setdefault(index, {})[claim.id] = claim
    scores = []
    for index, statement in enumerate(statements):
        text = statement.text
        mine = stated.get(index, {})
        named = names(text)
        score = sum(weights.claim * min(c.independent, 4.0) for c in mine.values())
        score += weights.key_fact * any(c.key_fact for c in mine.values())
        score += weights.figure * figures.get(index, 0)
        score += weights.source * (len({s.id for s, _ in statement.members}) - 1)
        score += weights.name * min(named, 4)
        score += weights.outcome if outcome(text) else weights.forecast if forecast(text) else 0.0
        if not mine and not figures.get(index) and not named and index not in quoted:
            score += weights.filler
        if year is not None and index in latest and latest[index] < year - 1:
            score += weights.background
        score += _reliability([s for s, _ in statement.members])
        scores.append(score)
    return scores


def _reliability(sources: Sequence[Source]) -> float:
    rated = [RELIABILITY[s.reliability] for s in sources if s.reliability in RELIABILITY]
    return max(rated) if rated else 0.0

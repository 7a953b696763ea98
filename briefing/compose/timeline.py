"""The timeline: dated statements in date order."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..claims import cite
from ..models import MONTH_NAMES, Claim, Fact, Line, TimelineEntry
from .significance import dangling, forecast
from .statements import Statement, dateline

TIMELINE_MAX = 12
TIMELINE_PER_DATE = 3



def readable_date(iso: str) -> str:
    """2023-12-12 -> 12 December 2023; 2023-09 -> September 2023; 2022 -> 2022."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return iso


def timeline(facts: Sequence[Fact], statements: Sequence[Statement],
             statement_of: dict[tuple[str, int], int], claims: Sequence[Claim] = (),
             scores: Sequence[float] | None = None) -> list[TimelineEntry]:
    """Events in date order: one entry per event and date, citing every source that dates it.

    Each dated sentence counts at the most precise date it gives. Sentences dated to the same day
    that state the same claims with the same figures are one event (a source that gives another
    figure is not cited for a sentence it contradicts), and so are the sentences dated only to the same
    month or year (the background a story recalls: "the minister's visit in May"); the entry
    shows the sentence that reports what happened rather than previews it, the most significant
    one among equals, and cites the others beside it. A year used for a statistic ("from 9 % in
    1994") is no event, nor a forecast for a month or year, nor a sentence that leans on the one
    before it (a preview of a given day stays, below any report of that day). At most
    TIMELINE_PER_DATE entries for one date, and days before months and years when there are
    more than TIMELINE_MAX.
    """
    score = scores if scores is not None else [0.0] * len(statements)
    claim_of_fact = {fid: c.id for c in claims for fid in c.facts}
    stated: dict[int, set[tuple[str, str]]] = {}
    figures: dict[int, set[int | None]] = {}
    for f in facts:
        index = statement_of.get((f.evidence[0].source, f.evidence[0].start))
        if index is None:
            continue
        if f.id in claim_of_fact:  # the claim and the figure this sentence gives it: "17 injured"
            stated.setdefault(index, set()).add((claim_of_fact[f.id], str(f.value)))
        if f.kind in _FIGURES:
            figures.setdefault(index, set()).add(f.year)
    best: dict[int, tuple[str, Fact]] = {}
    for f in facts:
        if f.kind != "date" or not isinstance(f.value, str):
            continue
        index = statement_of.get((f.evidence[0].source, f.evidence[0].start))
        if index is None or len(statements[index].text.split()) > 70:
            continue
        if index not in best or len(f.value) > len(best[index][0]):
            best[index] = (f.value, f)
    # Group by a key, never sentence against sentence: (day, claims stated), or (month or year).
    groups: dict[tuple[str, frozenset[tuple[str, str]] | int], list[int]] = {}
    for index, (iso, _) in best.items():
        if len(iso) == 4 and (int(iso) in figures.get(index, ()) or _STATISTIC.search(statements[index].text)):
            continue  # the year of a figure, not of an event
        if len(iso) < 10 and forecast(statements[index].shown):
            continue  # "growth will slow in 2025": a forecast for a month or year, no event
        key: frozenset[tuple[str, str]] | int = frozenset(stated[index]) if stated.get(index) else index
        groups.setdefault((iso, key if len(iso) == 10 else 0), []).append(index)
    entries: list[tuple[str, float, int, Line]] = []
    for (iso, _), members in groups.items():
        shown = [i for i in members if not dangling(statements[i].shown)]
        if not shown:
            continue
        lead = max(shown, key=lambda i: (not forecast(statements[i].shown), score[i], -i))
        # The lead sentence in the words of a source that dates it, then each other source that
        # dates the event, once, by its own sentence.
        dated = _dated(facts)
        src, sentence = next(((src, s) for src, s in statements[lead].members if (src.id, s.start, iso) in dated),
                             statements[lead].members[0])
        cut = dateline(sentence.text)
        text = sentence.text[cut:]
        cites = {src.id: cite(src, sentence.start + cut, sentence.end)}
        for i in [lead, *sorted(members)]:
            for other, s in statements[i].members:
                if other.id not in cites and (i == lead or (other.id, s.start, iso) in dated):
                    cites[other.id] = cite(other, s.start, s.end)
        reported = not forecast(statements[lead].shown)
        entries.append((iso, score[lead] + (3.0 if reported else 0.0), lead,
                        Line(text, tuple(sorted(cites.values(), key=lambda c: c.number)))))
    ranked = sorted(entries, key=lambda e: (-len(e[0]), -e[1], e[2]))
    per_date: dict[str, int] = {}
    chosen: list[tuple[str, int, Line]] = []
    for iso, _, lead, line in ranked:
        if per_date.get(iso, 0) < TIMELINE_PER_DATE and len(chosen) < TIMELINE_MAX:
            per_date[iso] = per_date.get(iso, 0) + 1
            chosen.append((iso, lead, line))
    chosen.sort(key=lambda item: (item[0], item[1]))
    return [TimelineEntry(iso, readable_date(iso), line) for iso, _, line in chosen]


_FIGURES = ("money", "count", "percent")
# A figure for a year: "9% of total imports in 1994", "up from 61 percent … in 2020".
_STATISTIC = re.compile(r"\d\s?%|\bper ?cent\b", re.I)
_DATED_CACHE: dict[int, tuple[Sequence[Fact], set[tuple[str, int, str]]]] = {}


def _dated(facts: Sequence[Fact]) -> set[tuple[str, int, str]]:
    """(source, sentence start, date) of every date fact, made once per list of facts."""
    known = _DATED_CACHE.get(id(facts))
    if known is None or known[0] is not facts:
        _DATED_CACHE.clear()
        known = (facts, {(f.evidence[0].source, f.evidence[0].start, str(f.value))
                         for f in facts if f.kind == "date"})
        _DATED_CACHE[id(facts)] = known
    return known[1]

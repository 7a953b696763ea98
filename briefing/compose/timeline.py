"""The timeline: dated statements in date order."""

from __future__ import annotations

from collections.abc import Sequence

from ..claims import cite
from ..models import Fact, Line, TimelineEntry
from .statements import Statement

TIMELINE_MAX = 12
TIMELINE_PER_DATE = 3
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def readable_date(iso: str) -> str:
    """2023-12-12 -> 12 December 2023; 2023-09 -> September 2023; 2022 -> 2022."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return iso


def timeline(facts: Sequence[Fact], statements: Sequence[Statement],
             statement_of: dict[tuple[str, int], int]) -> list[TimelineEntry]:
    """Dated statements in date order. Each sentence appears once, at the most precise date it
    gives, in the words of the source that dates it; at most TIMELINE_PER_DATE for one date,
    and days before months and years when there are more than fit."""
    best: dict[int, tuple[str, Fact]] = {}
    for f in facts:
        if f.kind != "date" or not isinstance(f.value, str):
            continue
        index = statement_of.get((f.evidence[0].source, f.evidence[0].start))
        if index is None or len(statements[index].text.split()) > 70:
            continue
        if index not in best or len(f.value) > len(best[index][0]):
            best[index] = (f.value, f)
    ranked = sorted(best.items(), key=lambda item: (-len(item[1][0]), item[1][0], item[0]))
    per_date: dict[str, int] = {}
    chosen: list[tuple[str, int, Fact]] = []
    for index, (iso, f) in ranked:
        if per_date.get(iso, 0) < TIMELINE_PER_DATE and len(chosen) < TIMELINE_MAX:
            per_date[iso] = per_date.get(iso, 0) + 1
            chosen.append((iso, index, f))
    chosen.sort(key=lambda item: (item[0], item[1]))
    dated = {(f.evidence[0].source, f.evidence[0].start, f.value) for f in facts if f.kind == "date"}
    entries = []
    for iso, index, f in chosen:
        # The sentence that gives the date, cited with every near-duplicate that gives it too.
        cites = tuple(cite(src, s.start, s.end) for src, s in statements[index].members
                      if (src.id, s.start, iso) in dated)
        entries.append(TimelineEntry(iso, readable_date(iso), Line(f.evidence[0].quote, cites)))
    return entries



"""Compose rules: when figures agree, when they conflict, how near-duplicates merge."""

from __future__ import annotations

import pytest

from briefing.compose import near_duplicates
from briefing.figures import consistent
from briefing.models import Evidence, Fact


def fact(value: float, qualifier: str = "exact", unit: str = "deals") -> Fact:
    return Fact("F", "count", value, unit, qualifier, str(value), (Evidence("S1", 0, 1, "x"),))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "agree"),
    [
        ([fact(37), fact(30, "more_than"), fact(24, "at_least")], True),   # 37 satisfies both bounds
        ([fact(37), fact(40, "more_than")], False),
        ([fact(37), fact(36)], False),                                      # two exact figures
        ([fact(30, "more_than"), fact(50, "less_than")], True),             # some figure fits both
        ([fact(30, "more_than"), fact(20, "up_to")], False),
        ([fact(40, "about"), fact(42)], True),
        ([fact(40, "about"), fact(60)], False),
        ([fact(12)], True),
    ],
)
def test_consistent(facts: list[Fact], agree: bool) -> None:
    assert consistent(facts) is agree


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The council approved a levy of $12 million on Monday, the mayor's office said.",
         "The council approved a levy of $12 million on Monday, the mayor’s office said.", True),
        # Same words, different figure: a disagreement to show, never to merge away.
        ("The council approved a levy of $12 million on Monday.",
         "The council approved a levy of $14 million on Monday.", False),
        ("The council approved a levy on Monday.", "Shipping firms opposed the plan all year.", False),
    ],
)
def test_near_duplicates(a: str, b: str, same: bool) -> None:
    assert near_duplicates(a, b) is same


def test_timeline_orders_dated_sentences_and_cites_only_what_gives_the_date() -> None:
    from briefing.compose import compose
    from briefing.config import load_config
    from briefing.extract import extract
    from briefing.ingest import ingest

    from .conftest import FIXTURES

    cfg = load_config(FIXTURES / "election" / "config.yaml")
    sources = ingest(cfg)
    briefing = compose(cfg, sources, extract(sources, cfg))
    entries = [(e.iso, e.line.text[:40], [c.number for c in e.line.citations]) for e in briefing.timeline]
    assert [iso for iso, _, _ in entries] == sorted(iso for iso, _, _ in entries)
    # "on Sunday" in two outlets, resolved against their dates; "Friday, November 8" as written.
    assert ("2024-11-03", "The Harbour Party won 52 of the 90 seats", [1, 2]) in entries
    # "We will start on Monday", said on a Monday: the next Monday, after the swearing-in.
    assert entries[-2:] == [("2024-11-08", "The new government is expected to be swo", [3]),
                            ("2024-11-11", '"We will start on Monday."', [1])]
    texts = {s.id: s.text for s in sources}
    for e in briefing.timeline:
        first = e.line.citations[0]
        assert texts[first.source][first.start:first.end] == e.line.text  # verbatim, its own source

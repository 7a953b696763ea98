"""Reading rules: what an analyst checks on any brief, run on every corpus in the project.

The brief fits two pages; no line leans on a sentence that is not shown; no sentence is said
twice; no dateline is shown; each key fact's sentence is there; the timeline holds events, not
the years of a statistic. The word lists here are the tests' own, not the engine's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.config import load_config
from briefing.extract.topics import TopicMatcher
from briefing.models import Briefing, Line
from briefing.pipeline import BuildResult, build

from .conftest import FIXTURES, SEED_CONFIG

CORPORA = {
    "seeds": SEED_CONFIG,
    "mini": FIXTURES / "mini" / "config.yaml",
    "election": FIXTURES / "election" / "config.yaml",
    "news": Path(__file__).resolve().parent / "gold" / "news" / "config.yaml",
}

LEANING = re.compile(r"^(?:It|This|These|Those|They|Additionally|However|Moreover|Also|But|The paper|"
                     r"The newspaper|The report)\b")
DATELINE = re.compile(r"^[A-Z]{3,}(?: [A-Z]{3,})*(?: \([^)]*\))?\s*[:—–-]\s")
STATISTIC = re.compile(r"%|\bper ?cent\b|\bfrom [^.]{0,40}\bin (?:19|20)\d\d\b", re.I)


@pytest.fixture(scope="module", params=sorted(CORPORA))
def brief(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, BuildResult]:
    """Each corpus built as shipped: the brief, then the annex."""
    name = request.param
    out = tmp_path_factory.mktemp(f"brief-{name}")
    return name, build(load_config(CORPORA[name]), out, ["pdf"])


def brief_lines(briefing: Briefing) -> list[Line]:
    """Every source line the brief shows."""
    return [*briefing.key_points, *(line for s in briefing.brief_sections for line in s.lines)]


def test_the_brief_fits_two_pages(brief: tuple[str, BuildResult]) -> None:
    """The annex starts on page 2 or 3, so the brief is one or two pages; alone, it is too."""
    name, result = brief
    assert result.warnings == [], name
    reader = PdfReader(result.outputs["pdf"])
    annex = next(item for item in reader.outline if not isinstance(item, list) and item.title == "Annex")
    assert 1 <= reader.get_destination_page_number(annex) <= 2, name
    alone = build(replace(load_config(CORPORA[name]), annex="none"),
                  result.outputs["pdf"].parent / "alone", ["pdf"])
    assert 1 <= alone.pages <= 2 and alone.warnings == [], name


def test_no_line_leans_on_a_sentence_not_shown(brief: tuple[str, BuildResult]) -> None:
    name, result = brief
    leaning = [line.text for line in brief_lines(result.briefing) if LEANING.match(line.text)]
    assert leaning == [], name


def test_no_sentence_twice_in_the_brief(brief: tuple[str, BuildResult]) -> None:
    name, result = brief
    lines = brief_lines(result.briefing)
    texts = [" ".join(line.text.split()) for line in lines]
    assert len(texts) == len(set(texts)), name
    # Nor the same source sentence under another line's words (a near-duplicate).
    cited = [(c.source, c.start) for line in lines for c in line.citations]
    assert len(cited) == len(set(cited)), name


def test_no_dateline_is_shown(brief: tuple[str, BuildResult]) -> None:
    name, result = brief
    assert [line.text for line in brief_lines(result.briefing) if DATELINE.match(line.text)] == [], name


def test_each_shown_line_is_its_source_text_at_its_offsets(brief: tuple[str, BuildResult]) -> None:
    name, result = brief
    sources = {s.id: s for s in result.briefing.sources}
    for line in brief_lines(result.briefing):
        first = line.citations[0]
        assert sources[first.source].text[first.start:first.end] == line.text, name


def test_each_key_fact_sentence_is_in_the_brief(brief: tuple[str, BuildResult]) -> None:
    name, result = brief
    briefing = result.briefing
    shown = {" ".join(line.text.split()) for line in brief_lines(briefing)}
    cited = {(c.source, c.start) for line in brief_lines(briefing) for c in line.citations}
    for claim in briefing.claims:
        if claim.key_fact and claim.kind != "quote":
            statement = claim.statement
            assert " ".join(statement.text.split()) in shown or \
                (statement.citations[0].source, statement.citations[0].start) in cited, (name, claim.id)


def test_each_topic_key_fact_is_raised_in_the_brief(brief: tuple[str, BuildResult]) -> None:
    """A key fact that is a topic ("Rare earths: raised in 2 of 5 sources") has a line in the brief."""
    name, result = brief
    cfg = load_config(CORPORA[name])
    lines = [line.text for line in brief_lines(result.briefing)]
    for kf in cfg.key_facts:
        row = next(r for r in result.briefing.key_facts if r.id == kf.id)
        if kf.kind == "topic" and row.found:
            matcher = TopicMatcher([t for t in cfg.topics if t.name == kf.topic])
            assert any(matcher.topics_of(text) for text in lines), (name, kf.id)


def test_the_timeline_holds_no_statistic_years(brief: tuple[str, BuildResult]) -> None:
    name, result = brief
    years = [e.line.text for e in result.briefing.timeline if len(e.iso) == 4 and STATISTIC.search(e.line.text)]
    assert years == [], name


def test_reading_rules_catch_what_they_look_for() -> None:
    """Each rule's pattern matches the failure it exists for (a rule that cannot fail is no rule)."""
    assert LEANING.match("It comes after the visit.") and LEANING.match("The paper stated that")
    assert not LEANING.match("Italy signed the pact.")
    assert DATELINE.match("HANOI: Chinese President") and not DATELINE.match("US President Joe Biden")
    assert STATISTIC.search("imports increased from 9% of total imports in 1994 to 40% in 2022")
    assert not STATISTIC.search("The two leaders met in 2017.")

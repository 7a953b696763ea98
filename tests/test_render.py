"""Renderers: golden Markdown and HTML for a tiny corpus, escaping of hostile source text.

Regenerate the golden files after an intended change with ``make golden`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.config import load_config
from briefing.pipeline import BuildResult, build
from briefing.render.facts import facts_document, render_facts

from .conftest import FIXTURES, SMALL_ARTICLE, SMALL_CONFIG

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("mini")
    return build(load_config(FIXTURES / "mini" / "config.yaml"), out), out


@pytest.mark.parametrize("name", ["briefing.md", "briefing.html"])
def test_golden(mini: tuple[BuildResult, Path], name: str) -> None:
    _, out = mini
    actual = (out / name).read_text(encoding="utf-8")
    golden = GOLDEN / f"mini-{name}"
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), f"differs from {golden}: run 'make golden' if intended"


def test_source_text_is_never_markup(mini: tuple[BuildResult, Path]) -> None:
    _, out = mini
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "repairs to *two* piers" in html  # emphasis marks in a source stay as written
    assert 'href="http://example.com"' not in html  # a Markdown link in a source stays text
    assert "Quay &lt;News&gt;" in html


def test_disagreement_and_absence_are_shown(mini: tuple[BuildResult, Path]) -> None:
    result, out = mini
    rows = {r.id: r for r in result.briefing.key_facts}
    assert [v for v, _ in rows["levy"].values] == ["$12 million", "less than $10 million"]
    assert [c.number for c in rows["levy"].values[0][1]] == [1, 2]
    assert not rows["ships"].found
    assert "| Ships | *not found in sources* | — |" in (out / "briefing.md").read_text(encoding="utf-8")


def test_near_duplicates_merge_into_one_cited_line(mini: tuple[BuildResult, Path]) -> None:
    result, _ = mini
    lines = [line for line in result.briefing.key_points if "harbour levy of $12 million" in line.text]
    assert len(lines) == 1 and [c.number for c in lines[0].citations] == [1, 2]


def test_pdf_reads_back(mini: tuple[BuildResult, Path]) -> None:
    result, out = mini
    reader = PdfReader(out / "briefing.pdf")
    # The briefing, the source list (kept whole, so on a page of its own here), the appendix.
    assert len(reader.pages) == result.pages == 3
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Harbour levy: a test briefing" in text
    assert "TEST // NOT FOR USE" in text and "Page 1 of 3" in text and "Page 3 of 3" in text
    # The appendix gives the exact sentence behind a citation, with its place in the file.
    assert "harbour.txt 286–365: \"This is a fair deal for the port,\" said Ana Lima" in text
    assert "<script>alert(1)</script>" in text


@pytest.mark.parametrize("texts", [[], ["plain"], ["line\u2028separator", "nul\x00 and \"quotes\"\nnewline", "\\\\ {} [] ,"]])
def test_facts_json_written_a_fact_at_a_time_is_what_json_dumps_writes(
        mini: tuple[BuildResult, Path], texts: list[str]) -> None:
    briefing = mini[0].briefing
    facts = [replace(f, text=t) for f, t in zip(briefing.facts, texts, strict=False)] if texts else []
    for b in (briefing, replace(briefing, facts=tuple(facts))):
        whole = json.dumps(facts_document(b), ensure_ascii=False, indent=2) + "\n"
        assert render_facts(b) == whole.encode("utf-8")


def test_every_link_reaches_an_element_the_page_holds(tmp_path: Path) -> None:
    """Even when a template writes a target's text where it becomes no id (here after a space,
    where it stays text): the HTML is checked against the ids it really holds."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.md.j2").write_text(
        '{% extends "default/briefing.md.j2" %}{% block evidence %}Kept elsewhere {{ "{#ev-S1-19}" }}'
        "{% endblock %}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    build(load_config(tmp_path / "config.yaml"), tmp_path / "out", formats=("md", "html"))
    html = (tmp_path / "out" / "briefing.html").read_text(encoding="utf-8")
    hrefs = set(re.findall(r'href="#([^"]+)"', html))
    assert "src-1" in hrefs
    assert hrefs <= set(re.findall(r' id="([^"]+)"', html))

"""The brief, then the annex: layouts, the --annex choice, and citations that never dangle."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefing.cli import main
from briefing.config import load_config
from briefing.errors import ConfigError
from briefing.pipeline import build

from .conftest import FIXTURES, SEED_CONFIG

_HREF = re.compile(r'href="#([^"]+)"')
_ID = re.compile(r'\bid="([^"]+)"')


def dangling(html: str) -> list[str]:
    """Links into the page whose target the page does not hold (what WeasyPrint calls "No anchor")."""
    ids = set(_ID.findall(html))
    return sorted({h for h in _HREF.findall(html) if h not in ids})


def test_dangling_finds_a_missing_target() -> None:
    assert dangling('<a href="#a">x</a><a href="#b">y</a><p id="a"></p>') == ["b"]


BLOCKS = re.findall(r"\{% block (\w+) -%\}",
                    (Path(__file__).resolve().parent.parent / "briefing/templates/briefing.md.j2").read_text())


def test_the_template_has_the_blocks_the_tests_remove() -> None:
    assert {"bottom_line", "key_points", "sections", "brief_sources", "annex_sections", "timeline",
            "voices", "sources", "evidence"} <= set(BLOCKS)


@pytest.fixture(scope="module")
def seed_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project copied, so a test can add templates beside its config."""
    root = tmp_path_factory.mktemp("seed-copy")
    for name in ("config.yaml", "judgments.md"):
        shutil.copy(SEED_CONFIG.parent / name, root / name)
    shutil.copytree(SEED_CONFIG.parent / "seeds", root / "seeds")
    shutil.copytree(SEED_CONFIG.parent / "templates", root / "templates")
    return root


@pytest.mark.parametrize("annex", ["pdf", "html", "none"])
def test_every_citation_resolves_whatever_the_annex(annex: str, tmp_path: Path) -> None:
    cfg = replace(load_config(SEED_CONFIG), annex=annex)
    result = build(cfg, tmp_path, ["md", "html"])
    html = (tmp_path / "briefing.html").read_text(encoding="utf-8")
    assert dangling(html) == []
    assert ('id="annex"' in html or ">Annex</h1>" in html) == (annex != "none")
    if annex == "none":  # the citations fall back to the brief's source list
        assert 'href="#src-4"' in html and 'href="#ev-' not in html
    assert result.briefing.layout == "brief"


@pytest.mark.parametrize("block", BLOCKS)
def test_every_citation_resolves_with_any_block_removed(block: str, seed_copy: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.md.j2").write_text(
        f'{{% extends "default/briefing.md.j2" %}}{{% block {block} %}}{{% endblock %}}', encoding="utf-8")
    cfg = replace(load_config(seed_copy / "config.yaml"), templates=templates)
    build(cfg, tmp_path / "out", ["md", "html"])
    html = (tmp_path / "out" / "briefing.html").read_text(encoding="utf-8")
    assert dangling(html) == [], block


def test_without_the_source_list_and_the_evidence_a_citation_is_plain_text(seed_copy: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.md.j2").write_text(
        '{% extends "default/briefing.md.j2" %}{% block brief_sources %}{% endblock %}'
        '{% block evidence %}{% endblock %}', encoding="utf-8")
    cfg = replace(load_config(seed_copy / "config.yaml"), templates=templates)
    build(cfg, tmp_path / "out", ["md", "html"])
    md = (tmp_path / "out" / "briefing.md").read_text(encoding="utf-8")
    assert "](#ev-" not in md and "](#src-" not in md
    assert re.search(r"\\\[5\\\]", md)  # "[5]", as text


def test_no_anchor_warning_is_reported(seed_copy: Path, tmp_path: Path) -> None:
    """The PDF tests count on WeasyPrint's warnings reaching the build's: prove one does."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.md.j2").write_text(
        '{% extends "default/briefing.md.j2" %}{% block voices %}[nowhere](#nowhere){% endblock %}',
        encoding="utf-8")
    cfg = replace(load_config(seed_copy / "config.yaml"), templates=templates)
    result = build(cfg, tmp_path / "out", ["pdf"])
    assert any("No anchor #nowhere" in w for w in result.warnings)


@pytest.mark.parametrize("annex", ["pdf", "html", "none"])
def test_pdf_has_no_warnings_in_any_annex_choice(annex: str, tmp_path: Path) -> None:
    result = build(replace(load_config(SEED_CONFIG), annex=annex), tmp_path, ["pdf", "html"])
    assert result.warnings == []
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "briefing.pdf").pages)
    assert ("Annex" in text) == (annex == "pdf")  # html: the annex is in the HTML only
    html = (tmp_path / "briefing.html").read_text(encoding="utf-8")
    assert (">Annex</h1>" in html) == (annex != "none")
    if annex != "pdf":
        assert result.pages <= 2


def test_full_layout_has_no_annex_and_every_part_in_one_run(tmp_path: Path) -> None:
    result = build(replace(load_config(SEED_CONFIG), layout="full"), tmp_path, ["md", "html"])
    md = (tmp_path / "briefing.md").read_text(encoding="utf-8")
    assert "# Annex" not in md and "## By topic" not in md
    assert md.index("## Trade and investment") < md.index("## Timeline") < md.index("## Evidence")
    assert dangling((tmp_path / "briefing.html").read_text(encoding="utf-8")) == []
    assert result.briefing.layout == "full"


def test_key_fact_notes_are_in_the_full_layout_and_in_the_brief_only_to_explain_a_see_note(seed_build: tuple, tmp_path: Path) -> None:
    note = "**Agreements signed**: 37 deals \\[5\\] is the most exact figure"
    _, out = seed_build
    assert note not in (out / "briefing.md").read_text(encoding="utf-8")  # the table says it: consistent
    build(replace(load_config(SEED_CONFIG), layout="full"), tmp_path, ["md"])
    assert note in (tmp_path / "briefing.md").read_text(encoding="utf-8")


def test_brief_voices_give_one_quote_per_speaker(seed_build: tuple) -> None:
    result, _ = seed_build
    speakers = [v.speaker for v in result.briefing.brief_voices]
    assert len(speakers) == len(set(speakers)) == 3
    assert set(result.briefing.brief_voices) <= set(result.briefing.voices)
    assert len({v.speaker for v in result.briefing.voices}) > 3  # the annex keeps them all


def test_brief_sections_are_the_first_lines_of_the_full_ones(seed_build: tuple) -> None:
    result, _ = seed_build
    full = {s.id: s for s in result.briefing.sections}
    for section in result.briefing.brief_sections:
        assert 1 <= len(section.lines) <= 2
        assert set(section.lines) <= set(full[section.id].lines)


def test_annex_starts_on_a_new_page_after_the_brief(seed_build: tuple) -> None:
    _, out = seed_build
    reader = PdfReader(out / "briefing.pdf")
    annex = next(item for item in reader.outline if not isinstance(item, list) and item.title == "Annex")
    first = reader.get_destination_page_number(annex)
    assert 1 <= first <= 2
    assert reader.pages[first].extract_text().startswith("Annex")
    assert "Annex" not in " ".join(p.extract_text() for p in reader.pages[:first])


def test_layout_and_annex_are_checked(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n\nThe buyer agreed to pay $5 million on Tuesday.\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        "title: T\ndate: 2024-03-06\nlayout: short\nannex: pdf2\nsources: [{path: a.txt}]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "config.yaml")
    assert "layout: expected one of brief, full but received 'short'" in str(caught.value.problems)
    assert "annex: expected one of pdf, html, none but received 'pdf2'" in str(caught.value.problems)


def test_cli_annex_option(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n\nThe buyer agreed to pay $5 million for 12 ferries on Tuesday.\n",
                                    encoding="utf-8")
    (tmp_path / "config.yaml").write_text("title: T\ndate: 2024-03-06\nsources: [{path: a.txt}]\n",
                                          encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(tmp_path / "config.yaml"), "--format", "md", "--annex", "none"])
    assert result.exit_code == 0, result.output
    assert "# Annex" not in (tmp_path / "build" / "briefing.md").read_text(encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "config.yaml"), "--format", "md", "--annex", "pdf"])
    assert "# Annex" in (tmp_path / "build" / "briefing.md").read_text(encoding="utf-8")
    bad = runner.invoke(main, ["build", str(tmp_path / "config.yaml"), "--annex", "paper"])
    assert bad.exit_code == 2 and "'paper' is not one of 'pdf', 'html', 'none'" in bad.output


def test_fixture_corpora_build_with_every_citation_resolved(tmp_path: Path) -> None:
    for config in (FIXTURES / "mini" / "config.yaml", FIXTURES / "election" / "config.yaml"):
        build(load_config(config), tmp_path / config.parent.name, ["md", "html"])
        assert dangling((tmp_path / config.parent.name / "briefing.html").read_text(encoding="utf-8")) == []


def test_the_brief_recalls_a_background_month_once(seed_build: tuple) -> None:
    """Five sources recall the same September visit; the brief's sections say so in one line."""
    result, _ = seed_build
    brief = [line.text for s in result.briefing.brief_sections for line in s.lines]
    annex = [line.text for s in result.briefing.sections for line in s.lines]
    assert sum("September" in text for text in annex) >= 3
    assert sum("September" in text for text in brief) == 1


def test_a_spelling_variant_is_listed_once_under_the_usual_name(seed_build: tuple) -> None:
    result, out = seed_build
    people = {p.name: p for p in result.briefing.people}
    assert "Bidena" not in people and "Nguyen Phu Tron" not in people
    assert [name for name, _ in people["Joe Biden"].variants] == ["Bidena"]
    assert [c.number for _, cites in people["Joe Biden"].variants for c in cites] == [4]
    assert ("Vice President", 4) in {(role, c.number) for role, c in people["Joe Biden"].roles}
    # Still a discrepancy, cited on both sides.
    assert any("Bidena / Joe Biden" in d.label for d in result.briefing.discrepancies)
    assert "(also spelled “Bidena” [[4]]" in (out / "briefing.md").read_text(encoding="utf-8")

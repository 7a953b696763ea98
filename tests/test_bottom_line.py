"""bottom_line: the desk's opening sentences, each resting on named claims."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import load_config
from briefing.errors import ConfigError
from briefing.pipeline import build

from .conftest import SMALL_ARTICLE

HEAD = "title: T\ndate: 2024-03-06\nsources: [{path: a.txt, date: 2024-03-05}]\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    return tmp_path


def write(project: Path, body: str) -> Path:
    (project / "config.yaml").write_text(HEAD + body, encoding="utf-8")
    return project / "config.yaml"


def test_text_form(project: Path) -> None:
    cfg = load_config(write(project, "bottom_line: >\n  The buyer pays. (claims: money-5-million)\n"
                                     "  Twelve ferries change hands. (claims: count-ferries, money-5-million)\n"))
    assert [(b.text, b.claims) for b in cfg.bottom_line] == [
        ("The buyer pays.", ("money-5-million",)),
        ("Twelve ferries change hands.", ("count-ferries", "money-5-million"))]


def test_file_form_and_list_form(project: Path) -> None:
    (project / "bl.md").write_text("# Bottom line\n\nCommentary is not a sentence of it.\n\n"
                                   "- The buyer pays. (claims: a, b)\n", encoding="utf-8")
    cfg = load_config(write(project, "bottom_line: bl.md\n"))
    assert [(b.text, b.claims, b.where) for b in cfg.bottom_line] == [("The buyer pays.", ("a", "b"), "bl.md, line 5")]
    assert cfg.bottom_line_file == project / "bl.md"
    cfg = load_config(write(project, "bottom_line:\n  - {text: The buyer pays., claims: [a]}\n"))
    assert [(b.text, b.claims) for b in cfg.bottom_line] == [("The buyer pays.", ("a",))]


@pytest.mark.parametrize(("body", "problem"), [
    ("bottom_line: The buyer pays.\n", "bottom_line: every sentence must end with the claims it rests on"),
    ("bottom_line: 'The buyer pays. (claims: a) And more.'\n", "bottom_line: every sentence must end"),
    ("bottom_line: [{text: x}]\n", "bottom_line[0].claims: is required"),
    ("bottom_line: 3\n", "bottom_line: expected text, a Markdown file or a list"),
    ("bottom_line: missing.md\n", "bottom_line: cannot read missing.md"),
])
def test_bad_bottom_lines_are_reported(project: Path, body: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(project, body))
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_printed_first_with_the_citations_of_its_claims(project: Path) -> None:
    claims = build(load_config(write(project, "")), project / "first", ["json"]).briefing.claims
    money = next(c for c in claims if c.kind == "money")
    cfg = load_config(write(project, f"bottom_line: 'The buyer pays. (claims: {money.id}, nothere)'\n"))
    result = build(cfg, project / "out", ["md"])
    md = (project / "out" / "briefing.md").read_text(encoding="utf-8")
    assert md.index("## Bottom line") < md.index("## Key points")
    assert "The buyer pays. [[1]](#ev-S1-" in md
    assert "claim “nothere” no longer found in the sources" in md
    assert any("bottom line “The buyer pays.…” names claim 'nothere'" in w for w in result.warnings)


def test_check_warns_without_one_and_fails_on_a_missing_claim(project: Path) -> None:
    runner = CliRunner()
    config = str(write(project, ""))
    assert runner.invoke(main, ["build", config, "--format", "json"]).exit_code == 0
    result = runner.invoke(main, ["check", config])
    assert result.exit_code == 0 and "warning: " in result.output and "no bottom_line" in result.output
    config = str(write(project, "bottom_line: 'The buyer pays. (claims: nothere)'\n"))
    result = runner.invoke(main, ["check", config])
    assert result.exit_code == 2
    assert "config.yaml: bottom_line: rests on claim 'nothere'" in result.output
    assert "revise the bottom line" in result.output


def test_without_one_the_brief_opens_with_the_key_points(project: Path) -> None:
    build(load_config(write(project, "")), project / "out", ["md"])
    md = (project / "out" / "briefing.md").read_text(encoding="utf-8")
    assert "## Bottom line" not in md
    assert md.index("## Key points") < md.index("## Key facts")

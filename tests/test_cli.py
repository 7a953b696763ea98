"""The CLI: a thin layer; bad input is one line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main

from .conftest import SMALL_ARTICLE as ARTICLE
from .conftest import SMALL_CONFIG, templates_folder

CONFIG = SMALL_CONFIG + """\
topics:
  - name: price
    keywords: [pay]
key_facts:
  - id: price
    label: Price
    kind: money
    near: [pay]
sections:
  - title: Deal
    topics: [price]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["watch"], ["init"], ["eval"]])
def test_help_has_an_example(command: list[str]) -> None:
    code, out, _ = run(*command, "-h")
    assert code == 0 and "Example:" in out


def test_build_reports_each_stage(project: Path) -> None:
    code, _, err = run("build", str(project / "config.yaml"), "--format", "md,json")
    assert code == 0
    stages = [line.split()[0] for line in err.splitlines()]
    assert stages == ["config", "ingest", "extract", "compose", "markdown", "write"]
    assert "1 source, 1 sentence" in err and "1/1 key facts found" in err
    assert (project / "build" / "briefing.md").is_file() and not (project / "build" / "briefing.pdf").exists()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda c: c.replace("path: a.txt", "path: gone.txt"), "sources[0].path: no such file: gone.txt"),
        (lambda c: c.replace("title: Small test", "title: [unclosed"), "YAML syntax error"),
        (lambda c: c.replace("near:", "neer:"), "key_facts[0].neer: unknown key; did you mean 'near'?"),
        (lambda c: c.replace("date: 2024-03-06", "date: yesterday"), "date: expected a date"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(project: Path, edit, expected: str) -> None:  # type: ignore[no-untyped-def]
    cfg = project / "config.yaml"
    cfg.write_text(edit(CONFIG), encoding="utf-8")
    code, _, err = run("build", str(cfg))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: {cfg}") and expected in err


def test_source_not_utf8_names_the_file(project: Path) -> None:
    (project / "a.txt").write_bytes(b"Headline\n\nCaf\xe9 prices rose.\n")
    code, _, err = run("build", str(project / "config.yaml"))
    assert code == 2 and "Traceback" not in err
    assert err.splitlines()[-1] == (
        f"error: {project / 'a.txt'}: not UTF-8 text (invalid byte at offset 13); re-save the article as UTF-8, or give its encoding under sources: (encoding: cp1252)")


def test_check_lists_every_problem(project: Path) -> None:
    cfg = project / "config.yaml"
    cfg.write_text(CONFIG.replace("title: Small", "titel: Small").replace("kind: money", "kind: cash"), encoding="utf-8")
    code, _, err = run("check", str(cfg))
    assert code == 2
    assert len(err.strip().splitlines()) == 3  # unknown key, missing title, bad kind


def test_check_verifies_citations(project: Path) -> None:
    cfg = str(project / "config.yaml")
    assert run("build", cfg, "--format", "json")[0] == 0
    code, out, _ = run("check", cfg)
    assert code == 0 and "all 3 citations match their sources" in out
    # The article changes after the build: its citations no longer hold.
    (project / "a.txt").write_text(ARTICLE.replace("buyer", "seller"), encoding="utf-8")
    code, _, err = run("check", cfg)
    assert code == 2 and "does not match its quote" in err


def test_failed_build_keeps_previous_outputs(project: Path) -> None:
    cfg = str(project / "config.yaml")
    assert run("build", cfg, "--format", "md,json")[0] == 0
    before = {p.name: p.read_bytes() for p in (project / "build").iterdir() if p.is_file()}
    templates = templates_folder(project)
    (templates / "briefing.md.j2").write_text("# {{ briefing.title }}\n{{ no_such_variable }}\n", encoding="utf-8")
    code, _, err = run("build", cfg, "--format", "md,json")
    assert code == 2 and "templates/briefing.md.j2: line 2: 'no_such_variable' is undefined" in err
    assert {p.name: p.read_bytes() for p in (project / "build").iterdir() if p.is_file()} == before


def test_console_script_prints_no_traceback(project: Path) -> None:
    exe = shutil.which("briefing", path=str(Path(sys.executable).parent))
    assert exe is not None
    proc = subprocess.run([exe, "build", "missing.yaml"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == "error: missing.yaml: no such file; pass the path of a config.yaml\n"


def test_facts_json_contract(project: Path) -> None:
    assert run("build", str(project / "config.yaml"), "--format", "json")[0] == 0
    doc = json.loads((project / "build" / "facts.json").read_text(encoding="utf-8"))
    assert doc["sources"] == [{"id": "S1", "path": "a.txt", "outlet": None, "title": "Deal Agreed Today",
                               "date": "2024-03-05", "url": None, "reliability": None,
                               "encoding": "utf-8"}]
    kinds = [(f["kind"], f["value"], f["unit"], f["text"]) for f in doc["facts"]]
    assert kinds == [("money", 5000000, "USD", "$5 million"), ("count", 12, "ferries", "12 ferries"),
                     ("date", "2024-03-05", "day", "Tuesday")]
    assert doc["key_facts"] == [{"id": "price", "label": "Price", "found": True, "facts": ["F1"],
                                 "value": "$5 million", "confidence": "low"}]
    assert [(c["id"], c["value"], c["confidence"], c["sources"]) for c in doc["claims"]] == [
        ("price", "$5 million", "low", ["S1"]), ("count-12-ferries", "12 ferries", "low", ["S1"])]
    assert doc["source_notes"][0]["claims"] == 2 and doc["changes"] is None


def test_outputs_get_ordinary_file_permissions(project: Path) -> None:
    import os

    mask = os.umask(0o022)
    try:
        assert run("build", str(project / "config.yaml"), "--format", "md")[0] == 0
    finally:
        os.umask(mask)
    assert (project / "build" / "briefing.md").stat().st_mode & 0o777 == 0o644


def test_init_scaffolds_a_briefing_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "new"
    code, out, _ = run("init", str(target))
    assert code == 0 and "next: cd" in out
    assert sorted(p.name for p in target.rglob("*") if p.is_file()) == [".briefing-schema.json", "Makefile", "config.yaml",
                                                                      "example.txt"]
    code, _, err = run("build", str(target / "config.yaml"), "--format", "md,json")
    assert code == 0, err
    md = (target / "build" / "briefing.md").read_text(encoding="utf-8")
    assert "| Harbour levy | **$12 million** [[1]]" in md and "| New cranes | **3 cranes** [[1]]" in md
    # A second init never overwrites anything.
    code, _, err = run("init", str(target))
    assert code == 2 and "not empty" in err

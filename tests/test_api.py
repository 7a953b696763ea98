"""The Python API: ``from briefing import load_config, build`` and the types a caller needs,
imported only when used; and the notebook example in docs/ runs as written."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

import briefing

from .conftest import ROOT, SMALL_ARTICLE, SMALL_CONFIG

EXAMPLE = ROOT / "docs" / "api_example.py"
PUBLIC = ["Briefing", "BriefingError", "BuildResult", "Config", "build", "load_config"]


def _modules_after(code: str, cwd: Path | None = None) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    done = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                          capture_output=True, text=True, check=True, cwd=cwd)
    return set(done.stdout.split())


def test_the_public_names_are_the_pipelines_own() -> None:
    from briefing.config import Config, load_config
    from briefing.errors import BriefingError
    from briefing.models import Briefing
    from briefing.pipeline import BuildResult, build

    assert (briefing.load_config, briefing.build, briefing.Config, briefing.BuildResult,
            briefing.Briefing, briefing.BriefingError) == (load_config, build, Config, BuildResult,
                                                           Briefing, BriefingError)
    assert set(PUBLIC) <= set(briefing.__all__) and set(PUBLIC) <= set(dir(briefing))
    with pytest.raises(AttributeError, match="module 'briefing' has no attribute 'biuld'"):
        briefing.biuld  # noqa: B018


def test_importing_briefing_imports_nothing_else() -> None:
    loaded = _modules_after("import briefing")
    assert sorted(m for m in loaded if m.startswith("briefing")) == ["briefing"]
    assert "weasyprint" not in loaded and "yaml" not in loaded


def test_a_rebuild_with_nothing_changed_loads_no_extractor_compose_plugin_or_pdf_code(tmp_path: Path) -> None:
    """``from briefing import build`` keeps the cached rebuild as light as the CLI's."""
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    code = ("from briefing import build, load_config\n"
            "result = build(load_config('config.yaml'), formats=('md', 'html', 'json'))\n"
            "assert sorted(result.outputs) == ['html', 'json', 'md']\n")
    first = _modules_after(code, tmp_path)
    assert {"briefing.extract", "briefing.compose", "briefing.plugins"} <= first
    again = _modules_after(code, tmp_path)
    heavy = sorted(m for m in again if m.startswith(("briefing.extract", "briefing.compose", "briefing.plugins",
                                                     "briefing.claims", "weasyprint")))
    assert heavy == []


def test_the_notebook_example_builds_a_briefing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG + "key_facts:\n  - id: price\n    label: Price\n"
                                                         "    kind: money\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "Small test: 1 sources, 1 key facts"
    assert printed[1:3] == [f"md: {tmp_path / 'build' / 'briefing.md'}", f"json: {tmp_path / 'build' / 'facts.json'}"]
    assert "Price: $5 million [1] (low confidence)" in printed
    assert printed[-1] == "[1] a.txt: Deal Agreed Today"
    facts = json.loads((tmp_path / "build" / "facts.json").read_text(encoding="utf-8"))
    assert facts["key_facts"][0]["value"] == "$5 million"


def test_the_notebook_example_stops_on_a_bad_config_with_one_line(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG.replace("2024-03-06", "next tuesday"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        runpy.run_path(str(EXAMPLE), run_name="__main__")
    assert str(stopped.value) == "error: config.yaml: date: expected a date (YYYY-MM-DD) but received 'next tuesday'"

"""Output formats as a registry: the built-in ones declared once, plugins from entry points."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from briefing import pipeline
from briefing.config import load_config
from briefing.errors import RenderError
from briefing.render import formats
from briefing.render.formats import BUILTIN_FORMATS, Format, Rendered, RenderJob

from .conftest import SMALL_ARTICLE, SMALL_CONFIG

PLUGIN = Path(__file__).resolve().parent / "plugins" / "example_format"


def test_the_pipeline_derives_its_formats_from_the_registry() -> None:
    assert pipeline.FORMATS[:5] == ("md", "html", "pdf", "json", "docx")
    assert pipeline.OUTPUT_NAMES["docx"] == "briefing.docx"
    assert {f.name: f.filename for f in formats.REGISTRY.values()} == pipeline.OUTPUT_NAMES


def test_needed_adds_what_a_format_reads_in_registry_order() -> None:
    assert formats.needed(["pdf"]) == ["md", "html", "pdf"]
    assert formats.needed(["docx", "json"]) == ["md", "json", "docx"]
    assert formats.needed(["json"]) == ["json"]


def test_the_pdf_is_collected_last_its_layout_runs_beside_the_other_formats() -> None:
    # _html hands the page to the renderer process; Word (a Pandoc process) and facts.json are
    # made while it lays the PDF out, and the PDF is collected after them.
    assert formats.needed(["md", "html", "pdf", "json", "docx"]) == ["md", "html", "json", "docx", "pdf"]
    after = Format("after", "after.txt", lambda job: "", needs=("pdf",))
    registry = {**formats.REGISTRY, "after": after}
    assert formats.needed(["after", "json"], registry) == ["md", "html", "json", "pdf", "after"]


def installed(site: Path) -> dict[str, str]:
    """The example plugin as pip would install it: its module, and a distribution's metadata
    with the entry points its pyproject.toml declares. Returns the environment that sees it."""
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = site / f"briefing_example_format-{project['version']}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\n"
                                   f"Version: {project['version']}\n", encoding="utf-8")
    points = project["entry-points"]["briefing.formats"]
    (info / "entry_points.txt").write_text(
        "[briefing.formats]\n" + "".join(f"{k} = {v}\n" for k, v in points.items()), encoding="utf-8")
    (site / "briefing_example_format.py").write_bytes((PLUGIN / "briefing_example_format.py").read_bytes())
    return {**os.environ, "PYTHONPATH": str(site)}


def test_an_installed_plugin_format_is_built(tmp_path: Path) -> None:
    env = installed(tmp_path / "site")
    project = tmp_path / "project"
    project.mkdir()
    (project / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (project / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "briefing", "build", str(project / "config.yaml"),
                           "--format", "md,outline"], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "outline" in done.stderr + done.stdout  # its stage line: "outline  … 3 headings"
    assert (project / "build" / "briefing-outline.txt").read_text(encoding="utf-8").splitlines()[0] == "Small test"
    assert sorted(p.name for p in (project / "build").iterdir() if p.is_file()) == \
        ["briefing-outline.txt", "briefing.md"]


def test_without_the_plugin_the_format_is_unknown(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "briefing", "build", "config.yaml", "--format", "outline"],
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "PYTHONPATH": ""})
    assert done.returncode == 2
    assert "outline" in done.stderr and "docx" in done.stderr  # the formats it knows are listed


def _render(job: RenderJob) -> str:
    return "x"


def point(name: str, value: str) -> EntryPoint:
    return EntryPoint(name, value, formats.GROUP)


GOOD = Format("good", "good.txt", _render)
CLASHING_FILE = Format("other", "briefing.md", _render)
BAD_NAME = Format("Bad Name", "bad.txt", _render)
UNKNOWN_NEED = Format("needy", "needy.txt", _render, needs=("nope",))


def test_a_broken_plugin_is_left_out_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    here = __name__
    monkeypatch.setattr(formats, "entry_points", lambda group: [
        point("good", f"{here}:GOOD"), point("missing", "no_such_module_here:FORMAT"),
        point("md", f"{here}:SMALL_CONFIG"), point("other", f"{here}:CLASHING_FILE"),
        point("bad", f"{here}:BAD_NAME"), point("needy", f"{here}:UNKNOWN_NEED"),
    ] if group == formats.GROUP else [])
    registry, problems = formats.load()
    assert list(registry) == ["md", "html", "pdf", "json", "docx", "good"]
    assert problems == [
        f"format plugin 'bad' ({here}:BAD_NAME): left out: name 'Bad Name' is not a lower-case word",
        f"format plugin 'md' ({here}:SMALL_CONFIG): left out: expected a "
        "briefing.render.formats.Format but received str",
        "format plugin 'missing' (no_such_module_here:FORMAT): not loaded: ModuleNotFoundError: "
        "No module named 'no_such_module_here'",
        f"format plugin 'needy' ({here}:UNKNOWN_NEED): left out: needs unknown format(s) nope",
        f"format plugin 'other' ({here}:CLASHING_FILE): left out: another format writes briefing.md",
    ]


def test_a_failing_plugin_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    job = RenderJob(None, load_config(tmp_path / "config.yaml"), None, annex=True)  # type: ignore[arg-type]

    def broken(job: RenderJob) -> str:
        raise KeyError("title")

    with pytest.raises(RenderError, match=r"^format 'broken' failed: KeyError: 'title'$"):
        formats.render(Format("broken", "b.txt", broken), job)
    with pytest.raises(RenderError, match=r"^format 'odd' returned int; expected str, bytes or Rendered$"):
        formats.render(Format("odd", "o.txt", lambda job: 3), job)  # type: ignore[arg-type,return-value]
    assert formats.render(Format("plain", "p.txt", lambda job: "abc"), job) == Rendered("abc", "0 KiB")
    assert all(isinstance(f, Format) for f in BUILTIN_FORMATS)


def test_watch_leaves_the_word_file_out_unless_asked() -> None:
    from click.testing import CliRunner

    from briefing.cli import main

    assert pipeline.WATCH_FORMATS[:4] == ("md", "html", "pdf", "json") and "docx" not in pipeline.WATCH_FORMATS
    def help_of(command: str) -> str:
        return " ".join(CliRunner().invoke(main, [command, "-h"]).output.split())  # unwrapped

    assert "[default: md,html,pdf,json]" in help_of("watch")
    assert "outputs to write: md, html, pdf, json, docx." in help_of("build")

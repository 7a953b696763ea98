"""The rebuild cache, parallel extraction, and the source settings that go with scale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import load_config
from briefing.errors import ConfigError
from briefing.extract import extract
from briefing.ingest import ingest
from briefing.pipeline import build, read_and_extract

from .conftest import FIXTURES, SMALL_ARTICLE, SMALL_CONFIG, templates_folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    return tmp_path


def stages(*args: str) -> list[str]:
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exit_code == 0, result.stderr
    return [line.split()[0] for line in result.stderr.splitlines() if line and not line.startswith(" ")]


def test_a_rebuild_with_nothing_changed_skips_every_stage(project: Path) -> None:
    cfg = str(project / "config.yaml")
    assert stages(cfg, "--format", "md,json")[-1] == "write"
    before = (project / "build" / "briefing.md").stat().st_mtime_ns
    assert stages(cfg, "--format", "md,json") == ["config", "cache"]
    assert (project / "build" / "briefing.md").stat().st_mtime_ns == before  # not even rewritten
    assert "write" in stages(cfg, "--format", "md,json", "--force")
    assert sorted(p.name for p in (project / "build").iterdir()) == ["briefing.md", "facts.json"]


def test_a_template_change_reuses_the_composed_briefing(project: Path) -> None:
    cfg = str(project / "config.yaml")
    templates_folder(project)
    stages(cfg, "--format", "md")
    (project / "templates" / "briefing.md.j2").write_text("# {{ briefing.title }} (house)\n", encoding="utf-8")
    assert stages(cfg, "--format", "md") == ["config", "cache", "markdown", "write"]
    assert (project / "build" / "briefing.md").read_text(encoding="utf-8") == "# Small test (house)\n"


def test_a_source_change_rebuilds_everything(project: Path) -> None:
    cfg = str(project / "config.yaml")
    stages(cfg, "--format", "md,json")
    (project / "a.txt").write_text(SMALL_ARTICLE.replace("$5 million", "$7 million"), encoding="utf-8")
    assert "extract" in stages(cfg, "--format", "md,json")
    assert "$7 million" in (project / "build" / "facts.json").read_text(encoding="utf-8")


def test_an_edited_output_is_rebuilt(project: Path) -> None:
    cfg = str(project / "config.yaml")
    stages(cfg, "--format", "md")
    (project / "build" / "briefing.md").write_text("scribbled on\n", encoding="utf-8")
    assert "markdown" in stages(cfg, "--format", "md")
    assert (project / "build" / "briefing.md").read_text(encoding="utf-8") != "scribbled on\n"


def test_a_damaged_cache_is_only_a_slower_build(project: Path) -> None:
    cfg = str(project / "config.yaml")
    stages(cfg, "--format", "md")
    for cached in (project / ".briefing-cache").rglob("briefing.json"):
        cached.write_bytes(b"not a briefing")
    # Nothing changed: the outputs on disk are what state.json vouches for; briefing.json unread.
    assert stages(cfg, "--format", "md") == ["config", "cache"]
    # Another format needs the composed briefing, which does not read back: a full build.
    assert "extract" in stages(cfg, "--format", "md,json")


def test_a_rebuild_with_nothing_changed_starts_no_renderer(project: Path) -> None:
    """Checked before WeasyPrint, compose or the extractors are imported: none of them is, and
    no process is started (0.4 started the PDF renderer before it found nothing to do)."""
    cfg = str(project / "config.yaml")
    stages(cfg)
    probe = ("import sys, multiprocessing\n"
             "from briefing.command import main\n"
             f"sys.argv = ['briefing', 'build', {cfg!r}]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'weasyprint'"
             " or m.startswith(('briefing.extract', 'briefing.compose', 'briefing.pipeline')))\n"
             "print(loaded, multiprocessing.active_children())\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "nothing changed" in done.stderr
    assert done.stdout.strip() == "[] []"
    (project / "config.yaml").write_text((project / "config.yaml").read_text() + "\n# edited\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "briefing.pipeline" in done.stdout  # the probe sees a real build when there is one


def test_parallel_extraction_gives_the_same_facts() -> None:
    cfg = load_config(FIXTURES / "election" / "config.yaml")
    sources = ingest(cfg)
    one = extract(sources, cfg)
    parallel_sources, two, _ = read_and_extract(cfg, 2)
    assert two == one and parallel_sources == sources


def test_jobs_build_is_byte_identical(tmp_path: Path) -> None:
    cfg = load_config(FIXTURES / "election" / "config.yaml")
    build(cfg, tmp_path / "one", ["md", "json"], force=True)
    build(cfg, tmp_path / "two", ["md", "json"], force=True, jobs=2)
    for name in ("briefing.md", "facts.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_an_encoding_option_reads_other_encodings(project: Path) -> None:
    (project / "a.txt").write_bytes("Café Deal\n\nThe café agreed to pay €5 million for 12 ferries on Tuesday.\n".encode("cp1252"))
    config = project / "config.yaml"
    config.write_text(SMALL_CONFIG + "    encoding: cp1252\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(config), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert "€5 million" in (project / "build" / "facts.json").read_text(encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(config)]).exit_code == 0  # offsets hold in cp1252 too


def test_an_unknown_encoding_is_a_config_error(project: Path) -> None:
    (project / "config.yaml").write_text(SMALL_CONFIG + "    encoding: klingon\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\[0\]\.encoding: unknown text encoding 'klingon'"):
        load_config(project / "config.yaml")


def test_sources_outside_the_config_folder_need_a_setting(tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    inner = tmp_path / "briefing"
    inner.mkdir()
    config = inner / "config.yaml"
    config.write_text("title: T\ndate: 2024-03-06\nsources: [{path: ../outside.txt}]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"'\.\./outside\.txt' is outside the config's folder; move it in, "
                                          r"or set sources_outside: true"):
        load_config(config)
    config.write_text(config.read_text(encoding="utf-8") + "sources_outside: true\n", encoding="utf-8")
    assert load_config(config).sources[0].display_path == "../outside.txt"

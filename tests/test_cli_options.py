"""The command line's options and set-up: -q/-v, build --strict, the progress bar for many sources,
`briefing init`'s refusals and its Makefile, and the packaging that `pipx install .` relies on."""

from __future__ import annotations

import io
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.progress import MANY_SOURCES, NORMAL, QUIET, StageReporter, stage_line

from .conftest import SMALL_ARTICLE, SMALL_CONFIG

ROOT = Path(__file__).resolve().parent.parent
CONFIG = SMALL_CONFIG + "key_facts:\n  - id: price\n    kind: money\n    near: [pay]\n  - id: gone\n    kind: count\n    unit: [zebras]\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_quiet_build_prints_nothing_but_warnings(project: Path) -> None:
    code, out, err = run("-q", "build", str(project / "config.yaml"), "--format", "md,json")
    assert code == 0 and out == "" and err == ""
    code, _, err = run("build", str(project / "config.yaml"), "--format", "md,json", "--force")
    assert code == 0 and "ingest" in err and "note: not found in sources: Gone" in err


def test_verbose_build_lists_sources_and_outputs(project: Path) -> None:
    code, _, err = run("-v", "build", str(project / "config.yaml"), "--format", "md,json")
    assert code == 0
    assert "  S1 a.txt, 2024-03-05\n" in err and "extract " in err
    assert f"wrote {project / 'build' / 'briefing.md'} (md, " in err and "wrote " in err.splitlines()[-1]


def test_quiet_and_verbose_check(project: Path) -> None:
    cfg = str(project / "config.yaml")
    code, out, err = run("-q", "check", cfg)
    assert code == 0 and out == "" and err.startswith("warning: ")  # no bottom_line: a warning stays
    code, out, _ = run("-v", "check", cfg)
    assert code == 0 and out.startswith("  S1 a.txt, 2024-03-05\n") and ": valid (" in out
    code, _, err = run("-q", "-v", "check", cfg)
    assert code == 2 and "cannot go together" in err


def test_quiet_eval_prints_the_scores_only() -> None:
    code, out, _ = run("-q", "eval", str(ROOT / "tests" / "gold" / "seeds.yaml"))
    summary = run("eval", str(ROOT / "tests" / "gold" / "seeds.yaml"), "--summary")[1]
    assert code == 0 and out == summary


def test_strict_build_fails_on_a_warning(project: Path) -> None:
    cfg = str(project / "config.yaml")
    assert run("build", cfg, "--format", "md,json", "--strict")[0] == 0  # no warning: passes
    (project / "e.txt").write_text("", encoding="utf-8")
    (project / "config.yaml").write_text(CONFIG.replace("    date: 2024-03-05\n", "    date: 2024-03-05\n  - path: e.txt\n"),
                                         encoding="utf-8")
    code, _, err = run("-q", "build", cfg, "--format", "md,json", "--strict")
    assert code == 2
    assert err.splitlines() == [
        "warning: e.txt: no article text found (empty, or only headings and web junk); it keeps its number but "
        "nothing cites it",
        "error: --strict: the build gave 1 warning (above); the outputs were written",
    ]
    assert run("-q", "build", cfg, "--format", "md,json")[0] == 0  # without --strict a warning passes


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_for_many_sources() -> None:
    shown = Terminal()
    with StageReporter(NORMAL, MANY_SOURCES + 1, shown) as report:
        assert report.running
        report("config", 0.01, "c.yaml: 201 sources")
        report("ingest", 0.5, "201 sources, 4000 sentences")
        assert report.running
        report("extract", 0.2, "900 facts")
        assert not report.running  # gone once the articles are read and extracted
        report("compose", 0.1, "done")
    text = shown.getvalue()
    for line in [stage_line("config", 0.01, "c.yaml: 201 sources"), stage_line("ingest", 0.5, "201 sources, 4000 sentences"),
                 stage_line("extract", 0.2, "900 facts"), stage_line("compose", 0.1, "done")]:
        assert line in text  # the stage lines are kept, above the bar
    assert "reading 201 sources" in text and "extracting facts" in text
    for stream, sources, level in [(io.StringIO(), 5000, NORMAL), (Terminal(), MANY_SOURCES, NORMAL),
                                   (Terminal(), 5000, QUIET)]:
        with StageReporter(level, sources, stream) as report:
            assert not report.running
            report("ingest", 0.5, "x")
        assert stream.getvalue() == ("" if level == QUIET else stage_line("ingest", 0.5, "x") + "\n")


def test_build_output_has_no_bar_when_captured(project: Path) -> None:
    # Captured output (a test, a CI log) is not a terminal: the lines are exactly today's.
    sources = "".join(f"  - path: a{i}.txt\n" for i in range(MANY_SOURCES + 1))
    for i in range(MANY_SOURCES + 1):
        (project / f"a{i}.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (project / "config.yaml").write_text("title: Many\ndate: 2024-03-06\nsources:\n" + sources, encoding="utf-8")
    code, _, err = run("build", str(project / "config.yaml"), "--format", "json")
    assert code == 0
    assert [line.split()[0] for line in err.splitlines()][:4] == ["config", "ingest", "extract", "compose"]
    assert "\x1b" not in err and "reading" not in err


def test_init_without_a_folder_or_into_a_full_one_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("init")
    assert code == 2 and out == "" and list(tmp_path.iterdir()) == []
    assert err == ("error: name a new folder for the briefing: briefing init my-briefing (or briefing init "
                   "--force to write into this one); nothing was written\n")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run("init", "full")
    assert code == 2 and sorted(p.name for p in (tmp_path / "full").iterdir()) == ["notes.txt"]
    assert err == ("error: full: not empty (holds notes.txt); choose a new folder, or add --force to write into "
                   "it, replacing config.yaml, Makefile and articles/example.txt; nothing was written\n")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, _, err = run("init", "afile", "--force")
    assert code == 2 and "'afile' is a file" in err and (tmp_path / "afile").read_text(encoding="utf-8") == "x"
    # --force writes into the current folder, or into a full one, keeping what else is there.
    assert run("init", "full", "--force")[0] == 0
    assert (tmp_path / "full" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "full" / "config.yaml").is_file()
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path / "empty")
    assert run("init", "--force")[0] == 0 and (tmp_path / "empty" / "Makefile").is_file()
    assert run("init", str(tmp_path / "new-empty"))[0] == 0  # a new folder needs no --force


def test_init_makefile_has_no_absolute_path_and_finds_briefing(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "b"))[0] == 0
    makefile = (tmp_path / "b" / "Makefile").read_text(encoding="utf-8")
    assert sys.executable not in makefile and "/usr" not in makefile and "@BRIEFING@" not in makefile
    assert "make BRIEFING=" in makefile  # how to override, said in the file

    def planned(path: str, *extra: str) -> str:
        env = {"PATH": path, "HOME": str(tmp_path)}
        done = subprocess.run(["make", "-n", *extra], cwd=tmp_path / "b", env=env, capture_output=True,
                              text=True, check=True)
        return done.stdout.splitlines()[0]

    if subprocess.run(["sh", "-c", "command -v make"], capture_output=True).returncode:
        pytest.skip("no make on this machine")
    make_dir = subprocess.run(["sh", "-c", "dirname $(command -v make)"], capture_output=True, text=True).stdout.strip()
    bare = f"{make_dir}:/bin"
    assert planned(bare) == "python3 -m briefing build config.yaml"  # nothing installed: the module
    (tmp_path / "b" / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / "b" / ".venv" / "bin" / "briefing").symlink_to(Path(sys.executable).parent / "briefing")
    assert planned(bare) == ".venv/bin/briefing build config.yaml"  # a .venv beside it
    assert planned(f"{Path(sys.executable).parent}:{bare}").endswith("/briefing build config.yaml")  # on PATH
    assert planned(bare, "BRIEFING=mine") == "mine build config.yaml"


@pytest.mark.parametrize(("args", "prestarted"), [
    (["-q", "build"], True),  # group flags before the command's name
    (["build", "--format", "md,html,pdf"], True),
    (["build", "--format", "md,json"], False),  # no PDF: no renderer
])
def test_a_build_with_work_to_do_prestarts_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    args: list[str], prestarted: bool) -> None:
    import types

    import briefing.pipeline as pipeline
    import briefing.render.pdf as pdf

    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    started: list[bool] = []
    monkeypatch.setattr(pdf, "prestart", lambda: started.append(True))
    fake = types.SimpleNamespace(outputs={}, warnings=[], briefing=types.SimpleNamespace(key_facts=[]))
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: fake)
    result = CliRunner().invoke(main, [*args, str(tmp_path / "config.yaml")])
    assert result.exit_code == 0, result.output
    assert started == ([True] if prestarted else [])


def test_package_data_holds_what_an_installed_briefing_reads() -> None:
    # pipx install . builds a wheel: templates, fonts and the scaffold must be in it.
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["briefing"]
    package = ROOT / "briefing"
    needed = [p for p in package.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
              and "__pycache__" not in p.parts]
    covered = {m for pattern in patterns for m in package.glob(pattern) if m.is_file()}
    assert needed and set(needed) <= covered, sorted(str(p.relative_to(package)) for p in set(needed) - covered)
    assert "rich" in " ".join(data["project"]["dependencies"])

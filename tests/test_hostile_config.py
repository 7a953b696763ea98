"""A config, a facts.json and a gold file are data: every path they name stays in the config's
folder, and every wrong value is one line with exit code 2, never a traceback or a hang."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.config import load_config
from briefing.config.regex import regex_problem
from briefing.errors import BriefingError, ConfigError

from .conftest import SMALL_ARTICLE, SMALL_CONFIG


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (root / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def one_error(code: int, err: str) -> str:
    """The single error line of a failed run."""
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    return lines[0]


def configure(project: Path, extra: str) -> str:
    path = project / "config.yaml"
    path.write_text(SMALL_CONFIG + extra, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("key", "value", "make"), [
    ("templates", "/etc", None),
    ("templates", "../outside", "dir"),
    ("output", "/tmp/elsewhere", None),
    ("output", "../outside", None),
    ("judgments", "../outside.md", "file"),
    ("judgments", "/etc/passwd", None),
    ("bottom_line", "../outside.md", "file"),
    ("previous", "/etc/passwd", None),
    ("previous", "../outside.json", "file"),
])
def test_a_path_outside_the_config_folder_is_refused(project: Path, key: str, value: str, make: str | None) -> None:
    if make == "dir":
        (project.parent / "outside").mkdir()
    elif make == "file":
        (project.parent / value.removeprefix("../")).write_text("- x (claims: y)\n", encoding="utf-8")
    line = one_error(*run("check", configure(project, f"{key}: {value}\n")))
    assert f"{key}: '{value}' is outside the config's folder" in line


def test_a_symlink_out_of_the_folder_is_followed_before_the_check(project: Path) -> None:
    (project / "templates").symlink_to("/etc")
    line = one_error(*run("build", configure(project, "templates: templates\n"), "--format", "md"))
    assert "templates: 'templates' is outside the config's folder" in line


def test_paths_outside_opts_in(project: Path, tmp_path: Path) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "briefing.md.j2").write_text("# {{ briefing.title }} (outside)\n", encoding="utf-8")
    cfg = configure(project, f"templates: {tmp_path / 'tpl'}\noutput: ../out\npaths_outside: true\n")
    code, err = run("build", cfg, "--format", "md")
    assert code == 0, err
    assert (tmp_path / "out" / "briefing.md").read_text(encoding="utf-8") == "# Small test (outside)\n"


def test_an_unnamed_templates_folder_is_not_used(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "briefing.md.j2").write_text("{{ cycler.__init__.__globals__ }}\n", encoding="utf-8")
    code, err = run("build", str(project / "config.yaml"), "--format", "md")
    assert code == 0, err
    assert (project / "build" / "briefing.md").read_text(encoding="utf-8").startswith("# Small test")


def test_an_impossible_date_is_one_line(project: Path) -> None:
    path = project / "config.yaml"
    path.write_text(SMALL_CONFIG.replace("date: 2024-03-06", "date: 2024-02-30"), encoding="utf-8")
    line = one_error(*run("build", str(path)))
    assert line.endswith("line 2: 2024-02-30 is not a date (day is out of range for month); write a real date (YYYY-MM-DD)")


@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-05", "9999-12-31", "9999-12-25"])
def test_relative_dates_at_the_calendar_ends_build(project: Path, published: str) -> None:
    (project / "a.txt").write_text("Edge Of Time\n\nYesterday the port shut. Tomorrow it opens, and next year it "
                                   "grows. On Monday the vote was held; in March it resumes; on 31 December "
                                   "it closed. Last week it paid $5 million.\n", encoding="utf-8")
    path = project / "config.yaml"
    path.write_text(SMALL_CONFIG.replace("2024-03-06", published).replace("2024-03-05", published), encoding="utf-8")
    code, err = run("build", str(path), "--format", "md,json")
    assert code == 0, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_as_config_is_one_line(project: Path) -> None:
    os.mkfifo(project / "fifo.yaml")
    assert "fifo.yaml: is a FIFO (named pipe), not a file" in one_error(*run("build", str(project / "fifo.yaml")))
    assert "/dev/zero: is a device, not a file" in one_error(*run("build", "/dev/zero"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_among_the_sources_is_refused_not_read(project: Path) -> None:
    os.mkfifo(project / "b.txt")
    line = one_error(*run("build", configure(project, "  - path: b.txt\n")))
    assert "'b.txt' is a FIFO (named pipe), not an article file" in line


@pytest.mark.parametrize(("path", "said"), [
    ("a\\0b.txt", "holds a NUL character"),
    ("x" * 5000, "is longer than the system allows (5000 characters)"),
    ("d/" * 2100 + "a.txt", "is longer than the system allows"),
])
def test_nul_and_overlong_paths_are_one_line(project: Path, path: str, said: str) -> None:
    cfg = project / "config.yaml"
    cfg.write_text(SMALL_CONFIG.replace("path: a.txt", f'path: "{path}"'), encoding="utf-8")
    assert said in one_error(*run("build", str(cfg)))
    assert said in one_error(*run("build", configure(project, f'templates: "{path}"\n')))


def test_an_overlong_config_path_is_one_line() -> None:
    assert "is longer than the system allows" in one_error(*run("build", "c" * 5000 + ".yaml"))


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w+\s?)*$", r"((ab)*c)*", r"(x)\1", "y" * 600])
def test_catastrophic_junk_patterns_are_refused(project: Path, pattern: str) -> None:
    line = one_error(*run("check", configure(project, f"junk: ['{pattern}']\n")))
    assert "junk[0]:" in line


@pytest.mark.parametrize("pattern", [r"^Advertisement$", r"(?i)^(read more|share this)\b", r"^\d{1,2}:\d\d$", r"x{2,5}y+"])
def test_ordinary_junk_patterns_run(pattern: str) -> None:
    assert regex_problem(pattern) is None


def test_oversized_figures_are_skipped_and_counted(project: Path) -> None:
    (project / "a.txt").write_text("Big Figures Here\n\nThe firm paid $" + "1" * 400 + " for the port, officials "
                                   "said. It paid $" + "9" * 25 + " billion more.\n", encoding="utf-8")
    code, err = run("build", str(project / "config.yaml"), "--format", "md,json")
    assert code == 0, err
    assert "warning: a.txt: 2 figures of more than 18 digits left out" in err


# check, --since and eval read data: any shape, any depth, is one line.

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "path", "sources", "facts", "evidence", "source", "start", "end", "quote",
                         "claims", "encoding"]), inner, max_size=5),
    max_leaves=20)


# Nearly a facts.json: the right keys, with anything at each level below them.
FACTS_LIKE = st.fixed_dictionaries({
    "sources": st.lists(st.fixed_dictionaries({"id": st.just("S1") | JSON_VALUES, "path": st.just("a.txt") | JSON_VALUES})
                        | JSON_VALUES, max_size=2),
    "facts": st.lists(st.fixed_dictionaries({"id": JSON_VALUES, "evidence": st.lists(
        st.fixed_dictionaries({"source": st.just("S1") | JSON_VALUES, "start": JSON_VALUES, "end": JSON_VALUES,
                               "quote": JSON_VALUES}) | JSON_VALUES, max_size=2) | JSON_VALUES}) | JSON_VALUES,
        max_size=2),
    "claims": st.lists(JSON_VALUES, max_size=2) | JSON_VALUES,
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=FACTS_LIKE | JSON_VALUES)
def test_check_and_since_take_a_facts_json_of_any_shape(project: Path, document: object) -> None:
    (project / "build").mkdir(exist_ok=True)
    (project / "build" / "facts.json").write_text(json.dumps(document), encoding="utf-8")
    for args in (("check", str(project / "config.yaml")),
                 ("build", str(project / "config.yaml"), "--format", "md", "--since", str(project / "build" / "facts.json"))):
        code, err = run(*args)
        assert "Traceback" not in err
        assert code in (0, 2), err


def test_deep_nesting_is_one_line(project: Path) -> None:
    (project / "build").mkdir()
    facts = project / "build" / "facts.json"
    facts.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "nested too deeply" in one_error(*run("check", str(project / "config.yaml")))
    assert "nested too deeply" in one_error(*run("build", str(project / "config.yaml"), "--since", str(facts)))


def test_check_reads_no_file_outside_the_config_folder(project: Path) -> None:
    (project / "build").mkdir()
    planted = {"sources": [{"id": "S1", "path": "../../../../../../etc/passwd"}],
               "facts": [{"id": "F1", "evidence": [{"source": "S1", "start": 0, "end": 4, "quote": "root"}]}]}
    (project / "build" / "facts.json").write_text(json.dumps(planted), encoding="utf-8")
    line = one_error(*run("check", str(project / "config.yaml")))
    assert "outside the config's folder" in line


GOLD_ENTRIES = st.lists(st.dictionaries(
    st.sampled_from(["kind", "text", "value", "unit", "qualifier", "speaker", "via", "context", "at"]),
    st.none() | st.integers(-5, 5) | st.sampled_from(["money", "quote", "junk", "Small", "$5 million", "x"])
    | st.lists(st.integers(), max_size=2), max_size=5), max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=GOLD_ENTRIES | JSON_VALUES)
def test_eval_takes_a_gold_file_of_any_shape(project: Path, entries: object) -> None:
    gold = project / "gold.yaml"
    gold.write_text(json.dumps({"config": "config.yaml", "files": {"a.txt": entries}}), encoding="utf-8")
    code, err = run("eval", str(gold), "--summary")
    assert "Traceback" not in err
    assert code in (0, 2), err


def test_eval_reads_a_source_in_its_encoding(project: Path) -> None:
    (project / "a.txt").write_bytes("Caf\u00e9 Owner Speaks\n\nThe caf\u00e9 paid $5 million, its owner said.\n"
                                    .encode("cp1252"))
    (project / "config.yaml").write_text(SMALL_CONFIG + "    encoding: cp1252\n", encoding="utf-8")
    gold = project / "gold.yaml"
    gold.write_text("config: config.yaml\nfiles:\n  a.txt:\n    - {kind: money, text: $5 million, value: 5000000, "
                    "unit: USD}\n", encoding="utf-8")
    code, err = run("eval", str(gold), "--summary")
    assert code == 0, err


def test_load_config_raises_only_its_own_errors(project: Path) -> None:
    for text in ("title: [", "- a\n- b\n", "title: x\ndate: 2024-13-01\nsources: []\n", "{" * 5000):
        (project / "config.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(BriefingError):
            load_config(project / "config.yaml")
    with pytest.raises(ConfigError):
        load_config(project / "missing.yaml")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures memory with Linux's /proc")
def test_an_article_over_256_mb_is_not_read_and_the_build_stays_small(project: Path) -> None:
    """Peak memory of a build beside a 300 MB article file (sparse: it costs no disk), measured
    by the build's own process."""
    import subprocess
    import sys

    with open(project / "huge.txt", "wb") as handle:
        handle.truncate(300_000_000)
    cfg = configure(project, "  - path: huge.txt\n")
    # VmHWM, the high-water mark of this program's memory: ru_maxrss would keep the size of the
    # test process it was forked from, across exec.
    measured = ("import re, sys\nfrom briefing.command import main\n"
                "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
                "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
                "print('peak', hwm, 'exit', code, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", measured, "build", cfg, "--format", "md,json"],
                          capture_output=True, text=True, check=False)
    assert "exit 0" in done.stderr, done.stderr
    assert "warning: huge.txt: over 256 MB, too large to be one article: not read" in done.stderr
    peak_kib = int(done.stderr.split("peak ")[1].split()[0])
    assert peak_kib < 300 * 1024, f"peak {peak_kib // 1024} MiB"


def test_a_gold_file_cannot_name_a_config_elsewhere(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read as a config, /etc/passwd would show its first line in the 'expected a mapping' error."""
    monkeypatch.chdir(project)
    gold = project / "gold.yaml"
    gold.write_text("config: /etc/passwd\nfiles: {}\n", encoding="utf-8")
    line = one_error(*run("eval", str(gold)))
    assert "config: is outside the gold file’s folder and the working folder" in line and "/bin/" not in line


def test_a_sidecar_that_is_a_link_is_refused_not_read(project: Path, tmp_path: Path) -> None:
    """A sidecar linked to a file elsewhere would show its first words in the 'expected' error."""
    (tmp_path / "secret.yaml").write_text("- top secret words\n", encoding="utf-8")
    (project / "a.source.yaml").symlink_to(tmp_path / "secret.yaml")
    line = one_error(*run("check", str(project / "config.yaml")))
    assert "a.source.yaml: is a link; a sidecar must be a file of its own" in line and "secret" not in line

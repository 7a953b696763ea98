"""The rebuild cache is data: a planted or damaged cache is a full build and a warning, never code
run, never a traceback; what it reads back renders the same bytes; every template file is in its key."""

from __future__ import annotations

import json
import os
import pickle
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import cache, codec
from briefing.cache import composed
from briefing.cli import main
from briefing.config import load_config
from briefing.errors import CodecError
from briefing.pipeline import OUTPUT_NAMES, build

from .conftest import FIXTURES, SEED_CONFIG, SMALL_ARTICLE, SMALL_CONFIG, templates_folder

Composed = composed()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    return tmp_path


def run(project: Path) -> tuple[list[str], list[str]]:
    """Build the project's Markdown: the stages run and the warnings, after a clean exit."""
    result = CliRunner().invoke(main, ["build", str(project / "config.yaml"), "--format", "md"])
    assert result.exit_code == 0, result.stderr
    assert result.exception is None and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    return ([line.split()[0] for line in lines if line and not line.startswith(" ")],
            [line for line in lines if line.startswith("warning: ")])


def output_edited(project: Path) -> None:
    """Make the next build render again, so that it reads the composed briefing back: a rebuild
    with nothing changed trusts state.json and reads no briefing.json at all."""
    (project / "build" / "briefing.md").write_text("edited\n", encoding="utf-8")


def cache_files(project: Path, name: str) -> list[Path]:
    return sorted((project / ".briefing-cache").rglob(name))


class Payload:
    """A pickle that runs a shell command as it loads, as the planted cache did."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {shlex.quote(str(self.marker))}",)


def test_a_planted_pickle_is_never_run(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    marker = tmp_path_factory.mktemp("outside") / "ran"
    run(project)
    folder = cache_files(project, "state.json")[0].parent
    planted = pickle.dumps(Payload(marker))
    for name in ("briefing.pickle", "briefing.json"):  # the name the cache reads, now and before
        (folder / name).write_bytes(planted)
    output_edited(project)
    stages, warnings = run(project)
    assert not marker.exists()
    assert "extract" in stages
    assert [w for w in warnings if w.startswith("warning: cache: ") and "briefing.json: unreadable" in w
            and w.endswith("rebuilt from the sources")], warnings
    # The cache this build wrote is used again, silently; no pickle is left in it.
    assert run(project) == (["config", "cache"], [])
    assert not cache_files(project, "briefing.pickle")


def test_no_pickle_left_in_the_package() -> None:
    package = Path(__file__).resolve().parent.parent / "briefing"
    assert not [p for p in package.rglob("*.py") if "import pickle" in p.read_text(encoding="utf-8")]


def _deep(n: int) -> bytes:
    return b"[" * n + b"]" * n


def _header(version: int = 2) -> bytes:
    return json.dumps(["briefing-cache", version, "x"]).encode()


# Shapes a planted or damaged briefing.json may take (its header line, then its body).
HOSTILE = {
    "empty": b"",
    "truncated": None,  # the real file, cut in half
    "a corrupted byte": None,
    "not utf-8": b"\xff\xfe[",
    "json null": b"null",
    "json object": b'{"briefing": {}, "warnings": []}',
    "deep nesting": _deep(200_000),
    "deep nesting in the body": None,
    "huge integer": b"9" * 100_000,
    "other format": b'["pickle", 2, "x"]\n[]',
    "other version": None,
    "header only": None,
    "body of the wrong shape": None,
    "an object where the sources are": None,
    "a bad date": None,
    "an integer where a string is": None,
    "true where an integer is": None,
    "NaN where a string is": None,
}


def _hostile(kind: str, real: bytes) -> bytes:
    head, _, body = real.partition(b"\n")
    document = json.loads(body)
    briefing = document[0]
    if kind == "truncated":
        return real[: len(real) // 2]
    if kind == "a corrupted byte":
        at = real.index(b",", len(head) + 2)
        return real[:at] + b";" + real[at + 1:]
    if kind == "deep nesting in the body":
        return head + b"\n" + _deep(100_000)
    if kind == "other version":
        return json.dumps(["briefing-cache", 1, json.loads(head)[2]]).encode() + b"\n" + body
    if kind == "header only":
        return head
    if kind == "body of the wrong shape":
        return head + b"\n" + json.dumps([briefing]).encode()
    if kind == "an object where the sources are":
        briefing[5] = {"0": briefing[5][0]}
    elif kind == "a bad date":
        briefing[2] = "2023-02-30"
    elif kind == "an integer where a string is":
        briefing[0] = 7
    elif kind == "true where an integer is":
        briefing[5][0][8][0][1] = True  # the first sentence's index
    elif kind == "NaN where a string is":
        return head + b"\n" + body.replace(json.dumps(briefing[0]).encode(), b"NaN", 1)
    else:
        return HOSTILE[kind] or b""
    return head + b"\n" + json.dumps(document).encode()


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_cache_is_a_full_build_and_a_warning(project: Path, kind: str) -> None:
    run(project)
    [path] = cache_files(project, "briefing.json")
    path.write_bytes(_hostile(kind, path.read_bytes()))
    output_edited(project)
    stages, warnings = run(project)
    assert "extract" in stages
    assert len(warnings) == 1 and warnings[0].startswith("warning: cache: ") and "unreadable" in warnings[0]
    assert (project / "build" / "briefing.md").read_text(encoding="utf-8").startswith("# Small test")


@pytest.mark.parametrize("state", [b"", b"{", b"[]", b'{"compose": 1}', b"[1, 2, 3, 4]", _deep(100_000),
                                   b'["a", "b", "many", []]', b'["a", "b", 3, [["md"]]]'])
def test_a_hostile_state_file_is_a_full_build_and_a_warning(project: Path, state: bytes) -> None:
    run(project)
    cache_files(project, "state.json")[0].write_bytes(state)
    stages, warnings = run(project)
    assert "markdown" in stages
    assert len(warnings) == 1 and "state.json: unreadable" in warnings[0]


def test_a_cache_file_that_is_not_a_file_is_set_aside(project: Path) -> None:
    run(project)
    [path] = cache_files(project, "briefing.json")
    path.unlink()
    os.mkfifo(path)  # opening it to read would wait forever for a writer
    output_edited(project)
    stages, warnings = run(project)
    assert "extract" in stages and "not a regular file" in warnings[0]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
                    | st.dates().map(str),
                    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
                    max_leaves=60))
def test_any_json_is_a_briefing_or_a_codec_error(document: object) -> None:
    try:
        value = codec.loads(json.dumps(document).encode(), Composed)
    except CodecError:
        return
    assert codec.loads(codec.dumps(value, Composed), Composed) == value


def test_codec_errors_say_where_and_what() -> None:
    with pytest.raises(CodecError, match=r"^\$\[1\]\[2\]: expected a string but found 3$"):
        codec.loads(b'[null, ["a", "b", 3]]', tuple[None, list[str]])
    with pytest.raises(CodecError, match=r"^\$\[0\]\.kind: expected one of \['a', 'b'\] but found 'c'$"):
        codec.loads(b'[["c"]]', tuple[_Kinded, ...])
    with pytest.raises(CodecError, match="nested deeper"):
        codec.loads(_deep(100_000), list[str])
    with pytest.raises(CodecError, match="more than the 10"):
        codec.loads(b'"' + b"x" * 20 + b'"', str, max_bytes=10)
    with pytest.raises(TypeError, match="recursive"):
        codec.dumps(None, _Tree)
    with pytest.raises(TypeError, match="both written as"):
        codec.dumps("x", str | Path)
    with pytest.raises(TypeError, match="expected a string, got Markup"):
        from markupsafe import Markup

        codec.dumps(Markup("<b>"), str)


@dataclass(frozen=True)
class _Kinded:
    kind: Literal["a", "b"]


@dataclass(frozen=True)
class _Tree:
    children: tuple[_Tree, ...]


@pytest.mark.parametrize("config", [SEED_CONFIG, FIXTURES / "election" / "config.yaml", FIXTURES / "mini" / "config.yaml"])
def test_the_codec_gives_back_the_same_values_of_the_same_types(config: Path, tmp_path: Path) -> None:
    cfg = load_config(config)
    first = build(cfg, tmp_path / "first", ["json"], force=True)
    result = build(cfg, tmp_path / "again", ["json"], force=True, since=tmp_path / "first" / "facts.json")
    briefing = result.briefing
    assert briefing.changes is not None
    data = codec.dumps((briefing, result.warnings), Composed)
    back = codec.loads(data, Composed)
    # Equal, and of the same types all the way down (repr tells 2 from 2.0, a tuple from a list).
    assert back == (briefing, result.warnings) and repr(back) == repr((briefing, result.warnings))
    assert codec.dumps(back, Composed) == data
    assert first.briefing.changes is None and repr(codec.loads(codec.dumps(
        (first.briefing, []), Composed), Composed)[0]) == repr(first.briefing)


def test_a_build_from_the_cached_briefing_is_byte_identical(seed_build: tuple[object, Path], tmp_path: Path) -> None:
    _, seed_out = seed_build
    cfg = load_config(SEED_CONFIG)
    previous = tmp_path / "previous.json"  # so the briefing has changes too
    previous.write_bytes((seed_out / "facts.json").read_bytes())
    out = tmp_path / "out"
    build(cfg, out, since=previous, force=True)
    fresh = {name: (out / name).read_bytes() for name in OUTPUT_NAMES.values()}
    for name in fresh:
        (out / name).unlink()
    said: list[tuple[str, str]] = []
    result = build(cfg, out, since=previous, report=lambda stage, _, what: said.append((stage, what)))
    assert ("cache", "sources and config unchanged: composed briefing reused") in said
    assert not {"extract", "ingest", "compose"} & {stage for stage, _ in said}
    assert result.briefing.changes is not None
    for name, data in fresh.items():
        assert (out / name).read_bytes() == data, name
    assert sorted(p.name for p in cache.folder(cfg, out).iterdir()) == ["briefing.json", "state.json"]


def test_a_change_to_a_hidden_included_template_renders_again(project: Path) -> None:
    templates = templates_folder(project)
    (templates / ".parts").mkdir()
    shared = project / "shared"  # reached through a link, as Jinja's loader reaches it
    shared.mkdir()
    (templates / "linked").symlink_to("../shared", target_is_directory=True)
    (templates / "briefing.md.j2").write_text(
        '{% include ".hidden.j2" %}/{% include "_under.j2" %}/{% include ".parts/p.j2" %}/'
        '{% include "linked/l.j2" %}\n', encoding="utf-8")
    parts = [templates / ".hidden.j2", templates / "_under.j2", templates / ".parts" / "p.j2", shared / "l.j2"]
    for part in parts:
        part.write_text("one", encoding="utf-8")
    run(project)
    expected = ["one"] * 4
    for i, part in enumerate(parts):
        part.write_text("two", encoding="utf-8")
        expected[i] = "two"
        stages, _ = run(project)
        assert "markdown" in stages, part.name
        assert (project / "build" / "briefing.md").read_text(encoding="utf-8").strip() == "/".join(expected)


def test_version_control_folders_are_not_in_the_key(project: Path) -> None:
    templates = templates_folder(project)
    (templates / ".git").mkdir()
    (templates / "__pycache__").mkdir()
    run(project)
    (templates / ".git" / "index").write_bytes(b"changed")
    (templates / "__pycache__" / "x.pyc").write_bytes(b"changed")
    assert run(project) == (["config", "cache"], [])

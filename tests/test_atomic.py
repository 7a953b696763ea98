"""The output set is published in one step: all old or all new, whatever stops the build.

Builds are killed at random moments and right after each rename, the disk fills up part-way,
an interrupted build's leftovers are removed, and an output folder among the sources is refused.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import load_config
from briefing.errors import RenderError
from briefing.pipeline import OUTPUT_NAMES, build

from .conftest import SMALL_ARTICLE, SMALL_CONFIG

NAMES = tuple(OUTPUT_NAMES.values())

# Two big fake output sets, A and B, of other sizes and bytes.
SETS = {which: {name: bytes([base + i]) * ((3 + 2 * i + (which == "B")) << 18) for i, name in enumerate(NAMES)}
        for which, base in (("A", 1), ("B", 101))}

# Runs `briefing build` and ends the process (as kill -9 would) right after the n-th rename:
# each os.replace / os.rename, and the folder exchange where there is one.
CRASH_AFTER = """
import os, sys
limit, mode = int(sys.argv[1]), sys.argv[2]
calls = [0]
def after(fn):
    def wrapped(*args, **kwargs):
        result = fn(*args, **kwargs)
        calls[0] += 1
        if calls[0] == limit:
            os._exit(137)
        return result
    return wrapped
os.replace, os.rename = after(os.replace), after(os.rename)
try:
    from briefing import publish
    publish.exchange = (lambda a, b: False) if mode == "fallback" else after(publish.exchange)
except ImportError:
    pass
from briefing.cli import main
main(sys.argv[3:])
"""


def read_set(out: Path, names: tuple[str, ...] = NAMES) -> dict[str, bytes | None]:
    return {name: (out / name).read_bytes() if (out / name).exists() else None for name in names}


def leftovers(out: Path) -> list[str]:
    """Our temporary folders beside ``out`` and ``.tmp`` files in it."""
    found = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    if out.is_dir():
        found += [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    return found


def write_set(out: Path, files: dict[str, bytes]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)


# --- (a) killed at random moments -------------------------------------------------------------


def test_publishing_killed_at_100_random_moments_leaves_all_old_or_all_new(tmp_path: Path) -> None:
    import fcntl  # noqa: F401  (imported before forking: the child imports nothing)

    from briefing import publish

    rng = random.Random(14)
    out = tmp_path / "build"
    write_set(out, SETS["A"])
    (out / "notes.txt").write_text("the user's own file", encoding="utf-8")
    start = time.perf_counter()
    publish.publish(out, SETS["A"])
    window = 1.5 * (time.perf_counter() - start) + 0.005
    current, interrupted, finished = "A", 0, 0
    for run in range(100):
        other = "B" if current == "A" else "A"
        mode = "fallback" if run % 4 == 3 else "exchange"
        ready, go = os.pipe()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # Python 3.12+ on fork with threads
            pid = os.fork()
        if pid == 0:  # the child publishes, and ends without running pytest's clean-up
            try:
                if mode == "fallback":
                    publish.exchange = lambda a, b: False  # type: ignore[assignment]
                os.write(go, b"g")
                publish.publish(out, SETS[other])
            finally:
                os._exit(0)
        os.close(go)
        assert os.read(ready, 1) == b"g"
        os.close(ready)
        time.sleep(rng.uniform(0, window))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        interrupted += bool(leftovers(out))
        if mode == "exchange" or out.exists():  # the fallback's one gap: out renamed aside
            assert read_set(out) in (SETS[current], SETS[other]), f"run {run}: a mixed set"
        publish.remove_leftovers(out, NAMES)  # what the next build does first
        assert leftovers(out) == [], f"run {run}"
        state = read_set(out)
        assert state in (SETS[current], SETS[other]), f"run {run}: a mixed set after recovery"
        assert (out / "notes.txt").read_text(encoding="utf-8") == "the user's own file"
        if state == SETS[other]:
            current, finished = other, finished + 1
        window *= 0.97 if state == SETS[other] else 1.03  # about half the kills land after the switch
    assert interrupted > 0 and 0 < finished < 100  # the kills landed before, during and after


@pytest.fixture
def small(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG.replace("Small test", "Old title"), encoding="utf-8")
    return tmp_path


def old_and_new_sets(project: Path) -> tuple[dict[str, bytes | None], dict[str, bytes | None]]:
    """The md and json of the project built with the old title, then the new; the config is left
    with the new title and build/ with the old set."""
    names = (OUTPUT_NAMES["md"], OUTPUT_NAMES["json"])
    build(load_config(project / "config.yaml"), project / "build", ["md", "json"])
    old = read_set(project / "build", names)
    config = project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("Old title", "New title"), encoding="utf-8")
    build(load_config(config), project / "new", ["md", "json"])
    new = read_set(project / "new", names)
    assert old != new and None not in old.values()
    return old, new


def check_killed_build(project: Path, old: dict[str, bytes | None], new: dict[str, bytes | None],
                       gap_allowed: bool, what: str) -> None:
    out = project / "build"
    names = tuple(old)
    if not gap_allowed or out.exists():
        assert read_set(out, names) in (old, new), f"{what}: a mixed set"
    build(load_config(project / "config.yaml"), out, ["md", "json"])  # the next build
    assert leftovers(out) == [], what
    assert read_set(out, names) == new, what


def test_a_real_build_killed_at_random_moments_leaves_all_old_or_all_new(small: Path) -> None:
    rng = random.Random(15)
    old, new = old_and_new_sets(small)
    command = [sys.executable, "-m", "briefing", "build", "config.yaml", "--format", "md,json", "--force"]
    start = time.perf_counter()
    subprocess.run(command, cwd=small, capture_output=True, check=True)
    seconds = time.perf_counter() - start
    for run in range(5):
        write_set(small / "build", {k: v for k, v in old.items() if v is not None})
        child = subprocess.Popen(command, cwd=small, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.1) * seconds)  # the write comes at the end
        child.kill()
        child.wait()
        check_killed_build(small, old, new, gap_allowed=False, what=f"run {run}")


@pytest.mark.parametrize(("mode", "renames"), [("exchange", 1), ("exchange", 2),
                                               ("fallback", 1), ("fallback", 2), ("fallback", 3)])
def test_a_build_killed_right_after_a_rename_leaves_all_old_or_all_new(small: Path, mode: str, renames: int) -> None:
    """Up to 0.3.0 a build killed just after its first rename left a new briefing.md beside an old
    facts.json. The fallback scheme may leave no build/ for an instant, never a mixed one."""
    old, new = old_and_new_sets(small)
    write_set(small / "build", {k: v for k, v in old.items() if v is not None})
    done = subprocess.run([sys.executable, "-c", CRASH_AFTER, str(renames), mode, "build", "config.yaml",
                           "--format", "md,json", "--force"], cwd=small, capture_output=True)
    assert done.returncode == 137, done.stderr.decode()
    check_killed_build(small, old, new, gap_allowed=mode == "fallback", what=f"{mode} {renames}")


# --- (b) a full disk ------------------------------------------------------------------------


def test_a_full_disk_leaves_the_old_set_and_no_temporary_folder(small: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = load_config(small / "config.yaml")
    out = small / "build"
    formats = ["md", "html", "json"]
    build(cfg, out, formats)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = read_set(out, (*NAMES, "notes.txt"))
    real_write = os.write
    written = [0]

    def full_disk(fd: int, data: bytes) -> int:  # only files under tmp_path fill the disk
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(small)):
            if written[0] + len(data) > 12_000:  # part-way through the set
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            written[0] += len(data)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    (small / "config.yaml").write_text(SMALL_CONFIG.replace("Small test", "Another title"), encoding="utf-8")
    with pytest.raises(RenderError) as raised:
        build(load_config(small / "config.yaml"), out, formats, force=True)
    monkeypatch.undo()
    message = str(raised.value)
    assert "\n" not in message and "No space left on device" in message
    assert "previous outputs are unchanged" in message
    assert written[0] > len(before["briefing.md"] or b"")  # part-way through the set, not before it
    assert read_set(out, (*NAMES, "notes.txt")) == before
    assert leftovers(out) == []
    assert sorted(p.name for p in small.iterdir()) == [".briefing-cache", "a.txt", "build", "config.yaml"]


def test_a_full_disk_is_one_line_and_exit_2(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full_disk)
    result = CliRunner().invoke(main, ["build", str(small / "config.yaml"), "--format", "md,json"])
    assert result.exit_code == 2
    assert result.output.count("error:") == 1 and "No space left on device" in result.output
    assert "Traceback" not in result.output
    assert not (small / "build").exists() and leftovers(small / "build") == []


# --- (c) leftovers of an interrupted build --------------------------------------------------


def test_a_build_removes_what_an_interrupted_build_left(small: Path) -> None:
    out = small / "build"
    build(load_config(small / "config.yaml"), out, ["md", "json"])
    stale = [small / ".build.new-k3j4h5g6", small / ".build.old-0f1e2d3c"]
    for folder in stale:
        folder.mkdir()
        (folder / "briefing.md").write_text("half", encoding="utf-8")
    (out / ".briefing.md.a1b2c3d4.tmp").write_text("half", encoding="utf-8")
    (out / ".facts.json.zz_9yy8x.tmp").write_text("half", encoding="utf-8")
    kept = [out / ".notes.tmp", out / ".briefing.md.tmp", out / "x.a1b2c3d4.tmp",
            small / ".build.new-mine", small / ".other.new-k3j4h5g6", small / ".build.new-a1b2c3d4"]
    for path in kept:
        path.write_text("the user's", encoding="utf-8")
    build(load_config(small / "config.yaml"), out, ["md", "json"])  # nothing changed: cache
    assert not any(p.exists() for p in stale)
    assert sorted(p.name for p in out.iterdir()) == [".briefing.md.tmp", ".notes.tmp", "briefing.md",
                                                     "facts.json", "x.a1b2c3d4.tmp"]
    assert all(p.read_text(encoding="utf-8") == "the user's" for p in kept)


def test_a_temporary_folder_a_live_build_holds_is_left_alone(tmp_path: Path) -> None:
    import fcntl

    from briefing import publish

    live = tmp_path / ".build.new-abcdefgh"
    live.mkdir()
    fd = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        publish.remove_leftovers(tmp_path / "build", NAMES)
        assert live.exists()
    finally:
        os.close(fd)
    publish.remove_leftovers(tmp_path / "build", NAMES)
    assert not live.exists()


def test_an_old_set_caught_between_the_fallback_renames_is_put_back(tmp_path: Path) -> None:
    from briefing import publish

    aside = tmp_path / ".build.old-abcdefgh"
    write_set(aside, SETS["A"])
    write_set(tmp_path / ".build.new-12345678", SETS["B"])
    publish.remove_leftovers(tmp_path / "build", NAMES)
    assert read_set(tmp_path / "build") == SETS["A"]
    assert leftovers(tmp_path / "build") == []


# --- publishing ----------------------------------------------------------------------------


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_publishing_keeps_what_the_build_did_not_write(tmp_path: Path, exchange: bool,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing import publish

    if not exchange:
        monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    out = tmp_path / "build"
    write_set(out, SETS["A"])
    (out / "sub").mkdir()
    (out / "sub" / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "link").symlink_to("sub/notes.txt")
    inode = (out / "briefing.pdf").stat().st_ino
    os.chmod(out, 0o750)
    paths = publish.publish(out, {"facts.json": b"{}"})
    assert paths == {"facts.json": out / "facts.json"}
    assert (out / "facts.json").read_bytes() == b"{}"
    assert (out / "briefing.pdf").read_bytes() == SETS["A"]["briefing.pdf"]
    assert (out / "briefing.pdf").stat().st_ino == inode  # hard-linked, not copied
    assert (out / "sub" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert os.readlink(out / "link") == "sub/notes.txt"
    assert out.is_dir() and not out.is_symlink() and (out.stat().st_mode & 0o777) == 0o750
    assert leftovers(out) == []


def test_an_output_folder_given_as_a_link_stays_a_link(tmp_path: Path) -> None:
    from briefing import publish

    (tmp_path / "real").mkdir()
    (tmp_path / "build").symlink_to("real")
    publish.publish(tmp_path / "build", {"facts.json": b"{}"})
    assert (tmp_path / "build").is_symlink() and (tmp_path / "real" / "facts.json").read_bytes() == b"{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "real"]


# --- (d) an output folder among the sources ---------------------------------------------------


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "articles" / "briefing.md").write_text("An article that happens to have this name.\n\n"
                                                       + SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        "title: Small test\ndate: 2024-03-06\nsources:\n  - path: articles/*\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("out", "why"), [
    ("articles", "is the folder of the source articles/a.txt"),
    ("articles/build", "is inside the folder of the source articles/a.txt"),
    (".", "holds the config file config.yaml"),
    ("..", "holds the config file config.yaml"),
])
def test_an_output_folder_among_the_sources_is_refused(articles: Path, out: str, why: str) -> None:
    before = sorted(p.relative_to(articles) for p in articles.rglob("*"))
    result = CliRunner().invoke(main, ["build", str(articles / "config.yaml"), "--out", str(articles / out),
                                       "--format", "md,json"])
    assert result.exit_code == 2, result.output
    error = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and why in error[0] and "choose a folder of its own" in error[0]
    assert sorted(p.relative_to(articles) for p in articles.rglob("*")) == before
    assert (articles / "articles" / "briefing.md").read_text(encoding="utf-8").startswith("An article")


def test_an_output_folder_holding_the_sources_is_refused_from_the_config(tmp_path: Path) -> None:
    (tmp_path / "project" / "data" / "articles").mkdir(parents=True)
    (tmp_path / "project" / "data" / "articles" / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "project" / "config.yaml").write_text(
        "title: T\ndate: 2024-03-06\noutput: data\nsources:\n  - path: data/articles/a.txt\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"holds the source data/articles/a\.txt"):
        build(load_config(tmp_path / "project" / "config.yaml"))
    assert not (tmp_path / "project" / "data" / "briefing.md").exists()


def test_articles_beside_the_config_may_hold_the_output_folder(small: Path) -> None:
    result = build(load_config(small / "config.yaml"), None, ["md"])
    assert result.outputs["md"] == small / "build" / "briefing.md"

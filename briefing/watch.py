"""Watch: rebuild on every change to the config, its sources or its templates, and serve the page.

``watch`` serves the output folder's ``briefing.html`` on a local address (serve.py) and watches
the config's folder recursively with the operating system's file events (watchfiles), keeping
the changes that matter: the config, its source files and new files matching its source globs,
the templates folder, and the judgments, bottom-line and previous files it names; never the
output folder or ``.briefing-cache``. A change reads the config again (so globs are expanded
again) and rebuilds Markdown, HTML and facts.json at once; the slow PDF follows in the
background once nothing has changed for a moment. The served page polls ``/__version`` (bumped
after every rebuild, good or failed) and reloads itself when it changes. A failed rebuild,
whatever the error, keeps the last good page and shows the error above it in a banner, and
watching goes on; only KeyboardInterrupt (Ctrl-C) or the ``stop`` event ends it.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path

import watchfiles

from .cache import CACHE_DIR
from .config import Config, load_config, read_yaml
from .config.sidecar import sidecar_of
from .errors import BriefingError
from .pipeline import OUTPUT_NAMES, BuildResult, build
from .serve import Server, State

POLL_SECONDS = 0.2
"""How long the watcher waits for a change before the PDF gets its turn."""
RETRY_SECONDS = 1.0
"""How long to wait before starting a file watcher that failed again."""
ERROR_CHARS = 400
"""An error longer than this is cut in the banner and on stderr."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What a change must touch to trigger a rebuild, and the folders watched for it."""

    roots: tuple[Path, ...]
    """Folders watched recursively: the config's folder, then any folder outside it that holds a
    source, the templates or a named file."""
    files: frozenset[Path]
    """The config, every source file and every file a path-valued option names."""
    trees: tuple[Path, ...]
    """Folders every file under which matters: the templates folder; the config's folder while
    the config cannot be read (any new file may be the one it lacks)."""
    globs: tuple[tuple[Path, str], ...]
    """Each source glob's fixed folder and the glob as an absolute pattern: a file arriving that
    matches one matters."""
    folders: frozenset[Path]
    """Every folder above a watched file, tree or glob: moving or deleting one matters."""
    ignore: tuple[Path, ...]
    """The output folder (its outputs alone when it holds the config) and the build cache: a
    build's own writes never trigger the next."""

    def matters(self, change: watchfiles.Change, path: str) -> bool:
        """Whether this change should rebuild. Hidden files (editor swap files, the pipeline's
        temporary files) never do unless named, as a glob's ``*`` never matches them."""
        file = Path(path)
        if any(file.is_relative_to(i) for i in self.ignore):
            return False  # first: `previous: build/facts.json` must not rebuild after every build
        if file in self.files:
            return True
        if file in self.folders:
            return change != watchfiles.Change.modified  # a folder's mtime is no change
        return (any(_visible(file, tree) for tree in self.trees)
                or any(_visible(file, fixed) and fnmatch.fnmatchcase(path, pattern)
                       for fixed, pattern in self.globs))


def _visible(file: Path, folder: Path) -> bool:
    """Whether ``file`` is under ``folder`` with no hidden name on the way."""
    return file.is_relative_to(folder) and not any(
        part.startswith(".") for part in file.relative_to(folder).parts)


def watch_plan(config: Path, cfg: Config | None, ignore: Iterable[Path]) -> Plan:
    """What to watch for ``config``: with ``cfg`` (the config as last read) the files it names,
    its templates and its globs; without (it could not be read) everything in its folder."""
    root = config.resolve().parent
    files = {root / config.name, config.resolve()}
    trees: list[Path] = []
    globs: list[tuple[Path, str]] = []
    if cfg is None:
        trees.append(root)
    else:
        named = (getattr(cfg, f.name) for f in fields(cfg))
        for path in ({v for v in named if isinstance(v, Path)} - {cfg.root, cfg.output, cfg.templates}
                     | {s.path for s in cfg.sources} | {sidecar_of(s.path) for s in cfg.sources}):
            files |= {Path(os.path.abspath(path)), path.resolve()}  # and where a symlink points
        trees += [cfg.templates.resolve()] if cfg.templates else []  # used only when named
        globs = [split_glob(root, pattern) for pattern in source_globs(cfg)]
    targets = [*files, *trees, *(fixed for fixed, _ in globs)]
    folders: set[Path] = set()
    for path in targets:
        for parent in path.parents:
            if parent in folders:
                break
            folders.add(parent)
    outside = (p if p.is_dir() else p.parent for p in targets if not p.is_relative_to(root))
    found = {root} | {p for p in outside if p.is_dir()}
    roots = sorted(r for r in found if not any(r != o and r.is_relative_to(o) for o in found))
    return Plan(roots=tuple(roots), files=frozenset(files), trees=tuple(trees), globs=tuple(globs),
                folders=frozenset(folders - set(trees)),
                ignore=(*_outputs(root, ignore), root / CACHE_DIR))


def _outputs(root: Path, folders: Iterable[Path]) -> list[Path]:
    """The output folders, or only the outputs in one that holds the config's folder."""
    found: list[Path] = []
    for out in (p.resolve() for p in folders):
        found += [out / name for name in OUTPUT_NAMES.values()] if root.is_relative_to(out) else [out]
    return found


def split_glob(root: Path, pattern: str) -> tuple[Path, str]:
    """A source glob's fixed folder (up to its first wildcard) and the glob as an absolute
    pattern for fnmatch (the config's folder escaped: its name may hold ``[``)."""
    base = "" if os.path.isabs(pattern) else str(root)
    parts = Path(pattern).parts
    fixed = next((i for i, part in enumerate(parts) if glob.has_magic(part)), len(parts))
    return (Path(os.path.normpath(os.path.join(base, *parts[:fixed]))),
            os.path.normpath(os.path.join(glob.escape(base), pattern)))


def source_globs(cfg: Config) -> list[str]:
    """The sources' paths that are globs, as the config writes them (Config keeps only the files
    each matched, and a file added later must be found by the pattern)."""
    try:
        data = read_yaml(cfg.path)
    except BriefingError:
        return []  # changed since it was read: that change brings its own rebuild
    items = data.get("sources") if isinstance(data, dict) else None
    paths = [i.get("path") for i in items if isinstance(i, dict)] if isinstance(items, list) else []
    return [p for p in paths if isinstance(p, str) and glob.has_magic(p)]


def describe(exc: BaseException) -> str:
    """An error as one line: a BriefingError's own message; anything else its type first."""
    text = " ".join(str(exc).split())
    if not isinstance(exc, BriefingError):
        text = f"unexpected {type(exc).__name__}" + (f": {text}" if text else "")
    return text if len(text) <= ERROR_CHARS else text[:ERROR_CHARS - 1] + "…"


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _timed(cfg: Config, out: Path, formats: Sequence[str]) -> tuple[BuildResult, float]:
    start = time.perf_counter()
    result = build(cfg, out, formats)
    return result, time.perf_counter() - start


class _Builder:
    """Runs the rebuilds: the fast outputs in the watch loop, the PDF on a worker thread. No error
    in a build escapes it: each becomes one ``error:`` line and the banner."""

    def __init__(self, config: Path, out: Path | None, formats: Sequence[str]) -> None:
        self.config, self.out = config, out
        self.fast_formats = [f for f in formats if f != "pdf"]
        if "html" not in self.fast_formats:
            self.fast_formats.append("html")  # the page is what we serve
        self.pdf = "pdf" in formats
        self.state = State(out or config.parent / "build")
        self.plan = watch_plan(config, None, [self.state.out])
        self.cfg: Config | None = None  # of the last good fast build; None after a failed one: no PDF
        self.generation = 0
        self.pdf_generation = 0
        self.pdf_job: Future[tuple[BuildResult, float]] | None = None
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-pdf")

    def matters(self, change: watchfiles.Change, path: str) -> bool:
        """The watch filter: asks the plan of the last time the config was read."""
        return self.plan.matters(change, path)

    def rebuild(self) -> None:
        """Read the config again (its globs may match new files) and build Markdown, HTML and
        facts.json."""
        self.generation += 1
        self.cfg = None
        cfg: Config | None = None
        try:
            cfg = load_config(self.config)
            out = self.out or cfg.output
            self.plan = watch_plan(self.config, cfg, [out, self.state.out])
            result, seconds = _timed(cfg, out, self.fast_formats)
            page = result.outputs["html"].read_text(encoding="utf-8")
        except Exception as exc:
            if cfg is None:  # unreadable: watch every file in its folder, the missing one may come
                self.plan = watch_plan(self.config, None, [self.state.out])
            self.fail(exc)
            return
        self.cfg = cfg
        self.state.publish(None, out, page)
        names = ", ".join(p.name for p in result.outputs.values())
        _say(f"built {names} in {seconds * 1000:.0f} ms")
        for warning in result.warnings:
            _say(f"warning: {warning}")

    def idle(self) -> None:
        """Nothing changed for a moment: collect the PDF, or start it for the last good build."""
        try:
            if self.pdf_job is not None and self.pdf_job.done():
                self._finish_pdf(self.pdf_job, self.pdf_generation)
                self.pdf_job = None
            if self.pdf and self.pdf_job is None and self.cfg is not None and self.pdf_generation < self.generation:
                self.pdf_generation = self.generation
                self.pdf_job = self.worker.submit(_timed, self.cfg, self.state.out, ["pdf"])
        except Exception as exc:
            self.fail(exc)

    def fail(self, exc: BaseException) -> None:
        """One ``error:`` line, and the banner over the last good page."""
        line = describe(exc)
        _say(f"error: {line}")
        self.state.publish(line)

    def _finish_pdf(self, job: Future[tuple[BuildResult, float]], generation: int) -> None:
        try:
            result, seconds = job.result()
        except Exception as exc:
            if generation == self.generation:  # a newer build has its own PDF coming
                self.fail(exc)
            return
        _say(f"built {result.outputs['pdf'].name} in {seconds * 1000:.0f} ms ({result.pages} pages)")
        for warning in result.warnings:
            _say(f"warning: {warning}")

    def close(self) -> None:
        self.worker.shutdown(wait=True)  # no PDF is written after watch() returns


def _watch_files(builder: _Builder, stop: threading.Event, started: Callable[[], None]) -> None:
    """Rebuild on every change that matters, until ``stop`` is set. The watcher starts before
    the first build, so nothing saved during a build is missed; it starts again, with a build,
    when the folders to watch change, and after an error of its own (by polling if the system's
    file events could not start: too many watches, an unsupported file system)."""
    dirty, polling, failed = True, None, ""
    while not stop.is_set():
        roots, ran = builder.plan.roots, False
        events = watchfiles.watch(
            *roots, watch_filter=builder.matters, stop_event=stop, force_polling=polling,
            rust_timeout=round(POLL_SECONDS * 1000), yield_on_timeout=True,
            ignore_permission_denied=True)
        try:
            for changes in events:  # an empty set when nothing changed for POLL_SECONDS
                ran = True
                if dirty or changes:
                    dirty = False
                    builder.rebuild()
                else:
                    builder.idle()
                failed = ""
                started()
                if builder.plan.roots != roots:
                    dirty = True
                    break
        except Exception as exc:  # the watcher's own: a watched folder gone, the limit on watches
            if describe(exc) != failed:
                failed = describe(exc)
                builder.fail(exc)
            polling, dirty = polling or not ran, True
            stop.wait(RETRY_SECONDS)
        finally:
            events.close()  # now, not when the traceback goes: the OS's watches are let go


def watch(config_path: str, port: int = 8000, host: str = "127.0.0.1",
          formats: Sequence[str] = ("md", "html", "json", "pdf"),
          once_ready: Callable[[str], None] | None = None, *,
          out: str | None = None, stop: threading.Event | None = None) -> None:
    """Build, serve the page at ``http://host:port/`` and rebuild on every change, until ``stop``
    is set (or Ctrl-C: KeyboardInterrupt, after the server and any PDF build have stopped).

    ``once_ready`` is called with the page's URL once the first build is served (``port=0``
    picks a free port). A failed build, first or later, still serves, with the error in the
    banner; a port that cannot be bound raises BriefingError.
    """
    stop = stop or threading.Event()
    if not Path(config_path).resolve().parent.is_dir():  # nothing to watch
        raise BriefingError(f"{config_path}: no such file; pass the path of a config.yaml")
    builder = _Builder(Path(config_path), Path(out) if out else None, formats)
    try:
        try:
            server = Server((host, port), builder.state)
        except OSError as exc:
            raise BriefingError(f"{host}:{port}: cannot serve there ({exc.strerror}); "
                                "choose another port (--port)") from None
        serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                   name="briefing-serve", daemon=True)
        serving.start()
        url = f"http://{f'[{host}]' if ':' in host else host}:{server.server_address[1]}/"
        told = False

        def started() -> None:
            nonlocal told
            if not told:
                told = True
                _say(f"serving {url} (Ctrl-C to stop)")
                if once_ready is not None:
                    once_ready(url)

        try:
            _watch_files(builder, stop, started)
        finally:
            server.shutdown()
            server.server_close()
    finally:
        builder.close()

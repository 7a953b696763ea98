"""Watch: rebuild on every change to the config, its sources or its templates, and serve the page.

``watch`` builds once, serves the output folder's ``briefing.html`` over HTTP, then polls the
config, every source file it names and the templates folder (mtime, size and inode; stdlib only).
A change rebuilds Markdown, HTML and facts.json at once; the slow PDF follows in the background
once nothing has changed for one poll. The served page polls ``/__version`` (bumped after every
rebuild, good or failed) and reloads itself when it changes. A failed rebuild keeps the last good
page and shows the error above it in a banner. The reload script and the banner are added to the
response only: briefing.html on disk is exactly what ``briefing build`` writes.
"""

from __future__ import annotations

import html
import mimetypes
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from .config import Config, load_config
from .errors import BriefingError
from .pipeline import OUTPUT_NAMES, BuildResult, build

POLL_SECONDS = 0.2
"""How often the watched files are compared with their last snapshot."""
VERSION_PATH = "/__version"
"""The URL the page polls; its body is the rebuild counter."""

RELOAD_SCRIPT = """<script>
(function () {{
  var seen = "{version}";
  setInterval(function () {{
    fetch("{path}", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})
      .then(function (v) {{ if (v !== seen) {{ location.reload(); }} }}, function () {{}});
  }}, 200);
}})();
</script>
"""
BANNER = ('<div id="briefing-watch-error" role="alert" style="position:sticky;top:0;z-index:9;'
          'margin:0;padding:.6em 1em;background:#9b1c1c;color:#fff;font:14px/1.4 sans-serif;'
          'overflow-wrap:anywhere">error: {message} (showing the last good build)</div>\n')
NOTHING_YET = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>briefing watch'
               '</title></head><body><p>Nothing built yet: fix the error above and save.</p>'
               '</body></html>\n')

_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)

Snapshot = dict[Path, tuple[int, int, int]]


def watched_paths(cfg: Config) -> set[Path]:
    """The config, every source file, the templates folder (watched even before it exists) and
    any other file a path-valued option names; not the config's folder or the output folder."""
    named = (getattr(cfg, f.name) for f in fields(cfg))
    files = {v for v in named if isinstance(v, Path)} - {cfg.root, cfg.output}
    return files | {cfg.path, *(s.path for s in cfg.sources), cfg.templates or cfg.root / "templates"}


def snapshot(paths: Iterable[Path], ignore: Path | None = None) -> Snapshot:
    """(mtime, size, inode) of every watched file; a folder stands for the files under it.

    Hidden files (editor swap files, the pipeline's own temporary files) and anything under
    ``ignore`` (the output folder) are left out, so a build never triggers the next one.
    """
    skip = ignore.resolve() if ignore else None
    seen: Snapshot = {}
    for path in paths:
        files = [f for f in path.rglob("*") if f.is_file()
                 and not any(part.startswith(".") for part in f.relative_to(path).parts)
                 ] if path.is_dir() else [path]
        for file in files:
            if skip is not None and file.resolve().is_relative_to(skip):
                continue
            try:
                st = file.stat()
            except OSError:
                continue  # missing: absent from the snapshot, so its arrival counts as a change
            seen[file] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return seen


def inject(page: str, version: int, error: str | None) -> str:
    """The page as served: the error banner after ``<body>``, the reload script before ``</body>``."""
    if error is not None:
        opening = _BODY_OPEN.search(page)
        at = opening.end() if opening else 0
        page = page[:at] + BANNER.format(message=html.escape(error)) + page[at:]
    script = RELOAD_SCRIPT.format(version=version, path=VERSION_PATH)
    closings = list(_BODY_CLOSE.finditer(page))
    at = closings[-1].start() if closings else len(page)
    return page[:at] + script + page[at:]


def resolve_inside(root: Path, url_path: str) -> Path | None:
    """The file ``url_path`` names inside ``root``; None for ``..``, hidden files, folders, or a
    symlink leading out."""
    parts = [p for p in url_path.split("/") if p]
    if not parts or any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    base = root.resolve()
    file = base.joinpath(*parts).resolve()
    return file if file.is_relative_to(base) and file.is_file() else None


@dataclass
class _State:
    """What the server shows; written by the watch loop, read by request threads."""

    out: Path
    """The output folder being served."""
    version: int = 0
    """Bumped after every rebuild, good or failed; the page reloads when it changes."""
    error: str | None = None
    """The last rebuild's error, shown in a banner until a rebuild succeeds."""
    page: str | None = None
    """The last good build's briefing.html, as read when it was published; None before the first
    (then the page on disk, if any, is served)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, error: str | None, out: Path | None = None, page: str | None = None) -> None:
        """Show a rebuild's outcome: the version, the error and the page change in one step, so
        no request sees a new page under an old version (or the reverse)."""
        with self.lock:
            self.version += 1
            self.error = error
            self.out = out or self.out
            self.page = page if page is not None else self.page

    def read(self) -> tuple[int, str | None, Path, str | None]:
        with self.lock:
            return self.version, self.error, self.out, self.page


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: _State) -> None:
        super().__init__(address, _Handler)
        self.state = state


class _Handler(BaseHTTPRequestHandler):
    """``/`` is the page with the reload script; ``/__version`` the counter; any other path a
    file inside the output folder, or 404 (``/favicon.ico``: 204)."""

    server_version = "briefing-watch"

    def do_GET(self) -> None:
        state = cast(_Server, self.server).state
        path = unquote(urlsplit(self.path).path)
        version, error, out, page = state.read()
        if path == VERSION_PATH:
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", str(version).encode())
        elif path == "/favicon.ico" and resolve_inside(out, path) is None:
            self._send(HTTPStatus.NO_CONTENT, "image/x-icon", b"")  # no 404 in the browser's console
        elif path in ("/", "/" + OUTPUT_NAMES["html"]):
            if page is None:
                try:
                    page = (out / OUTPUT_NAMES["html"]).read_text(encoding="utf-8")
                except OSError:
                    page = NOTHING_YET
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", inject(page, version, error).encode())
        else:
            file = resolve_inside(out, path)
            try:
                data = file.read_bytes() if file else None
            except OSError:
                data = None
            if file is None or data is None:
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")
            else:
                self._send(HTTPStatus.OK, mimetypes.guess_type(file.name)[0] or "application/octet-stream", data)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload): nothing to tell anyone

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per poll of /__version would drown the rebuild lines


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _timed(cfg: Config, out: Path, formats: Sequence[str]) -> tuple[BuildResult, float]:
    start = time.perf_counter()
    result = build(cfg, out, formats)
    return result, time.perf_counter() - start


class _Builder:
    """Runs the rebuilds: the fast outputs in the watch loop, the PDF on a worker thread."""

    def __init__(self, config: Path, out: Path | None, formats: Sequence[str]) -> None:
        self.config, self.out = config, out
        self.fast_formats = [f for f in formats if f != "pdf"]
        if "html" not in self.fast_formats:
            self.fast_formats.append("html")  # the page is what we serve
        self.pdf = "pdf" in formats
        self.state = _State(out or config.parent / "build")
        self.watched: set[Path] = {config}
        self.seen: Snapshot = {}
        self.cfg: Config | None = None  # of the last good fast build; None after a failed one: no PDF
        self.generation = 0
        self.pdf_generation = 0
        self.pdf_job: Future[tuple[BuildResult, float]] | None = None
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-pdf")

    def poll(self) -> None:
        """Rebuild if anything watched changed; otherwise collect or start the PDF."""
        if snapshot(self.watched, self.state.out) != self.seen:
            self.rebuild()
            return
        if self.pdf_job is not None and self.pdf_job.done():
            self._finish_pdf(self.pdf_job, self.pdf_generation)
            self.pdf_job = None
        if self.pdf and self.pdf_job is None and self.cfg is not None and self.pdf_generation < self.generation:
            self.pdf_generation = self.generation
            self.pdf_job = self.worker.submit(_timed, self.cfg, self.state.out, ["pdf"])

    def rebuild(self) -> None:
        """Markdown, HTML and facts.json; on failure one ``error:`` line and the banner."""
        self.generation += 1
        self.cfg = None
        self.seen = snapshot(self.watched, self.state.out)  # taken first: edits from now on count
        try:
            cfg = load_config(self.config)
            self.watched = watched_paths(cfg) | {self.config}
            out = self.out or cfg.output
            self.seen = snapshot(self.watched, out)  # the config may name other files now
            result, seconds = _timed(cfg, out, self.fast_formats)
        except BriefingError as exc:
            _say(f"error: {exc}")
            self.state.publish(str(exc))
            return
        self.cfg = cfg
        try:
            page = result.outputs["html"].read_text(encoding="utf-8")
        except OSError as exc:
            page = None
            _say(f"error: {result.outputs['html']}: cannot read the page just built ({exc.strerror})")
        self.state.publish(None, out, page)
        names = ", ".join(p.name for p in result.outputs.values())
        _say(f"built {names} in {seconds * 1000:.0f} ms")
        for warning in result.warnings:
            _say(f"warning: {warning}")

    def _finish_pdf(self, job: Future[tuple[BuildResult, float]], generation: int) -> None:
        try:
            result, seconds = job.result()
        except BriefingError as exc:
            if generation == self.generation:  # a newer build has its own PDF coming
                _say(f"error: {exc}")
                self.state.publish(str(exc))
            return
        _say(f"built {result.outputs['pdf'].name} in {seconds * 1000:.0f} ms ({result.pages} pages)")
        for warning in result.warnings:
            _say(f"warning: {warning}")

    def close(self) -> None:
        self.worker.shutdown(wait=True)  # no PDF is written after watch() returns


def watch(config_path: str, port: int = 8000, host: str = "127.0.0.1",
          formats: Sequence[str] = ("md", "html", "json", "pdf"),
          once_ready: Callable[[str], None] | None = None, *,
          out: str | None = None, stop: threading.Event | None = None) -> None:
    """Build, serve the page at ``http://host:port/`` and rebuild on every change, until ``stop``
    is set (or Ctrl-C).

    ``once_ready`` is called with the page's URL once it is served (``port=0`` picks a free
    port). A failed first build still serves, with the error in the banner; a port that cannot
    be bound raises BriefingError.
    """
    stop = stop or threading.Event()
    builder = _Builder(Path(config_path), Path(out) if out else None, formats)
    try:
        builder.rebuild()
        try:
            server = _Server((host, port), builder.state)
        except OSError as exc:
            raise BriefingError(f"{host}:{port}: cannot serve there ({exc.strerror}); "
                                "choose another port (--port)") from None
        serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                   name="briefing-serve", daemon=True)
        serving.start()
        try:
            url = f"http://{host}:{server.server_address[1]}/"
            _say(f"serving {url} (Ctrl-C to stop)")
            if once_ready is not None:
                once_ready(url)
            while not stop.wait(POLL_SECONDS):
                builder.poll()
        finally:
            server.shutdown()
            server.server_close()
    finally:
        builder.close()

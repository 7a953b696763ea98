"""Serve: the local HTTP server of ``briefing watch``.

``/`` is the last good build's page with a reload script (and the last error in a banner),
``/__version`` the rebuild counter the script polls, anything else a file inside the output
folder. Only requests naming this machine in ``Host`` are answered (DNS rebinding: a page on
another domain that resolves to 127.0.0.1 gets 403 and nothing else).
"""

from __future__ import annotations

import html
import mimetypes
import re
import socket
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit

from .pipeline import OUTPUT_NAMES

VERSION_PATH = "/__version"
"""The URL the page polls; its body is the rebuild counter."""
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
"""Host names a request may give besides the address bound (each with the port)."""

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
class State:
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


def local_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` headers a browser on this machine sends for the served page: 127.0.0.1,
    localhost, [::1] and the address bound, each with the port (alone on port 80 too)."""
    names = {*LOCAL_NAMES, f"[{host.lower()}]" if ":" in host else host.lower()}
    return frozenset({f"{name}:{port}" for name in names} | (names if port == 80 else set()))


class Server(ThreadingHTTPServer):
    """Serves ``state`` on ``address`` (IPv4 or IPv6), each request on its own thread, to
    requests whose Host is in ``hosts`` only."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: State) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)
        self.state = state
        bound, port = self.server_address[:2]
        self.hosts = local_hosts(address[0], port) | local_hosts(str(bound), port)


class _Handler(BaseHTTPRequestHandler):
    """``/`` is the page with the reload script; ``/__version`` the counter; any other path a
    file inside the output folder, or 404 (``/favicon.ico``: 204). A request naming another host
    than this one gets 403 and nothing else."""

    server_version = "briefing-watch"

    def do_GET(self) -> None:
        server = cast(Server, self.server)
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or hosts[0].strip().lower() not in server.hosts:
            self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", b"")
            return
        path = unquote(urlsplit(self.path).path)
        version, error, out, page = server.state.read()

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

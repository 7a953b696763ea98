"""watch: a change is served within seconds, a broken rebuild keeps the last good page, and only
files inside the output folder are served."""

from __future__ import annotations

import http.client
import queue
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from briefing.config import load_config
from briefing.errors import BriefingError
from briefing.watch import _Server, _State, inject, resolve_inside, snapshot, watch, watched_paths

from .conftest import SMALL_ARTICLE, SMALL_CONFIG, templates_folder

CSS = "/* house style v1 */\n"


@dataclass
class Served:
    project: Path
    port: int

    def get(self, path: str) -> tuple[int, str]:
        """GET a raw path (no normalisation of ``..``), as status and text."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8")
        finally:
            conn.close()

    def version(self) -> str:
        status, text = self.get("/__version")
        assert status == 200
        return text


def wait_for(condition: Callable[[], bool], seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@contextmanager
def start(project: Path, formats: tuple[str, ...] = ("md", "html", "json", "pdf")) -> Iterator[Served]:
    """Run watch() on a free port in a thread; stop it and wait for it afterwards."""
    stop = threading.Event()
    ready: queue.Queue[str | BaseException] = queue.Queue()

    def run() -> None:
        try:
            watch(str(project / "config.yaml"), port=0, formats=formats, once_ready=ready.put, stop=stop)
        except BaseException as exc:
            ready.put(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    url = ready.get(timeout=60)
    if isinstance(url, BaseException):
        raise url
    try:
        yield Served(project, urlsplit(url).port or 0)
    finally:
        stop.set()
        thread.join(timeout=60)
        assert not thread.is_alive(), "watch() did not return after stop was set"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    templates_folder(tmp_path)
    (tmp_path / "templates" / "extra.css").write_text(CSS, encoding="utf-8")
    return tmp_path


@pytest.fixture
def served(project: Path) -> Iterator[Served]:
    with start(project) as running:
        yield running


def test_serves_the_page_with_a_reload_script_added_to_the_response_only(served: Served) -> None:
    status, page = served.get("/")
    assert status == 200 and "<title>Small test</title>" in page and "house style v1" in page
    assert '"/__version"' in page and page.index("/__version") < page.rindex("</body>")
    assert "briefing-watch-error" not in page
    on_disk = (served.project / "build" / "briefing.html").read_text(encoding="utf-8")
    script = page[page.rindex("<script>"):page.rindex("</body>")]
    assert "__version" not in on_disk and page.replace(script, "") == on_disk
    assert served.get("/briefing.html") == (status, page)


def test_template_edit_is_served_within_3_seconds(served: Served) -> None:
    before = served.version()
    (served.project / "templates" / "extra.css").write_text("/* house style v2 */\n", encoding="utf-8")
    assert wait_for(lambda: "house style v2" in served.get("/")[1]), "the edited template was not served within 3 s"
    assert served.version() != before


def test_config_edit_is_served_within_3_seconds(served: Served) -> None:
    before = served.version()
    config = served.project / "config.yaml"
    config.write_text(SMALL_CONFIG.replace("title: Small test", "title: Renamed test"), encoding="utf-8")
    assert wait_for(lambda: "<title>Renamed test</title>" in served.get("/")[1])
    assert served.version() != before


def test_source_edit_is_served_within_3_seconds(served: Served) -> None:
    article = served.project / "a.txt"
    article.write_text(SMALL_ARTICLE.replace("12 ferries", "14 ferries"), encoding="utf-8")
    assert wait_for(lambda: "14 ferries" in served.get("/")[1])


def test_broken_template_keeps_the_last_page_and_shows_the_error(
        served: Served, capsys: pytest.CaptureFixture[str]) -> None:
    good = served.get("/")[1]
    before = served.version()
    (served.project / "templates" / "extra.css").write_text("{% if %}\n", encoding="utf-8")
    assert wait_for(lambda: served.version() != before), "/__version did not change after a failed rebuild"
    status, page = served.get("/")
    assert status == 200 and "house style v1" in page  # the last good build
    assert 'id="briefing-watch-error"' in page and "extra.css: line 1: " in page
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "extra.css: line 1: " in errors[0]
    assert "{% if %}" not in (served.project / "build" / "briefing.html").read_text(encoding="utf-8")
    # Fixed: the banner goes and the new content shows.
    (served.project / "templates" / "extra.css").write_text("/* house style v3 */\n", encoding="utf-8")
    assert wait_for(lambda: "house style v3" in served.get("/")[1])
    assert "briefing-watch-error" not in served.get("/")[1] and good != served.get("/")[1]


def test_the_pdf_follows_in_the_background(served: Served) -> None:
    pdf = served.project / "build" / "briefing.pdf"
    assert wait_for(pdf.is_file, seconds=60), "no PDF within 60 s"
    first = pdf.stat().st_mtime_ns
    (served.project / "templates" / "extra.css").write_text("/* house style v2 */\n", encoding="utf-8")
    assert wait_for(lambda: pdf.stat().st_mtime_ns != first, seconds=60), "the PDF was not rebuilt"
    assert pdf.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("path", [
    "/../config.yaml", "/%2e%2e/config.yaml", "/..%2fconfig.yaml", "/build/../../config.yaml",
    "/a.txt", "/..%5cconfig.yaml", "/.briefing.html.tmp", "/nothing.html",
])
def test_only_files_inside_the_output_folder_are_served(served: Served, path: str) -> None:
    (served.project / "build" / ".briefing.html.tmp").write_text("hidden", encoding="utf-8")
    status, _ = served.get(path)
    assert status == 404


def test_other_outputs_are_served(served: Served) -> None:
    status, text = served.get("/facts.json")
    assert status == 200 and text == (served.project / "build" / "facts.json").read_text(encoding="utf-8")


def test_a_broken_first_build_still_serves_and_recovers(project: Path) -> None:
    config = project / "config.yaml"
    config.write_text(SMALL_CONFIG.replace("date: 2024-03-06", "date: yesterday"), encoding="utf-8")
    with start(project, formats=("md", "html")) as served:
        status, page = served.get("/")
        assert status == 200 and "briefing-watch-error" in page and "date: expected a date" in page
        before = served.version()
        config.write_text(SMALL_CONFIG, encoding="utf-8")
        assert wait_for(lambda: "<title>Small test</title>" in served.get("/")[1])
        assert served.version() != before and "briefing-watch-error" not in served.get("/")[1]


def test_a_port_in_use_is_a_briefing_error(project: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(BriefingError, match=f"127.0.0.1:{port}: cannot serve there"):
            watch(str(project / "config.yaml"), port=port, formats=("html",))


def test_inject_puts_the_banner_first_and_the_script_last() -> None:
    page = inject("<html><BODY class=x><p>hi</p></body></html>", 7, "a <b> error")
    assert page.startswith('<html><BODY class=x><div id="briefing-watch-error"')
    assert "a &lt;b&gt; error" in page and page.endswith('</script>\n</body></html>')
    assert 'var seen = "7"' in page


def test_resolve_inside(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "briefing.html").write_text("x", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    (tmp_path / "out" / "link.txt").symlink_to(tmp_path / "secret.txt")
    out = tmp_path / "out"
    assert resolve_inside(out, "/briefing.html") == (out / "briefing.html").resolve()
    for path in ["/../secret.txt", "/link.txt", "/", "/nul\0.html", "/..\\secret.txt"]:
        assert resolve_inside(out, path) is None, path


def test_snapshot_skips_hidden_files_and_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "page.html.j2").write_text("x", encoding="utf-8")
    (tmp_path / ".page.html.j2.swp").write_text("x", encoding="utf-8")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "briefing.html").write_text("x", encoding="utf-8")
    assert list(snapshot([tmp_path], ignore=tmp_path / "build")) == [tmp_path / "page.html.j2"]
    assert snapshot([tmp_path / "missing.txt"]) == {}


def test_watched_paths_are_the_files_the_config_names(project: Path) -> None:
    cfg = load_config(project / "config.yaml")
    assert watched_paths(cfg) == {cfg.path, project / "a.txt", project / "templates"}


def test_the_page_and_its_version_change_together(tmp_path: Path) -> None:
    """A build writes briefing.html before it is published; until then the old page is served
    under the old version (a new page under an old version made test runs flaky)."""
    (tmp_path / "briefing.html").write_text("<body>old</body>", encoding="utf-8")
    state = _State(tmp_path)
    state.publish(None, tmp_path, "<body>old</body>")
    server = _Server(("127.0.0.1", 0), state)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        served = Served(tmp_path, server.server_address[1])
        before = served.version()
        (tmp_path / "briefing.html").write_text("<body>new</body>", encoding="utf-8")  # built, not yet published
        assert "old" in served.get("/")[1] and served.version() == before
        state.publish(None, tmp_path, "<body>new</body>")
        assert "new" in served.get("/")[1] and served.version() != before
    finally:
        server.shutdown()
        server.server_close()

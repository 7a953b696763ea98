"""watch: a change is served within seconds (a new file matching a source glob too), any failed
rebuild keeps the last good page and watching goes on, only files inside the output folder are
served, and only to requests naming this machine in Host."""

from __future__ import annotations

import http.client
import queue
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from watchfiles import Change

import briefing.watch
from briefing.config import load_config
from briefing.errors import BriefingError, ConfigError
from briefing.pipeline import build
from briefing.serve import Server, State, inject, local_hosts, resolve_inside
from briefing.watch import ERROR_CHARS, describe, watch, watch_plan

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
def start(project: Path, formats: tuple[str, ...] = ("md", "html", "json", "pdf"),
          ready: queue.Queue[str | BaseException] | None = None) -> Iterator[Served]:
    """Run watch() on a free port in a thread; stop it and wait for it afterwards. ``ready``
    gets the URL, then whatever watch() raised."""
    stop = threading.Event()
    ready = ready or queue.Queue()

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


def test_the_page_and_its_version_change_together(tmp_path: Path) -> None:
    """A build writes briefing.html before it is published; until then the old page is served
    under the old version (a new page under an old version made test runs flaky)."""
    (tmp_path / "briefing.html").write_text("<body>old</body>", encoding="utf-8")
    state = State(tmp_path)
    state.publish(None, tmp_path, "<body>old</body>")
    server = Server(("127.0.0.1", 0), state)
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


# --- Host: only this machine (DNS rebinding) ---------------------------------------------------

def raw_get(port: int, path: str, host_lines: list[str]) -> tuple[int, bytes]:
    """Send a GET with exactly these Host lines (none, one, or several); status and body."""
    head = "".join(f"Host: {host}\r\n" for host in host_lines)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\n{head}Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    status_line, _, rest = data.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


@pytest.fixture
def local_server(tmp_path: Path) -> Iterator[int]:
    """A watch server on 127.0.0.1 serving a built page and a facts.json; yields its port."""
    (tmp_path / "briefing.html").write_text("<body>the briefing</body>", encoding="utf-8")
    (tmp_path / "facts.json").write_text("{}", encoding="utf-8")
    state = State(tmp_path)
    state.publish(None, tmp_path, "<body>the briefing</body>")
    server = Server(("127.0.0.1", 0), state)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("path", ["/", "/__version", "/facts.json"])
@pytest.mark.parametrize("hosts", [
    ["evil.example:{port}"], ["evil.example"], ["127.0.0.1"], ["127.0.0.1:{other}"],
    ["127.0.0.1.evil.example:{port}"], ["localhost.evil.example:{port}"], ["evil.example:{port}@127.0.0.1:{port}"],
    ["0.0.0.0:{port}"], ["[::ffff:127.0.0.1]:{port}"], [""], [], ["127.0.0.1:{port}", "evil.example:{port}"],
])
def test_a_request_naming_another_host_gets_403_and_nothing_else(
        local_server: int, path: str, hosts: list[str]) -> None:
    lines = [h.format(port=local_server, other=local_server + 1) for h in hosts]
    assert raw_get(local_server, path, lines) == (403, b"")


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}", "[::1]:{port}"])
def test_a_request_naming_this_machine_is_answered(local_server: int, host: str) -> None:
    status, body = raw_get(local_server, "/", [host.format(port=local_server)])
    assert status == 200 and b"the briefing" in body
    assert raw_get(local_server, "/facts.json", [host.format(port=local_server)]) == (200, b"{}")


def test_watch_itself_refuses_another_host(served: Served) -> None:
    assert raw_get(served.port, "/", [f"evil.example:{served.port}"]) == (403, b"")
    status, body = raw_get(served.port, "/", [f"localhost:{served.port}"])
    assert status == 200 and b"<title>Small test</title>" in body


def test_local_hosts() -> None:
    assert local_hosts("127.0.0.1", 8000) == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert "0.0.0.0:8000" in local_hosts("0.0.0.0", 8000)  # the exact address bound
    assert "[::1]:8000" in local_hosts("::1", 8000) and "192.168.1.5:8000" in local_hosts("192.168.1.5", 8000)
    assert "localhost" in local_hosts("127.0.0.1", 80) and "localhost" not in local_hosts("127.0.0.1", 8000)


# --- What is watched: new files matching a glob, never the outputs ----------------------------

GLOB_CONFIG = SMALL_CONFIG.replace("path: a.txt", "path: {pattern}")
SECOND_ARTICLE = "Port Orders Tugboats\n\nThe port ordered 9 tugboats for $2 million on Monday.\n"


@pytest.mark.parametrize(("pattern", "first", "new"), [
    ("articles/*.txt", "articles/a.txt", "articles/b.txt"),
    ("articles/*/*.txt", "articles/one/a.txt", "articles/two/b.txt"),  # a folder that was not there
])
def test_a_new_file_matching_a_source_glob_is_built(
        project: Path, pattern: str, first: str, new: str) -> None:
    (project / first).parent.mkdir(parents=True)
    (project / "a.txt").rename(project / first)
    (project / "config.yaml").write_text(GLOB_CONFIG.format(pattern=pattern), encoding="utf-8")
    with start(project, formats=("md", "html")) as served:
        assert "12 ferries" in served.get("/")[1]
        (project / new).parent.mkdir(parents=True, exist_ok=True)
        (project / new).write_text(SECOND_ARTICLE, encoding="utf-8")
        assert wait_for(lambda: "9 tugboats" in served.get("/")[1], seconds=10), f"{new} was not built"
        assert "12 ferries" in served.get("/")[1]


def test_a_glob_that_matched_nothing_builds_when_a_file_arrives(project: Path) -> None:
    (project / "articles").mkdir()
    (project / "config.yaml").write_text(GLOB_CONFIG.format(pattern="articles/*.txt"), encoding="utf-8")
    with start(project, formats=("md", "html")) as served:
        assert "matches no file" in served.get("/")[1]
        shutil.copy(project / "a.txt", project / "articles" / "a.txt")
        assert wait_for(lambda: "12 ferries" in served.get("/")[1], seconds=10)
        assert "briefing-watch-error" not in served.get("/")[1]


def test_the_plan_keeps_what_matters_and_drops_the_outputs(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "articles").mkdir()
    (project / "a.txt").rename(project / "articles" / "a.txt")
    (project / "judgments.md").write_text("- **moderate**: The deal will hold. (claims: C1)\n", encoding="utf-8")
    (project / "config.yaml").write_text(
        GLOB_CONFIG.format(pattern="articles/*.txt") + "judgments: judgments.md\ntemplates: templates\n",
        encoding="utf-8")
    monkeypatch.chdir(project)  # the config named as on the command line: paths in it are relative
    plan = watch_plan(Path("config.yaml"), load_config("config.yaml"), [Path("build")])
    root = project.resolve()
    assert plan.roots == (root,)
    keep = ["config.yaml", "articles/a.txt", "articles/new.txt", "judgments.md", "templates/extra.css",
            "templates/partials/new.html"]
    drop = ["build/briefing.html", "build/.briefing.html.tmp", ".briefing-cache/0123/state.json",
            "articles/.new.txt.swp", "articles/notes.md", "notes.txt", "templates/.extra.css.swp", ".git/index"]
    for name in keep:
        assert plan.matters(Change.added, str(root / name)), name
    for name in drop:
        assert not plan.matters(Change.modified, str(root / name)), name
    # The articles folder moved away matters; its mtime does not.
    assert plan.matters(Change.deleted, str(root / "articles"))
    assert not plan.matters(Change.modified, str(root / "articles"))
    # A config that cannot be read: any new visible file may be what it lacks; the outputs still not.
    broken = watch_plan(Path("config.yaml"), None, [Path("build")])
    assert broken.matters(Change.added, str(root / "notes.txt"))
    assert not broken.matters(Change.added, str(root / "build" / "briefing.html"))
    assert not broken.matters(Change.added, str(root / ".briefing-cache" / "x"))


def test_the_outputs_never_rebuild_even_when_named_or_beside_the_config(project: Path) -> None:
    (project / "build").mkdir()
    (project / "build" / "facts.json").write_text("{}", encoding="utf-8")
    config = project / "config.yaml"
    config.write_text(SMALL_CONFIG + "previous: build/facts.json\n", encoding="utf-8")
    plan = watch_plan(config, load_config(config), [project / "build"])
    assert not plan.matters(Change.modified, str(project.resolve() / "build" / "facts.json"))
    # output: . (the config's own folder): its outputs are ignored, not the config and sources.
    config.write_text(SMALL_CONFIG + "output: .\n", encoding="utf-8")
    plan = watch_plan(config, load_config(config), [project])
    root = project.resolve()
    assert plan.matters(Change.modified, str(root / "config.yaml")) and plan.matters(Change.modified, str(root / "a.txt"))
    assert not any(plan.matters(Change.modified, str(root / name))
                   for name in ["briefing.html", "briefing.md", "briefing.pdf", "facts.json"])


def test_sources_outside_the_config_folder_are_watched_there(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    config = tmp_path / "project" / "config.yaml"
    config.write_text(GLOB_CONFIG.format(pattern="../shared/*.txt") + "sources_outside: true\n",
                      encoding="utf-8")
    plan = watch_plan(config, load_config(config), [tmp_path / "project" / "build"])
    root = tmp_path.resolve()
    assert plan.roots == (root / "project", root / "shared")
    assert plan.matters(Change.added, str(root / "shared" / "b.txt"))
    assert not plan.matters(Change.added, str(root / "shared" / "b.md"))


# --- Any error: the last good page, a banner, and watching goes on ---------------------------

@pytest.fixture
def exploding(monkeypatch: pytest.MonkeyPatch) -> None:
    """build() raises an error of no kind the tool knows while a source says BOOM, and
    KeyboardInterrupt while one says STOP; the PDF stage raises when one says PDFBOOM."""
    def fake(cfg, out, formats=("md", "html", "json", "pdf")):  # type: ignore[no-untyped-def]
        text = " ".join(s.path.read_text(encoding="utf-8") for s in cfg.sources)
        if "STOP" in text:
            raise KeyboardInterrupt
        if "PDFBOOM" in text and "pdf" in formats:
            raise RuntimeError("the PDF <stage> broke")
        if "BOOM" in text and "PDFBOOM" not in text:
            raise OverflowError("int too <large>\nto convert")
        return build(cfg, out, formats)
    monkeypatch.setattr(briefing.watch, "build", fake)


@pytest.mark.usefixtures("exploding")
def test_an_unexpected_error_keeps_the_last_page_and_watching_goes_on(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = project / "a.txt"
    with start(project, formats=("md", "html")) as served:
        before = served.version()
        article.write_text(SMALL_ARTICLE + "BOOM\n", encoding="utf-8")
        assert wait_for(lambda: served.version() != before, seconds=10), "no new version after the error"
        status, page = served.get("/")
        assert status == 200 and "12 ferries" in page  # the last good build
        banner = page[page.index('<div id="briefing-watch-error"'):]
        banner = banner[:banner.index("</div>")]
        assert "\n" not in banner and "unexpected OverflowError: int too &lt;large&gt; to convert" in banner
        errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
        assert errors == ["error: unexpected OverflowError: int too <large> to convert"]
        # Watching goes on: the next good build replaces the banner.
        article.write_text(SMALL_ARTICLE.replace("12 ferries", "14 ferries"), encoding="utf-8")
        assert wait_for(lambda: "14 ferries" in served.get("/")[1], seconds=10)
        assert "briefing-watch-error" not in served.get("/")[1]


@pytest.mark.usefixtures("exploding")
def test_an_unexpected_error_in_the_pdf_shows_and_watching_goes_on(project: Path) -> None:
    (project / "a.txt").write_text(SMALL_ARTICLE + "PDFBOOM\n", encoding="utf-8")
    with start(project, formats=("html", "pdf")) as served:
        assert wait_for(lambda: "unexpected RuntimeError: the PDF &lt;stage&gt; broke" in served.get("/")[1],
                        seconds=10)
        (project / "a.txt").write_text(SMALL_ARTICLE.replace("12 ferries", "14 ferries"), encoding="utf-8")
        assert wait_for(lambda: "14 ferries" in served.get("/")[1], seconds=10)
        assert wait_for(lambda: (project / "build" / "briefing.pdf").is_file(), seconds=60)
        assert "briefing-watch-error" not in served.get("/")[1]


@pytest.mark.usefixtures("exploding")
def test_keyboard_interrupt_still_stops_watch_and_its_server(project: Path) -> None:
    ready: queue.Queue[str | BaseException] = queue.Queue()
    with start(project, formats=("md", "html"), ready=ready) as served:
        (project / "a.txt").write_text(SMALL_ARTICLE + "STOP\n", encoding="utf-8")
        assert isinstance(ready.get(timeout=10), KeyboardInterrupt)
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", served.port), timeout=5).close()


def test_describe_is_one_line() -> None:
    assert describe(ConfigError("config.yaml: date: expected a date")) == "config.yaml: date: expected a date"
    assert describe(OverflowError("int too large\n  to convert")) == "unexpected OverflowError: int too large to convert"
    assert describe(RuntimeError()) == "unexpected RuntimeError"
    long = describe(ValueError("x" * 5000))
    assert len(long) == ERROR_CHARS and long.endswith("…")

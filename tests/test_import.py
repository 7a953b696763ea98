"""briefing import: web pages, saved pages and PDFs into article texts with sidecars, offline by
default; the config reads the sidecars; a .html named under sources: is converted the same way.

Nothing here touches the internet: pages are fixtures (tests/fixtures/pages), served for the URL
path by a local http.server on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import json
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import load_config
from briefing.config.sidecar import Sidecar, dump_sidecar, sidecar_of
from briefing.errors import ConfigError
from briefing.importing import article_text, html_to_page, slug_name
from briefing.ingest import read_source
from briefing.pipeline import build

from .conftest import FIXTURES

PAGES = FIXTURES / "pages"
HERALD = PAGES / "harbour-herald.html"
VALLEY = PAGES / "valley-times.htm"
HERALD_TXT = "2024-03-14-port-strike-ends-after-12-days-as-dockers-accept-9-raise.txt"
VALLEY_TXT = "2023-09-02-reservoir-levels-fall-to-31-after-driest-summer-on-record.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder (the fetch cache and articles/ are relative to it)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- saved pages ----------------------------------------------------------------------------

def test_a_saved_page_becomes_a_text_headline_first_and_a_sidecar(here: Path) -> None:
    code, out, err = run("import", str(HERALD))
    assert (code, err) == (0, "")
    assert out == (f"articles/{HERALD_TXT}: Port strike ends after 12 days as dockers accept 9% raise "
                   "(Harbour Herald, 2024-03-14)\n")
    text = (here / "articles" / HERALD_TXT).read_text(encoding="utf-8")
    assert text.startswith("Port strike ends after 12 days as dockers accept 9% raise\n\n\nDockers at the port")
    assert "pay cut." in text and "meets on March 20." in text  # the article, to its last paragraph
    for furniture in ("Sign in", "Most read", "Mayor resigns", "Comments", "They should have accepted",
                      "All rights reserved", "cookies", "newsletter", "Share on Facebook", "Skip to"):
        assert furniture not in text, furniture
    side = (here / "articles" / HERALD_TXT.replace(".txt", ".source.yaml")).read_text(encoding="utf-8")
    assert side.splitlines()[1:] == ["outlet: Harbour Herald",
                                     "title: Port strike ends after 12 days as dockers accept 9% raise",
                                     "date: '2024-03-14'",
                                     "url: https://herald.example/business/2024/03/14/port-strike-ends"]


def test_ingest_reads_the_first_line_as_the_headline_and_offsets_hold(here: Path) -> None:
    run("import", str(HERALD))
    (here / "config.yaml").write_text("title: T\ndate: 2024-03-15\nsources:\n  - path: articles/*.txt\n",
                                      encoding="utf-8")
    cfg = load_config(here / "config.yaml")
    source = read_source(cfg.sources[0])
    assert source.headline == "Port strike ends after 12 days as dockers accept 9% raise"
    assert source.sentences[0].text.startswith("Dockers at the port")
    raw = (here / "articles" / HERALD_TXT).read_text(encoding="utf-8")
    assert all(raw[s.start:s.end] == s.text for s in source.sentences)


def test_a_headline_ending_in_a_full_stop_is_still_the_headline() -> None:
    text = article_text(html_to_page(HERALD.read_bytes()))
    stopped = text.replace("9% raise\n", "9% raise.\n", 1)
    from briefing.ingest import segment

    _, _, headline = segment("S1", stopped)
    assert headline == "Port strike ends after 12 days as dockers accept 9% raise."


def test_importing_again_changes_nothing_and_is_byte_identical(here: Path) -> None:
    run("import", str(PAGES))
    first = {p.name: p.read_bytes() for p in (here / "articles").iterdir()}
    code, out, _ = run("import", str(PAGES))
    assert code == 0 and out.count("(unchanged)") == 2
    assert {p.name: p.read_bytes() for p in (here / "articles").iterdir()} == first


def test_a_folder_imports_its_pages_in_name_order_and_only_them(here: Path) -> None:
    folder = here / "saved"
    folder.mkdir()
    shutil.copy(HERALD, folder / "b.html")
    shutil.copy(VALLEY, folder / "a.htm")
    (folder / "notes.txt").write_text("not a page", encoding="utf-8")
    code, out, _ = run("import", "saved", "--into", "texts")
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == [f"texts/{VALLEY_TXT}", f"texts/{HERALD_TXT}"]
    assert sorted(p.name for p in (here / "texts").iterdir()) == sorted(
        [VALLEY_TXT, HERALD_TXT, VALLEY_TXT.replace(".txt", ".source.yaml"),
         HERALD_TXT.replace(".txt", ".source.yaml")])


def test_a_date_only_in_json_ld_and_a_meta_name_is_found() -> None:
    page = html_to_page(VALLEY.read_bytes())
    assert page.meta == Sidecar(outlet="Valley Times",
                                title="Reservoir levels fall to 31% after driest summer on record",
                                date=dt.date(2023, 9, 2), url=None)


def test_a_text_file_is_refused_with_what_to_do(here: Path) -> None:
    (here / "a.txt").write_text("text", encoding="utf-8")
    code, _, err = run("import", "a.txt")
    assert code == 2
    assert err == ("error: a.txt: not a page or a PDF (.html, .htm, .pdf); a .txt article needs no import: "
                   "name it under sources: in the config\n")


def test_a_missing_file_is_refused_before_anything_is_written(here: Path) -> None:
    code, _, err = run("import", str(HERALD), "www.example.org/story")
    assert (code, err) == (2, "error: www.example.org/story: no such file; a URL starts with https:// "
                              "(nothing was imported)\n")
    assert not (here / "articles").exists()


def test_a_page_without_an_article_is_one_line(here: Path) -> None:
    (here / "index.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>",
                                     encoding="utf-8")
    code, _, err = run("import", "index.html")
    assert code == 2 and err.startswith("error: index.html: no article text found") and err.count("\n") == 1
    assert not list((here / "articles").iterdir())


def test_a_page_in_windows_1252_becomes_utf_8(here: Path) -> None:
    page = HOSTILE.format(title="Caf\u00e9 owners \u201cwin\u201d").replace(
        "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
    (here / "page.html").write_bytes(page.encode("cp1252"))
    code, _, _ = run("import", "page.html")
    assert code == 0
    assert (here / "articles" / "cafe-owners-win.txt").read_text(encoding="utf-8").startswith(
        "Caf\u00e9 owners \u201cwin\u201d\n\n\nThe council met on Monday")


def test_terminal_escapes_in_a_title_reach_neither_the_screen_nor_the_files(here: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    HTML(string=HOSTILE.format(title="x")).write_pdf(here / "plain.pdf")
    writer = PdfWriter(clone_from=PdfReader(here / "plain.pdf"))
    writer.add_metadata({"/Title": "Red\x1b[31m alert\x9b2J now"})  # ESC and the one-byte CSI
    with open(here / "story.pdf", "wb") as handle:
        writer.write(handle)
    code, out, _ = run("import", "story.pdf")
    assert code == 0 and out == "articles/red-31m-alert-2j-now.txt: Red [31m alert 2J now\n"
    written = "".join(p.read_text(encoding="utf-8") for p in (here / "articles").iterdir())
    assert "\x1b" not in written and "\x9b" not in written


# --- untrusted names ------------------------------------------------------------------------

HOSTILE = """<html><head><title>{title}</title><meta property="og:title" content="{title}"></head>
<body><article><h1>{title}</h1><p>The council met on Monday and agreed to spend $2 million on the
harbour wall, which was damaged in the winter storms, a spokesman said.</p>
<p>Work will start in April and should take about six months, the council said in a statement.</p>
</article></body></html>"""


@pytest.mark.parametrize(("title", "name"), [
    ("../../../etc/passwd", "etc-passwd.txt"),
    (".bashrc", "bashrc.txt"),
    ("..", "page.txt"),
    ("C:\\Windows\\evil / ok", "c-windows-evil-ok.txt"),
    ("Ünïcödé — ‘quotes’ & <tags>", "unicode-quotes-tags.txt"),
    ("word " * 80, ("word-" * 12)[:-1] + ".txt"),
])
def test_names_from_pages_are_slugs_inside_the_folder(here: Path, title: str, name: str) -> None:
    (here / "page.html").write_text(HOSTILE.format(title=title), encoding="utf-8")
    code, _, err = run("import", "page.html", "--into", "out")
    assert (code, err) == (0, "")
    written = sorted(p.name for p in (here / "out").iterdir())
    assert written == sorted([name, name.replace(".txt", ".source.yaml")])
    assert sorted(p.name for p in here.iterdir()) == ["out", "page.html"]


def test_slugs_are_bounded_and_never_empty() -> None:
    assert slug_name(Sidecar(title="/" * 500), "") == "article"
    assert len(slug_name(Sidecar(title="x" * 500, date=dt.date(2024, 1, 2)), "")) == 11 + 60


def test_a_link_in_the_folder_is_not_written_through(here: Path) -> None:
    (here / "out").mkdir()
    victim = here / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (here / "out" / HERALD_TXT).symlink_to(victim)
    code, out, _ = run("import", str(HERALD), "--into", "out")
    assert code == 0 and out.startswith(f"out/{HERALD_TXT.replace('.txt', '-2.txt')}:")
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_another_page_with_the_same_headline_gets_its_own_name(here: Path) -> None:
    run("import", str(HERALD))
    other = HERALD.read_text(encoding="utf-8").replace("about 40 container", "about 41 container")
    other = other.replace("https://herald.example/business/2024/03/14/port-strike-ends", "https://other.example/x")
    (here / "other.html").write_text(other, encoding="utf-8")
    code, out, _ = run("import", "other.html")
    assert code == 0 and out.startswith(f"articles/{HERALD_TXT.replace('.txt', '-2.txt')}:")
    assert "about 40" in (here / "articles" / HERALD_TXT).read_text(encoding="utf-8")


# --- URLs: offline unless --fetch -------------------------------------------------------------

@pytest.fixture
def server() -> Iterator[str]:
    """The fixture pages on http://127.0.0.1:<port>/ (and /moved, a redirect to a local file)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(PAGES), **kwargs)  # type: ignore[arg-type]

        def do_GET(self) -> None:
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_url_without_fetch_is_one_line_and_exit_2(here: Path, server: str) -> None:
    code, out, err = run("import", f"{server}/harbour-herald.html", str(HERALD))
    assert (code, out) == (2, "")
    assert err == (f"error: {server}/harbour-herald.html: fetching pages is off; pass --fetch to download, "
                   "or save the pages and import the files\n")
    assert not (here / "articles").exists()  # refused before anything was written


def test_fetch_downloads_once_then_reads_the_cache(here: Path, server: str) -> None:
    url = f"{server}/harbour-herald.html"
    code, out, err = run("import", "--fetch", url)
    assert (code, err) == (0, "")
    assert out.startswith(f"articles/{HERALD_TXT}:")
    cached = here / ".briefing-cache" / "pages" / f"{hashlib.sha256(url.encode()).hexdigest()}.html"
    assert cached.read_bytes() == HERALD.read_bytes()
    # The URL fetched is the one recorded (the page's own canonical URL is only a claim).
    assert f"url: {url}\n" in sidecar_of(here / "articles" / HERALD_TXT).read_text(encoding="utf-8")
    text = (here / "articles" / HERALD_TXT).read_text(encoding="utf-8")
    cached.write_bytes(HERALD.read_bytes().replace(b"about 40 container", b"about 44 container"))
    run("import", "--fetch", url)  # from the cache: the server would have said 40
    assert (here / "articles" / HERALD_TXT).read_text(encoding="utf-8") == text.replace("40 container", "44 container")


def test_no_network_is_one_line_and_exit_2(here: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, _, err = run("import", "--fetch", f"http://127.0.0.1:{port}/story")
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"error: http://127.0.0.1:{port}/story: cannot fetch it (")
    assert err.endswith("check the network and the address, or save the page and import the file\n")


def test_a_redirect_to_a_local_file_is_refused(here: Path, server: str) -> None:
    code, _, err = run("import", "--fetch", f"{server}/moved")
    assert code == 2 and err.count("\n") == 1 and "not allowed" in err and "root:" not in err
    assert not (here / "articles").exists() or not list((here / "articles").iterdir())


def test_a_missing_page_is_one_line(here: Path, server: str) -> None:
    code, _, err = run("import", "--fetch", f"{server}/nope.html")
    assert (code, err) == (2, f"error: {server}/nope.html: the server answered 404 File not found; check the address\n")


# --- PDF ----------------------------------------------------------------------------------

def test_a_pdf_article_is_imported_with_its_title(here: Path) -> None:
    from weasyprint import HTML

    html = (HERALD.read_text(encoding="utf-8"))
    HTML(string=html).write_pdf(here / "story.pdf")
    code, out, err = run("import", "story.pdf")
    assert (code, err) == (0, "")
    name = out.split(":")[0]
    text = (here / name).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "Port strike ends after 12 days as dockers accept 9% raise | Harbour Herald"
    assert ("Dockers at the port of Eastmouth voted on Wednesday to end a 12-day strike after the operator "
            "raised its pay offer to 9% over two years, the union said.") in text


def test_a_pdf_without_text_and_a_broken_pdf_are_one_line(here: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with open(here / "scan.pdf", "wb") as handle:
        writer.write(handle)
    code, _, err = run("import", "scan.pdf")
    assert code == 2 and err.startswith("error: scan.pdf: no article text found")
    (here / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really")
    code, _, err = run("import", "broken.pdf")
    assert code == 2 and err.startswith("error: broken.pdf: not a PDF that can be read") and err.count("\n") == 1


# --- the config reads sidecars --------------------------------------------------------------

def _project(here: Path, sources: str) -> Path:
    run("import", str(PAGES))
    config = here / "config.yaml"
    config.write_text(f"title: T\ndate: 2024-03-15\nsources:\n{sources}", encoding="utf-8")
    return config


def test_a_glob_gets_each_files_sidecar_and_skips_the_sidecars(here: Path) -> None:
    cfg = load_config(_project(here, "  - path: articles/*\n"))
    assert [(s.display_path, s.outlet, s.date, s.url) for s in cfg.sources] == [
        (f"articles/{VALLEY_TXT}", "Valley Times", dt.date(2023, 9, 2), None),
        (f"articles/{HERALD_TXT}", "Harbour Herald", dt.date(2024, 3, 14),
         "https://herald.example/business/2024/03/14/port-strike-ends"),
    ]
    assert cfg.sources[1].title == "Port strike ends after 12 days as dockers accept 9% raise"


def test_values_in_the_config_win_over_the_sidecar(here: Path) -> None:
    cfg = load_config(_project(here, f"  - {{path: articles/{HERALD_TXT}, outlet: The Herald, "
                                     "date: 2024-03-13, title: Strike over, url: https://x.example/}\n"
                                     "  - {path: 'articles/2023*.txt', outlet: VT}\n"))
    assert [(s.outlet, s.title, s.date, s.url) for s in cfg.sources] == [
        ("The Herald", "Strike over", dt.date(2024, 3, 13), "https://x.example/"),
        ("VT", "Reservoir levels fall to 31% after driest summer on record", dt.date(2023, 9, 2), None),
    ]


def test_a_bad_sidecar_is_a_config_problem_naming_it(here: Path) -> None:
    config = _project(here, "  - path: articles/*.txt\n")
    side = sidecar_of(here / "articles" / HERALD_TXT)
    side.write_text("outlet: [a, list]\ndate: last Tuesday\nauthor: x\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    shown = f"articles/{HERALD_TXT.replace('.txt', '.source.yaml')}"
    assert info.value.problems == [
        f"{config}: sources[0].path: {shown}: author: unknown key; expected one of: outlet, title, date, url",
        f"{config}: sources[0].path: {shown}: outlet: expected a string but received a list",
        f"{config}: sources[0].path: {shown}: date: expected a date (YYYY-MM-DD) but received 'last Tuesday'",
    ]
    side.write_text("outlet: 'unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"source\.yaml: line 2: not a sidecar \(YAML error\); fix it or import again"):
        load_config(config)


def test_sidecars_are_written_in_a_fixed_order() -> None:
    side = Sidecar(outlet="O: x", title="T #1", date=dt.date(2024, 1, 2), url="https://e.example/a?b=c")
    assert dump_sidecar(side).splitlines()[1:] == ["outlet: 'O: x'", "title: 'T #1'", "date: '2024-01-02'",
                                                   "url: https://e.example/a?b=c"]


# --- a .html named under sources: -----------------------------------------------------------

def test_a_page_named_under_sources_is_converted_cited_and_cached(here: Path) -> None:
    shutil.copy(HERALD, here / "page.html")
    (here / "config.yaml").write_text("title: T\ndate: 2024-03-15\nsources:\n  - {path: page.html, outlet: Mine}\n",
                                      encoding="utf-8")
    cfg = load_config(here / "config.yaml")
    source = cfg.sources[0]
    assert source.display_path.startswith(".briefing-cache/pages/") and source.display_path.endswith(".txt")
    assert (source.outlet, source.date) == ("Mine", dt.date(2024, 3, 14))
    assert source.path.read_text(encoding="utf-8") == article_text(html_to_page(HERALD.read_bytes()))
    stamp = source.path.stat().st_mtime_ns
    assert load_config(here / "config.yaml").sources[0].path.stat().st_mtime_ns == stamp  # reused
    build(cfg, here / "build", ["json"])
    code, out, _ = run("check", str(here / "config.yaml"))
    assert code == 0 and "citations match their sources" in out


# --- measured: imported pages against pasted copies of the same pages ------------------------

def _facts(here: Path, name: str, sources: str) -> list[str]:
    (here / f"{name}.yaml").write_text(f"title: T\ndate: 2024-03-15\nsources:\n{sources}", encoding="utf-8")
    build(load_config(here / f"{name}.yaml"), here / name, ["json"])
    facts = json.loads((here / name / "facts.json").read_text(encoding="utf-8"))["facts"]
    return [f"{f['kind']} {f['text']}" for f in facts]


def test_imported_pages_keep_every_article_fact_and_drop_the_pages_furniture(here: Path) -> None:
    run("import", str(PAGES))
    pasted = _facts(here, "pasted", "".join(f"  - {{path: '{p}', date: {d}}}\n" for p, d in (
        (PAGES / "harbour-herald.pasted.txt", "2024-03-14"), (PAGES / "valley-times.pasted.txt", "2023-09-02")))
        + "sources_outside: true\n")
    imported = _facts(here, "imported", "  - path: articles/*.txt\n")
    assert set(imported) <= set(pasted)  # nothing of the article lost
    # What only the pasted copies gave: the byline's date, a repeated headline, a comment, teasers.
    assert sorted(set(pasted) - set(imported)) == sorted(
        ["date 14 March 2024", "duration two weeks", "percent 6%", "percent 5%", "duration a year",
         "count five teams"])
    assert (len(pasted), len(imported)) == (32, 25)


def test_editing_a_sidecar_alone_rebuilds(tmp_path: Path) -> None:
    """What a sidecar says of a source is part of the cache key, as the config's own words are."""
    (tmp_path / "a.txt").write_text("Deal Agreed Today\n\nThe firm paid $5 million, officials said.\n",
                                    encoding="utf-8")
    (tmp_path / "a.source.yaml").write_text("outlet: First Outlet\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text("title: T\ndate: 2024-03-06\nsources:\n  - path: '*.txt'\n",
                                          encoding="utf-8")
    build(load_config(tmp_path / "config.yaml"), tmp_path / "out", ["md"])
    (tmp_path / "a.source.yaml").write_text("outlet: Second Outlet\n", encoding="utf-8")
    build(load_config(tmp_path / "config.yaml"), tmp_path / "out", ["md"])
    assert "Second Outlet" in (tmp_path / "out" / "briefing.md").read_text(encoding="utf-8")

"""``briefing import``: web pages, saved pages and PDF articles into article texts with sidecars.

Each page becomes ``<into>/<name>.txt`` (UTF-8: the headline, two blank lines, then the article's
paragraphs, one blank line apart) and ``<into>/<name>.source.yaml`` (outlet, title, date, url).
The ``.txt`` is the text citations point into; ingest reads it like any pasted copy.

A page is untrusted: its text is data, and the file name made from its headline is slugged
(ASCII letters, digits and hyphens, bounded length), so nothing is written outside ``into``.
Fetching a URL is an explicit choice (``fetch=True``); fetched pages are kept in
``.briefing-cache/pages/<sha256 of the URL>.html`` and not fetched again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import re
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .config.sidecar import Sidecar, dump_sidecar, is_sidecar, load_sidecar, sidecar_of
from .errors import BriefingError, SourceError

PAGE_SUFFIXES = (".html", ".htm")
PDF_SUFFIX = ".pdf"
CACHE_DIR = Path(".briefing-cache") / "pages"
MAX_PAGE_BYTES = 20_000_000
"""The largest page or PDF read (as ingest's largest article): a news page is a few hundred kB."""
MAX_NAME = 60
"""The longest slug from a headline, before its date prefix and any ``-2``."""
MAX_TITLE = 300
FETCH_TIMEOUT = 30.0
USER_AGENT = "briefing-import (+https://pypi.org/project/trafilatura/)"
CONVERTER = "briefing-import-1"
"""Changes when this module's conversion changes (as trafilatura's and htmldate's versions do):
cached conversions are then made again."""

for _name in ("trafilatura", "htmldate", "courlan", "justext"):  # their notes are not ours to print
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class Page:
    """One page's article text and what it says about itself."""

    body: str
    """The article's paragraphs, one blank line apart (no headline)."""
    meta: Sidecar
    """Outlet, title, date and URL, as far as the page gives them."""


@dataclass(frozen=True, slots=True)
class Imported:
    """One input and where its text went."""

    origin: str
    """The URL or file as given."""
    text: Path
    """The article text written (or found unchanged)."""
    meta: Sidecar
    """What the sidecar says."""
    changed: bool
    """False when the same text and sidecar were already there."""


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


# --- converting ---------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # C0, DEL, C1: no terminal escapes
_SPACES = re.compile(r"[ \t\xa0]+")


def _clean_line(line: str) -> str:
    return _SPACES.sub(" ", _CONTROL.sub(" ", line)).strip()


def _title(value: str | None) -> str | None:
    """A headline on one line, bounded: a page's title may hold line breaks or be a whole page."""
    if not value:
        return None
    line = _clean_line(value.replace("\n", " ").replace("\r", " "))
    return line[:MAX_TITLE].rstrip() or None


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def html_to_page(html: bytes, url: str | None = None) -> Page:
    """The article in a page, by trafilatura (boilerplate out), and its metadata (htmldate for
    the date: the page's own markup and its URL, not a guess from the running text)."""
    import trafilatura  # only for import and .html sources: a build of .txt files does not pay it

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": False, "url": url},
    )
    if doc is None:
        return Page("", Sidecar(url=url))
    values = doc if isinstance(doc, dict) else doc.as_dict()
    title = _title(values.get("title"))
    lines = [line for line in map(_clean_line, str(values.get("text") or "").splitlines()) if line]
    if lines and title and lines[0] == title:
        lines = lines[1:]  # the page's <h1>: the headline line already says it
    outlet = _title(values.get("sitename")) or _title(values.get("hostname"))
    page_url = url or _title(values.get("url"))
    return Page("\n\n".join(lines), Sidecar(outlet=outlet, title=title,
                              date=_iso_date(values.get("date")), url=page_url))


_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_PARA_END = re.compile(r"[.!?:\"”’)]$")


def pdf_to_page(data: bytes, shown: str) -> Page:
    """The text of a PDF article by pypdf: lines joined into paragraphs (a line that ends a
    sentence and is short ends its paragraph), words split at a line's end rejoined."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(f"{shown}: the PDF is encrypted; save an unlocked copy and import that")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = _title(reader.metadata.title if reader.metadata else None)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceError(f"{shown}: not a PDF that can be read ({type(exc).__name__}); "
                          "save the article again, or as HTML") from None
    paragraphs: list[str] = []
    for text in pages:
        lines = [_clean_line(line) for line in _HYPHEN_BREAK.sub("", text).splitlines()]
        width = max((len(line) for line in lines), default=0)
        current: list[str] = []
        for line in lines:
            if not line:
                if current:
                    paragraphs.append(" ".join(current))
                current = []
                continue
            current.append(line)
            if _PARA_END.search(line) and len(line) < 0.8 * width:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
    if title is None and paragraphs and len(paragraphs[0]) <= MAX_TITLE:
        title, paragraphs = paragraphs[0], paragraphs[1:]
    return Page("\n\n".join(paragraphs), Sidecar(title=title))


def article_text(page: Page) -> str:
    """The ``.txt`` a page becomes: its headline alone on the first line, set apart by two blank
    lines (ingest reads it as the headline, even one ending in a full stop), then the body."""
    title = page.meta.title
    return (f"{title}\n\n\n" if title else "") + page.body + "\n"


# --- naming -------------------------------------------------------------------------------

def slug_name(meta: Sidecar, fallback: str) -> str:
    """A file name (without suffix) from the headline, else ``fallback``: ASCII letters, digits
    and hyphens only (no separator, no leading dot), at most MAX_NAME characters, dated when the
    date is known so that ``articles/*.txt`` sorts by date."""
    def slug(text: str) -> str:
        ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        words = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
        if len(words) > MAX_NAME:
            cut = words.rfind("-", 0, MAX_NAME + 1)
            words = words[:cut if cut > MAX_NAME // 2 else MAX_NAME].strip("-")
        return words

    name = slug(meta.title or "") or slug(fallback) or "article"
    return f"{meta.date.isoformat()}-{name}" if meta.date else name


def _target(into: Path, name: str, text: str, side: str, url: str | None) -> tuple[Path, bool]:
    """Where a page's text goes and whether it must be written: ``name.txt``, or the same file
    when it already holds this text or this URL's earlier import, else ``name-2.txt``, …"""
    for n in range(1, 1000):
        path = into / (f"{name}.txt" if n == 1 else f"{name}-{n}.txt")
        meta = sidecar_of(path)
        if path.is_symlink() or meta.is_symlink():
            continue  # never write through a link, wherever it points
        if not path.exists() and not meta.exists():
            return path, True
        try:
            same = path.read_text(encoding="utf-8") == text and meta.read_text(encoding="utf-8") == side
        except (OSError, UnicodeDecodeError):
            continue
        if same:
            return path, False
        if url is not None and load_sidecar(meta, str(meta))[0].url == url and path.is_file():
            return path, True  # the same page imported again (the page or the converter changed)
    raise BriefingError(f"{into}: a thousand files already named {name}*.txt; import into another folder")


def _write(path: Path, data: str | bytes) -> None:
    """Write by rename, so a reader never sees half a file and a link at ``path`` is replaced,
    not followed. The file gets the usual permissions (the umask's), not a temporary file's."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)  # left by a run that was killed (a link is removed, not followed)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- reading inputs -----------------------------------------------------------------------

def expand(inputs: Iterable[str]) -> Iterator[str]:
    """Each URL and file as given; a folder's pages and PDFs in name order (not its sidecars,
    not its subfolders)."""
    for item in inputs:
        path = Path(item)
        if not is_url(item) and path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and not is_sidecar(p)
                           and p.suffix.lower() in (*PAGE_SUFFIXES, PDF_SUFFIX))
            if not found:
                raise BriefingError(f"{item}: no .html, .htm or .pdf files in this folder")
            yield from (str(p) for p in found)
        else:
            yield item


def _read_file(path: Path, shown: str) -> bytes:
    if path.suffix.lower() not in (*PAGE_SUFFIXES, PDF_SUFFIX):
        raise BriefingError(f"{shown}: not a page or a PDF (.html, .htm, .pdf); a .txt article needs "
                            "no import: name it under sources: in the config")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PAGE_BYTES + 1)
    except FileNotFoundError:
        raise BriefingError(f"{shown}: no such file") from None
    except OSError as exc:
        raise BriefingError(f"{shown}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_PAGE_BYTES:
        raise SourceError(f"{shown}: over {MAX_PAGE_BYTES // 1_000_000} MB, too large to be one article")
    return data


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): a page may not send us to a local file or to FTP."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not is_url(newurl):
            raise urllib.error.URLError(f"redirect to {newurl[:60]!r} refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_page(url: str, cache: Path) -> bytes:
    """A page's bytes: from the cache if fetched before, else downloaded (then cached)."""
    cached = cache / f"{hashlib.sha256(url.encode()).hexdigest()}.html"
    if cached.is_file() and not cached.is_symlink():
        return cached.read_bytes()[:MAX_PAGE_BYTES]
    opener = urllib.request.build_opener(_HttpOnly)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            data: bytes = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise BriefingError(f"{url}: the server answered {exc.code} {exc.reason}; check the address") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise BriefingError(f"{url}: cannot fetch it ({reason}); check the network and the address, "
                            "or save the page and import the file") from None
    if len(data) > MAX_PAGE_BYTES:
        raise SourceError(f"{url}: over {MAX_PAGE_BYTES // 1_000_000} MB, too large to be one article")
    try:
        cache.mkdir(parents=True, exist_ok=True)
        _write(cached, data)
    except OSError as exc:
        raise BriefingError(f"{cached}: the fetched page cannot be cached ({exc.strerror}); "
                            "run the import from a folder you can write to") from None
    return data


# --- the command --------------------------------------------------------------------------

def convert(item: str, fetch: bool, cache: Path) -> Page:
    """One URL, page or PDF as a Page (nothing written but the fetch cache)."""
    if is_url(item):
        if not fetch:
            raise BriefingError(f"{item}: fetching pages is off; pass --fetch to download it, "
                                "or save the page and import the file")
        return html_to_page(fetch_page(item, cache), url=item)
    path = Path(item)
    data = _read_file(path, item)
    if path.suffix.lower() == PDF_SUFFIX:
        return pdf_to_page(data, item)
    return html_to_page(data)


def import_one(item: str, into: Path, fetch: bool = False, cache: Path = CACHE_DIR) -> Imported:
    """Convert one input and write its text and sidecar into ``into``."""
    page = convert(item, fetch, cache)
    if len(page.body.split()) < 5:
        raise SourceError(f"{item}: no article text found (a scanned PDF, a login page or an index "
                          "page?); save the article's own page and import that")
    text, side = article_text(page), dump_sidecar(page.meta)
    fallback = Path(item.split("?", 1)[0].rstrip("/")).name if is_url(item) else Path(item).stem
    target, changed = _target(into, slug_name(page.meta, fallback), text, side, page.meta.url)
    if target.resolve().parent != into.resolve():  # a slug cannot leave into/; checked all the same
        raise BriefingError(f"{item}: would be written outside {into}; nothing written")
    if changed:
        try:
            _write(target, text)
            _write(sidecar_of(target), side)
        except OSError as exc:
            raise BriefingError(f"{target}: cannot be written ({exc.strerror}); check the folder") from None
    return Imported(item, target, page.meta, changed)


def import_pages(inputs: Iterable[str], into: Path, fetch: bool = False,
                 cache: Path = CACHE_DIR) -> Iterator[Imported]:
    """Import every input in order (a folder's files in name order), one at a time."""
    items = list(expand(inputs))
    if not fetch:  # refuse before anything is written
        urls = [i for i in items if is_url(i)]
        if urls:
            more = f" (and {len(urls) - 1} more)" if len(urls) > 1 else ""
            raise BriefingError(f"{urls[0]}{more}: fetching pages is off; pass --fetch to download, "
                                "or save the pages and import the files")
    missing = [i for i in items if not is_url(i) and not Path(i).exists()]
    if missing:
        hint = "; a URL starts with https://" if "." in missing[0].split("/")[0] else ""
        raise BriefingError(f"{missing[0]}: no such file{hint} (nothing was imported)")
    if into.exists() and not into.is_dir():
        raise BriefingError(f"{into}: is a file; --into names a folder")
    try:
        into.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefingError(f"{into}: cannot be created ({exc.strerror})") from None
    for item in items:
        yield import_one(item, into, fetch, cache)


def converted_source(page_path: Path, cache_root: Path) -> tuple[Path, Sidecar]:
    """A ``.html`` named under sources:, converted as ``briefing import`` would: the text kept
    in ``<cache_root>/.briefing-cache/pages/<sha256>.txt`` (by the page's bytes and the
    converter: made once, then reused) and what the page says about itself."""
    data = _read_file(page_path, str(page_path))
    from importlib.metadata import version

    made_by = f"{CONVERTER},trafilatura={version('trafilatura')},htmldate={version('htmldate')}"
    digest = hashlib.sha256(made_by.encode() + b"\0" + data).hexdigest()
    folder = cache_root / CACHE_DIR
    text_path = folder / f"{digest}.txt"
    meta_path = sidecar_of(text_path)
    if text_path.is_file() and meta_path.is_file() and not text_path.is_symlink():
        side, problems = load_sidecar(meta_path, str(meta_path))
        if not problems:
            return text_path, side
    page = html_to_page(data)
    folder.mkdir(parents=True, exist_ok=True)
    _write(text_path, article_text(page))
    _write(meta_path, dump_sidecar(page.meta))
    return text_path, page.meta

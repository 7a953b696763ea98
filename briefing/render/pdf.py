"""Render PDF: the HTML page through WeasyPrint.

WeasyPrint's logger has no handler by default, so its warnings (a CSS property it ignores, a
missing font) would vanish; ``render_pdf`` collects them and returns them with the bytes so the
CLI can show them.

The PDF is set in the fonts shipped in ``briefing/fonts`` (so every machine draws the same
glyphs) and tagged as PDF/UA-1. WeasyPrint subsets each font to the glyphs used, with HarfBuzz's
libharfbuzz-subset where the machine has it, else with fontTools, which stamps every subset font
with the clock (``head.modified``) unless ``SOURCE_DATE_EPOCH`` is set: ``render_pdf`` sets it
while it renders, so both give the same bytes from run to run.

Source text never becomes markup (the Markdown stage escapes it), but a template may still name a
resource. The URL fetcher serves ``data:`` URLs and files inside the template folders only: no
network, no other file.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..errors import RenderError
from . import BUILTIN

FONTS = Path(__file__).resolve().parent.parent / "fonts"
# Tagged PDF with a structure tree, document language and title shown: PDF/UA-1 (accessibility).
PDF_VARIANT = "pdf/ua-1"
# The time fontTools stamps on the fonts it subsets (seconds since 1970): fixed, never the clock.
FONT_TIMESTAMP = "0"
# WeasyPrint's warning for each font it subsets with fontTools; said once, as FONTTOOLS_NOTE.
_FONTTOOLS = "Using fontTools instead of HarfBuzz-Subset"
FONTTOOLS_NOTE = ("fonts subset with fontTools instead of HarfBuzz-Subset (slower, same bytes); "
                  "install libharfbuzz-subset0 (Debian: apt-get install libharfbuzz-subset0)")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(_FONTTOOLS):  # one line for all the fonts
            if FONTTOOLS_NOTE in self.messages:
                return
            message = FONTTOOLS_NOTE
        self.messages.append(message)


def allowed_fetch(url: str, folders: list[Path]) -> bool:
    """Is this URL a data: URL or a file inside one of the folders?"""
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return True
    if parsed.scheme != "file":
        return False
    path = Path(unquote(parsed.path)).resolve()
    return any(path.is_relative_to(folder.resolve()) for folder in folders)


def _load_weasyprint() -> None:
    """Import WeasyPrint, or say in one line why it cannot load."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # OSError: a system library (Pango) it needs is missing
        raise RenderError(f"PDF rendering needs WeasyPrint and the Pango library, which did not load "
                          f"({exc}); install Pango (Debian: apt-get install libpango-1.0-0) or build "
                          "without the PDF (--format md,html,json)") from None


def render_pdf(html: str, templates: Path | None = None) -> tuple[bytes, list[str], int]:
    """The PDF's bytes, WeasyPrint's warnings, and the page count.

    Relative URLs in templates resolve against the user's template folder (else the built-in one).
    """
    _load_weasyprint()  # imported here: it is slow, and only this stage needs it
    import weasyprint

    folders = [BUILTIN, FONTS] + ([templates] if templates else [])

    class TemplateFilesOnly(weasyprint.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not allowed_fetch(url, folders):
                raise ValueError(f"not fetched: {url} (only files in the template folders are)")
            return super().fetch(url, headers)

    font_config = weasyprint.text.fonts.FontConfiguration()
    collector = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    base = (templates or BUILTIN).resolve().as_uri() + "/"
    fetcher = TemplateFilesOnly()
    try:
        fonts = weasyprint.CSS(filename=str(FONTS / "fonts.css"), url_fetcher=fetcher,
                               font_config=font_config)
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render(
            stylesheets=[fonts], font_config=font_config, pdf_variant=PDF_VARIANT)
        with _fixed_font_timestamp():  # the fonts are subset as the PDF is written
            data = document.write_pdf(pdf_variant=PDF_VARIANT)
    except Exception as exc:  # WeasyPrint raises many types; the user needs one line
        raise RenderError(f"PDF rendering failed: {type(exc).__name__}: {exc}") from None
    finally:
        logger.removeHandler(collector)
    if data is None:
        raise RenderError("PDF rendering produced no output")
    return data, collector.messages, len(document.pages)


@contextmanager
def _fixed_font_timestamp() -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set while WeasyPrint renders (fontTools reads it when it saves a
    subset font), and as it was afterwards."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


class EarlyPdf:
    """A PDF renderer started before it is needed, in a child process, so WeasyPrint's import
    (about half a second) runs while this process composes and renders Markdown and HTML: the
    two cores overlap. Takes over the renderer ``prestart`` started, if any. Falls back to
    rendering here where forking is unsafe (other threads) or unavailable. Use as a context
    manager; ``start`` (optional: the layout then runs while this process renders the other
    formats) and ``render`` once."""

    def __init__(self, templates: Path | None) -> None:
        global _PRESTARTED
        self.templates = templates
        self.process: multiprocessing.process.BaseProcess | None = None
        self.conn: Connection | None = None
        self.sent: str | None = None
        """The page handed to the renderer by ``start``."""
        if _PRESTARTED is not None:
            (self.process, self.conn), _PRESTARTED = _PRESTARTED, None
            if self.process.is_alive():
                return
            self.conn.close()
            self.process = self.conn = None
        if _can_fork():
            self.process, self.conn = _start()

    def start(self, html: str) -> None:
        """Hand ``html`` to the renderer, which lays it out while this process renders the other
        formats; ``render(html)`` then collects the PDF. Does nothing without a renderer."""
        if self.process is None or self.conn is None or self.sent is not None:
            return
        try:
            self.conn.send((html, self.templates))
        except OSError:
            return  # said by render(), which finds the renderer gone
        self.sent = html

    def render(self, html: str) -> tuple[bytes, list[str], int]:
        if self.process is None or self.conn is None:
            return render_pdf(html, self.templates)
        if self.sent is not None and self.sent != html:
            raise RenderError("PDF rendering failed: the renderer was handed another page")
        try:
            if self.sent is None:
                self.conn.send((html, self.templates))
            ok, payload = self.conn.recv()
        except (EOFError, OSError):
            raise RenderError("PDF rendering failed: the renderer process ended unexpectedly") from None
        if not ok:
            raise RenderError(payload)
        data, warnings, pages = payload
        return data, warnings, pages

    def __enter__(self) -> EarlyPdf:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
        if self.conn is not None:
            self.conn.close()


_PRESTARTED: tuple[multiprocessing.process.BaseProcess, Connection] | None = None


def prestart() -> None:
    """Start the renderer at once, before this process imports the rest of briefing (a fifth of
    a second): the command line does this for ``briefing build``, and the build's EarlyPdf takes
    it over. Unused, it ends with this process."""
    global _PRESTARTED
    if _PRESTARTED is None and _can_fork():
        _PRESTARTED = _start()


def _can_fork() -> bool:
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def _start() -> tuple[multiprocessing.process.BaseProcess, Connection]:
    context = multiprocessing.get_context("fork")
    conn, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, conn), daemon=True)
    process.start()
    child.close()
    return process, conn


def _serve(conn: Connection, parents_end: Connection) -> None:
    # The parent's end, inherited by the fork, is closed here: when the parent ends, however it
    # ends, this end then reads EOF and the renderer ends too.
    parents_end.close()
    # The slow import, made while the parent works. If it fails, it is said when a PDF is asked
    # for (render_pdf tries again and raises it), not before and not twice.
    with suppress(RenderError):
        _load_weasyprint()
    try:
        html, templates = conn.recv()
    except EOFError:
        return  # the build failed before the PDF stage, or needed no PDF: nothing to render
    try:
        conn.send((True, render_pdf(html, templates)))
    except RenderError as exc:
        conn.send((False, str(exc)))
    except Exception as exc:
        conn.send((False, f"PDF rendering failed: {type(exc).__name__}: {exc}"))

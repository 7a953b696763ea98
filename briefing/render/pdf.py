"""Render PDF: the HTML page through WeasyPrint.

WeasyPrint's logger has no handler by default, so its warnings (a CSS property it ignores, a
missing font) would vanish; ``render_pdf`` collects them and returns them with the bytes so the
CLI can show them. Only ``data:`` URLs are fetched: a briefing never reaches out to the network.
"""

from __future__ import annotations

import logging
from typing import Any

from ..errors import RenderError


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _offline_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    from weasyprint import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)  # type: ignore[no-any-return]
    raise ValueError(f"not fetched (briefings are self-contained): {url}")


def render_pdf(html: str) -> tuple[bytes, list[str], int]:
    """The PDF's bytes, WeasyPrint's warnings, and the page count."""
    import weasyprint  # imported here: it is the slow import, and only this stage needs it

    collector = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        document = weasyprint.HTML(string=html, base_url=".", url_fetcher=_offline_fetcher).render()
        data = document.write_pdf()
    except Exception as exc:  # WeasyPrint raises many types; the user needs one line
        raise RenderError(f"PDF rendering failed: {type(exc).__name__}: {exc}") from None
    finally:
        logger.removeHandler(collector)
    if data is None:
        raise RenderError("PDF rendering produced no output")
    return data, collector.messages, len(document.pages)

"""Render HTML: Markdown to a body with markdown-it-py, wrapped in ``page.html.j2``."""

from __future__ import annotations

import jinja2
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin

from .. import __version__
from ..config import Config
from ..models import Briefing
from .templates import SVG_DATA, render_template


def _validate_link(url: str) -> bool:
    """markdown-it's own rule, plus the SVG figures briefing draws itself (``|figure``): an SVG
    shown by <img> runs no script. Source text is escaped before it reaches Markdown, so it can
    never form an image of its own."""
    return url.startswith(SVG_DATA) or validateLink(url)


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables, ``[text]{#id}`` spans, heading ids (``#evidence``, so a
    stylesheet can address a part) ``::: timeline``, ``::: bottom-line`` and ``:::: annex``
    blocks (a div with that class, as in Pandoc); raw HTML off, so text stays text."""
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": False})
        .enable("table")
        .use(attrs_plugin, spans=True)
        .use(anchors_plugin, min_level=2, max_level=2)
        .use(container_plugin, name="timeline")
        .use(container_plugin, name="annex")
        .use(container_plugin, name="bottom-line")
    )
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


def render_html(markdown: str, briefing: Briefing, cfg: Config, env: jinja2.Environment) -> str:
    """A single self-contained HTML page (CSS inlined, no external requests)."""
    body = markdown_parser().render(markdown)
    return render_template(env, "page.html.j2", body=Markup(body),
                           briefing=briefing, config=cfg, version=__version__)

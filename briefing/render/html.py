"""Render HTML: Markdown to a body with markdown-it-py, wrapped in ``page.html.j2``."""

from __future__ import annotations

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin

from .. import __version__
from ..config import Config
from ..models import Briefing
from .templates import render_template


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables, ``[text]{#id}`` spans, heading ids (``#evidence``, so a
    stylesheet can address a part) and ``::: timeline`` blocks (a div with that class, as in
    Pandoc); raw HTML off, so text stays text."""
    return (
        MarkdownIt("commonmark", {"html": False, "typographer": False})
        .enable("table")
        .use(attrs_plugin, spans=True)
        .use(anchors_plugin, min_level=2, max_level=2)
        .use(container_plugin, name="timeline")
    )


def render_html(markdown: str, briefing: Briefing, cfg: Config, env: jinja2.Environment) -> str:
    """A single self-contained HTML page (CSS inlined, no external requests)."""
    body = markdown_parser().render(markdown)
    return render_template(env, "page.html.j2", body=Markup(body),
                           briefing=briefing, config=cfg, version=__version__)

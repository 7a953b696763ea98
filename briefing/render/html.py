"""Render HTML: Markdown to a body with markdown-it-py, wrapped in ``page.html.j2``."""

from __future__ import annotations

import jinja2
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink
from markdown_it.token import Token
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
    """CommonMark with tables, ``[text]{#id}`` spans, ids on the title, parts and sections (``#evidence``, so a
    stylesheet can address a part) ``::: timeline``, ``::: bottom-line`` and ``:::: annex``
    blocks (a div with that class, as in Pandoc); raw HTML off, so text stays text."""
    md = (
        MarkdownIt("commonmark", {"html": False, "typographer": False})
        .enable("table")
        .use(attrs_plugin, spans=True)
        .use(anchors_plugin, min_level=1, max_level=2)
        .use(container_plugin, name="timeline")
        .use(container_plugin, name="annex")
        .use(container_plugin, name="bottom-line")
    )
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


def render_html(markdown: str, briefing: Briefing, cfg: Config, env: jinja2.Environment) -> str:
    """A single self-contained HTML page (CSS inlined, no external requests)."""
    md = markdown_parser()
    tokens = md.parse(markdown)
    body = md.renderer.render(tokens, md.options, {})
    return render_template(env, "page.html.j2", body=Markup(body), toc=contents(tokens),
                           briefing=briefing, config=cfg, version=__version__)


def contents(tokens: list[Token]) -> list[tuple[int, str, str]]:
    """The table of contents: (level, id, text) of every heading but the title, in order."""
    found: list[tuple[int, str, str]] = []
    for i, token in enumerate(tokens):
        anchor = token.attrGet("id") if token.type == "heading_open" else None
        if anchor and i + 1 < len(tokens) and (found or token.tag != "h1"):
            text = "".join(child.content for child in tokens[i + 1].children or ()
                           if child.type in ("text", "code_inline"))
            found.append((int(token.tag[1]), str(anchor), text))
    return found

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
from .markdown import EVIDENCE as _EVIDENCE
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
    resolve_targets(tokens, {s.id: s.number for s in briefing.sources})
    body = md.renderer.render(tokens, md.options, {})
    return render_template(env, "page.html.j2", body=Markup(body), toc=contents(tokens),
                           briefing=briefing, config=cfg, version=__version__)


def resolve_targets(tokens: list[Token], numbers: dict[str, int]) -> None:
    """Make every citation link reach an element the page holds, whatever a template did.

    ``resolve_links`` does this on the Markdown; this checks what the HTML really holds (a target
    written in the Markdown that did not become an id). A citation of a sentence the page lacks
    links to its source in the list (``#src-3``); a link to a missing source becomes its text (a
    span, if the link had an id of its own), and a link back ("↩") to nothing is dropped. Links
    to headings are the template's own and left alone (WeasyPrint warns of a dead one).
    """
    ids = {str(t.attrs["id"]) for t in _walk(tokens) if "id" in t.attrs}
    for token in tokens:
        if not token.children:
            continue
        kept: list[Token] = []
        actions: list[str] = []  # per open link: "keep", "span", "unwrap" or "drop"
        for child in token.children:
            if child.type == "link_open":
                action = _action(child, ids, numbers)
                actions.append(action)
                if action == "keep":
                    kept.append(child)
                elif action == "span":
                    kept.append(Token("span_open", "span", 1, attrs={"id": child.attrs["id"]}))
            elif child.type == "link_close" and actions:
                action = actions.pop()
                if action == "keep":
                    kept.append(child)
                elif action == "span":
                    kept.append(Token("span_close", "span", -1))
            elif "drop" not in actions:
                kept.append(child)
        token.children = kept


def _action(link: Token, ids: set[str], numbers: dict[str, int]) -> str:
    href = str(link.attrs.get("href", ""))
    if not href.startswith(("#ev-", "#src-", "#cite-")) or href[1:] in ids:
        return "keep"  # a link to a heading is the template's own, as in resolve_links
    evidence = _EVIDENCE.fullmatch(href[1:])
    fallback = f"src-{numbers[evidence.group(1)]}" if evidence and evidence.group(1) in numbers else ""
    if fallback in ids:
        link.attrs["href"] = f"#{fallback}"
        return "keep"
    if href.startswith("#cite-"):
        return "drop"
    return "span" if "id" in link.attrs else "unwrap"


def _walk(tokens: list[Token]) -> list[Token]:
    return [t for token in tokens for t in (token, *(token.children or ()))]


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

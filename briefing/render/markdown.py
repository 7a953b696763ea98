"""Render Markdown: the composed briefing through the ``briefing.md.j2`` template."""

from __future__ import annotations

import re

import jinja2

from ..models import Briefing
from .templates import render_template

# Targets a template defines: ``[text]{#id}`` spans (and ``{#id}`` after a link).
_TARGET = re.compile(r"\{#([A-Za-z][\w-]*)\}")
# A link to a place in the page, with its optional title and the id given to the link itself.
# An escape (``\[``) is matched first, as itself, so that no link is looked for inside one: a
# line of escaped brackets (``\[1\] \[2\] …``) is read once, not once from each bracket.
_LOCAL_LINK = re.compile(r'\\.|\[(?P<text>(?:\\.|\[[^\]\n]*\]|[^\]\[\\\n])*)\]\(#(?P<target>[\w-]+)'
                         r'(?: "(?:\\.|[^"\\])*")?\)(?P<own>\{#[\w-]+\})?')
EVIDENCE = re.compile(r"ev-(?P<source>[A-Za-z]\w*)-\d+")
"""A link to a cited sentence in the evidence appendix: ``ev-S3-120``."""


def render_markdown(briefing: Briefing, env: jinja2.Environment, annex: bool = True) -> str:
    """The briefing as CommonMark (with pipe tables and ``[text]{#id}`` anchors).

    ``annex``: with ``layout: brief``, whether the annex follows the brief. Every citation then
    links to a target the page holds (see ``resolve_links``).
    """
    from ..claims import (
        CONFIDENCE_RULE,  # here: a cached rebuild never composes, nor imports compose
    )
    from ..compose import NOT_FOUND

    text = render_template(env, "briefing.md.j2", briefing=briefing, not_found=NOT_FOUND,
                           confidence_rule=CONFIDENCE_RULE, cited=set(), annex=annex)
    # Templates leave runs of blank lines behind their blocks; one is enough.
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return resolve_links(briefing, "\n".join(lines).strip() + "\n")


def resolve_links(briefing: Briefing, markdown: str) -> str:
    """Point every link into the page at a target the page holds.

    A citation whose sentence is not in the page (the annex left out, or the evidence block
    removed from a template) links to its source in the source list instead; when the source
    list is not rendered either, the citation stays as plain text, and so does a link back to a
    citation that is not there. Links to headings (``#evidence``) are the template's own.
    """
    targets = set(_TARGET.findall(markdown))
    number = {s.id: s.number for s in briefing.sources}

    def fix(m: re.Match[str]) -> str:
        target = m.group("target")
        if target is None:  # an escape
            return m.group(0)
        if target in targets or not target.startswith(("ev-", "src-", "cite-")):
            return m.group(0)
        own = m.group("own") or ""
        evidence = EVIDENCE.fullmatch(target)
        if evidence and evidence.group("source") in number:
            fallback = f"src-{number[evidence.group('source')]}"
            if fallback in targets:
                return m.group(0).replace(f"(#{target}", f"(#{fallback}", 1)
        text = m.group("text")
        # A citation left as text keeps its id only as a span: "[\[3\]]{#cite-…}".
        plain = text.replace("[", "\\[").replace("]", "\\]") if not text.startswith("\\") else text
        if text == "↩":
            return ""
        return f"[{plain}]{own}" if own else plain

    return _LOCAL_LINK.sub(fix, markdown)

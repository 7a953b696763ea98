"""Render Markdown: the composed briefing through the ``briefing.md.j2`` template."""

from __future__ import annotations

import jinja2

from ..claims import CONFIDENCE_RULE
from ..compose import NOT_FOUND
from ..models import Briefing
from .templates import render_template


def render_markdown(briefing: Briefing, env: jinja2.Environment) -> str:
    """The briefing as CommonMark (with pipe tables and ``[text]{#id}`` anchors)."""
    text = render_template(env, "briefing.md.j2", briefing=briefing, not_found=NOT_FOUND,
                           confidence_rule=CONFIDENCE_RULE, cited=set())
    # Templates leave runs of blank lines behind their blocks; one is enough.
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip() + "\n"

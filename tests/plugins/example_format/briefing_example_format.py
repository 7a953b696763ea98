"""An example output format: the briefing's headings, indented by level, as plain text."""

from __future__ import annotations

from briefing.render.formats import Format, Rendered, RenderJob


def render_outline(job: RenderJob) -> Rendered:
    """Every heading of the Markdown the desk's template wrote (so ``needs=("md",)``)."""
    lines = []
    for line in str(job.outputs["md"]).splitlines():
        level = len(line) - len(line.lstrip("#"))
        if 0 < level <= 3 and line[level:level + 1] == " ":
            lines.append("  " * (level - 1) + line[level + 1:])
    return Rendered("\n".join(lines) + "\n", f"{len(lines)} headings")


FORMAT = Format("outline", "briefing-outline.txt", render_outline, needs=("md",))

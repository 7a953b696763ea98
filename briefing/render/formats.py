"""The output formats, declared once: name, file name, render function, and what each needs.

``REGISTRY`` holds the built-in formats in build order, then the formats other packages add
through the ``briefing.formats`` entry-point group, each a ``Format`` (see docs/formats.md)::

    [project.entry-points."briefing.formats"]
    csv = "briefing_csv:FORMAT"

The pipeline renders the requested formats and those they need, in registry order, and writes
them all in one step. A plugin that cannot be loaded is left out with a warning (``PROBLEMS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from ..errors import BriefingError, RenderError

if TYPE_CHECKING:
    import jinja2

    from ..config import Config
    from ..models import Briefing
    from .pdf import EarlyPdf

# Each renderer is imported when its format runs: a rebuild with nothing changed, and the
# command line's list of formats, need the names only (Markdown, Pandoc and WeasyPrint's imports
# are a tenth of a second).

GROUP = "briefing.formats"
_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


@dataclass(frozen=True, slots=True)
class Rendered:
    """A format's output, with what the build's stage line says about it."""

    data: str | bytes
    """The file's content; text is written as UTF-8."""
    note: str | None = None
    """The stage line ("328 lines"); ``None``: no line of its own."""
    warnings: tuple[str, ...] = ()
    """Warnings for the user, printed after the build."""
    pages: int = 0
    """The page count, for a paged format (the PDF)."""


@dataclass(slots=True)
class RenderJob:
    """What a render function receives."""

    briefing: Briefing
    """The composed briefing (models.py)."""
    config: Config
    """The loaded config."""
    env: jinja2.Environment
    """The template environment: the config's ``templates:`` folder, then the built-in ones."""
    annex: bool
    """Whether the annex follows the brief, as in the Markdown (``layout``/``annex``)."""
    outputs: dict[str, str | bytes] = field(default_factory=dict)
    """The formats rendered so far, by name: every format in ``needs`` is here."""
    early: EarlyPdf | None = None
    """The PDF renderer started ahead of time, when the PDF is requested."""


RenderFunction = Callable[[RenderJob], "str | bytes | Rendered"]


@dataclass(frozen=True, slots=True)
class Format:
    """One output format."""

    name: str
    """What ``--format`` calls it: a lower-case word (``md``, ``docx``)."""
    filename: str
    """The file it is written to in the output folder (``briefing.docx``)."""
    render: RenderFunction
    """The function that renders it, from a ``RenderJob``."""
    needs: tuple[str, ...] = ()
    """Formats rendered before it, whose output it reads from ``RenderJob.outputs``."""
    stage: str = ""
    """The name of its line in the build's report; default: ``name``."""
    watched: bool = True
    """Rebuilt on every change by ``briefing watch`` (unless ``--format`` names others); False
    for a format handed on rather than looked at while writing (Word: Pandoc takes a second)."""
    late: bool = False
    """Rendered after the formats that do not need it: its work runs in another process, started
    as soon as what it needs is rendered, while this process renders the others (the PDF)."""


def _markdown(job: RenderJob) -> Rendered:
    from .markdown import render_markdown

    text = render_markdown(job.briefing, job.env, annex=job.annex)
    return Rendered(text, f"{len(text.splitlines())} lines")


def _html(job: RenderJob) -> Rendered:
    from .html import render_html

    html = render_html(str(job.outputs["md"]), job.briefing, job.config, job.env)
    if job.early is not None:  # the PDF's layout starts now, in the renderer, beside the rest
        job.early.start(_pdf_html(job, html))
    return Rendered(html, f"{len(html.encode()) // 1024} KiB")


def _pdf_html(job: RenderJob, html: str) -> str:
    """The page the PDF is made from: the HTML output, or the brief alone (``annex: html``)."""
    from .html import render_html
    from .markdown import render_markdown

    cfg = job.config
    if job.annex and cfg.layout == "brief" and cfg.annex == "html":
        return render_html(render_markdown(job.briefing, job.env, annex=False), job.briefing, cfg, job.env)
    return html


def _pdf(job: RenderJob) -> Rendered:
    from .pdf import render_pdf

    cfg = job.config
    html = job.early.sent if job.early and job.early.sent is not None else _pdf_html(job, str(job.outputs["html"]))
    pdf, warnings, pages = job.early.render(html) if job.early else render_pdf(html, cfg.templates)
    note = f"{pages} pages" + (f", {len(warnings)} warnings" if warnings else "")
    return Rendered(pdf, note, tuple(f"weasyprint: {w}" for w in warnings), pages)


def _json(job: RenderJob) -> Rendered:
    from .facts import render_facts

    return Rendered(render_facts(job.briefing))


def _docx(job: RenderJob) -> Rendered:
    from .docx import render_docx

    data, warnings = render_docx(str(job.outputs["md"]), job.config)
    return Rendered(data, f"{len(data) // 1024} KiB", tuple(warnings))


BUILTIN_FORMATS = (
    Format("md", "briefing.md", _markdown, stage="markdown"),
    Format("html", "briefing.html", _html, needs=("md",)),
    Format("pdf", "briefing.pdf", _pdf, needs=("html",), late=True),
    Format("json", "facts.json", _json),
    Format("docx", "briefing.docx", _docx, needs=("md",), watched=False),
)


def load(builtin: Iterable[Format] = BUILTIN_FORMATS) -> tuple[dict[str, Format], list[str]]:
    """The built-in formats, then the installed plugins' in the order of their names; and a
    line for each plugin left out (it failed to load, or its name or file name is taken)."""
    registry = {f.name: f for f in builtin}
    problems: list[str] = []
    for point in sorted(entry_points(group=GROUP), key=lambda p: (p.name, p.value)):
        where = f"format plugin '{point.name}' ({point.value})"
        try:
            fmt = point.load()
        except Exception as exc:  # a broken plugin must not stop the built-in formats
            problems.append(f"{where}: not loaded: {type(exc).__name__}: {exc}")
            continue
        problem = _check(fmt, registry)
        if problem:
            problems.append(f"{where}: left out: {problem}")
        else:
            registry[fmt.name] = fmt
    return registry, problems


def _check(fmt: object, registry: dict[str, Format]) -> str | None:
    if not isinstance(fmt, Format):
        return f"expected a briefing.render.formats.Format but received {type(fmt).__name__}"
    if not _NAME.fullmatch(fmt.name):
        return f"name {fmt.name!r} is not a lower-case word"
    if not _FILE_NAME.fullmatch(fmt.filename) or fmt.filename in (".", ".."):
        return f"file name {fmt.filename!r} is not a plain file name"
    if fmt.name in registry:
        return f"the format '{fmt.name}' exists already"
    if fmt.filename in {f.filename for f in registry.values()}:
        return f"another format writes {fmt.filename}"
    unknown = [n for n in fmt.needs if n not in registry]
    if unknown:
        return f"needs unknown format(s) {', '.join(unknown)}"
    return None


REGISTRY, PROBLEMS = load()


def needed(formats: Iterable[str], registry: dict[str, Format] = REGISTRY) -> list[str]:
    """The formats to render for ``formats``: those and what they need, in registry order, except
    that a ``late`` format and those that need it come after the rest."""
    wanted: set[str] = set()
    todo = list(formats)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo += registry[name].needs
    late: set[str] = set()
    for name in registry:  # registry order: a format's needs come before it
        fmt = registry[name]
        if fmt.late or any(need in late for need in fmt.needs):
            late.add(name)
    order = [name for name in registry if name in wanted]
    return [n for n in order if n not in late] + [n for n in order if n in late]


def render(fmt: Format, job: RenderJob) -> Rendered:
    """Run one format's render function; a plugin's failure is one line, not a traceback."""
    builtin = fmt in BUILTIN_FORMATS
    try:
        out = fmt.render(job)
    except BriefingError:
        raise
    except Exception as exc:
        if builtin:
            raise
        raise RenderError(f"format '{fmt.name}' failed: {type(exc).__name__}: {exc}") from None
    if isinstance(out, str | bytes):
        return Rendered(out, f"{len(out.encode() if isinstance(out, str) else out) // 1024} KiB")
    if not isinstance(out, Rendered):
        raise RenderError(f"format '{fmt.name}' returned {type(out).__name__}; "
                          "expected str, bytes or Rendered")
    return out

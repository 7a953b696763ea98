"""The Jinja2 environment shared by the Markdown and HTML renderers.

Templates are looked up in the user's folder first, then in the built-in defaults, so a user
overrides one file (or one block, with ``{% extends "default/briefing.md.j2" %}``) and keeps the
rest. An undefined variable is an error, never an empty string.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox

from .. import models
from ..config import RELIABILITY
from ..errors import TemplateError
from ..models import Citation, KeyFactRow
from . import BUILTIN
from .escape import (
    css_string,
    html_attribute,
    html_text,
    markdown,
    markdown_code,
    markdown_title,
    markdown_url,
    svg_text,
)


@jinja2.pass_context
def cite(context: jinja2.runtime.Context, citations: Sequence[Citation]) -> str:
    """``[1] [3]`` as Markdown links to the cited sentences in the evidence appendix.

    Each link's title is the source and the cited sentence, so hovering a citation in the HTML
    shows them. The first citation of each sentence gets an id (``cite-S1-120``), which the
    evidence appendix links back to.
    """
    sources = {s.id: s for s in context["briefing"].sources}
    from ..compose import anchor_of  # here, not at the top: a cached rebuild never composes

    cited = context.get("cited")  # anchors cited so far in this render: the first gets an id
    links = []
    for c in citations:
        source = sources[c.source]
        name = source.outlet or source.title or source.headline or source.path
        title = f"[{c.number}] {markdown_title(name)}: {markdown_title(source.text[c.start:c.end])}"
        # One evidence item per sentence: a citation that starts after a dateline links to it too.
        key = anchor_of(source, c)[3:]
        link = f'[[{c.number}]](#ev-{key} "{title}")'
        if isinstance(cited, set) and key not in cited:
            cited.add(key)
            link += f"{{#cite-{key}}}"  # where the appendix links back to
        links.append(link)
    return " ".join(links)


def long_date(value: dt.date | None) -> str:
    """2023-12-14 -> '14 December 2023' (no locale: the same bytes everywhere)."""
    if value is None:
        return ""
    return f"{value.day} {models.MONTH_NAMES[value.month - 1]} {value.year}"


def anchor(markdown: str, anchor_id: str) -> str:
    """``[text]{#id}``: a link target (Pandoc's bracketed span; the attrs plugin of markdown-it)."""
    return f"[{markdown}]{{#{anchor_id}}}"


def sources_of(row: KeyFactRow, total: int | None = None) -> str:
    """How many sources give a key-facts row, "3 of 5" ("—" for none)."""
    numbers = {c.number for _, cites in row.values for c in cites}
    if not numbers:
        return "—"
    return f"{len(numbers)} of {total}" if total else str(len(numbers))


SVG_DATA = "data:image/svg+xml;base64,"


@jinja2.pass_environment
def figure(env: jinja2.Environment, data: object, template: str, alt: str) -> str:
    """A figure drawn by an SVG template, as a Markdown image with the SVG inline (a data: URL),
    so the HTML stays one file and the PDF fetches nothing."""
    svg = env.get_template(template).render(coverage=data, data=data)
    return f"![{markdown(alt)}]({SVG_DATA}{base64.b64encode(svg.encode()).decode()})"


def environment(user_dir: Path | None) -> jinja2.Environment:
    """A strict environment over the user's templates, falling back to the built-in ones."""
    builtin = jinja2.FileSystemLoader(str(BUILTIN))
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders += [builtin, jinja2.PrefixLoader({"default": builtin})]
    # Sandboxed: a template is the user's file, not code; it cannot reach Python's internals.
    env = jinja2.sandbox.SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
        # HTML templates escape what they print; Markdown templates escape with |md instead.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "svg.j2"), default=False),
        keep_trailing_newline=True,
    )
    env.filters.update(md=markdown, code=markdown_code, text=html_text, attr=html_attribute, svg=svg_text,
                       css_string=css_string, url=markdown_url,
                       cite=cite, longdate=long_date, sources_of=sources_of, anchor=anchor,
                       reliability=lambda letter: RELIABILITY.get(str(letter), ""), figure=figure)
    return env


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; any template problem becomes a one-line TemplateError."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{_where(exc.filename or exc.name or name)}: line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template '{exc.name}' not found in the templates folder or the built-in ones") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{_where(_failing_template(exc, name))}: {exc.message}{_did_you_mean(exc.message)}; "
                            "see docs/templates.md for the variables") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"{_where(_failing_template(exc, name))}: not allowed in a template: {exc}") from None
    except TemplateError:
        raise
    except Exception as exc:
        # Anything else a template does wrong ({{ 1 + "a" }}, a filter given the wrong value) is
        # the template's error, not a crash: name its file and line.
        where = _failing_template(exc, name)
        if where == name:
            raise  # not raised in a template: a bug in briefing, keep the traceback
        raise TemplateError(f"{where}: {exc.__class__.__name__}: {exc}") from None


_NO_ATTRIBUTE = re.compile(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'")


def _did_you_mean(message: str | None) -> str:
    """"; did you mean 'title'?" for a misspelt field of one of the models, as config errors do."""
    m = _NO_ATTRIBUTE.search(message or "")
    cls = getattr(models, m.group(1), None) if m else None
    if m is None or cls is None or not dataclasses.is_dataclass(cls):
        return ""
    names = [f.name for f in dataclasses.fields(cls)] + [n for n, v in vars(cls).items() if isinstance(v, property)]
    close = difflib.get_close_matches(m.group(2), names, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _where(filename: str) -> str:
    try:
        return str(Path(filename).resolve().relative_to(Path.cwd()))
    except ValueError:
        return filename


def _failing_template(exc: BaseException, default: str) -> str:
    """'file: line N' of the template where a render error happened.

    Jinja2 rewrites tracebacks so template frames carry the template's file name and line.
    """
    found = default
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".css")):
            found = f"{_where(filename)}: line {tb.tb_lineno}"
        tb = tb.tb_next
    return found

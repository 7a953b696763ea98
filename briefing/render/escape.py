"""Escaping: the one way text from a file name, a config string or an article enters an output.

One function per output language. Each first applies the same normalisations (``plain_text``):

- control characters are removed: C0 (NUL among them) other than tab and newline, DEL and C1;
  and so is U+FEFF (a byte-order mark, or a zero-width no-break space: invisible either way);
- whitespace runs become one space (inline text is one line), leading and trailing removed;
- text holding bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F) is
  isolated: wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, with a POP DIRECTIONAL
  ISOLATE added for each isolate the text leaves open and any it closes without opening removed,
  so it can reorder nothing outside itself. Text without them is left as it is.

Then each escapes for its language, so the text shows as written and is never markup.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup, escape

# C0 controls but tab, newline and carriage return (whitespace, collapsed below), DEL, C1
# controls, and U+FEFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
FSI, PDI = "\u2068", "\u2069"
_ISOLATE_OPEN = "\u2066\u2067\u2068"  # LRI, RLI, FSI

# ASCII characters Markdown (CommonMark, tables, attribute spans) reads as syntax anywhere...
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&])")
# ...and at the start of a line only: "- ", "+ ", "# ", "> ", "1. ", "::: name" (a container
# fence), "=" (a heading underline) would open or end a block. (Isolated text starts with FSI,
# which opens nothing.)
_MD_LEADING = re.compile(r"^([-+#>=:]|\d+(?=[.)]))")
# In a link title: backslash, quote, "|" (a table cell would end there), and "&" where it would
# start an entity.
_TITLE_SPECIAL = re.compile(r'[\\"|]|&(?=#?\w+;)')


def clean(text: object) -> str:
    """The text without control characters and byte-order marks; nothing else changes."""
    return _CONTROL.sub("", str(text))


def isolate(text: str) -> str:
    """Text holding bidi controls, balanced and wrapped in FSI … PDI; other text unchanged."""
    if not _BIDI.search(text):
        return text
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch in _ISOLATE_OPEN:
            depth += 1
        elif ch == PDI:
            if depth == 0:
                continue  # would close an isolate opened outside this text
            depth -= 1
        out.append(ch)
    # A PDI also ends every embedding and override opened since its isolate began.
    return FSI + "".join(out) + PDI * depth + PDI


def plain_text(text: object) -> str:
    """The documented normalisation every output applies: controls removed, one line, isolated."""
    return isolate(" ".join(clean(text).split()))


def markdown(text: object) -> str:
    """Inline Markdown that renders as the text, never as markup or HTML.

    Escapes emphasis, code spans, links and images, autolinks and raw HTML, entities (``&amp;``
    shows as ``&amp;``), table cells' ``|``, attribute spans (``{#id}``), and at the start
    block markers and container fences (``:::``).
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", plain_text(text))
    return _MD_LEADING.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), escaped)


def markdown_code(text: object) -> str:
    """A Markdown code span showing the text as written (fenced with more backticks than any
    run inside it). Not for table cells: a ``|`` inside would still split the cell."""
    body = plain_text(text)
    longest = max((len(run) for run in re.findall("`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or not body else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def markdown_title(text: object) -> str:
    """A Markdown link title's inside (between double quotes): shown as written on hover, with
    backslashes, quotes and entities (``&amp;``) kept literal, and ``|`` ending no table cell."""
    return _TITLE_SPECIAL.sub(r"\\\g<0>", plain_text(text))


def markdown_url(url: str) -> str:
    """A URL as a Markdown autolink, with characters an autolink cannot hold percent-encoded."""
    return f"<{quote(clean(url), safe=URL_SAFE)}>"


def html_text(text: object) -> Markup:
    """Text for an HTML element's content or a quoted attribute value (quotes are escaped too)."""
    return escape(plain_text(text))


def html_attribute(text: object) -> Markup:
    """Text for a quoted HTML attribute value."""
    return html_text(text)


def svg_text(text: object) -> Markup:
    """Text for SVG (XML) content or a quoted attribute value."""
    return html_text(text)


def css_string(text: object) -> Markup:
    """A quoted CSS string, safe inside a <style> element (anything unusual is a CSS escape)."""
    body = "".join(ch if ch.isalnum() or ch in " .,:;/()'-" else f"\\{ord(ch):x} " for ch in plain_text(text))
    return Markup(f'"{body}"')

"""The desk's own words in the config: judgments and the bottom line, each naming the claims it
rests on, written in the config or in a Markdown file beside it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .config.fields import (
    _describe,
    _mapping_list,
    _Problems,
    _str,
    _unknown_keys,
    _words,
)
from .config.model import BOTTOM_LINE_KEYS, CONFIDENCE_WORDS, JUDGMENT_KEYS, BottomLine, Judgment
from .config.paths import confine

_JUDGMENT_LINE = re.compile(
    r"^\s*[-*]\s+\*\*(?P<confidence>\w+)(?: confidence)?\*\*\s*[:—–-]\s*(?P<text>.+?)\s*"
    r"\((?:claims?|rests on):\s*(?P<claims>[^)]+)\)\s*$", re.I)


def read_judgments(data: dict[str, Any], root: Path, shown: str, p: _Problems,
                   outside: bool = False) -> tuple[tuple[Judgment, ...], Path | None]:
    """The judgments, and the file they were read from when the config names one."""
    value = data.get("judgments")
    if value is None:
        return (), None
    if isinstance(value, str):
        path = confine(root, value, "judgments", p, outside, missing=f"cannot read {value} (missing); "
                       "name a UTF-8 Markdown file")
        return (_judgments_file(path, value, p) if path else ()), path
    out = []
    for where, item in _mapping_list(data, "judgments", p):
        _unknown_keys(item, JUDGMENT_KEYS, where, p)
        text = _str(item, "text", where, p, required=True)
        level = (_str(item, "confidence", where, p, required=True) or "").lower()
        if level and level not in CONFIDENCE_WORDS:
            p.add(where + "confidence", f"expected high, moderate or low but received {_describe(level)}")
        claims = _words(item, "claims", where, p)
        if not claims:
            p.add(where + "claims", "is required: name the claims it rests on (ids from facts.json)")
        if text:
            out.append(Judgment(text, level, claims, f"{shown}: {where.rstrip('.')}"))
    return tuple(out), None


def _list_items(path: Path, name: str, key: str, p: _Problems) -> tuple[list[tuple[int, str]], bool]:
    """The Markdown list items of a desk file, with their line numbers (other lines are the
    file's own commentary), and whether the file held any text. An unreadable file is one
    problem under ``key``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        p.add(key, f"cannot read {name} ({exc.__class__.__name__}); name a UTF-8 Markdown file")
        return [], False
    items = [(number, line) for number, line in enumerate(lines, 1) if line.lstrip().startswith(("- ", "* "))]
    return items, bool(lines)


def _judgments_file(path: Path, name: str, p: _Problems) -> tuple[Judgment, ...]:
    """A Markdown list, one judgment per item:
    ``- **moderate**: The talks will stall. (claims: talks, budget)``."""
    out = []
    items, _ = _list_items(path, name, "judgments", p)
    for number, line in items:
        m = _JUDGMENT_LINE.match(line)
        level = m.group("confidence").lower() if m else ""
        if not m or level not in CONFIDENCE_WORDS:
            p.add("judgments", f"{name}, line {number}: expected '- **high|moderate|low**: text "
                               "(claims: id, id)'")
            continue
        claims = tuple(c.strip() for c in m.group("claims").split(",") if c.strip())
        out.append(Judgment(m.group("text"), level, claims, f"{name}, line {number}"))
    return tuple(out)


_CLAIMS_NOTE = re.compile(r"\((?:claims?|rests on):\s*(?P<claims>[^)]+)\)", re.I)


def is_file_name(value: object) -> bool:
    """A ``bottom_line:`` string naming a Markdown file rather than holding the text itself."""
    return isinstance(value, str) and "\n" not in value and value.strip().lower().endswith((".md", ".markdown", ".txt"))


def read_bottom_line(data: dict[str, Any], root: Path, shown: str, p: _Problems,
                     outside: bool = False) -> tuple[tuple[BottomLine, ...], Path | None]:
    """The desk's bottom line: text, a Markdown file, or a list of {text, claims}.

    In text and files each sentence ends with the claims it rests on, as judgments do:
    ``The board accepted the bid. (claims: price) …``; a file may also list them one per item.
    """
    value = data.get("bottom_line")
    if value is None:
        return (), None
    if is_file_name(value):
        name = str(value).strip()
        path = confine(root, name, "bottom_line", p, outside, missing=f"cannot read {name} (missing); "
                       "name a UTF-8 Markdown file")
        return (_bottom_line_file(path, name, p) if path else ()), path
    return _bottom_line_text(value, data, shown, p), None


def _bottom_line_text(value: object, data: dict[str, Any], shown: str, p: _Problems) -> tuple[BottomLine, ...]:
    if isinstance(value, list):
        out = []
        for where, item in _mapping_list(data, "bottom_line", p):
            _unknown_keys(item, BOTTOM_LINE_KEYS, where, p)
            text = _str(item, "text", where, p, required=True)
            claims = _words(item, "claims", where, p)
            if not claims:
                p.add(where + "claims", "is required: name the claims it rests on (ids from facts.json)")
            if text:
                out.append(BottomLine(text, claims, f"{shown}: {where.rstrip('.')}"))
        return tuple(out)
    if not isinstance(value, str):
        p.add("bottom_line", f"expected text, a Markdown file or a list of {{text, claims}} but received "
                             f"{_describe(value)}")
        return ()
    out = []
    start = 0
    for m in _CLAIMS_NOTE.finditer(value):
        text = " ".join(value[start:m.start()].split())
        start = m.end()
        claims = tuple(c.strip() for c in m.group("claims").split(",") if c.strip())
        if text and claims:
            out.append(BottomLine(text, claims, f"{shown}: bottom_line"))
    if value[start:].strip() or not out:
        p.add("bottom_line", "every sentence must end with the claims it rests on: "
                             "'The board accepted the bid. (claims: price)'")
    return tuple(out)


_BOTTOM_LINE_ITEM = re.compile(r"^\s*[-*]\s+(?P<text>.+?)\s*\((?:claims?|rests on):\s*(?P<claims>[^)]+)\)\s*$", re.I)


def _bottom_line_file(path: Path, name: str, p: _Problems) -> tuple[BottomLine, ...]:
    """A Markdown list, one sentence (or two) per item: ``- The board accepted the bid. (claims: price)``;
    lines that are not list items are the file's own commentary."""
    out = []
    items, lines = _list_items(path, name, "bottom_line", p)
    for number, line in items:
        m = _BOTTOM_LINE_ITEM.match(line)
        if not m:
            p.add("bottom_line", f"{name}, line {number}: expected '- text (claims: id, id)'")
            continue
        claims = tuple(c.strip() for c in m.group("claims").split(",") if c.strip())
        out.append(BottomLine(m.group("text"), claims, f"{name}, line {number}"))
    if not out and lines:
        p.add("bottom_line", f"{name}: no list item; write each sentence as '- text (claims: id, id)'")
    return tuple(out)

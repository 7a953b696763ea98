"""Typed configuration: declared once, validated with errors that read like a human wrote them.

Every option is a field of a frozen dataclass with a docstring under it. ``load_config`` reads the
YAML safely, gathers *every* problem, and raises one ``ConfigError`` naming the file, the key path,
what was expected and what arrived (the first problem in the message, the rest counted).
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import glob
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

FACT_KINDS = ("money", "count", "percent", "duration", "date", "quote", "topic")
PAPER_SIZES = ("A4", "Letter", "Legal", "A5")


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One article file (after glob expansion) and what is known about it."""

    id: str
    """``S1``, ``S2``… assigned in config order after globs expand (sorted)."""
    path: Path
    """Absolute path of the file."""
    display_path: str
    """The path relative to the config's folder, as shown in outputs."""
    outlet: str | None = None
    """Who published it, e.g. ``France 24``."""
    title: str | None = None
    """The article's title as published."""
    date: dt.date | None = None
    """Publication date; relative dates ("on Tuesday") are resolved against it."""
    url: str | None = None
    """Where it was published, when known."""
    reliability: str | None = None
    """Admiralty-style source rating, A (completely reliable) to F (cannot be judged); sources
    rated D or E count as half a source towards a claim's confidence."""
    encoding: str = "utf-8"
    """The file's text encoding, for articles not saved as UTF-8 (e.g. ``cp1252``)."""


@dataclass(frozen=True, slots=True)
class Topic:
    """A subject the briefing tracks, recognised by keywords."""

    name: str
    """Identifier used by key facts and sections, e.g. ``trade``."""
    label: str
    """Human label, e.g. ``Trade``."""
    keywords: tuple[str, ...]
    """Words or phrases, matched case-insensitively at word starts: ``invest`` matches
    ``investment``."""


@dataclass(frozen=True, slots=True)
class KeyFact:
    """A fact the briefing must lead with, and the rule that finds it."""

    id: str
    """Identifier in facts.json, e.g. ``trade``."""
    label: str
    """Row label in the key-facts table."""
    kind: str
    """One of money, count, percent, duration, date, quote, topic."""
    near: tuple[str, ...] = ()
    """Words that must appear in the same sentence (word starts, case-insensitive)."""
    unit: tuple[str, ...] = ()
    """Accepted units: currency codes for money, counted nouns for count."""
    topic: str | None = None
    """For ``kind: topic``: the topic whose mentions make the row."""


@dataclass(frozen=True, slots=True)
class SectionConfig:
    """A section of the briefing, in order."""

    id: str
    title: str
    topics: tuple[str, ...]
    """Topics whose sentences feed the section."""
    max_lines: int = 6
    """At most this many lines (merged sentences) in the section."""
    brief_lines: int = 2
    """At most this many of them in the brief (``layout: brief``); the annex holds them all."""


@dataclass(frozen=True, slots=True)
class Judgment:
    """An analyst's own assessment, printed apart from reported facts."""

    text: str
    confidence: str
    """high, moderate or low."""
    claims: tuple[str, ...]
    """Ids of the claims it rests on (see facts.json ``claims``); their citations are shown."""
    where: str = ""
    """Where it was written (``config.yaml: judgments[0]``), for error messages."""


@dataclass(frozen=True, slots=True)
class BottomLine:
    """One sentence of the desk's bottom line, printed first with the claims it rests on."""

    text: str
    claims: tuple[str, ...]
    """Ids of the claims it rests on (see facts.json ``claims``); their citations are shown."""
    where: str = ""
    """Where it was written (``config.yaml: bottom_line``), for error messages."""


@dataclass(frozen=True, slots=True)
class Config:
    """A whole briefing: metadata, sources, topics, key facts and sections."""

    path: Path
    """The config file itself."""
    root: Path
    """The config's folder: every relative path is resolved against it."""
    title: str
    """Title of the briefing."""
    date: dt.date
    """Date of the briefing (never the clock: the same inputs give the same bytes)."""
    sources: tuple[SourceConfig, ...]
    subtitle: str | None = None
    author: str | None = None
    """Author or desk, shown in the title block."""
    handling: str | None = None
    """Handling line, e.g. ``UNCLASSIFIED // PUBLIC SOURCES``, shown on every page."""
    paper: str = "A4"
    """Paper size for the PDF: A4, Letter, Legal or A5."""
    language: str = "en"
    """Document language (HTML ``lang``, PDF metadata)."""
    templates: Path | None = None
    """Folder of templates that override the built-in ones, file by file (default: a
    ``templates/`` folder beside the config, when there is one)."""
    output: Path = Path("build")
    """Where outputs are written (``--out`` overrides)."""
    topics: tuple[Topic, ...] = ()
    key_facts: tuple[KeyFact, ...] = ()
    sections: tuple[SectionConfig, ...] = ()
    junk: tuple[str, ...] = ()
    """Extra regular expressions; a line or sentence matching one is dropped as junk."""
    key_points: int = 5
    """How many key points to lead with (3-6)."""
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Other spellings of one name: (canonical, (variant, …)). Used to merge people, counted
    nouns and subjects; variants found that are not listed are still flagged."""
    judgments: tuple[Judgment, ...] = ()
    judgments_file: Path | None = None
    """The Markdown file the judgments were read from, when the config names one."""
    bottom_line: tuple[BottomLine, ...] = ()
    """The desk's own two or three sentences the brief opens with, each naming its claims."""
    bottom_line_file: Path | None = None
    """The Markdown file the bottom line was read from, when the config names one."""
    brief_voices: int = 3
    """At most this many speakers in the brief's Voices, one quote each (0: none); the annex
    keeps every quote."""
    layout: str = "brief"
    """``brief``: at most two pages to hand on, then the annex on a new page; ``full``: every
    part in one run, as in briefing 0.2."""
    annex: str = "pdf"
    """Which outputs carry the annex (``layout: brief``): ``pdf`` all of them, ``html`` the HTML
    and Markdown only (the PDF is the brief alone), ``none`` no output (``--annex`` overrides)."""
    previous: Path | None = None
    """A previous build's facts.json; the briefing then says what changed since it."""
    sources_outside: bool = False
    """Allow source paths outside the config's folder (off, so a config cannot read any file)."""
    extra: dict[str, Any] = field(default_factory=dict)


# The schema: key -> (expected type description, validator). Keeping it as data lets unknown-key
# suggestions and the config reference come from one place.
TOP_KEYS = (
    "title", "subtitle", "date", "author", "handling", "paper", "language", "templates",
    "output", "sources", "topics", "key_facts", "sections", "junk", "key_points", "aliases",
    "judgments", "previous", "sources_outside", "bottom_line", "layout", "annex", "brief_voices",
)
LAYOUTS = ("brief", "full")
ANNEX_CHOICES = ("pdf", "html", "none")
SOURCE_KEYS = ("id", "path", "outlet", "title", "date", "url", "reliability", "encoding")
JUDGMENT_KEYS = ("text", "confidence", "claims")
CONFIDENCE_WORDS = ("high", "moderate", "low")
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
TOPIC_KEYS = ("name", "label", "keywords")
KEY_FACT_KEYS = ("id", "label", "kind", "near", "unit", "topic")
SECTION_KEYS = ("id", "title", "topics", "max_lines", "brief_lines")
BOTTOM_LINE_KEYS = ("text", "claims")


class _Problems:
    """Collects problems so the user sees them all at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{self.file}: {where}: {message}" if where else f"{self.file}: {message}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        first = self.items[0]
        more = len(self.items) - 1
        suffix = (f" (and {more} more problem{'s' if more > 1 else ''}: run 'briefing check {self.file}')"
                  if more else "")
        raise ConfigError(first + suffix, self.items)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


def _unknown_keys(mapping: dict[str, Any], allowed: tuple[str, ...], where: str, p: _Problems) -> None:
    for key in mapping:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(allowed)}"
        p.add(f"{where}{key}" if where else str(key), f"unknown key{hint}")


def _str(m: dict[str, Any], key: str, where: str, p: _Problems, required: bool = False) -> str | None:
    value = m.get(key)
    if value is None:
        if required:
            p.add(where + key, "is required: expected a string")
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        p.add(where + key, f"expected a string but received {_describe(value)}")
        return None
    return value.strip()


def _date(m: dict[str, Any], key: str, where: str, p: _Problems) -> dt.date | None:
    value = m.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    p.add(where + key, f"expected a date (YYYY-MM-DD) but received {_describe(value)}")
    return None


def _words(m: dict[str, Any], key: str, where: str, p: _Problems) -> tuple[str, ...]:
    value = m.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        p.add(where + key, f"expected a list of strings but received {_describe(value)}")
        return ()
    return tuple(v.strip() for v in value)


def _mapping_list(m: dict[str, Any], key: str, p: _Problems) -> list[tuple[str, dict[str, Any]]]:
    value = m.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        p.add(key, f"expected a list but received {_describe(value)}")
        return []
    out = []
    for i, item in enumerate(value):
        where = f"{key}[{i}]."
        if not isinstance(item, dict):
            p.add(f"{key}[{i}]", f"expected a mapping (key: value lines) but received {_describe(item)}")
            continue
        out.append((where, item))
    return out


def read_yaml(path: Path) -> Any:
    """Load YAML safely; syntax errors become one line with file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file; pass the path of a config.yaml") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder; pass the path of a config.yaml inside it") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        # At the end of the file the problem began where its context did (an unclosed quote).
        at_end = exc.problem and "end of stream" in exc.problem and exc.context_mark is not None
        mark = exc.context_mark if at_end else exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        what = exc.problem or exc.context or "syntax error"
        raise ConfigError(f"{path}: {where}: YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: YAML error: {exc}") from None


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate a config file; raise ConfigError listing every problem."""
    cfg_path = Path(path)
    data = read_yaml(cfg_path)
    shown = str(path)
    p = _Problems(shown)
    if not isinstance(data, dict):
        raise ConfigError(f"{shown}: expected a mapping of keys (title:, sources:, …) but received {_describe(data)}")
    root = cfg_path.resolve().parent
    _unknown_keys(data, TOP_KEYS, "", p)

    title = _str(data, "title", "", p, required=True) or ""
    date = _date(data, "date", "", p)
    if date is None and "date" not in data:
        p.add("date", "is required: expected the briefing's date (YYYY-MM-DD)")
    paper = _str(data, "paper", "", p) or "A4"
    if paper not in PAPER_SIZES:
        p.add("paper", f"expected one of {', '.join(PAPER_SIZES)} but received {_describe(paper)}")
    key_points = data.get("key_points", 5)
    if not isinstance(key_points, int) or isinstance(key_points, bool) or not 3 <= key_points <= 6:
        p.add("key_points", f"expected a whole number from 3 to 6 but received {_describe(key_points)}")
        key_points = 5

    outside = data.get("sources_outside", False)
    if not isinstance(outside, bool):
        p.add("sources_outside", f"expected true or false but received {_describe(outside)}")
        outside = False

    # Sources: each entry a file or a glob, relative to the config's folder.
    sources: list[SourceConfig] = []
    seen_ids: set[str] = set()
    if "sources" not in data or not data.get("sources"):
        p.add("sources", "no sources: list the article files (path: articles/*.txt)")
    for where, item in _mapping_list(data, "sources", p):
        _unknown_keys(item, SOURCE_KEYS, where, p)
        pattern = _str(item, "path", where, p, required=True)
        if pattern is None:
            continue
        full = pattern if os.path.isabs(pattern) else str(root / pattern)
        matches = sorted(glob.glob(full)) if glob.has_magic(pattern) else [full]
        if glob.has_magic(pattern) and not matches:
            p.add(where + "path", f"the pattern '{pattern}' matches no file")
            continue
        for match in matches:
            mpath = Path(match)
            if not mpath.is_file():
                p.add(where + "path", f"no such file: {pattern}; check the path (relative to {shown})")
                continue
            if not outside and not mpath.resolve().is_relative_to(root):
                p.add(where + "path", f"'{pattern}' is outside the config's folder; move it in, or "
                                      "set sources_outside: true if that is intended")
                continue
            explicit_id = _str(item, "id", where, p)
            if explicit_id is not None and len(matches) > 1:
                p.add(where + "id", "an id cannot be given to a glob that matches several files")
                explicit_id = None
            sid = f"S{len(sources) + 1}"
            if explicit_id is not None and explicit_id != sid:
                p.add(where + "id", f"sources are numbered in order; expected '{sid}' but received '{explicit_id}'")
            if sid in seen_ids:
                p.add(where + "id", f"duplicate source id '{sid}'")
            seen_ids.add(sid)
            try:
                display = os.path.relpath(mpath, root)
            except ValueError:
                display = str(mpath)
            one = len(matches) == 1
            sources.append(SourceConfig(
                id=sid,
                path=mpath,
                display_path=display,
                outlet=_str(item, "outlet", where, p),
                title=_str(item, "title", where, p) if one else None,
                date=_date(item, "date", where, p),
                url=_str(item, "url", where, p) if one else None,
                reliability=_reliability(item, where, p),
                encoding=_encoding(item, where, p),
            ))

    topics: list[Topic] = []
    for where, item in _mapping_list(data, "topics", p):
        _unknown_keys(item, TOPIC_KEYS, where, p)
        name = _str(item, "name", where, p, required=True)
        keywords = _words(item, "keywords", where, p)
        if not keywords and "keywords" not in item:
            p.add(where + "keywords", "is required: expected a list of words or phrases")
        if name:
            if any(t.name == name for t in topics):
                p.add(where + "name", f"duplicate topic '{name}'")
            topics.append(Topic(name, _str(item, "label", where, p) or name.replace("_", " ").capitalize(), keywords))
    topic_names = [t.name for t in topics]

    def check_topic(name: str, where: str) -> None:
        if name not in topic_names:
            close = difflib.get_close_matches(name, topic_names, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; define it under topics: (known: {', '.join(topic_names) or 'none'})"
            p.add(where, f"names topic '{name}', which does not exist{hint}")

    key_facts: list[KeyFact] = []
    for where, item in _mapping_list(data, "key_facts", p):
        _unknown_keys(item, KEY_FACT_KEYS, where, p)
        kid = _str(item, "id", where, p, required=True)
        kind = _str(item, "kind", where, p, required=True)
        if kind is not None and kind not in FACT_KINDS:
            close = difflib.get_close_matches(kind, FACT_KINDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            p.add(where + "kind", f"expected one of {', '.join(FACT_KINDS)} but received '{kind}'{hint}")
        topic = _str(item, "topic", where, p)
        if kind == "topic" and topic is None:
            p.add(where + "topic", "is required for kind: topic (name one of topics:)")
        if topic is not None:
            check_topic(topic, where + "topic")
        if kid:
            if any(k.id == kid for k in key_facts):
                p.add(where + "id", f"duplicate key fact '{kid}'")
            key_facts.append(KeyFact(
                id=kid, label=_str(item, "label", where, p) or kid.replace("_", " ").capitalize(),
                kind=kind or "", near=_words(item, "near", where, p), unit=_words(item, "unit", where, p),
                topic=topic,
            ))

    sections: list[SectionConfig] = []
    for where, item in _mapping_list(data, "sections", p):
        _unknown_keys(item, SECTION_KEYS, where, p)
        title_s = _str(item, "title", where, p, required=True)
        names = _words(item, "topics", where, p)
        for j, name in enumerate(names):
            check_topic(name, f"{where}topics[{j}]")
        max_lines = item.get("max_lines", 6)
        if not isinstance(max_lines, int) or isinstance(max_lines, bool) or max_lines < 1:
            p.add(where + "max_lines", f"expected a whole number of at least 1 but received {_describe(max_lines)}")
            max_lines = 6
        brief_lines = item.get("brief_lines", 2)
        if not isinstance(brief_lines, int) or isinstance(brief_lines, bool) or brief_lines < 0:
            p.add(where + "brief_lines", f"expected a whole number (0 leaves the section out of the brief) "
                                         f"but received {_describe(brief_lines)}")
            brief_lines = 2
        sid = _str(item, "id", where, p) or slug(title_s or f"section-{len(sections) + 1}")
        if title_s:
            sections.append(SectionConfig(sid, title_s, names, max_lines, brief_lines))

    # A templates/ folder beside the config is used without being named, as MkDocs does with
    # its custom_dir; naming a folder that does not exist is a mistake worth reporting.
    templates = root / "templates" if (root / "templates").is_dir() else None
    tpl = _str(data, "templates", "", p)
    if tpl is not None:
        templates = (root / tpl)
        if not templates.is_dir():
            p.add("templates", f"no such folder: {tpl}; create it or remove the key to use the built-in templates")
    output = root / (_str(data, "output", "", p) or "build")

    junk = _words(data, "junk", "", p)
    for i, pattern in enumerate(junk):
        try:
            re.compile(pattern)
        except re.error as exc:
            p.add(f"junk[{i}]", f"not a valid regular expression ({exc})")

    aliases = _aliases(data, p)
    from .desk import (  # desk.py reads with this module's helpers
        is_file_name,
        read_bottom_line,
        read_judgments,
    )

    judgments = read_judgments(data, root, shown, p)
    bottom_line = read_bottom_line(data, root, shown, p)
    layout = _choice(data, "layout", LAYOUTS, p)
    brief_voices = data.get("brief_voices", 3)
    if not isinstance(brief_voices, int) or isinstance(brief_voices, bool) or not 0 <= brief_voices <= 10:
        p.add("brief_voices", f"expected a whole number from 0 to 10 but received {_describe(brief_voices)}")
        brief_voices = 3
    annex = _choice(data, "annex", ANNEX_CHOICES, p)
    previous = None
    prev = _str(data, "previous", "", p)
    if prev is not None:
        previous = root / prev
        if not previous.is_file():
            p.add("previous", f"no such file: {prev}; name a facts.json from an earlier build")

    p.raise_if_any()
    assert date is not None
    return Config(
        path=cfg_path, root=root, title=title, date=date, sources=tuple(sources),
        subtitle=_str(data, "subtitle", "", p), author=_str(data, "author", "", p),
        handling=_str(data, "handling", "", p), paper=paper,
        language=_str(data, "language", "", p) or "en", templates=templates, output=output,
        topics=tuple(topics), key_facts=tuple(key_facts), sections=tuple(sections), junk=junk,
        key_points=key_points, aliases=aliases, judgments=judgments, previous=previous,
        judgments_file=root / data["judgments"] if isinstance(data.get("judgments"), str) else None,
        sources_outside=outside, bottom_line=bottom_line,
        bottom_line_file=root / data["bottom_line"] if is_file_name(data.get("bottom_line")) else None,
        layout=layout, annex=annex, brief_voices=brief_voices,
    )


def _choice(data: dict[str, Any], key: str, choices: tuple[str, ...], p: _Problems) -> str:
    """One of a few words; the first is the default."""
    value = _str(data, key, "", p)
    if value is None:
        return choices[0]
    if value not in choices:
        p.add(key, f"expected one of {', '.join(choices)} but received {_describe(value)}")
        return choices[0]
    return value


def _reliability(item: dict[str, Any], where: str, p: _Problems) -> str | None:
    value = _str(item, "reliability", where, p)
    if value is None:
        return None
    if value.upper() not in RELIABILITY:
        p.add(where + "reliability", f"expected a letter A-F (A: completely reliable … E: unreliable, "
                                     f"F: cannot be judged) but received {_describe(value)}")
        return None
    return value.upper()


def _encoding(item: dict[str, Any], where: str, p: _Problems) -> str:
    value = _str(item, "encoding", where, p)
    if value is None:
        return "utf-8"
    try:
        codecs.lookup(value)
    except LookupError:
        p.add(where + "encoding", f"unknown text encoding {_describe(value)}; try utf-8, cp1252 or latin-1")
        return "utf-8"
    return value


def _aliases(data: dict[str, Any], p: _Problems) -> tuple[tuple[str, tuple[str, ...]], ...]:
    value = data.get("aliases")
    if value is None:
        return ()
    if not isinstance(value, dict):
        p.add("aliases", f"expected a mapping (Canonical Name: [Other Spelling, …]) but received "
                         f"{_describe(value)}")
        return ()
    out = []
    seen: dict[str, str] = {}
    for name in value:
        words = _words(value, name, "aliases.", p)
        for variant in words:
            if variant.lower() in seen:
                p.add(f"aliases.{name}", f"'{variant}' is already an alias of '{seen[variant.lower()]}'")
            seen[variant.lower()] = str(name)
        out.append((str(name), words))
    return tuple(out)


def slug(text: str, fallback: str = "section", limit: int | None = None) -> str:
    """An identifier from a title: "The Harbour Vote" -> "the-harbour-vote"."""
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in out.split("-") if part)[:limit].strip("-") or fallback


def alias_table(aliases: Sequence[tuple[str, Sequence[str]]]) -> dict[str, str]:
    """Each spelling listed under ``aliases:``, lower-cased, to its canonical name."""
    return {variant.lower(): name for name, variants in aliases for variant in variants}

"""The config's model: every option a field of a frozen dataclass, with its docstring under it.

These declarations are the one place an option is described: the validator (``load``), the
reference in docs/config.md and the unknown-key suggestions all follow them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FACT_KINDS = ("money", "count", "percent", "duration", "date", "quote", "topic")
"""The built-in kinds; ``fact_kinds()`` adds those installed extractor plugins register."""
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
    """One of money, count, percent, duration, date, quote, topic, or a kind an installed
    extractor plugin registers (see docs/api.md)."""
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
    """Identifier of the section (default: made from the title)."""
    title: str
    """Section heading."""
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
    """The assessment, in the desk's own words."""
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
    """The sentence (or two)."""
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
    """The articles: each entry a file or a glob (``articles/*.txt``), numbered S1, S2… in order."""
    subtitle: str | None = None
    """One line under the title."""
    author: str | None = None
    """Author or desk, shown in the title block."""
    handling: str | None = None
    """Handling line, e.g. ``UNCLASSIFIED // PUBLIC SOURCES``, shown on every page."""
    paper: str = "A4"
    """Paper size for the PDF: A4, Letter, Legal or A5."""
    language: str = "en"
    """Document language (HTML ``lang``, PDF metadata)."""
    templates: Path | None = None
    """Folder of templates that override the built-in ones, file by file. Used only when named
    (a ``templates/`` folder beside the config is not picked up by itself: templates are code)."""
    output: Path = Path("build")
    """Where outputs are written (``--out`` overrides)."""
    topics: tuple[Topic, ...] = ()
    """Subjects to follow, each recognised by keywords."""
    key_facts: tuple[KeyFact, ...] = ()
    """Rows of the key-facts table: a kind of figure and the words that must be near it."""
    sections: tuple[SectionConfig, ...] = ()
    """Sections of the briefing, in order."""
    junk: tuple[str, ...] = ()
    """Extra regular expressions; a line or sentence matching one is dropped as junk."""
    key_points: int = 5
    """How many key points to lead with (3-6)."""
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Other spellings of one name: (canonical, (variant, …)). Used to merge people, counted
    nouns and subjects; variants found that are not listed are still flagged."""
    judgments: tuple[Judgment, ...] = ()
    """The desk's own assessments, each with its confidence and the claims it rests on."""
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
    paths_outside: bool = False
    """Allow every path the config names (sources, templates, output, judgments, bottom_line,
    previous) outside the config's folder; off, so a config cannot read or write any file."""
    extra: dict[str, Any] = field(default_factory=dict)


# The schema: key -> (expected type description, validator). Keeping it as data lets unknown-key
# suggestions and the config reference come from one place.
TOP_KEYS = (
    "title", "subtitle", "date", "author", "handling", "paper", "language", "templates",
    "output", "sources", "topics", "key_facts", "sections", "junk", "key_points", "aliases",
    "judgments", "previous", "sources_outside", "paths_outside", "bottom_line", "layout", "annex", "brief_voices",
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
# Whole numbers with a range (low, high; None: no bound), checked by the loader and the schema.
RANGES: dict[str, tuple[int, int | None]] = {
    "key_points": (3, 6), "brief_voices": (0, 10), "max_lines": (1, None), "brief_lines": (0, None),
}


def fact_kinds() -> tuple[str, ...]:
    """The kinds a key fact may name: the built-in ones, then the installed plugins' (sorted)."""
    from ..plugins import plugin_kinds  # entry points are read only when a kind is not built-in

    return FACT_KINDS + plugin_kinds()


def slug(text: str, fallback: str = "section", limit: int | None = None) -> str:
    """An identifier from a title: "The Harbour Vote" -> "the-harbour-vote"."""
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in out.split("-") if part)[:limit].strip("-") or fallback


def alias_table(aliases: Sequence[tuple[str, Sequence[str]]]) -> dict[str, str]:
    """Each spelling listed under ``aliases:``, lower-cased, to its canonical name."""
    return {variant.lower(): name for name, variants in aliases for variant in variants}

"""Frozen dataclasses passed from one pipeline stage to the next."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

FactKind = str
"""money, count, percent, duration, date or quote, or a kind an extractor plugin registers."""
Qualifier = Literal["exact", "about", "at_least", "more_than", "less_than", "up_to"]



MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
"""English month names, for dates the briefing writes out (no locale: the same bytes anywhere)."""

@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of article text, located exactly in its file."""

    source: str
    """Id of the source it comes from, e.g. ``S1``."""
    index: int
    """Position of the sentence in its source, from 0."""
    paragraph: int
    """Position of its paragraph in the source, from 0."""
    start: int
    """Offset of the first character in the file's text."""
    end: int
    """Offset one past the last character: ``text == file_text[start:end]``."""
    text: str
    """The sentence exactly as it stands in the file."""


@dataclass(frozen=True, slots=True)
class Source:
    """One article, read and cleaned, with its metadata from the config."""

    id: str
    """``S1``, ``S2``… in config order; the number is the citation number."""
    path: str
    """Path as written in the briefing (relative to the config's folder)."""
    text: str
    """The whole file, as ``open(path, encoding="utf-8").read()`` returns it."""
    outlet: str | None
    title: str | None
    date: date | None
    url: str | None
    headline: str | None
    """The article's own first line, when it looks like a headline."""
    sentences: tuple[Sentence, ...]
    """Article sentences, junk removed, in order."""
    junk: tuple[tuple[int, int, str], ...] = ()
    """Spans removed as junk: (start, end, why)."""
    reliability: str | None = None
    """Admiralty rating A-F from the config, when given."""
    encoding: str = "utf-8"

    @property
    def number(self) -> int:
        """The citation number: S3 is cited as [3]."""
        return int(self.id[1:])


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact is stated: a whole sentence, by offsets into its file."""

    source: str
    start: int
    end: int
    quote: str
    """The sentence; equals the file's ``text[start:end]``."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One mention of a figure, date or quote in one sentence."""

    id: str
    kind: FactKind
    value: float | int | str
    """money: currency units; count/percent/duration: the number; date: ISO; quote: words."""
    unit: str | None
    """money: ISO currency; count: the counted noun; duration: years, days…"""
    qualifier: Qualifier
    text: str
    """Surface text as in the source, e.g. ``over $300 million``."""
    evidence: tuple[Evidence, ...]
    speaker: str | None = None
    role: str | None = None
    """quote: the speaker's role or title where the article gives it."""
    topics: tuple[str, ...] = ()
    sentence: int = 0
    """Index of the stating sentence in its source (for ordering)."""
    start: int = 0
    """Offset of the mention itself (``text``) in its source file."""
    end: int = 0
    subject: str | None = None
    """money/count/percent: what the figure measures, e.g. ``bilateral trade``."""
    year: int | None = None
    """The year the figure refers to, when the sentence gives one."""
    speaker_as_written: str | None = None
    """quote: the speaker as the article spells it, where ``speaker`` is the name the config's
    aliases (or the same name with its diacritics) make it."""


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer from a line of the briefing to one source."""

    source: str
    number: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Line:
    """A sentence the briefing shows, with every source that states it."""

    text: str
    citations: tuple[Citation, ...]
    also: tuple[tuple[str, tuple[Citation, ...]], ...] = ()
    """Figures other sources give for the same claim, each cited (key points)."""
    also_label: str = ""
    """How ``also`` relates to the line: "consistent with", "sources differ", or "6 years also in"."""
    confidence: str | None = None
    """The claim's confidence, for key points."""
    rated: str = ""
    """The claim the confidence rates, and how many sources state it: "6 years: 4 sources"."""


@dataclass(frozen=True, slots=True)
class ClaimValue:
    """One distinct value of a claim as shown ("more than 30 agreements"), with its sources."""

    value: str
    citations: tuple[Citation, ...]
    facts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    """Facts that state the same thing across sources, reconciled (see ``briefing.claims``)."""

    id: str
    """Stable across builds: the key fact's id, or kind-subject-year ("money-bilateral-trade-2022")."""
    kind: str
    about: str
    """What the claim is about: a key fact's label, the subject or unit, or the speaker."""
    statement: Line
    """One source sentence stating the claim's best value, verbatim, with every source stating it."""
    value: str
    """The reconciled value: the most exact figure all sources agree with, or the values in
    conflict joined by " vs "."""
    values: tuple[ClaimValue, ...]
    facts: tuple[str, ...]
    sources: tuple[str, ...]
    independent: float
    """Independent sources: syndicated copy counts once, sources rated D or E count half."""
    confidence: str
    """high, moderate or low (``claims.CONFIDENCE_RULE``)."""
    conflict: bool
    notes: tuple[str, ...]
    key_fact: str | None = None
    speaker: str | None = None
    agree: bool = True
    """Every value allows the best one: "37", "more than 30" and "dozens"."""

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every source stating the claim, once, in source order."""
        firsts: dict[str, Citation] = {}
        for value in self.values:
            for c in value.citations:
                firsts.setdefault(c.source, c)
        return tuple(sorted(firsts.values(), key=lambda c: c.number))


@dataclass(frozen=True, slots=True)
class SourceNote:
    """What one source contributed, and what in it looks wrong."""

    source: str
    number: int
    claims: int
    """Claims it states."""
    unique: int
    """Claims no other source states."""
    facts: int
    junk: tuple[tuple[str, int], ...]
    """Web junk set aside, by kind: ("ad", 3)."""
    suspected: tuple[str, ...]
    """Suspected errors: a name spelled unlike the other sources, a contradicted title, a figure
    the others contradict."""
    reliability: str | None = None


@dataclass(frozen=True, slots=True)
class JudgmentEntry:
    """An analyst's judgment from the config, with the claims it rests on."""

    text: str
    confidence: str
    claims: tuple[Claim, ...]
    missing: tuple[str, ...]
    """Claim ids it names that the sources no longer support."""


@dataclass(frozen=True, slots=True)
class BottomLineEntry:
    """A sentence of the desk's bottom line, with the claims it rests on."""

    text: str
    claims: tuple[Claim, ...]
    missing: tuple[str, ...]
    """Claim ids it names that the sources no longer support."""
    citations: tuple[Citation, ...] = ()
    """Its claims' citations, one per source (the first that source gives), in source order."""


@dataclass(frozen=True, slots=True)
class Change:
    """One difference from the previous briefing's claims."""

    kind: str
    """new, changed or dropped."""
    claim_id: str
    about: str
    before: str | None
    after: str | None
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class KeyFactRow:
    """One row of the key-facts table."""

    id: str
    label: str
    values: tuple[tuple[str, tuple[Citation, ...]], ...]
    """Each distinct value as displayed, with the sources giving it."""
    facts: tuple[str, ...]
    """Ids of the facts behind the row."""
    conflict: bool = False
    """Sources give different values for the same year (or all with no year)."""
    confidence: str | None = None
    """high, moderate or low (see ``claims.CONFIDENCE_RULE``); None when nothing was found."""
    best: str | None = None
    """The reconciled value (the claim's ``value``); None for a topic row."""
    notes: tuple[str, ...] = ()
    agree: bool = True
    """Every value allows the reconciled one (the row says *consistent*)."""

    @property
    def found(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True, slots=True)
class Voice:
    """A direct quote with its speaker."""

    speaker: str
    role: str | None
    quote: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """A person as the sources name them: each role with the mention that gives it."""

    name: str
    roles: tuple[tuple[str, Citation], ...]
    citations: tuple[Citation, ...]
    """The first mention in each source that names the person."""
    variants: tuple[tuple[str, tuple[Citation, ...]], ...] = ()
    """Other spellings flagged as probably this person (Discrepancies), each with where it is
    written; their roles are listed among the person's."""


@dataclass(frozen=True, slots=True)
class Section:
    """A titled section fed by one or more topics."""

    id: str
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated statement: when (as precise as the source allows) and the sentence saying it."""

    iso: str
    """2023-12-12, 2023-09 or 2022; relative dates ("on Tuesday") already resolved."""
    when: str
    """The date for reading: 12 December 2023, September 2023, 2022."""
    line: Line


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Something the sources disagree on: each version with the sources that give it."""

    label: str
    versions: tuple[tuple[str, tuple[Citation, ...]], ...]


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One cited sentence in the evidence appendix."""

    anchor: str
    """Link target of the citations that point here, e.g. ``ev-S3-1234``."""
    citation: Citation
    path: str
    start: int
    end: int
    sentence: str
    """The whole sentence holding the citation, exactly as in the file."""


@dataclass(frozen=True, slots=True)
class EvidenceGroup:
    title: str
    items: tuple[EvidenceItem, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many sentences of each source concern each topic: the figure's data."""

    topics: tuple[str, ...]
    """Topic labels, in config order (the figure's rows)."""
    sources: tuple[int, ...]
    """Source numbers (the figure's columns)."""
    counts: tuple[tuple[int, ...], ...]
    """counts[topic][source]: sentences of that source mentioning that topic."""
    most: int = field(init=False, default=0)
    """The largest count, worked out once: the figure's template shades every cell by it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "most", max((n for row in self.counts for n in row), default=0))


@dataclass(frozen=True, slots=True)
class Briefing:
    """Everything the templates need, composed and cited."""

    title: str
    subtitle: str | None
    date: date
    author: str | None
    handling: str | None
    sources: tuple[Source, ...]
    key_points: tuple[Line, ...]
    key_facts: tuple[KeyFactRow, ...]
    sections: tuple[Section, ...]
    voices: tuple[Voice, ...]
    facts: tuple[Fact, ...] = field(default=())
    people: tuple[PersonEntry, ...] = field(default=())
    """Named people, most widely reported first."""
    timeline: tuple[TimelineEntry, ...] = field(default=())
    """Dated statements in date order, each sentence once."""
    discrepancies: tuple[Discrepancy, ...] = field(default=())
    """Conflicting figures and names spelled two ways; empty when none were found."""
    claims: tuple[Claim, ...] = field(default=())
    source_notes: tuple[SourceNote, ...] = field(default=())
    judgments: tuple[JudgmentEntry, ...] = field(default=())
    changes: tuple[Change, ...] | None = None
    """Differences from the previous build's claims; None when no previous build was given."""
    confidence_rule: str = ""
    coverage: Coverage | None = None
    evidence: tuple[EvidenceGroup, ...] = field(default=())
    """The appendix: every cited sentence, verbatim, grouped by where the briefing first cites it."""
    bottom_line: tuple[BottomLineEntry, ...] = field(default=())
    """The desk's own opening sentences (``bottom_line:``); empty when the config gives none."""
    brief_sections: tuple[Section, ...] = field(default=())
    """The sections condensed for the brief: each section's best lines not already key points."""
    layout: str = "full"
    """``brief`` (the brief, then the annex) or ``full`` (every part in one run)."""
    brief_voices: tuple[Voice, ...] = field(default=())
    """The brief's voices: at most one quote per speaker, the most significant."""

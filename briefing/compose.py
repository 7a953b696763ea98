"""Compose: choose what the briefing says, and cite every line of it.

Nothing here writes prose. Every line the briefing shows is a source sentence, verbatim, with the
sources that state it; every key-fact value is a figure found in a cited sentence. When sources
give different figures for the same key fact, each figure is shown with its own sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .config import Config, KeyFact, SectionConfig
from .extract.topics import TopicMatcher, keyword_pattern
from .models import Briefing, Citation, Fact, KeyFactRow, Line, Section, Sentence, Source, Voice

NOT_FOUND = "not found in sources"

# Sentences are merged as near-duplicates when their word sets overlap this much (Jaccard).
NEAR_DUPLICATE = 0.6
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTE_MARKS = re.compile(r"[“”\"]")


@dataclass(frozen=True, slots=True)
class _Candidate:
    source: Source
    sentence: Sentence
    score: float


def compose(cfg: Config, sources: Sequence[Source], facts: Sequence[Fact]) -> Briefing:
    """Build the briefing's content from the sources and their facts."""
    by_id = {s.id: s for s in sources}
    rows = tuple(key_fact_row(kf, cfg, sources, facts) for kf in cfg.key_facts)
    quoted = {(e.source, e.start) for f in facts if f.kind == "quote" for e in f.evidence}
    used: set[tuple[str, int]] = set()
    key_points = _key_points(cfg, rows, facts, by_id, used)
    sections = tuple(_sections(cfg, sources, facts, used | quoted))
    # Top the key points up with the lead line of each section, in order, until there are enough.
    extra = list(key_points)
    for section in sections:
        if len(extra) >= cfg.key_points:
            break
        if section.lines and section.lines[0] not in extra:
            extra.append(section.lines[0])
    return Briefing(
        title=cfg.title, subtitle=cfg.subtitle, date=cfg.date, author=cfg.author,
        handling=cfg.handling, sources=tuple(sources), key_points=tuple(extra),
        key_facts=rows, sections=tuple(s for s in sections if s.lines),
        voices=voices(facts, by_id), facts=tuple(facts),
    )


def cite(source: Source, start: int, end: int) -> Citation:
    return Citation(source.id, source.number, start, end)


def _sentence_of(fact: Fact, by_id: dict[str, Source]) -> tuple[Source, int, int]:
    evidence = fact.evidence[0]
    return by_id[evidence.source], evidence.start, evidence.end


# Key facts ----------------------------------------------------------------------------------


def matches_key_fact(kf: KeyFact, fact: Fact) -> bool:
    """Does a fact answer a key fact's rule (kind, units, nearby words)?"""
    if kf.kind == "topic":
        return kf.topic in fact.topics
    if fact.kind != kf.kind:
        return False
    if kf.unit and not _unit_matches(fact.unit, kf.unit):
        return False
    if kf.near and not keyword_pattern(kf.near).search(fact.evidence[0].quote):
        return False
    return True


def _unit_matches(unit: str | None, accepted: Iterable[str]) -> bool:
    if unit is None:
        return False
    unit = unit.lower()
    return any(unit == a.lower() or unit.rstrip("s") == a.lower().rstrip("s") for a in accepted)


def key_fact_row(kf: KeyFact, cfg: Config, sources: Sequence[Source], facts: Sequence[Fact]) -> KeyFactRow:
    """One row of the key-facts table: every distinct value, each with the sources that give it."""
    matched = [f for f in facts if matches_key_fact(kf, f)]
    by_id = {s.id: s for s in sources}
    if kf.kind == "topic":
        firsts: dict[str, Citation] = {}
        for f in matched:
            source, start, end = _sentence_of(f, by_id)
            firsts.setdefault(source.id, cite(source, start, end))
        # Sentences with no figures still raise the topic: look at them too.
        matcher = TopicMatcher([t for t in cfg.topics if t.name == kf.topic])
        for source in sources:
            if source.id in firsts:
                continue
            hit = next((s for s in source.sentences if matcher.topics_of(s.text)), None)
            if hit is not None:
                firsts[source.id] = cite(source, hit.start, hit.end)
        cites = tuple(sorted(firsts.values(), key=lambda c: c.number))
        values = ((f"raised in {len(cites)} of {len(sources)} sources", cites),) if cites else ()
        return KeyFactRow(kf.id, kf.label, values, tuple(f.id for f in matched))
    groups: dict[str, list[Citation]] = {}
    for f in matched:
        source, start, end = _sentence_of(f, by_id)
        citation = cite(source, start, end)
        shown = groups.setdefault(display_value(f), [])
        if all(c.source != citation.source for c in shown):
            shown.append(citation)
    values = tuple((value, tuple(sorted(cs, key=lambda c: c.number))) for value, cs in groups.items())
    return KeyFactRow(kf.id, kf.label, values, tuple(f.id for f in matched))


QUALIFIER_WORDS = {
    "exact": "", "about": "about ", "at_least": "at least ", "more_than": "more than ",
    "less_than": "less than ", "up_to": "up to ",
}
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def display_value(fact: Fact) -> str:
    """A fact's value as the table shows it: '$175.6 billion', 'more than 30 agreements'."""
    qualifier = QUALIFIER_WORDS[fact.qualifier]
    if fact.kind == "money" and isinstance(fact.value, (int, float)):
        sign = CURRENCY_SIGNS.get(fact.unit or "")
        amount = _scaled(float(fact.value))
        return f"{qualifier}{sign}{amount}" if sign else f"{qualifier}{amount} {fact.unit or ''}".rstrip()
    if fact.kind == "count" and re.match(r"(?i)dozens|hundreds", fact.text):
        return _QUOTE_MARKS.sub("", fact.text)  # a vague count is shown as written, not as a figure
    if fact.kind in ("count", "duration") and isinstance(fact.value, (int, float)):
        return f"{qualifier}{_plain(float(fact.value))} {fact.unit or ''}".rstrip()
    if fact.kind == "percent" and isinstance(fact.value, (int, float)):
        return f"{qualifier}{_plain(float(fact.value))}%"
    return f"{qualifier}{fact.value}"


def _plain(number: float) -> str:
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}".rstrip("0").rstrip(".")


def _scaled(number: float) -> str:
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if number >= scale:
            return f"{_plain(number / scale)} {word}"
    return _plain(number)


# Key points and sections --------------------------------------------------------------------


def _key_points(
    cfg: Config, rows: Sequence[KeyFactRow], facts: Sequence[Fact], by_id: dict[str, Source],
    used: set[tuple[str, int]],
) -> list[Line]:
    """One key point per key fact found: the sentence that first states each of its values."""
    fact_by_id = {f.id: f for f in facts}
    points: list[Line] = []
    for row in rows:
        for fid in row.facts:
            fact = fact_by_id[fid]
            if fact.kind in ("quote", "date"):
                continue
            source, start, end = _sentence_of(fact, by_id)
            if (source.id, start) in used or _QUOTE_MARKS.search(source.text[start:end]):
                continue
            used.add((source.id, start))
            points.append(Line(source.text[start:end], (cite(source, start, end),)))
            break
        if len(points) >= cfg.key_points:
            break
    return points


def _sections(
    cfg: Config, sources: Sequence[Source], facts: Sequence[Fact], excluded: set[tuple[str, int]],
) -> Iterable[Section]:
    """Each sentence goes to the section whose topics it mentions most; the best lines are kept."""
    matcher = TopicMatcher(cfg.topics)
    figures: dict[tuple[str, int], int] = {}
    for f in facts:
        if f.kind not in ("quote", "date"):
            key = (f.evidence[0].source, f.evidence[0].start)
            figures[key] = figures.get(key, 0) + 1
    pools: dict[str, list[_Candidate]] = {s.id: [] for s in cfg.sections}
    for source in sources:
        for sentence in source.sentences:
            if (source.id, sentence.start) in excluded or not _readable(sentence.text):
                continue
            best = _best_section(cfg.sections, matcher, sentence.text)
            if best is None:
                continue
            section, hits = best
            score = hits + 1.5 * figures.get((source.id, sentence.start), 0)
            pools[section.id].append(_Candidate(source, sentence, score))
    for section in cfg.sections:
        ranked = sorted(pools[section.id], key=lambda c: (-c.score, c.source.number, c.sentence.index))
        yield Section(section.id, section.title, tuple(merge_near_duplicates(ranked)[: section.max_lines]))


def _best_section(
    sections: Sequence[SectionConfig], matcher: TopicMatcher, text: str
) -> tuple[SectionConfig, int] | None:
    best: tuple[SectionConfig, int] | None = None
    for section in sections:
        hits = sum(matcher.hits(text, name) for name in section.topics)
        if hits and (best is None or hits > best[1]):
            best = (section, hits)
    return best


def _readable(text: str) -> bool:
    """A sentence that stands alone as a line: whole quotes, not too short or too long."""
    words = len(text.split())
    return 8 <= words <= 70 and not _QUOTE_MARKS.search(text) and not text.rstrip().endswith("?")


def words_of(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))


def near_duplicates(a: str, b: str) -> bool:
    """Same statement from two sources: most words shared and exactly the same figures."""
    wa, wb = words_of(a), words_of(b)
    if not wa or not wb:
        return False
    if sorted(_FIGURE.findall(a)) != sorted(_FIGURE.findall(b)):
        return False  # different figures are a disagreement to show, never to merge away
    return len(wa & wb) / len(wa | wb) >= NEAR_DUPLICATE


def merge_near_duplicates(candidates: Sequence[_Candidate]) -> list[Line]:
    """Collapse near-duplicate sentences into one line that cites every source stating it."""
    lines: list[tuple[str, list[Citation]]] = []
    for c in candidates:
        citation = cite(c.source, c.sentence.start, c.sentence.end)
        for text, cites in lines:
            if near_duplicates(text, c.sentence.text):
                if all(x.source != c.source.id for x in cites):
                    cites.append(citation)
                break
        else:
            lines.append((c.sentence.text, [citation]))
    return [Line(text, tuple(sorted(cs, key=lambda x: x.number))) for text, cs in lines]


# Voices -------------------------------------------------------------------------------------


def voices(facts: Sequence[Fact], by_id: dict[str, Source]) -> tuple[Voice, ...]:
    """Every attributed quote once; the same words in several sources cite them all."""
    out: list[tuple[str, str | None, str, list[Citation], frozenset[str]]] = []
    # A role given once in an article holds for the speaker's other quotes in it.
    roles: dict[tuple[str, str | None], str] = {}
    for f in facts:
        if f.kind == "quote" and f.role:
            roles.setdefault((f.evidence[0].source, f.speaker), f.role)
    for f in facts:
        if f.kind != "quote" or not f.speaker:
            continue
        source, start, end = _sentence_of(f, by_id)
        citation = cite(source, start, end)
        words = words_of(str(f.value))
        for speaker, _, _, cites, seen in out:
            if speaker == f.speaker and len(words & seen) / max(len(words | seen), 1) >= 0.8:
                if all(c.source != citation.source for c in cites):
                    cites.append(citation)
                break
        else:
            role = f.role or roles.get((source.id, f.speaker))
            out.append((f.speaker, role, str(f.value), [citation], words))
    return tuple(Voice(s, r, q, tuple(sorted(cs, key=lambda c: c.number))) for s, r, q, cs, _ in out)

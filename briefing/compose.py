"""Compose: choose what the briefing says, and cite every line of it.

Nothing here writes prose. Every line the briefing shows is a source sentence, verbatim, with the
sources that state it; every key-fact value is a figure found in a cited sentence. When sources
give different figures for the same key fact, each figure is shown with its own sources.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .config import Config, KeyFact, SectionConfig
from .extract.people import Person, PersonMention, name_variants
from .extract.topics import TopicMatcher, keyword_pattern
from .models import (
    Briefing,
    Citation,
    Discrepancy,
    EvidenceGroup,
    EvidenceItem,
    Fact,
    KeyFactRow,
    Line,
    PersonEntry,
    Section,
    Sentence,
    Source,
    TimelineEntry,
    Voice,
)

NOT_FOUND = "not found in sources"

# Sentences are merged as near-duplicates when their word sets overlap this much (Jaccard).
NEAR_DUPLICATE = 0.6
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTE_MARKS = re.compile(r"[“”\"]")


@dataclass
class Statement:
    """One sentence as stated by one or more sources (near-duplicates merged).

    The text shown is the first source's sentence, verbatim; every source that states it is cited
    with its own offsets.
    """

    members: list[tuple[Source, Sentence]]

    @property
    def text(self) -> str:
        return self.members[0][1].text

    def line(self) -> Line:
        cites = sorted((cite(src, s.start, s.end) for src, s in self.members), key=lambda c: c.number)
        return Line(self.text, tuple(cites))


def compose(cfg: Config, sources: Sequence[Source], facts: Sequence[Fact],
            people: Sequence[Person] = ()) -> Briefing:
    """Build the briefing's content from the sources and their facts."""
    by_id = {s.id: s for s in sources}
    statements, statement_of = group_statements(sources)
    rows = tuple(
        replace(row, confidence=confidence(row, statement_of))
        for row in (key_fact_row(kf, cfg, sources, facts) for kf in cfg.key_facts)
    )
    quoted = {statement_of[(e.source, e.start)] for f in facts if f.kind == "quote"
              for e in f.evidence if (e.source, e.start) in statement_of}
    used: set[int] = set()
    key_points = _key_points(cfg, rows, facts, statements, statement_of, used)
    sections = [s for s in _sections(cfg, statements, facts, statement_of, used | quoted) if s.lines]
    # Top the key points up with the lead line of each section, in order, until there are enough;
    # a line moves up rather than being said twice.
    for i, section in enumerate(sections):
        if len(key_points) >= cfg.key_points:
            break
        key_points.append(section.lines[0])
        sections[i] = replace(section, lines=section.lines[1:])
    sections = [s for s in sections if s.lines]
    briefing = Briefing(
        title=cfg.title, subtitle=cfg.subtitle, date=cfg.date, author=cfg.author,
        handling=cfg.handling, sources=tuple(sources), key_points=tuple(key_points),
        key_facts=rows, sections=tuple(sections), voices=voices(facts, by_id), facts=tuple(facts),
        people=tuple(person_entries(people, by_id)),
        discrepancies=tuple(discrepancies(rows, people, by_id)),
        timeline=tuple(timeline(facts, statements, statement_of)),
    )
    return replace(briefing, evidence=evidence_appendix(briefing))


TIMELINE_MAX = 12
TIMELINE_PER_DATE = 3
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def readable_date(iso: str) -> str:
    """2023-12-12 -> 12 December 2023; 2023-09 -> September 2023; 2022 -> 2022."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return iso


def timeline(facts: Sequence[Fact], statements: Sequence[Statement],
             statement_of: dict[tuple[str, int], int]) -> list[TimelineEntry]:
    """Dated statements in date order. Each sentence appears once, at the most precise date it
    gives, in the words of the source that dates it; at most TIMELINE_PER_DATE for one date,
    and days before months and years when there are more than fit."""
    best: dict[int, tuple[str, Fact]] = {}
    for f in facts:
        if f.kind != "date" or not isinstance(f.value, str):
            continue
        index = statement_of.get((f.evidence[0].source, f.evidence[0].start))
        if index is None or len(statements[index].text.split()) > 70:
            continue
        if index not in best or len(f.value) > len(best[index][0]):
            best[index] = (f.value, f)
    ranked = sorted(best.items(), key=lambda item: (-len(item[1][0]), item[1][0], item[0]))
    per_date: dict[str, int] = {}
    chosen: list[tuple[str, int, Fact]] = []
    for index, (iso, f) in ranked:
        if per_date.get(iso, 0) < TIMELINE_PER_DATE and len(chosen) < TIMELINE_MAX:
            per_date[iso] = per_date.get(iso, 0) + 1
            chosen.append((iso, index, f))
    chosen.sort(key=lambda item: (item[0], item[1]))
    dated = {(f.evidence[0].source, f.evidence[0].start, f.value) for f in facts if f.kind == "date"}
    entries = []
    for iso, index, f in chosen:
        # The sentence that gives the date, cited with every near-duplicate that gives it too.
        cites = tuple(cite(src, s.start, s.end) for src, s in statements[index].members
                      if (src.id, s.start, iso) in dated)
        entries.append(TimelineEntry(iso, readable_date(iso), Line(f.evidence[0].quote, cites)))
    return entries


def discrepancies(rows: Sequence[KeyFactRow], people: Sequence[Person],
                  by_id: dict[str, Source]) -> list[Discrepancy]:
    """Key facts whose figures cannot all be true, and names spelled two ways."""
    found = [Discrepancy(row.label, row.values) for row in rows if row.conflict]
    entries = {e.name: e for e in person_entries(people, by_id)}
    for better, variant in name_variants(people):
        found.append(Discrepancy(
            f"One person spelled two ways? {variant.name} / {better.name}",
            ((variant.name, entries[variant.name].citations), (better.name, entries[better.name].citations)),
        ))
    return found


def anchor_of(citation: Citation) -> str:
    """The appendix anchor a citation links to: one per cited sentence."""
    return f"ev-{citation.source}-{citation.start}"


def evidence_appendix(briefing: Briefing) -> tuple[EvidenceGroup, ...]:
    """Every cited sentence once, under the part of the briefing that cites it first."""
    by_id = {s.id: s for s in briefing.sources}
    parts: list[tuple[str, list[Citation]]] = [
        ("Key points", [c for line in briefing.key_points for c in line.citations]),
        ("Key facts", [c for row in briefing.key_facts for _, cs in row.values for c in cs]),
        ("Discrepancies", [c for d in briefing.discrepancies for _, cs in d.versions for c in cs]),
        *[(s.title, [c for line in s.lines for c in line.citations]) for s in briefing.sections],
        ("Timeline", [c for entry in briefing.timeline for c in entry.line.citations]),
        ("Voices", [c for v in briefing.voices for c in v.citations]),
        # As the People section cites: each role's sentence, or where an unroled name appears.
        ("People", [c for p in briefing.people for c in ([c for _, c in p.roles] or p.citations)]),
    ]
    seen: set[str] = set()
    groups = []
    for title, citations in parts:
        items = []
        for c in citations:
            anchor = anchor_of(c)
            if anchor in seen:
                continue
            seen.add(anchor)
            source = by_id[c.source]
            sentence = next((s for s in source.sentences if s.start <= c.start < s.end), None)
            start, end = (sentence.start, sentence.end) if sentence else (c.start, c.end)
            items.append(EvidenceItem(anchor, c, source.path, start, end, source.text[start:end]))
        if items:
            groups.append(EvidenceGroup(title, tuple(items)))
    return tuple(groups)


def person_entries(people: Sequence[Person], by_id: dict[str, Source]) -> list[PersonEntry]:
    """People with their roles, each cited to the sentence that gives it."""
    def cite_mention(m: PersonMention) -> Citation:
        source = by_id[m.source]
        sentence = next((s for s in source.sentences if s.start <= m.start < s.end), None)
        return cite(source, sentence.start, sentence.end) if sentence else cite(source, m.start, m.end)

    entries = []
    for p in people:
        firsts: dict[str, Citation] = {}
        for m in p.mentions:
            firsts.setdefault(m.source, cite_mention(m))
        entries.append(PersonEntry(p.name, tuple((r, cite_mention(m)) for r, m in p.roles),
                                   tuple(sorted(firsts.values(), key=lambda c: c.number))))
    return entries


def group_statements(sources: Sequence[Source]) -> tuple[list[Statement], dict[tuple[str, int], int]]:
    """Group every sentence with its near-duplicates from other sources, in source order.

    Returns the statements and a map from (source id, sentence start) to statement index.
    """
    statements: list[Statement] = []
    words: list[frozenset[str]] = []
    statement_of: dict[tuple[str, int], int] = {}
    for source in sources:
        for sentence in source.sentences:
            mine = words_of(sentence.text)
            match = next((i for i, st in enumerate(statements)
                          if all(src.id != source.id for src, _ in st.members)
                          and _similar(mine, words[i]) and _same_figures(st.text, sentence.text)), None)
            if match is None:
                statements.append(Statement([(source, sentence)]))
                words.append(mine)
                match = len(statements) - 1
            else:
                statements[match].members.append((source, sentence))
            statement_of[(source.id, sentence.start)] = match
    return statements, statement_of


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
    return not kf.near or bool(keyword_pattern(kf.near).search(fact.evidence[0].quote))


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
    by_year: dict[int | None, list[Fact]] = {}
    for f in matched:
        source, start, end = _sentence_of(f, by_id)
        citation = cite(source, start, end)
        by_year.setdefault(f.year, []).append(f)
        shown = groups.setdefault(display_value(f), [])
        if all(c.source != citation.source for c in shown):
            shown.append(citation)
    shown_values = tuple((value, tuple(sorted(cs, key=lambda c: c.number))) for value, cs in groups.items())
    # Values for different years do not contradict each other; for the same year they do unless
    # one figure satisfies them all ("37", "more than 30" and "dozens" agree).
    conflict = any(not consistent(facts_of_year) for facts_of_year in by_year.values())
    return KeyFactRow(kf.id, kf.label, shown_values, tuple(f.id for f in matched), conflict)


CONFIDENCE_RULE = (
    "Confidence: high when three or more independent sources state it and none contradicts it; "
    "moderate when two do; low when only one does or sources contradict each other. Sources "
    "repeating the same sentence count once."
)


def confidence(row: KeyFactRow, statement_of: dict[tuple[str, int], int]) -> str | None:
    """The analyst's word for how sure to be of a key fact (the rule is CONFIDENCE_RULE)."""
    if not row.found:
        return None
    # Sources that cite the same (near-identical) sentence are one source: syndicated copy.
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    by_statement: dict[object, str] = {}
    for _, citations in row.values:
        for c in citations:
            key = statement_of.get((c.source, c.start), (c.source, c.start))
            first = by_statement.setdefault(key, c.source)
            parent[root(c.source)] = root(first)
    independent = len({root(x) for x in parent})
    if row.conflict or independent <= 1:
        return "low"
    return "high" if independent >= 3 else "moderate"


ABOUT = 0.1  # "about 40" allows 36 to 44


def _allows(fact: Fact, x: float) -> bool:
    """Could the true figure be x, given what this fact says?"""
    v = float(fact.value)
    return {
        "exact": math.isclose(x, v, rel_tol=0.005), "about": abs(x - v) <= ABOUT * abs(v),
        "more_than": x > v, "at_least": x >= v, "less_than": x < v, "up_to": x <= v,
    }[fact.qualifier]


def consistent(facts: Sequence[Fact]) -> bool:
    """Can one figure satisfy every fact? Exact figures are the candidates; with none, any bound."""
    numeric = [f for f in facts if isinstance(f.value, (int, float))]
    if len({display_value(f) for f in numeric}) <= 1:
        return True
    candidates = [float(f.value) for f in numeric if f.qualifier == "exact"] or \
        [float(f.value) * k for f in numeric for k in (0.9, 1.0, 1.0001, 1.1)]
    return any(all(_allows(f, x) for f in numeric) for x in candidates)


QUALIFIER_WORDS = {
    "exact": "", "about": "about ", "at_least": "at least ", "more_than": "more than ",
    "less_than": "less than ", "up_to": "up to ",
}
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def display_value(fact: Fact) -> str:
    """A fact's value as the table shows it: '$4.2 billion (2022)', 'more than 30 agreements'."""
    shown = _display_value(fact)
    return f"{shown} ({fact.year})" if fact.year else shown


def _display_value(fact: Fact) -> str:
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
    cfg: Config, rows: Sequence[KeyFactRow], facts: Sequence[Fact], statements: Sequence[Statement],
    statement_of: dict[tuple[str, int], int], used: set[int],
) -> list[Line]:
    """One key point per key fact found: the statement that first gives one of its values. The
    best-supported key facts lead; among equals, the config's order stands."""
    fact_by_id = {f.id: f for f in facts}
    points: list[Line] = []
    rank = {"high": 0, "moderate": 1, "low": 2, None: 3}
    for row in sorted(rows, key=lambda r: rank[r.confidence]):
        for fid in row.facts:
            fact = fact_by_id[fid]
            index = statement_of.get((fact.evidence[0].source, fact.evidence[0].start))
            if fact.kind in ("quote", "date") or index is None or index in used:
                continue
            if not _readable(statements[index].text):
                continue
            used.add(index)
            points.append(statements[index].line())
            break
        if len(points) >= cfg.key_points:
            break
    return points


def _sections(
    cfg: Config, statements: Sequence[Statement], facts: Sequence[Fact],
    statement_of: dict[tuple[str, int], int], excluded: set[int],
) -> Iterable[Section]:
    """Each statement goes to the section whose topics it mentions most; the best are kept.

    A statement scores its topic keywords, 1.5 per figure it states, and 1 per extra source
    that states it too.
    """
    matcher = TopicMatcher(cfg.topics)
    figures: dict[int, int] = {}
    for f in facts:
        index = statement_of.get((f.evidence[0].source, f.evidence[0].start))
        if f.kind not in ("quote", "date") and index is not None:
            figures[index] = figures.get(index, 0) + 1
    pools: dict[str, list[tuple[float, int]]] = {s.id: [] for s in cfg.sections}
    for index, statement in enumerate(statements):
        if index in excluded or not _readable(statement.text):
            continue
        best = _best_section(cfg.sections, matcher, statement.text)
        if best is None:
            continue
        section, hits = best
        score = hits + 1.5 * figures.get(index, 0) + (len(statement.members) - 1)
        pools[section.id].append((-score, index))
    for section in cfg.sections:
        ranked = sorted(pools[section.id])[: section.max_lines]
        yield Section(section.id, section.title, tuple(statements[i].line() for _, i in ranked))


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


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= NEAR_DUPLICATE


def _same_figures(a: str, b: str) -> bool:
    # Different figures are a disagreement to show, never to merge away.
    return sorted(_FIGURE.findall(a)) == sorted(_FIGURE.findall(b))


def near_duplicates(a: str, b: str) -> bool:
    """Same statement from two sources: most words shared and exactly the same figures."""
    return _similar(words_of(a), words_of(b)) and _same_figures(a, b)


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

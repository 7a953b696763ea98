"""Compose: choose what the briefing says, and cite every line of it.

Nothing here writes prose. Every line the briefing shows is a source sentence, verbatim, with the
sources that state it; every key-fact value is a figure found in a cited sentence. When sources
give different figures for the same key fact, each figure is shown with its own sources.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .claims import (
    CONFIDENCE_RULE,
    build_claims,
    cite,
    confidence_word,
    independent_sources,
    matches_key_fact,
    words_of,
)
from .config import Config, KeyFact, SectionConfig, alias_table
from .extract.people import Person, PersonMention, name_variants, title_key, titles_contradict
from .extract.topics import TopicMatcher
from .models import (
    Briefing,
    Change,
    Citation,
    Claim,
    Coverage,
    Discrepancy,
    EvidenceGroup,
    EvidenceItem,
    Fact,
    JudgmentEntry,
    KeyFactRow,
    Line,
    PersonEntry,
    Section,
    Sentence,
    Source,
    SourceNote,
    TimelineEntry,
    Voice,
)

NOT_FOUND = "not found in sources"

# Sentences are merged as near-duplicates when their word sets overlap this much (Jaccard).
NEAR_DUPLICATE = 0.6
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
            people: Sequence[Person] = (), previous: Sequence[dict[str, Any]] | None = None) -> Briefing:
    """Build the briefing's content from the sources and their facts.

    ``previous`` is the ``claims`` list of an earlier build's facts.json, for "What changed".
    """
    by_id = {s.id: s for s in sources}
    statements, statement_of = group_statements(sources)
    lines = {i: st.line() for i, st in enumerate(statements)}
    claims = build_claims(cfg, sources, facts, statement_of, lines)
    claim_of = {c.key_fact: c for c in claims if c.key_fact}
    rows = tuple(key_fact_row(kf, cfg, sources, facts, claim_of.get(kf.id), statement_of)
                 for kf in cfg.key_facts)
    quoted = {statement_of[(e.source, e.start)] for f in facts if f.kind == "quote"
              for e in f.evidence if (e.source, e.start) in statement_of}
    used: set[int] = set()
    key_points = _key_points(cfg, claims, facts, statements, statement_of, used)
    sections = [s for s in _sections(cfg, statements, facts, statement_of, used | quoted) if s.lines]
    # Top the key points up with the lead line of each section, in order, until there are enough;
    # a line moves up rather than being said twice.
    for i, section in enumerate(sections):
        if len(key_points) >= cfg.key_points:
            break
        key_points.append(section.lines[0])
        sections[i] = replace(section, lines=section.lines[1:])
    sections = [s for s in sections if s.lines]
    variants = name_variants(people)
    briefing = Briefing(
        title=cfg.title, subtitle=cfg.subtitle, date=cfg.date, author=cfg.author,
        handling=cfg.handling, sources=tuple(sources), key_points=tuple(key_points),
        key_facts=rows, sections=tuple(sections), voices=voices(claims, facts, cfg.aliases),
        facts=tuple(facts), people=tuple(person_entries(people, by_id)),
        discrepancies=tuple(discrepancies(claims, people, variants, by_id)),
        timeline=tuple(timeline(facts, statements, statement_of)),
        claims=tuple(claims), source_notes=tuple(source_notes(sources, facts, claims, people, variants)),
        judgments=tuple(judgments(cfg, claims)),
        changes=None if previous is None else tuple(changes(previous, claims)),
        confidence_rule=CONFIDENCE_RULE, coverage=coverage(cfg, sources),
    )
    return replace(briefing, evidence=evidence_appendix(briefing))


# Analyst layer: source notes, judgments, what changed ----------------------------------------


def source_notes(sources: Sequence[Source], facts: Sequence[Fact], claims: Sequence[Claim],
                 people: Sequence[Person], variants: Sequence[tuple[Person, Person]]) -> list[SourceNote]:
    """Per source: what it contributed, what was set aside, and what in it looks wrong."""
    suspected: dict[str, list[str]] = {s.id: [] for s in sources}
    for better, variant in variants:
        for sid in variant.sources:
            if sid not in better.sources or len(better.sources) > 1:
                suspected[sid].append(f"spells {better.name} “{variant.name}”")
    for person in people:
        for m in person.mentions:
            if m.written and f"“{m.written}”" not in " ".join(suspected[m.source]):
                suspected[m.source].append(f"writes “{m.written}” for {person.name} (alias in config)")
    for name, clash in title_clashes(people, variants, {s.id: s for s in sources}):
        (role, cites), (others, against) = clash.versions
        for c in cites:
            refs = " ".join(f"[{x.number}]" for x in against if x.source != c.source)
            itself = " (as it does itself elsewhere)" if any(x.source == c.source for x in against) else ""
            suspected[c.source].append(f"calls {name} “{role}” where {refs} say “{others}”{itself}")
    number = {s.id: s.number for s in sources}
    for claim in claims:
        if not claim.conflict:
            continue
        for value in claim.values:
            rivals = [v for v in claim.values if v is not value]
            if all(len(r.citations) > len(value.citations) for r in rivals):
                also_rival = {c.source for r in rivals for c in r.citations}
                for c in value.citations:
                    if c.source in also_rival:
                        continue  # it gives the others' figure too: a claim it reports, not an error
                    refs = "; ".join(f"{r.value} per " + " ".join(f"[{x.number}]" for x in r.citations)
                                     for r in rivals)
                    suspected[c.source].append(f"gives {value.value} for {claim.about} ({refs})")
    notes = []
    for source in sources:
        mine = [c for c in claims if source.id in c.sources]
        junk: dict[str, int] = {}
        for _, _, why in source.junk:
            junk[why] = junk.get(why, 0) + 1
        notes.append(SourceNote(
            source=source.id, number=number[source.id], claims=len(mine),
            unique=sum(1 for c in mine if len(c.sources) == 1),
            facts=sum(1 for f in facts if f.evidence[0].source == source.id and f.kind != "date"),
            junk=tuple(sorted(junk.items(), key=lambda item: (-item[1], item[0]))),
            suspected=tuple(suspected[source.id]), reliability=source.reliability,
        ))
    return notes


def coverage(cfg: Config, sources: Sequence[Source]) -> Coverage | None:
    """Sentences per topic and source, for the coverage figure; None without topics."""
    if not cfg.topics or not sources:
        return None
    matcher = TopicMatcher(cfg.topics)
    names = [t.name for t in cfg.topics]
    counts = [[0] * len(sources) for _ in names]
    for j, source in enumerate(sources):
        for sentence in source.sentences:
            for name in matcher.topics_of(sentence.text):
                counts[names.index(name)][j] += 1
    return Coverage(tuple(t.label for t in cfg.topics), tuple(s.number for s in sources),
                    tuple(tuple(row) for row in counts))


def title_clashes(people: Sequence[Person], variants: Sequence[tuple[Person, Person]],
                  by_id: dict[str, Source]) -> list[tuple[str, Discrepancy]]:
    """Titles that other sources contradict: one source's "Vice President" where more say
    "President". Returns (person, discrepancy), the odd title first, each side cited."""
    spelled = {v.name: b for b, v in variants}
    found = []
    for person in people:
        if person.name in spelled:
            continue
        roles: dict[str, dict[str, Citation]] = {}
        for p in people:
            if p is person or spelled.get(p.name) is person:
                for m in p.mentions:
                    if m.role:
                        roles.setdefault(m.role, {}).setdefault(m.source, _cite_mention(m, by_id))
        # Only titles with the same head word can contradict each other ("Vice President",
        # "President"): compare within those groups, not every title with every other.
        by_head: dict[str, list[str]] = {}
        for role in roles:
            key = title_key(role)
            if key is not None:
                by_head.setdefault(key[0], []).append(role)
        for role, where in roles.items():
            key = title_key(role)
            others = {other: roles[other] for other in by_head[key[0]] if titles_contradict(role, other)} \
                if key is not None else {}
            against = {sid for srcs in others.values() for sid in srcs} - set(where)
            if against and len(against) >= len(where):
                cites = {c.source: c for srcs in others.values() for c in srcs.values()}
                found.append((person.name, Discrepancy(
                    f"Titles differ for {person.name}",
                    ((role, _sorted(where.values())), (" / ".join(others), _sorted(cites.values()))))))
    return found


def _sorted(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple(sorted(citations, key=lambda c: (c.number, c.start)))


def _cite_mention(m: PersonMention, by_id: dict[str, Source]) -> Citation:
    """A person's mention, cited as the sentence holding it."""
    source = by_id[m.source]
    sentence = sentence_at(source, m.start)
    return cite(source, sentence.start, sentence.end) if sentence else cite(source, m.start, m.end)


def judgments(cfg: Config, claims: Sequence[Claim]) -> list[JudgmentEntry]:
    by_id = {c.id: c for c in claims}
    return [JudgmentEntry(j.text, j.confidence, tuple(by_id[c] for c in j.claims if c in by_id),
                          tuple(c for c in j.claims if c not in by_id)) for j in cfg.judgments]


def changes(previous: Sequence[dict[str, Any]], claims: Sequence[Claim]) -> list[Change]:
    """New claims, changed values or confidence, and claims no longer supported, by claim id."""
    before = {str(c.get("id")): c for c in previous}
    out = []
    for claim in claims:
        old = before.get(claim.id)
        cites = tuple(c for v in claim.values for c in v.citations)
        if old is None:
            out.append(Change("new", claim.id, claim.about, None, claim.value, cites))
        elif old.get("value") != claim.value or old.get("confidence") != claim.confidence:
            out.append(Change("changed", claim.id, claim.about,
                              f"{old.get('value')} ({old.get('confidence')})",
                              f"{claim.value} ({claim.confidence})", cites))
    now = {c.id for c in claims}
    for cid, old in before.items():
        if cid not in now:
            out.append(Change("dropped", cid, str(old.get("about", cid)), str(old.get("value")), None))
    order = {"changed": 0, "new": 1, "dropped": 2}
    return sorted(out, key=lambda c: order[c.kind])


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


def discrepancies(claims: Sequence[Claim], people: Sequence[Person],
                  variants: Sequence[tuple[Person, Person]], by_id: dict[str, Source]) -> list[Discrepancy]:
    """Claims whose figures cannot all be true, names spelled two ways, contradicted titles."""
    found = [Discrepancy(claim.about, tuple((v.value, v.citations) for v in claim.values))
             for claim in claims if claim.conflict]
    entries = {e.name: e for e in person_entries(people, by_id)}
    found += [clash for _, clash in title_clashes(people, variants, by_id)]
    for better, variant in variants:
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
            sentence = sentence_at(source, c.start)
            start, end = (sentence.start, sentence.end) if sentence else (c.start, c.end)
            items.append(EvidenceItem(anchor, c, source.path, start, end, source.text[start:end]))
        if items:
            groups.append(EvidenceGroup(title, tuple(items)))
    return tuple(groups)


def person_entries(people: Sequence[Person], by_id: dict[str, Source]) -> list[PersonEntry]:
    """People with their roles, each cited to the sentence that gives it."""
    def cite_mention(m: PersonMention) -> Citation:
        return _cite_mention(m, by_id)

    entries = []
    for p in people:
        firsts: dict[str, Citation] = {}
        for m in p.mentions:
            firsts.setdefault(m.source, cite_mention(m))
        entries.append(PersonEntry(p.name, tuple((r, cite_mention(m)) for r, m in p.roles),
                                   tuple(sorted(firsts.values(), key=lambda c: c.number))))
    return entries


_STARTS: dict[int, tuple[Source, list[int]]] = {}


def sentence_at(source: Source, offset: int) -> Sentence | None:
    """The sentence of a source holding a character offset (by bisection: sources can be long)."""
    known = _STARTS.get(id(source))
    if known is None or known[0] is not source:
        known = (source, [s.start for s in source.sentences])
        if len(_STARTS) > 10_000:
            _STARTS.clear()
        _STARTS[id(source)] = known
    i = bisect.bisect_right(known[1], offset) - 1
    if i >= 0 and source.sentences[i].start <= offset < source.sentences[i].end:
        return source.sentences[i]
    return None


def group_statements(sources: Sequence[Source]) -> tuple[list[Statement], dict[tuple[str, int], int]]:
    """Group every sentence with its near-duplicates from other sources, in source order.

    Returns the statements and a map from (source id, sentence start) to statement index. A
    sentence joins the first earlier statement it is a near-duplicate of. Candidates come from a
    prefix index (two word sets with Jaccard >= t share a word among each one's first
    |x| - ceil(t|x|) + 1 rarest words), so a long source is not compared with every statement.
    """
    if len(sources) <= 1:  # a source never merges with itself: nothing to compare, nor to hold
        alone = [Statement([(source, sentence)]) for source in sources for sentence in source.sentences]
        return alone, {(st.members[0][0].id, st.members[0][1].start): i for i, st in enumerate(alone)}
    last = sources[-1].id
    texts = [(source, sentence, words_of(sentence.text)) for source in sources for sentence in source.sentences]
    frequency: dict[str, int] = {}
    for _, _, words in texts:
        for w in words:
            frequency[w] = frequency.get(w, 0) + 1
    statements: list[Statement] = []
    words_of_statement: list[frozenset[str]] = []
    index: dict[str, list[int]] = {}
    statement_of: dict[tuple[str, int], int] = {}
    # A statement joins the index when its source is done: a source never merges with itself,
    # so a long source (one huge file) is never compared with its own sentences.
    pending: list[tuple[int, list[str]]] = []
    current: str | None = None
    for source, sentence, mine in texts:
        if source.id != current:
            for i, prefix_words in pending:
                for w in prefix_words:
                    index.setdefault(w, []).append(i)
            pending, current = [], source.id
        prefix = _prefix(mine, frequency)
        candidates = sorted({i for w in prefix for i in index.get(w, ())})
        match = next((i for i in candidates
                      if all(src.id != source.id for src, _ in statements[i].members)
                      and _similar(mine, words_of_statement[i])
                      and _same_figures(statements[i].text, sentence.text)), None)
        if match is None:
            statements.append(Statement([(source, sentence)]))
            # The last source's statements are never candidates (no source comes after it).
            words_of_statement.append(mine if source.id != last else frozenset())
            match = len(statements) - 1
            pending.append((match, prefix))
        else:
            statements[match].members.append((source, sentence))
        statement_of[(source.id, sentence.start)] = match
    return statements, statement_of


def _prefix(words: frozenset[str], frequency: dict[str, int]) -> list[str]:
    """The rarest words of a set, as many as a near-duplicate must share one of."""
    keep = len(words) - math.ceil(NEAR_DUPLICATE * len(words)) + 1
    return sorted(words, key=lambda w: (frequency[w], w))[:keep]


# Key facts ----------------------------------------------------------------------------------


def key_fact_row(kf: KeyFact, cfg: Config, sources: Sequence[Source], facts: Sequence[Fact],
                 claim: Claim | None = None,
                 statement_of: dict[tuple[str, int], int] | None = None) -> KeyFactRow:
    """One row of the key-facts table: the reconciled value first, then every other value, each
    with the sources that give it; a topic row says how many sources raise the topic."""
    matched = [f for f in facts if matches_key_fact(kf, f)]
    by_id = {s.id: s for s in sources}
    if kf.kind == "topic":
        # Each source is cited by the first sentence that raises the topic, figures or not.
        firsts: dict[str, Citation] = {}
        matcher = TopicMatcher([t for t in cfg.topics if t.name == kf.topic])
        for source in sources:
            hit = next((s for s in source.sentences if matcher.topics_of(s.text)), None)
            if hit is not None:
                firsts[source.id] = cite(source, hit.start, hit.end)
        cites = tuple(sorted(firsts.values(), key=lambda c: c.number))
        if not cites:
            return KeyFactRow(kf.id, kf.label, (), tuple(f.id for f in matched))
        independent, _ = independent_sources(cites, statement_of or {}, by_id)
        values = ((f"raised in {len(cites)} of {len(sources)} sources", cites),)
        return KeyFactRow(kf.id, kf.label, values, tuple(f.id for f in matched),
                          confidence=confidence_word(independent, False))
    if claim is None:
        return KeyFactRow(kf.id, kf.label, (), ())
    return KeyFactRow(kf.id, kf.label, tuple((v.value, v.citations) for v in claim.values),
                      claim.facts, claim.conflict, claim.confidence, claim.value, claim.notes,
                      claim.agree)


# Key points and sections --------------------------------------------------------------------


def _key_points(cfg: Config, claims: Sequence[Claim], facts: Sequence[Fact],
                statements: Sequence[Statement], statement_of: dict[tuple[str, int], int],
                used: set[int]) -> list[Line]:
    """The best-supported claims, each as a source sentence that states it, with the other
    sources' figures beside it. Higher confidence first; among equals, key facts (in config
    order), then the more sources, then source order. Quotes are left to Voices, and a sentence
    that also states a claim already made is passed over for another."""
    rank = {"high": 0, "moderate": 1, "low": 2}
    ordered = sorted(range(len(claims)), key=lambda i: (
        rank[claims[i].confidence], claims[i].key_fact is None, -claims[i].independent, i))
    fact_by_id = {f.id: f for f in facts}
    claim_of_fact = {fid: c.id for c in claims for fid in c.facts}
    claims_in: dict[int, set[str]] = {}
    for f in facts:
        index = statement_of.get((f.evidence[0].source, f.evidence[0].start))
        if index is not None and f.id in claim_of_fact:
            claims_in.setdefault(index, set()).add(claim_of_fact[f.id])
    # A sentence stating a figure that sources dispute is shown only with the dispute beside it.
    disputed = {c.id for c in claims if c.conflict}
    made: set[str] = set()
    points: list[Line] = []
    for i in ordered:
        claim = claims[i]
        if claim.kind == "quote" or len(points) >= cfg.key_points:
            continue
        first = claim.statement.citations[0]
        candidates = [statement_of.get((first.source, first.start))] + [
            statement_of.get((fact_by_id[fid].evidence[0].source, fact_by_id[fid].evidence[0].start))
            for fid in claim.facts]
        index = next((x for x in candidates if x is not None and x not in used
                      and readable(statements[x].text) and not (claims_in.get(x, set()) & made)
                      and not (claims_in.get(x, set()) & disputed - {claim.id})), None)
        if index is None:
            continue
        used.add(index)
        made.add(claim.id)
        statement = claim.statement if index == candidates[0] else statements[index].line()
        stated = {c.source for c in statement.citations}
        # Other sources giving the same figure are cited bare; a different figure is named.
        also = tuple(("" if v.value == claim.value else v.value,
                      tuple(c for c in v.citations if c.source not in stated)) for v in claim.values)
        also = tuple((v, cs) for v, cs in also if cs)
        label = "sources differ" if claim.conflict else \
            "same figure in" if all(not v for v, _ in also) else "consistent with"
        points.append(replace(statement, also=also, also_label=label, confidence=claim.confidence))
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
        if index in excluded or not readable(statement.text):
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


def readable(text: str) -> bool:
    """A sentence that stands alone as a line: whole quotes, not too short or too long."""
    words = len(text.split())
    return 8 <= words <= 70 and not _QUOTE_MARKS.search(text) and not text.rstrip().endswith("?")


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= NEAR_DUPLICATE


def _same_figures(a: str, b: str) -> bool:
    # Different figures are a disagreement to show, never to merge away.
    return sorted(_FIGURE.findall(a)) == sorted(_FIGURE.findall(b))


def near_duplicates(a: str, b: str) -> bool:
    """Same statement from two sources: most words shared and exactly the same figures."""
    return _similar(words_of(a), words_of(b)) and _same_figures(a, b)


# Voices -------------------------------------------------------------------------------------


def voices(claims: Sequence[Claim], facts: Sequence[Fact],
           aliases: Sequence[tuple[str, Sequence[str]]] = ()) -> tuple[Voice, ...]:
    """Every attributed quote once: one per quote claim, so the same words in several sources
    cite them all. A speaker named by an alias in the config is shown by the canonical name."""
    table = alias_table(aliases)
    # A role given once in an article holds for the speaker's other quotes in it.
    roles: dict[tuple[str, str], str] = {}
    for f in facts:
        if f.kind == "quote" and f.role and f.speaker:
            roles.setdefault((f.evidence[0].source, table.get(f.speaker.lower(), f.speaker)), f.role)
    fact_by_id = {f.id: f for f in facts}
    out = []
    for claim in claims:
        if claim.kind != "quote" or not claim.speaker:
            continue
        first = fact_by_id[claim.facts[0]]
        role = first.role or roles.get((first.evidence[0].source, claim.speaker))
        out.append(Voice(claim.speaker, role, str(first.value), claim.citations))
    return tuple(out)

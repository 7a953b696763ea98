"""Selection: the key-facts rows, the key points and the lines of each section."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..claims import cite, confidence_word, independent_sources, matches_key_fact
from ..config import Config, KeyFact, SectionConfig
from ..extract.topics import TopicMatcher
from ..models import Citation, Claim, Fact, KeyFactRow, Line, Section, Source
from .statements import Statement, readable


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



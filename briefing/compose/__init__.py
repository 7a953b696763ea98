"""Compose: choose what the briefing says, and cite every line of it.

Nothing here writes prose. Every line the briefing shows is a source sentence, verbatim, with the
sources that state it; every key-fact value is a figure found in a cited sentence. When sources
give different figures for the same key fact, each figure is shown with its own sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..claims import CONFIDENCE_RULE, build_claims
from ..config import Config
from ..extract.people import Person, name_variants
from ..models import MONTH_NAMES, Briefing, Fact, Source
from .analyst import (
    anchor_of,
    bottom_line,
    changes,
    coverage,
    discrepancies,
    evidence_appendix,
    judgments,
    person_entries,
    source_notes,
    title_clashes,
)
from .lookalikes import lookalike_discrepancies, lookalike_notes, lookalike_words
from .selection import _key_points, _sections, brief_lines, claims_by_statement, key_fact_row
from .significance import significance
from .statements import Statement, group_statements, near_duplicates, readable, sentence_at
from .timeline import readable_date, timeline
from .voices import brief_voices, voices

__all__ = [
    "MONTH_NAMES", "NOT_FOUND", "Statement", "anchor_of", "bottom_line", "changes", "compose", "coverage",
    "discrepancies", "evidence_appendix", "group_statements", "judgments", "key_fact_row",
    "near_duplicates", "person_entries", "readable", "readable_date", "sentence_at",
    "source_notes", "timeline", "title_clashes", "voices",
]

NOT_FOUND = "not found in sources"


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
    scores = significance(statements, facts, claims, statement_of, year=cfg.date.year)
    used: set[int] = set()
    key_points = _key_points(cfg, claims, facts, statements, statement_of, scores, used)
    scored = [(s, sc) for s, sc in _sections(cfg, statements, statement_of, scores, used | quoted) if s.lines]
    limit = {s.id: s.brief_lines for s in cfg.sections}
    # Top the key points up with the lead line of each section, in order, until there are enough;
    # a line moves up rather than being said twice.
    for i, (section, line_scores) in enumerate(scored):
        if len(key_points) >= cfg.key_points:
            break
        key_points.append(section.lines[0])
        used.add(line_scores[0][1])
        scored[i] = (replace(section, lines=section.lines[1:]), line_scores[1:])
    scored = [(s, sc) for s, sc in scored if s.lines]
    sections = [s for s, _ in scored]
    # The brief shows each section's most significant lines; filler (no fact, figure, named party
    # or attributed view), forecasts and restatements of a key point's claims stay in the annex.
    claims_in = claims_by_statement(claims, facts, statement_of)
    said = {cid for index in used for cid in claims_in.get(index, ())}
    brief_sections = tuple(s for s in (brief_lines(s, ranked, statements, claims_in, said, limit[s.id])
                                       for s, ranked in scored if limit[s.id]) if s.lines)
    variants = name_variants(people)
    lookalikes = lookalike_words(sources)
    lookalike_notes_of = lookalike_notes(lookalikes)  # once, not once per source
    all_voices = voices(claims, facts, cfg.aliases)
    briefing = Briefing(
        title=cfg.title, subtitle=cfg.subtitle, date=cfg.date, author=cfg.author,
        handling=cfg.handling, sources=tuple(sources), key_points=tuple(key_points),
        key_facts=rows, sections=tuple(sections), voices=all_voices,
        brief_voices=brief_voices(claims, all_voices, cfg.brief_voices),
        facts=tuple(facts), people=tuple(person_entries(people, by_id, variants)),
        discrepancies=(*discrepancies(claims, people, variants, by_id), *lookalike_discrepancies(lookalikes)),
        timeline=tuple(timeline(facts, statements, statement_of, claims, scores)),
        claims=tuple(claims), source_notes=tuple(
            replace(note, suspected=(*note.suspected, *lookalike_notes_of.get(note.source, ())))
            for note in source_notes(sources, facts, claims, people, variants)),
        judgments=tuple(judgments(cfg, claims)), bottom_line=tuple(bottom_line(cfg, claims)),
        brief_sections=brief_sections, layout=cfg.layout,
        changes=None if previous is None else tuple(changes(previous, claims)),
        confidence_rule=CONFIDENCE_RULE, coverage=coverage(cfg, sources),
    )
    return replace(briefing, evidence=evidence_appendix(briefing))



"""Selection: the key-facts rows, the key points and the lines of each section."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..claims import cite, confidence_word, independent_sources, matches_key_fact
from ..config import Config, KeyFact, SectionConfig
from ..extract.topics import TopicMatcher
from ..models import Citation, Claim, Fact, KeyFactRow, Line, Section, Source
from .significance import caption, dangling, forecast
from .statements import Statement, dateline, readable


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
                scores: Sequence[float], used: set[int]) -> list[Line]:
    """The key facts first, in config order, then the best-supported claims that report what
    happened: each as the most significant sentence that states it and stands alone, with the
    other sources' figures beside it and the claim its confidence rates named. Quotes are left
    to Voices; a sentence that also states a claim already made is passed over for another, and
    a forecast is not a key point unless it is a key fact's only sentence."""
    rank = {"high": 0, "moderate": 1, "low": 2}
    fact_by_id = {f.id: f for f in facts}
    claims_in = {index: {c for c in stated if not c.startswith("date:")}
                 for index, stated in claims_by_statement(claims, facts, statement_of).items()}

    # A claim's statement cites where its shown text starts (after any dateline).
    shown_at = {(c.source, c.start): i for i, st in enumerate(statements) for c in st.line().citations}

    def candidates(claim: Claim) -> list[int]:
        first = claim.statement.citations[0]
        lead = shown_at.get((first.source, first.start))
        found = [] if lead is None else [lead]
        # Only sentences giving the claim's own value: the label names it.
        same = [fid for v in claim.values if v.value == claim.value for fid in v.facts] or list(claim.facts)
        others = sorted({x for fid in same
                         if (x := statement_of.get((fact_by_id[fid].evidence[0].source,
                                                    fact_by_id[fid].evidence[0].start))) is not None},
                        key=lambda x: (-scores[x], x))
        # The sentence giving the claim's reconciled value leads (the label names that value);
        # the others that state the claim follow, the most significant first.
        ordered = found + others
        return list(dict.fromkeys(ordered))

    key_fact_claims = sorted((c for c in claims if c.key_fact and c.kind != "quote"),
                             key=lambda c: rank[c.confidence])  # stable: config order among equals
    # A figure for an earlier year ("In 2019, a similar storm displaced…") is background: after
    # the claims about the present, at each confidence.
    def background(claim: Claim) -> bool:
        years = [fact_by_id[fid].year for fid in claim.facts]
        return bool(years) and all(y is not None and y < cfg.date.year - 1 for y in years)

    others = sorted((c for c in claims if not c.key_fact and c.kind != "quote"),
                    key=lambda c: (rank[c.confidence], background(c), -c.independent,
                                   -max((scores[x] for x in candidates(c)), default=0.0)))
    # A sentence stating a figure that sources dispute is shown only with the dispute beside it.
    disputed = {c.id for c in claims if c.conflict}
    made: set[str] = set()
    points: list[Line] = []
    for claim in [*key_fact_claims, *others]:
        if len(points) >= cfg.key_points:
            break
        index = next((x for x in candidates(claim) if x not in used and standalone(statements[x].shown)
                      and (claim.key_fact or not forecast(statements[x].shown))
                      and not (claims_in.get(x, set()) & made)
                      and not (claims_in.get(x, set()) & disputed - {claim.id})), None)
        if index is None:
            continue
        used.add(index)
        made.add(claim.id)
        statement = statements[index].line()
        stated = {c.source for c in statement.citations}
        # Other sources giving the same figure are cited bare; a different figure is named.
        also = tuple(("" if v.value == claim.value else v.value,
                      tuple(c for c in v.citations if c.source not in stated)) for v in claim.values)
        also = tuple((v, cs) for v, cs in also if cs)
        label = "sources differ" if claim.conflict else \
            f"{claim.value} also in" if all(not v for v, _ in also) else "consistent with"
        count = len(claim.sources)
        sources = f"{count} source{'' if count == 1 else 's'}"
        rated = f"{claim.about}: {sources}, which differ" if claim.conflict \
            else f"{claim.value}: {sources}" if claim.about == claim.value \
            else f"{claim.about}, {claim.value}: {sources}"
        points.append(replace(statement, also=also, also_label=label, confidence=claim.confidence,
                              rated=rated))
    return points


def brief_lines(section: Section, ranked: Sequence[tuple[float, int]], statements: Sequence[Statement],
                claims_in: dict[int, set[str]], said: set[str], limit: int) -> Section:
    """A section condensed for the brief: its most significant lines that are not filler, and,
    while there are others, neither a forecast nor a line whose every claim (and background month
    or year) the brief has already given. ``said`` grows with the lines chosen."""
    shown = [(line, index) for line, (score, index) in zip(section.lines, ranked, strict=True) if score > 0]
    chosen: list[tuple[Line, int]] = []
    for line, index in shown:
        keys = claims_in.get(index, set())
        if len(chosen) < limit and not forecast(line.text) and not (keys and keys <= said):
            chosen.append((line, index))
            said.update(keys)
    chosen = chosen or shown[:1]
    return replace(section, lines=tuple(line for line, _ in chosen))


def claims_by_statement(claims: Sequence[Claim], facts: Sequence[Fact],
                        statement_of: dict[tuple[str, int], int]) -> dict[int, set[str]]:
    """The ids of the claims each statement states, and ``date:2023-09`` for each month or year
    it gives as background (one line on "the September visit" is enough for a brief)."""
    claim_of_fact = {fid: c.id for c in claims for fid in c.facts}
    out: dict[int, set[str]] = {}
    for f in facts:
        index = statement_of.get((f.evidence[0].source, f.evidence[0].start))
        if index is not None and f.id in claim_of_fact:
            out.setdefault(index, set()).add(claim_of_fact[f.id])
        elif index is not None and f.kind == "date" and isinstance(f.value, str) and len(f.value) < 10:
            out.setdefault(index, set()).add(f"date:{f.value}")
    return out


def standalone(text: str) -> bool:
    """A sentence that stands alone as a line: readable, not leaning on the one before, and no
    photo caption."""
    return readable(text) and not dangling(text) and not caption(text)


def _sections(
    cfg: Config, statements: Sequence[Statement], statement_of: dict[tuple[str, int], int],
    scores: Sequence[float], excluded: set[int],
) -> list[tuple[Section, tuple[tuple[float, int], ...]]]:
    """Each statement goes to the section whose topics it mentions most; the most significant
    are kept, each section's best sentence from each source before a second from the same one.

    A sentence whose first words lean on the one before ("These agreements will…") is shown
    with that sentence before it, as one line citing both, when the two are in one paragraph and
    the one before stands alone; a sentence is never shown twice, alone and as that context.

    Returns each section with the significance and the statement index of each of its lines.
    """
    matcher = TopicMatcher(cfg.topics)
    pools: dict[str, list[tuple[float, int, Line, frozenset[int]]]] = {s.id: [] for s in cfg.sections}
    for index, statement in enumerate(statements):
        if index in excluded:
            continue
        if standalone(statement.shown):
            line, covers, score = statement.line(), frozenset({index}), scores[index]
        else:
            found = with_context(statements, statement_of, index, excluded)
            if found is None:
                continue
            line, before = found
            covers, score = frozenset({index, before}), scores[index] + 0.5 * scores[before] - 1.0
        best = _best_section(cfg.sections, matcher, line.text)
        if best is None:
            continue
        section, hits = best
        pools[section.id].append((score + 0.5 * min(hits, 3), index, line, covers))
    out = []
    taken: set[int] = set()
    for section in cfg.sections:
        ranked = sorted(pools[section.id], key=lambda item: (-item[0], item[1], len(item[3])))
        firsts: list[tuple[float, int, Line, frozenset[int]]] = []
        seconds: list[tuple[float, int, Line, frozenset[int]]] = []
        seen: set[str] = set()
        for item in ranked:
            source = item[2].citations[0].source
            (seconds if source in seen else firsts).append(item)
            seen.add(source)
        chosen: list[tuple[float, int, Line, frozenset[int]]] = []
        for item in firsts + seconds:
            if len(chosen) < section.max_lines and not item[3] & taken:
                chosen.append(item)
                taken.update(item[3])
        out.append((Section(section.id, section.title, tuple(line for _, _, line, _ in chosen)),
                    tuple((score, index) for score, index, _, _ in chosen)))
    return out


def with_context(statements: Sequence[Statement], statement_of: dict[tuple[str, int], int],
                 index: int, excluded: set[int]) -> tuple[Line, int] | None:
    """A leaning sentence with the sentence before it in its paragraph, as one cited line, and
    the statement index of that sentence; None when there is none to lean on."""
    source, sentence = statements[index].members[0]
    if sentence.index == 0 or not readable(sentence.text):
        return None
    before = source.sentences[sentence.index - 1]
    before_index = statement_of.get((source.id, before.start))
    if before.paragraph != sentence.paragraph or before_index is None or before_index in excluded \
            or not standalone(statements[before_index].shown):
        return None
    cut = dateline(before.text)
    text = source.text[before.start + cut:sentence.end]
    if len(text.split()) > 90:
        return None
    return Line(text, (cite(source, before.start + cut, sentence.end),)), before_index


def _best_section(
    sections: Sequence[SectionConfig], matcher: TopicMatcher, text: str
) -> tuple[SectionConfig, int] | None:
    best: tuple[SectionConfig, int] | None = None
    for section in sections:
        hits = sum(matcher.hits(text, name) for name in section.topics)
        if hits and (best is None or hits > best[1]):
            best = (section, hits)
    return best



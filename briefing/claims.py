"""Claims: the facts that state the same thing across sources, reconciled.

Part of the compose stage. A claim groups figures of one kind about one thing (a key fact's rule,
or the same subject, unit and year), or one quote reported by several outlets. It carries every
distinct value with its sources, the value they all allow ("37 deals" when others say "more than
30" and "dozens"), or a conflict when no value satisfies them all, and a confidence from how many
independent sources state it. Nothing here writes a fact: statements are source sentences, and
notes only say which source gives what.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .config import Config, KeyFact, alias_table, slug
from .figures import _allows, _display_value, display_value, sources_agree
from .models import Citation, Claim, ClaimValue, Fact, Line, Source
from .similar import near_keys

CONFIDENCE_RULE = (
    "Confidence: high when three or more independent sources state it and none contradicts it; "
    "moderate when two do; low when only one does or sources contradict each other. Sources "
    "repeating the same sentence count once; sources rated D or E count half."
)
HALF_WEIGHT = {"D", "E"}
FIGURES = ("money", "count", "percent", "duration")
SAME_QUOTE = 0.8  # share of words two reports of one quote have in common (Jaccard)
SHORT_QUOTE = 8  # quotes of this many words or fewer are found by their cores (briefing.similar)


@dataclass
class _Group:
    kind: str
    about: str
    id: str
    facts: list[Fact]
    may_conflict: bool
    key_fact: str | None = None
    speaker: str | None = None


def build_claims(cfg: Config, sources: Sequence[Source], facts: Sequence[Fact],
                 sentence_group: dict[tuple[str, int], int],
                 statement_line: dict[int, Line]) -> list[Claim]:
    """Every claim, key facts first (in config order), then the others in source order.

    ``sentence_group`` maps (source id, sentence start) to its near-duplicate group, and
    ``statement_line`` each group to its cited Line; see ``compose.group_statements``.
    """
    by_id = {s.id: s for s in sources}
    groups: list[_Group] = []
    used: set[str] = set()
    for kf in cfg.key_facts:
        if kf.kind in ("topic", "date"):
            continue
        matched = [f for f in facts if matches_key_fact(kf, f)]
        if matched:
            groups.append(_Group(kf.kind, kf.label, kf.id, matched, True, key_fact=kf.id))
            used.update(f.id for f in matched)
    groups += _figure_groups([f for f in facts if f.kind in FIGURES and f.id not in used], cfg.aliases)
    groups += _quote_groups([f for f in facts if f.kind == "quote" and f.speaker], cfg.aliases)
    taken: set[str] = {g.id for g in groups if g.key_fact}
    claims = []
    for group in groups:
        if not group.key_fact:
            group.id = _unique(group.id, taken)
        claims.append(_claim(group, by_id, sentence_group, statement_line))
    return claims


# Grouping -----------------------------------------------------------------------------------


def matches_key_fact(kf: KeyFact, fact: Fact) -> bool:
    """Does a fact answer a key fact's rule (kind, units, nearby words)?"""
    from .extract.topics import keyword_pattern

    if kf.kind == "topic":
        return kf.topic in fact.topics
    if fact.kind != kf.kind:
        return False
    if kf.unit and not _unit_matches(fact.unit, kf.unit):
        return False
    return not kf.near or bool(keyword_pattern(kf.near).search(fact.evidence[0].quote))


def _unit_matches(unit: str | None, accepted: Sequence[str]) -> bool:
    if unit is None:
        return False
    unit = unit.lower()
    return any(unit == a.lower() or unit.rstrip("s") == a.lower().rstrip("s") for a in accepted)


def canonical(text: str, aliases: Sequence[tuple[str, Sequence[str]]] = ()) -> str:
    """A subject or unit reduced for comparison: "Lima’s exports" -> "lima export";
    an alias becomes its canonical name."""
    table = {spelling: name.lower() for spelling, name in alias_table(aliases).items()}
    text = table.get(text.lower().strip(), text.lower())
    words = [w for w in re.findall(r"[^\W_]+", text.replace("’s", "").replace("'s", ""))
             if w not in ("the", "a", "an", "of")]
    return " ".join(table.get(w, w).rstrip("s") if len(w) > 3 else table.get(w, w) for w in words)


def _figure_groups(facts: Sequence[Fact], aliases: Sequence[tuple[str, Sequence[str]]]) -> list[_Group]:
    """Figures of one kind about one subject (or, with none, one unit) and year.

    With a subject, differing values are a conflict to show; with only a unit ("6 years",
    "15 years") they are different claims, since nothing says they measure one thing.
    """
    keyed: dict[tuple[str, str, str, int | None], list[Fact]] = {}
    for f in facts:
        subject = f.subject if f.subject and canonical(f.subject, aliases) != canonical(f.unit or "", aliases) else None
        keyed.setdefault((f.kind, "subject" if subject else "unit",
                          canonical(subject or f.unit or "", aliases), f.year), []).append(f)
    groups = []
    for (kind, by, _, year), members in keyed.items():
        first = next(f for f in members)
        about = first.subject if by == "subject" else first.unit if kind in ("count", "duration") else None
        about = about or {"percent": "a share", "money": "an amount"}.get(kind, kind)
        suffix = f"-{year}" if year else ""
        if by == "subject":
            groups.append(_Group(kind, about + (f" ({year})" if year else ""),
                                 _slug(f"{kind}-{about}{suffix}"), members, True))
            continue
        # Without a subject only the same figure is the same claim: "more than 4 years" and
        # "more than 10 years" allow one number but need not measure one thing.
        clusters: dict[str, list[Fact]] = {}
        for f in members:
            clusters.setdefault(display_value(f), []).append(f)
        for cluster in clusters.values():
            value = _best(cluster)
            # Nothing names what "6 years" measures: the claim is about the figure itself.
            groups.append(_Group(kind, _display_value(value) + (f" ({year})" if year else ""),
                                 _slug(f"{kind}-{_display_value(value)}{suffix}"), cluster, False))
    return groups


def _quote_groups(quotes: Sequence[Fact], aliases: Sequence[tuple[str, Sequence[str]]]) -> list[_Group]:
    """One group per quote: the same speaker and mostly the same words, in any source."""
    table = alias_table(aliases)
    said = [(f, table.get(str(f.speaker).lower(), str(f.speaker)), words_of(str(f.value))) for f in quotes]
    frequency = Counter(w for _, _, words in said for w in words)
    groups: list[tuple[_Group, frozenset[str]]] = []
    # Candidates by speaker and rare words (two word sets with Jaccard >= SAME_QUOTE share one
    # of each one's first words, rarest first): never every quote against every group. Under a
    # word, groups are kept by (their size, how many of their words rank after it), so a probe
    # skips, without looking at them, those that could not share enough words (PPJoin's
    # positional filter): a speaker quoted a thousand times with the same common words stays
    # linear. Cores (short quotes) are never skipped.
    index: dict[tuple[str, object], dict[tuple[int, int], list[int]]] = {}
    for f, speaker, words in said:
        prefix = _rarest(words, frequency, SAME_QUOTE)
        place = {w: i for i, w in enumerate(prefix)}
        stored, sought = near_keys(words, prefix, SAME_QUOTE, SHORT_QUOTE)
        size = len(words)
        candidates: set[int] = set()
        for key in sought:
            after = size - place[key] - 1 if isinstance(key, str) else size
            for (other_size, other_after), members in index.get((speaker, key), {}).items():
                needed = math.ceil(SAME_QUOTE * (size + other_size) / (1 + SAME_QUOTE) - 1e-9)
                if 1 + min(after, other_after) >= needed:
                    candidates.update(members)
        for i in sorted(candidates):
            group, seen = groups[i]
            if len(words & seen) / max(len(words | seen), 1) >= SAME_QUOTE:
                group.facts.append(f)
                break
        else:
            for key in stored:
                after = size - place[key] - 1 if isinstance(key, str) else size
                index.setdefault((speaker, key), {}).setdefault((size, after), []).append(len(groups))
            # The id names the speaker and the quote's first words, so it survives a reordering
            # of the sources (a judgment resting on it must not slide onto another quote).
            opening = " ".join(re.findall(r"[^\W_]+", str(f.value))[:5])
            groups.append((_Group("quote", speaker, _slug(f"quote-{speaker}-{opening}"), [f], False,
                                  speaker=speaker), words))
    return [g for g, _ in groups]


def _rarest(words: frozenset[str], frequency: Counter[str], threshold: float) -> list[str]:
    """The rarest words of a set, as many as any set this similar to it (Jaccard) must share one
    of (the product's rounding taken down: a longer prefix never loses a match)."""
    keep = len(words) - math.ceil(threshold * len(words) - 1e-9) + 1
    return sorted(words, key=lambda w: (frequency[w], w))[:keep]


# One claim ----------------------------------------------------------------------------------


def _claim(group: _Group, by_id: dict[str, Source], sentence_group: dict[tuple[str, int], int],
           statement_line: dict[int, Line]) -> Claim:
    facts = group.facts
    values: dict[str, tuple[list[Citation], list[str]]] = {}
    cited: dict[str, set[str]] = {}  # the sources each value already cites
    for f in facts:
        shown = str(f.value) if f.kind == "quote" else display_value(f)
        cites, ids = values.setdefault(shown, ([], []))
        ev = f.evidence[0]
        if ev.source not in cited.setdefault(shown, set()):
            cited[shown].add(ev.source)
            cites.append(cite(by_id[ev.source], ev.start, ev.end))
        ids.append(f.id)
    by_year: dict[int | None, list[Fact]] = {}
    for f in facts:
        by_year.setdefault(f.year, []).append(f)
    conflict = group.may_conflict and group.kind != "quote" and \
        not all(sources_agree(same_year) for same_year in by_year.values())
    best = _best(facts)
    best_shown = str(best.value) if best.kind == "quote" else display_value(best)
    ordered = sorted(values.items(), key=lambda item: (item[0] != best_shown, -len(item[1][0])))
    claim_values = tuple(ClaimValue(v, tuple(sorted(cs, key=lambda c: c.number)), tuple(ids))
                         for v, (cs, ids) in ordered)
    all_cites = [c for cv in claim_values for c in cv.citations]
    fact_by_id = {f.id: f for f in facts}

    def fits(value: ClaimValue, best: ClaimValue) -> bool:
        """Does every fact behind ``value`` allow the best value's figure?"""
        target = fact_by_id[best.facts[0]]
        return not isinstance(target.value, (int, float)) or all(
            _allows(fact_by_id[fid], float(target.value)) for fid in value.facts)

    independent, merged = independent_sources(all_cites, sentence_group, by_id)
    statement = _statement(best, facts, sentence_group, statement_line, by_id)
    value = " vs ".join(cv.value for cv in claim_values) if conflict else best_shown
    return Claim(
        id=group.id, kind=group.kind, about=group.about, statement=statement, value=value,
        values=claim_values, facts=tuple(f.id for f in facts),
        sources=tuple(sorted({c.source for c in all_cites}, key=lambda s: by_id[s].number)),
        independent=independent, confidence=confidence_word(independent, conflict), conflict=conflict,
        notes=tuple(_notes(claim_values, conflict, merged, by_id, all_cites, fits,
                           lambda v: fact_by_id[v.facts[0]].year)),
        key_fact=group.key_fact, speaker=group.speaker,
        agree=not conflict and all(fits(v, claim_values[0]) or fact_by_id[v.facts[0]].year
                                   != fact_by_id[claim_values[0].facts[0]].year for v in claim_values),
    )


def _best(facts: Sequence[Fact]) -> Fact:
    """The most exact value: an exact figure stated most often, else the tightest bound."""
    stated = Counter((f.value, f.qualifier) for f in facts)

    def rank(f: Fact) -> tuple[int, int, float]:
        same = stated[(f.value, f.qualifier)]
        exact = 0 if f.qualifier == "exact" else 1 if f.qualifier == "about" else 2
        value = float(f.value) if isinstance(f.value, (int, float)) else 0.0
        tight = -value if f.qualifier in ("more_than", "at_least") else value
        return (exact, -same, tight if exact == 2 else 0.0)
    return min(facts, key=rank)


def _statement(best: Fact, facts: Sequence[Fact], sentence_group: dict[tuple[str, int], int],
               statement_line: dict[int, Line], by_id: dict[str, Source]) -> Line:
    """The sentence giving the best value, as every source stating it cites it; a readable
    one when there is a choice."""
    from .compose import readable

    same = [f for f in facts if f.value == best.value and f.qualifier == best.qualifier] or [best]
    chosen = next((f for f in same if readable(f.evidence[0].quote)), same[0])
    ev = chosen.evidence[0]
    group = sentence_group.get((ev.source, ev.start))
    if group is not None and group in statement_line and chosen.kind != "quote":
        return statement_line[group]
    return Line(ev.quote, (cite(by_id[ev.source], ev.start, ev.end),))


def independent_sources(citations: Sequence[Citation], sentence_group: dict[tuple[str, int], int],
                        by_id: dict[str, Source]) -> tuple[float, list[list[str]]]:
    """How many independent sources the citations amount to, and the sets merged as one.

    Sources citing the same (near-identical) sentence are one source: syndicated copy. Each
    independent set weighs as its most reliable member: half when all are rated D or E.
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]  # path halving: the sets stay as they are, the paths short
            x = parent[x]
        return x

    first_of: dict[object, str] = {}
    for c in citations:
        key = sentence_group.get((c.source, c.start), (c.source, c.start))
        first = first_of.setdefault(key, c.source)
        parent[root(c.source)] = root(first)
    sets: dict[str, list[str]] = {}
    for sid in parent:
        sets.setdefault(root(sid), []).append(sid)
    total = 0.0
    for members in sets.values():
        total += 0.5 if all(by_id[s].reliability in HALF_WEIGHT for s in members) else 1.0
    merged = [sorted(m, key=lambda s: by_id[s].number) for m in sets.values() if len(m) > 1]
    return total, merged


def confidence_word(independent: float, conflict: bool) -> str:
    """The analyst's word for how sure to be (the rule is CONFIDENCE_RULE)."""
    if conflict or independent < 2:
        return "low"
    return "high" if independent >= 3 else "moderate"


def _notes(values: Sequence[ClaimValue], conflict: bool, merged: Sequence[Sequence[str]],
           by_id: dict[str, Source], citations: Sequence[Citation],
           fits: Callable[[ClaimValue, ClaimValue], bool],
           year_of: Callable[[ClaimValue], int | None]) -> list[str]:
    def refs(cs: Sequence[Citation]) -> str:
        return " ".join(f"[{c.number}]" for c in cs)

    notes = []
    if conflict:
        notes.append("Sources differ: " + "; ".join(f"{v.value} {refs(v.citations)}" for v in values)
                     + " cannot all be true.")
    elif len(values) > 1:
        best, *others = values
        other_year = [v for v in others if year_of(v) != year_of(best)]
        same_year = [v for v in others if year_of(v) == year_of(best)]
        agree = [v for v in same_year if fits(v, best)]
        apart = [v for v in same_year if not fits(v, best)]
        if agree:
            notes.append(f"{best.value} {refs(best.citations)} is the most exact figure, and "
                         + ("the others agree with it: " if len(agree) > 1 else "this agrees with it: ")
                         + "; ".join(f"{v.value} {refs(v.citations)}" for v in agree) + ".")
        for v in other_year:
            notes.append(f"{v.value} {refs(v.citations)} is for another year.")
        for v in apart:
            notes.append(f"{v.value} {refs(v.citations)} does not fit {best.value}, but each source "
                         "giving it gives that figure too: it may measure something else.")
    for members in merged:
        numbers = [f"[{by_id[s].number}]" for s in members]
        notes.append(f"{' and '.join(numbers)} carry the same sentence and count once.")
    weak = sorted({c.number for c in citations if by_id[c.source].reliability in HALF_WEIGHT})
    if weak:
        notes.append(f"{' '.join(f'[{n}]' for n in weak)} rated D or E: counted as half a source.")
    return notes


# Helpers shared with compose ----------------------------------------------------------------


def cite(source: Source, start: int, end: int) -> Citation:
    return Citation(source.id, source.number, start, end)


_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> frozenset[str]:
    """The set of words of a text, lower-cased: what near-duplicate tests compare."""
    return frozenset(w.lower() for w in _WORD.findall(text))


def _slug(text: str) -> str:
    return slug(text, fallback="claim", limit=80)


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    taken.add(candidate)
    return candidate

"""The analyst layer: source notes, discrepancies, judgments, what changed, coverage, and the
evidence appendix."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..claims import cite
from ..config import Config
from ..extract.people import Person, PersonMention, title_key, titles_contradict
from ..extract.topics import TopicMatcher
from ..models import (
    BottomLineEntry,
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
    PersonEntry,
    Source,
    SourceNote,
)
from .statements import sentence_at


def source_notes(sources: Sequence[Source], facts: Sequence[Fact], claims: Sequence[Claim],
                 people: Sequence[Person], variants: Sequence[tuple[Person, Person]]) -> list[SourceNote]:
    """Per source: what it contributed, what was set aside, and what in it looks wrong."""
    suspected: dict[str, list[str]] = {s.id: [] for s in sources}
    for better, variant in variants:
        better_sources = set(better.sources)
        for sid in variant.sources:
            if sid not in better_sources or len(better_sources) > 1:
                suspected[sid].append(f"spells {better.name} “{variant.name}”")
    for person in people:
        for m in person.mentions:
            if m.written and f"“{m.written}”" not in " ".join(suspected[m.source]):
                suspected[m.source].append(f"writes “{m.written}” for {person.name} (alias in config)")
    for name, clash in title_clashes(people, variants, {s.id: s for s in sources}):
        (role, cites), (others, against) = clash.versions
        # The note is the same for every source the other side does not cite: made once. It
        # names the first NAMED_AT_MOST sources of the other side and counts the rest, so that
        # the notes grow with the sources, not with their pairs.
        numbers = [f"[{x.number}]" for x in against]
        place = {x.source: i for i, x in enumerate(against)}
        common = f"calls {name} “{role}” where {_named(numbers)} say “{others}”"
        for c in cites:
            i = place.get(c.source)
            suspected[c.source].append(common if i is None else (
                f"calls {name} “{role}” where {_named(numbers[:i] + numbers[i + 1:])} say “{others}”"
                " (as it does itself elsewhere)"))
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
    # One pass over the claims and one over the facts, counted per source (never per source
    # over all of them).
    stating: dict[str, int] = {}
    unique: dict[str, int] = {}
    for claim in claims:
        for sid in set(claim.sources):
            stating[sid] = stating.get(sid, 0) + 1
        if len(claim.sources) == 1:
            unique[claim.sources[0]] = unique.get(claim.sources[0], 0) + 1
    stated: dict[str, int] = {}
    for f in facts:
        if f.kind != "date":
            stated[f.evidence[0].source] = stated.get(f.evidence[0].source, 0) + 1
    notes = []
    for source in sources:
        junk: dict[str, int] = {}
        for _, _, why in source.junk:
            junk[why] = junk.get(why, 0) + 1
        notes.append(SourceNote(
            source=source.id, number=number[source.id], claims=stating.get(source.id, 0),
            unique=unique.get(source.id, 0), facts=stated.get(source.id, 0),
            junk=tuple(sorted(junk.items(), key=lambda item: (-item[1], item[0]))),
            suspected=tuple(suspected[source.id]), reliability=source.reliability,
        ))
    return notes


NAMED_AT_MOST = 10
"""Sources a title-clash note names on the other side, in citation order; the rest are counted
("[1] [2] … [10] and 990 other sources")."""


def _named(numbers: Sequence[str]) -> str:
    """'[1] [2] [3]', or the first NAMED_AT_MOST and how many more: '[1] … [10] and 5 other sources'."""
    if len(numbers) <= NAMED_AT_MOST:
        return " ".join(numbers)
    rest = len(numbers) - NAMED_AT_MOST
    return f"{' '.join(numbers[:NAMED_AT_MOST])} and {rest} other source{'s' if rest > 1 else ''}"


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
    # Each person with the spellings flagged as theirs, in the order of ``people``: one pass,
    # not every person against every other.
    spellings: dict[int, list[Person]] = {}
    for p in people:
        spellings.setdefault(id(p), []).append(p)
        better = spelled.get(p.name)
        if better is not None and better is not p:
            spellings.setdefault(id(better), []).append(p)
    found = []
    for person in people:
        if person.name in spelled:
            continue
        roles: dict[str, dict[str, Citation]] = {}
        for p in spellings[id(person)]:
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


def bottom_line(cfg: Config, claims: Sequence[Claim]) -> list[BottomLineEntry]:
    """The desk's bottom line, each sentence with the claims it names (those still found)."""
    by_id = {c.id: c for c in claims}
    out = []
    for b in cfg.bottom_line:
        found = tuple(by_id[c] for c in b.claims if c in by_id)
        firsts: dict[str, Citation] = {}
        for claim in found:
            for c in claim.citations:
                firsts.setdefault(c.source, c)
        out.append(BottomLineEntry(b.text, found, tuple(c for c in b.claims if c not in by_id),
                                   _sorted(firsts.values())))
    return out


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


def anchor_of(source: Source, citation: Citation) -> str:
    """The appendix anchor a citation links to: one per cited sentence (the sentence holding the
    citation's first character, so a citation after a dateline shares its sentence's)."""
    sentence = sentence_at(source, citation.start)
    return f"ev-{citation.source}-{sentence.start if sentence else citation.start}"


def evidence_appendix(briefing: Briefing) -> tuple[EvidenceGroup, ...]:
    """Every cited sentence once, under the part of the briefing that cites it first."""
    by_id = {s.id: s for s in briefing.sources}
    parts: list[tuple[str, list[Citation]]] = [
        ("Bottom line", [c for b in briefing.bottom_line for c in b.citations]),
        ("Key points", [c for line in briefing.key_points for c in line.citations]),
        ("Key facts", [c for row in briefing.key_facts for _, cs in row.values for c in cs]),
        ("Discrepancies", [c for d in briefing.discrepancies for _, cs in d.versions for c in cs]),
        ("Analyst judgments", [c for j in briefing.judgments for claim in j.claims for c in claim.citations]),
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
            source = by_id[c.source]
            anchor = anchor_of(source, c)
            if anchor in seen:
                continue
            seen.add(anchor)
            sentence = sentence_at(source, c.start)
            # The whole sentence cited, or sentences: a leaning one is cited with the one before it.
            start, end = (sentence.start, max(sentence.end, c.end)) if sentence else (c.start, c.end)
            # The sentence's own string when the item is the sentence (nearly always): not a copy.
            text = sentence.text if sentence and end == sentence.end else source.text[start:end]
            items.append(EvidenceItem(anchor, c, source.path, start, end, text))
        if items:
            groups.append(EvidenceGroup(title, tuple(items)))
    return tuple(groups)


def person_entries(people: Sequence[Person], by_id: dict[str, Source],
                   variants: Sequence[tuple[Person, Person]] = ()) -> list[PersonEntry]:
    """People with their roles, each cited to the sentence that gives it. A spelling flagged as
    a variant of another person's name is listed once, under the better-attested name, with the
    spelling noted and its roles among the person's."""
    def cite_mention(m: PersonMention) -> Citation:
        return _cite_mention(m, by_id)

    def firsts(p: Person) -> tuple[Citation, ...]:
        found: dict[str, Citation] = {}
        for m in p.mentions:
            found.setdefault(m.source, cite_mention(m))
        return tuple(sorted(found.values(), key=lambda c: c.number))

    spelled: dict[str, list[Person]] = {}
    folded = set()
    for better, variant in variants:
        if better.name not in folded:  # a variant of a variant stays where it is
            spelled.setdefault(better.name, []).append(variant)
            folded.add(variant.name)
    entries = []
    for p in people:
        if p.name in folded:
            continue
        others = spelled.get(p.name, [])
        roles = [(r, cite_mention(m)) for r, m in p.roles]
        roles += [(r, cite_mention(m)) for v in others for r, m in v.roles if r not in {x for x, _ in roles}]
        entries.append(PersonEntry(p.name, tuple(roles), firsts(p), tuple((v.name, firsts(v)) for v in others)))
    return entries



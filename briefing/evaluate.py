"""``briefing eval``: extraction measured against a hand-made gold file.

A gold file (see docs/gold.md) lists every fact of every source by kind, surface text and value.
A gold fact and an extracted fact match when they are in the same file, of the same kind, at
overlapping places, and agree on the value: within 0.5 % for money, equal (to two decimals) for
the other kinds.
A quote matches by overlapping words; its speaker is right when the surnames agree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config, load_config
from .extract import extract
from .extract.dates import unresolved_dates
from .gold import KINDS, GoldFact, load_gold
from .ingest import ingest
from .models import Fact, Source

"""A gold entry of this kind marks web junk: text no fact may cite."""
CONVENTIONS = ("mentions", "distinct")
"""How repeated figures and vague words are scored (docs/gold.md): every mention, vague words
included; or each distinct figure once per file, vague words left out."""
MONEY_TOLERANCE = 0.005
_VAGUE = re.compile(r"\b(?:dozens|scores|hundreds|thousands|millions|billions|tens)\s+of\b", re.I)


@dataclass
class KindScore:
    gold: int = 0
    found: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    scores: dict[str, KindScore]
    misses: list[tuple[GoldFact, str]] = field(default_factory=list)
    """Gold facts not extracted, with the sentence they are in."""
    false_positives: list[tuple[Fact, str]] = field(default_factory=list)
    """Extracted facts not in the gold, with their sentence."""
    wrong_values: list[tuple[GoldFact, Fact]] = field(default_factory=list)
    speakers_right: int = 0
    speakers_wrong: list[tuple[GoldFact, Fact]] = field(default_factory=list)
    dates_left_out: list[tuple[str, str, str]] = field(default_factory=list)
    """(path, expression, sentence) of dates that cannot be put on a calendar."""
    resolved_right: int = 0
    """Of the matched quotes whose gold says ``via: pronoun``, how many have the right speaker."""
    resolved_judged: int = 0
    junk_marked: int = 0
    """Spans the gold marks as web junk."""
    junk_kept: list[tuple[str, str]] = field(default_factory=list)
    """(path, text) of marked junk that ingest kept as article sentences."""
    junk_cited: list[tuple[Fact, str]] = field(default_factory=list)
    """Extracted facts whose evidence lies on marked junk."""

    @property
    def overall(self) -> KindScore:
        total = KindScore()
        for s in self.scores.values():
            total.gold += s.gold
            total.found += s.found
            total.matched += s.matched
        return total

    @property
    def speaker_accuracy(self) -> float:
        judged = self.speakers_right + len(self.speakers_wrong)
        return self.speakers_right / judged if judged else 1.0


def _value_agrees(gold: GoldFact, fact: Fact) -> bool:
    if gold.kind == "quote":
        return True
    if gold.kind == "money" and isinstance(gold.value, (int, float)) and isinstance(fact.value, (int, float)):
        return math.isclose(float(fact.value), float(gold.value), rel_tol=MONEY_TOLERANCE)
    if isinstance(gold.value, (int, float)) and isinstance(fact.value, (int, float)):
        # Equal as written to two decimals: "a third" is 33.33 in a gold file.
        return round(float(fact.value), 2) == round(float(gold.value), 2)
    return str(gold.value) == str(fact.value)


_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _name_words(name: str) -> list[str]:
    """'Sen. Ana B. Lima Jr. (D-Ru.)' -> ['sen', 'ana', 'b', 'lima']."""
    name = re.sub(r"\([^)]*\)", " ", name.lower())
    words = [w.strip(".,’'\"") for w in name.split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return words


def same_speaker(gold: str | None, found: str | None) -> bool:
    """Surnames agree ('Lima' and 'Ana Lima'), or one name holds the other; titles in
    parentheses and 'Jr.' are not surnames."""
    if not gold or not found:
        return False
    g, f = _name_words(gold), _name_words(found)
    if not g or not f:
        return False
    return g[-1] == f[-1] or set(g) <= set(f) or set(f) <= set(g)


def _distinct(items: Sequence[Any], key: Any) -> list[Any]:
    """The first of each (file, kind, value) and no vague figures: the 'distinct' convention."""
    seen: set[Any] = set()
    kept = []
    for item in items:
        k = key(item)
        if k in seen or (item.kind not in ("quote", "date") and _VAGUE.search(item.text)):
            continue
        seen.add(k)
        kept.append(item)
    return kept


def _value_key(kind: str, value: Any) -> Any:
    return round(float(value), 2) if isinstance(value, (int, float)) and kind != "money" else \
        float(f"{float(value):.3g}") if isinstance(value, (int, float)) else str(value)


def evaluate_facts(gold: Sequence[GoldFact], facts: Sequence[Fact], sources: Sequence[Source],
                   kinds: Sequence[str] = KINDS, convention: str = "mentions",
                   quote_min_words: int = 1) -> Evaluation:
    """Match gold facts to extracted facts one to one and score each of ``kinds``.

    ``mentions``: every mention counts, and a match must overlap the gold's place in the file.
    ``distinct``: each figure counts once per file wherever it is found, vague words left out.
    """
    path_of = {s.id: s.path for s in sources}
    text_of = {s.path: s.text for s in sources}
    facts = [f for f in facts if f.kind in kinds
             and (f.kind != "quote" or len(str(f.value or f.text).split()) >= quote_min_words)]
    if convention == "distinct":
        gold = _distinct(gold, lambda g: (g.path, g.kind, g.text if g.kind == "quote" else _value_key(g.kind, g.value)))
        facts = _distinct(facts, lambda f: (f.evidence[0].source, f.kind,
                                            f.text if f.kind == "quote" else _value_key(f.kind, f.value)))
    result = Evaluation({k: KindScore() for k in kinds})
    by_file_kind: dict[tuple[str, str], list[Fact]] = {}
    for g in gold:
        result.scores[g.kind].gold += 1
    for f in facts:
        result.scores[f.kind].found += 1
        by_file_kind.setdefault((path_of[f.evidence[0].source], f.kind), []).append(f)
    used: set[str] = set()
    for g in gold:
        overlapping = [f for f in by_file_kind.get((g.path, g.kind), ())
                       if f.id not in used and ((f.start < g.end and g.start < f.end)
                                                or (convention == "distinct" and g.kind != "quote"))]
        agreeing = [f for f in overlapping if _value_agrees(g, f)]
        if agreeing:
            f = agreeing[0]
            used.add(f.id)
            result.scores[g.kind].matched += 1
            if g.kind == "quote" and g.speaker:
                right = same_speaker(g.speaker, f.speaker) or same_speaker(g.speaker, f.speaker_as_written)
                if right:
                    result.speakers_right += 1
                else:
                    result.speakers_wrong.append((g, f))
                if g.via == "pronoun":
                    result.resolved_judged += 1
                    result.resolved_right += right
        else:
            if overlapping:
                result.wrong_values.append((g, overlapping[0]))
            result.misses.append((g, _sentence_around(text_of[g.path], g.start, g.end)))
    for f in facts:
        if f.id not in used:
            result.false_positives.append((f, f.evidence[0].quote))
    return result


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (roughly) around a span, for reports."""
    left = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start))
    ends = [i for i in (text.find("\n", end), text.find(". ", end)) if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    return " ".join(text[left + 1:right].split())


def score_junk(evaluation: Evaluation, junk: dict[str, list[tuple[int, int]]], facts: Sequence[Fact],
               sources: Sequence[Source]) -> None:
    """How much marked junk ingest kept as sentences, and which facts cite it."""
    by_source = {s.id: s for s in sources}
    spans_of = {s.path: junk.get(s.path, []) for s in sources}
    for source in sources:
        for a, b in spans_of[source.path]:
            evaluation.junk_marked += 1
            if any(x.start < b and a < x.end for x in source.sentences):
                evaluation.junk_kept.append((source.path, source.text[a:b]))
    for fact in facts:
        source = by_source[fact.evidence[0].source]
        if any(e.start < b and a < e.end for e in fact.evidence for a, b in spans_of[source.path]):
            evaluation.junk_cited.append((fact, fact.evidence[0].quote))


def evaluate(gold_path: Path, config_path: Path | None = None, convention: str = "mentions"
             ) -> tuple[Evaluation, Config, int]:
    """Run ingest and extract on the gold file's corpus and score them. Returns the number of
    source files too."""
    gold = load_gold(gold_path)
    cfg = load_config(config_path) if config_path is not None else gold.config
    sources = ingest(cfg)
    facts = extract(sources, cfg)
    evaluation = evaluate_facts(gold.facts, facts, sources, gold.kinds, convention, gold.quote_min_words)
    score_junk(evaluation, gold.junk, facts, sources)
    evaluation.dates_left_out = [(source.path, expression, sentence.text)
                                 for source in sources for sentence in source.sentences
                                 for expression in unresolved_dates(sentence.text, source.date)]
    return evaluation, cfg, len(sources)


def describe(value: Any, unit: str | None, qualifier: str) -> str:
    words = "" if qualifier == "exact" else qualifier.replace("_", " ") + " "
    return f"{words}{value}{' ' + unit if unit else ''}"


def report(evaluation: Evaluation, gold_path: str, files: int, summary: bool = False) -> list[str]:
    """The printed report: a table per kind, then (unless ``summary``) every miss and false
    positive. A summary shows no article text: it is how a held-out split is scored without
    reading it."""
    overall = evaluation.overall
    lines = [f"{gold_path}: {files} files, {overall.gold} gold facts, {overall.found} extracted",
             f"{'kind':<9} {'gold':>5} {'found':>6} {'match':>6} {'precision':>10} {'recall':>7} {'f1':>6}"]
    for kind, s in [*evaluation.scores.items(), ("overall", overall)]:
        lines.append(f"{kind:<9} {s.gold:>5} {s.found:>6} {s.matched:>6} {s.precision:>10.3f} {s.recall:>7.3f} {s.f1:>6.3f}")
    judged = evaluation.speakers_right + len(evaluation.speakers_wrong)
    lines.append(f"quotes: right speaker for {evaluation.speakers_right} of {judged} matched "
                 f"({evaluation.speaker_accuracy:.3f})")
    if evaluation.resolved_judged:
        lines.append(f"quotes said by 'he', 'she' or a description: right speaker for {evaluation.resolved_right} "
                     f"of {evaluation.resolved_judged} ({evaluation.resolved_right / evaluation.resolved_judged:.3f})")
    if evaluation.junk_marked:
        lines.append(f"junk: {len(evaluation.junk_kept)} of {evaluation.junk_marked} marked junk lines kept as "
                     f"sentences, {len(evaluation.junk_cited)} facts cite junk")
    left = evaluation.dates_left_out
    if summary:
        return [*lines, f"dates left out of the timeline (not on a calendar): {len(left)}"]
    lines.append(f"dates left out of the timeline (not on a calendar): {len(left)}"
                 + "".join(f"\n  {path}: {expression!r} in: {sentence}" for path, expression, sentence in left))
    if evaluation.misses:
        lines.append(f"misses ({len(evaluation.misses)}):")
        for g, sentence in evaluation.misses:
            lines.append(f"  {g.path}: {g.kind} {g.text!r} = {describe(g.value, g.unit, g.qualifier)} in: {sentence}")
    if evaluation.wrong_values:
        lines.append(f"found with a wrong value ({len(evaluation.wrong_values)}):")
        for g, f in evaluation.wrong_values:
            lines.append(f"  {g.path}: {g.kind} {g.text!r}: gold {describe(g.value, g.unit, g.qualifier)}, "
                         f"found {describe(f.value, f.unit, f.qualifier)}")
    if evaluation.false_positives:
        lines.append(f"false positives ({len(evaluation.false_positives)}):")
        for f, sentence in evaluation.false_positives:
            lines.append(f"  {f.evidence[0].source} {f.kind} {f.text!r} = {describe(f.value, f.unit, f.qualifier)} in: {sentence}")
    if evaluation.junk_cited:
        lines.append(f"facts citing junk ({len(evaluation.junk_cited)}):")
        for f, sentence in evaluation.junk_cited:
            lines.append(f"  {f.evidence[0].source} {f.kind} {f.text!r} in: {sentence}")
    if evaluation.junk_kept:
        lines.append(f"junk kept as sentences ({len(evaluation.junk_kept)}):")
        for path, text in evaluation.junk_kept:
            lines.append(f"  {path}: {' '.join(text.split())[:160]}")
    if evaluation.speakers_wrong:
        lines.append(f"wrong speakers ({len(evaluation.speakers_wrong)}):")
        for g, f in evaluation.speakers_wrong:
            lines.append(f"  {g.path}: {g.text[:60]!r}: gold {g.speaker}, found {f.speaker}")
    return lines

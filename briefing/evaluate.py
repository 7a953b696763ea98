"""``briefing eval``: extraction measured against a hand-made gold file.

A gold file (see docs/gold.md) lists every fact of every source by kind, surface text and value.
A gold fact and an extracted fact match when they are in the same file, of the same kind, at
overlapping places, and agree on the value: within 0.5 % for money, equal (to two decimals) for
the other kinds.
A quote matches by overlapping words; its speaker is right when the surnames agree.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config, load_config, read_yaml
from .errors import ConfigError
from .extract import extract
from .extract.dates import unresolved_dates
from .ingest import ingest
from .models import Fact, Source

KINDS = ("money", "count", "percent", "duration", "date", "quote")
JUNK = "junk"
"""A gold entry of this kind marks web junk: text no fact may cite."""
CONVENTIONS = ("mentions", "distinct")
"""How repeated figures and vague words are scored (docs/gold.md): every mention, vague words
included; or each distinct figure once per file, vague words left out."""
MONEY_TOLERANCE = 0.005
_VAGUE = re.compile(r"\b(?:dozens|scores|hundreds|thousands|millions|billions|tens)\s+of\b", re.I)


@dataclass(frozen=True, slots=True)
class GoldFact:
    path: str
    kind: str
    text: str
    start: int
    end: int
    value: float | int | str | None
    unit: str | None
    qualifier: str
    speaker: str | None
    """Who said a quote; None where the gold names nobody (then the speaker is not judged)."""
    via: str | None = None
    """'pronoun' where the quote's own sentence names its speaker only as "he", "she" or a
    description: the speaker had to be resolved."""


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


@dataclass(frozen=True, slots=True)
class Gold:
    """A gold file read and checked."""

    config: Config
    facts: list[GoldFact]
    kinds: tuple[str, ...] = KINDS
    """The kinds the gold annotates; extracted facts of other kinds are not scored."""
    junk: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """Per file, the spans the annotator marked as web junk."""
    quote_min_words: int = 1
    """Quotes shorter than this are outside the gold's scope (PolNeAR's conversion keeps quotes of
    three words or more): extracted ones are not scored either."""


def load_gold(path: Path) -> Gold:
    """Read and check a gold file: every text must be found in its source file."""
    data = read_yaml(path)
    shown = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise ConfigError(f"{shown}: expected 'config:' and 'files:' mapping source paths to lists of facts (see docs/gold.md)")
    kinds = data.get("kinds", list(KINDS))
    if not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds):
        raise ConfigError(f"{shown}: kinds: expected a list of some of {', '.join(KINDS)}")
    min_words = data.get("quote_min_words", 1)
    if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 1:
        raise ConfigError(f"{shown}: quote_min_words: expected a whole number of 1 or more")
    config_value = data.get("config")
    if not isinstance(config_value, str):
        raise ConfigError(f"{shown}: config: expected the path of the corpus's config.yaml, relative to the gold file")
    cfg = load_config(os.path.normpath(path.parent / config_value))
    by_path = {s.display_path: s for s in cfg.sources}
    facts: list[GoldFact] = []
    junk: dict[str, list[tuple[int, int]]] = {}
    for file, entries in data["files"].items():
        where = f"{shown}: files.{file}"
        if file not in by_path:
            raise ConfigError(f"{where}: not a source of {cfg.path}; use the path as the config gives it")
        with open(by_path[file].path, encoding="utf-8") as handle:
            text = handle.read()
        checked: list[tuple[int, dict[str, Any]]] = []
        for i, entry in enumerate(entries or []):
            if not isinstance(entry, dict) or entry.get("kind") not in (*kinds, JUNK) \
                    or not isinstance(entry.get("text"), str) or not entry["text"]:
                raise ConfigError(f"{where}[{i}]: expected kind ({', '.join((*kinds, JUNK))}) and text")
            context = entry.get("context", entry["text"])
            if not isinstance(context, str) or entry["text"] not in context:
                raise ConfigError(f"{where}[{i}].context: must be a longer text that contains the text")
            at = entry.get("at")
            if at is not None and not (type(at) is int and at >= 0 and text[at:at + len(entry["text"])] == entry["text"]):
                raise ConfigError(f"{where}[{i}].at: the text is not at offset {at!r} of the file")
            checked.append((i, entry))
        # An offset (at:) places an entry exactly; otherwise a context (a longer text around it)
        # says which of several occurrences is meant.
        searched = [e.get("context", e["text"]) for _, e in checked]
        inner = [(c.index(e["text"]), c.index(e["text"]) + len(e["text"])) for (_, e), c in zip(checked, searched, strict=True)]
        located = _locate(text, searched, [e["kind"] for _, e in checked], inner)
        spans = [(e["at"], e["at"] + len(e["text"])) if e.get("at") is not None else span
                 for (_, e), span in zip(checked, located, strict=True)]
        for (i, entry), span, context in zip(checked, spans, searched, strict=True):
            if span is None:
                raise ConfigError(f"{where}[{i}].text: {context!r} is not in the file (or not that many times)")
            start = span[0] + context.index(entry["text"]) if entry.get("at") is None else span[0]
            if entry["kind"] == JUNK:
                junk.setdefault(file, []).append((start, start + len(entry["text"])))
                continue
            facts.append(GoldFact(
                path=file, kind=entry["kind"], text=entry["text"], start=start, end=start + len(entry["text"]),
                value=entry.get("value"), unit=entry.get("unit"),
                qualifier=entry.get("qualifier", "exact"), speaker=entry.get("speaker"),
                via=entry.get("via"),
            ))
    missing = set(by_path) - set(data["files"])
    if missing:
        raise ConfigError(f"{shown}: files: no entry for {sorted(missing)[0]}; list every source (use [] for none)")
    return Gold(cfg, facts, tuple(kinds), junk, min_words)


def _locate(text: str, surfaces: Sequence[str], kinds: Sequence[str],
            inner: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int] | None]:
    """Place each listed text in the file: the n-th entry with the same text is its n-th free
    occurrence, where occurrences inside a longer entry of the same kind ("September" in
    "September 1") are taken by that entry first. A figure inside a quote is its own entry.
    ``inner`` gives, for a surface that is a context, where its text lies in it: only the text's
    place is taken, so "nine directors" can follow "three" in the context "three of the nine
    directors"."""
    claimed: dict[str, list[tuple[int, int]]] = {}
    spans: list[tuple[int, int] | None] = [None] * len(surfaces)
    order = sorted(range(len(surfaces)), key=lambda i: (-len(surfaces[i]), i))
    for i in order:
        surface = surfaces[i]
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            a0, a1 = (start + inner[i][0], start + inner[i][1]) if inner else (start, end)
            taken = claimed.setdefault(kinds[i], [])
            if not any(a < a1 and a0 < b for a, b in taken):
                taken.append((a0, a1))
                spans[i] = (start, end)
                break
            start = text.find(surface, start + 1)
    # Same-text entries were placed in list order; keep them in text order too.
    by_text: dict[str, list[int]] = {}
    for i, surface in enumerate(surfaces):
        by_text.setdefault(surface, []).append(i)
    for indices in by_text.values():
        placed = sorted(spans[i] for i in indices if spans[i] is not None)  # type: ignore[type-var]
        if len(placed) == len(indices):
            for i, span in zip(indices, placed, strict=True):
                spans[i] = span
    return spans


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

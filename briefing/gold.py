"""Gold files: the hand-made answers extraction is scored against (docs/gold.md), read and
checked. A gold file is data: every field is checked for its type, and every text must be
found in its source file, or the file is refused with one line."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config, load_config, read_yaml
from .config.paths import inside, path_problem
from .errors import ConfigError
from .ingest import read_text

KINDS = ("money", "count", "percent", "duration", "date", "quote")
JUNK = "junk"


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
    # The gold file is the user's; the config it names is data: it must be in the gold file's
    # folder or the working folder (a project's gold files sit in tests/ beside its config).
    problem = path_problem(config_value)
    config_path, in_gold_folder = inside(path.resolve().parent, config_value)
    if problem or not (in_gold_folder or config_path.is_relative_to(Path.cwd().resolve())):
        raise ConfigError(f"{shown}: config: {problem or 'is outside the gold file’s folder and the working folder'}"
                          "; name the corpus's config.yaml, relative to the gold file")
    cfg = load_config(os.path.normpath(path.parent / config_value))
    by_path = {s.display_path: s for s in cfg.sources}
    facts: list[GoldFact] = []
    junk: dict[str, list[tuple[int, int]]] = {}
    for file, entries in data["files"].items():
        where = f"{shown}: files.{file}"
        if file not in by_path:
            raise ConfigError(f"{where}: not a source of {cfg.path}; use the path as the config gives it")
        text = read_text(by_path[file].path, file, by_path[file].encoding)
        if not isinstance(entries, list | None):
            raise ConfigError(f"{where}: expected a list of facts (or [] for none)")
        checked: list[tuple[int, dict[str, Any]]] = []
        for i, entry in enumerate(entries or []):
            if not isinstance(entry, dict) or entry.get("kind") not in (*kinds, JUNK) \
                    or not isinstance(entry.get("text"), str) or not entry["text"]:
                raise ConfigError(f"{where}[{i}]: expected kind ({', '.join((*kinds, JUNK))}) and text")
            wrong = _wrong_field(entry)
            if wrong:
                raise ConfigError(f"{where}[{i}].{wrong}")
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


# What each optional field of a gold entry may hold.
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "value": (int, float, str, type(None)), "unit": (str, type(None)), "qualifier": (str,),
    "speaker": (str, type(None)), "via": (str, type(None)), "context": (str,), "at": (int, type(None)),
}


def _wrong_field(entry: dict[str, Any]) -> str | None:
    """'value: expected a number or text' for the first field of the wrong type, or None."""
    for key, types in _FIELD_TYPES.items():
        if key in entry and (not isinstance(entry[key], types) or isinstance(entry[key], bool)):
            names = [name for name, kinds in (("a number", (int, float)), ("text", (str,))) if set(kinds) & set(types)]
            return f"{key}: expected {' or '.join(names)}{', or nothing' if type(None) in types else ''}"
    return None


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

"""Reading a facts.json back: the claims of an earlier build (``--since``, ``previous:``) and
the citation check (``briefing check``).

A facts.json on disk is data like any other: it may have been edited, truncated or planted. So
every value is checked for its shape before it is used, nesting of any depth is one error, and
the source files it names are read only inside the config's folder (or with ``paths_outside``),
so ``check`` cannot be used to test the contents of ``/etc/passwd``.
"""

from __future__ import annotations

import codecs
import difflib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import Config
from .config.paths import file_kind, inside, path_problem
from .errors import BriefingError, CitationError
from .ingest import read_chunks

__all__ = ["did_you_mean", "read_chunks", "read_json", "read_previous_claims", "verify_facts_file",
           "verify_judgments"]


def read_json(path: Path, what: str, hint: str) -> Any:
    """A JSON document, or a one-line CitationError saying what ``path`` should have been."""
    kind = file_kind(path)
    if kind is not None:
        reason = "no such file" if kind == "missing" else f"is {kind}, not a file"
        raise CitationError(f"{path}: {reason}; {hint}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CitationError(f"{path}: cannot read the {what} ({exc.strerror}); {hint}") from None
    except UnicodeDecodeError:
        raise CitationError(f"{path}: not a {what} (not UTF-8 text); {hint}") from None
    except ValueError as exc:
        raise CitationError(f"{path}: not a {what} ({exc}); {hint}") from None
    except RecursionError:
        raise CitationError(f"{path}: not a {what} (nested too deeply); {hint}") from None


def read_previous_claims(path: Path) -> list[dict[str, Any]]:
    """The claims of an earlier build's facts.json, or a one-line error."""
    hint = "pass the facts.json of a build made with briefing 0.2 or later"
    document = read_json(path, "facts.json with claims", hint)
    claims = document.get("claims") if isinstance(document, dict) else None
    if not isinstance(claims, list):
        raise CitationError(f"{path}: not a facts.json with claims (no list of claims); {hint}")
    return [c for c in claims if isinstance(c, dict)]


def _sources(path: Path, document: Any) -> tuple[dict[str, tuple[str, str]], list[Any]]:
    """Each source id's (path, encoding), and the facts, from a facts.json of any shape."""
    bad = f"{path}: not a facts.json this version can read"
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list) \
            or not isinstance(document.get("facts"), list):
        raise CitationError(f"{bad} (no sources and facts lists); rebuild it")
    sources: dict[str, tuple[str, str]] = {}
    for i, source in enumerate(document["sources"]):
        sid = source.get("id") if isinstance(source, dict) else None
        name = source.get("path") if isinstance(source, dict) else None
        encoding = source.get("encoding", "utf-8") if isinstance(source, dict) else None
        if not (isinstance(sid, str) and isinstance(name, str) and isinstance(encoding, str)):
            raise CitationError(f"{bad} (sources[{i}] needs an id, a path and an encoding as text); rebuild it")
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise CitationError(f"{bad} (sources[{i}]: unknown encoding {encoding[:40]!r}); rebuild it") from None
        sources[sid] = (name, encoding)
    return sources, document["facts"]


def _source_file(path: Path, cfg: Config, name: str) -> Path:
    """A cited source's file, only inside the config's folder."""
    problem = path_problem(name)
    if problem:
        raise CitationError(f"{path}: a source path {problem}; rebuild it")
    full, ok = inside(cfg.root, name)
    if not ok and not (cfg.sources_outside or cfg.paths_outside):
        raise CitationError(f"{path}: cites {name[:80]}, which is outside the config's folder; "
                            "check reads only the config's sources (rebuild the facts.json)")
    if file_kind(full) not in (None, "missing"):
        raise CitationError(f"{path}: cites {name[:80]}, which is not a file; rebuild it")
    return full


# A citation to check: (its place among all citations, start, end, quote, fact id).
_Cited = tuple[int, int, int, Any, str]


def verify_facts_file(path: Path, cfg: Config) -> int:
    """Check every citation in a facts.json: its quote must equal its source's text[start:end].

    Returns the number of citations checked; raises CitationError on the first mismatch (in the
    file's order). Each source is read once, as a stream, with its citations in text order: a
    source of any size costs only its longest citation's text.
    """
    sources, facts = _sources(path, read_json(path, "facts.json", "rebuild it"))
    cited: dict[str, list[_Cited]] = {}
    problem: tuple[int, BriefingError] | None = None  # the first fault in the file's order
    checked = 0
    for n, fact in enumerate(facts):
        evidence = fact.get("evidence", []) if isinstance(fact, dict) else None
        fid = str(fact.get("id"))[:40] if isinstance(fact, dict) else f"facts[{n}]"
        if not isinstance(evidence, list):
            problem = (checked, CitationError(f"{path}: fact {fid}: no list of evidence; rebuild it"))
            break
        for ev in evidence:
            sid = ev.get("source") if isinstance(ev, dict) else None
            if not isinstance(sid, str) or sid not in sources:
                problem = (checked, CitationError(f"{path}: fact {fid}: cites unknown source '{str(sid)[:40]}'"))
                break
            cited.setdefault(sid, []).append((checked, ev.get("start"), ev.get("end"), ev.get("quote"), fid))
            checked += 1
        if problem:
            break
    for sid, citations in cited.items():  # each source from its first citation in the file
        name, encoding = sources[sid]
        try:
            wrong = _first_wrong(path, _source_file(path, cfg, name), name, encoding, citations)
        except BriefingError as exc:  # the source cannot be read: a fault at its first citation
            wrong = (citations[0][0], exc)
        if wrong and (problem is None or wrong[0] < problem[0]):
            problem = wrong
    if problem:
        raise problem[1]
    return checked


def _first_wrong(path: Path, full: Path, name: str, encoding: str,
                 citations: list[_Cited]) -> tuple[int, BriefingError] | None:
    """The first (in the file's order) of a source's citations whose quote is not its text there."""
    def wrong(c: _Cited) -> tuple[int, BriefingError]:
        return c[0], CitationError(
            f"{path}: fact {c[4]}: {name}[{str(c[1])[:20]}:{str(c[2])[:20]}] does not match its "
            f"quote; the source changed since the build: run 'briefing build' again")

    found: list[tuple[int, BriefingError]] = [wrong(c) for c in citations
                                              if not (type(c[1]) is int and type(c[2]) is int and 0 <= c[1] <= c[2])]
    pending = sorted((c for c in citations if type(c[1]) is int and type(c[2]) is int and 0 <= c[1] <= c[2]),
                     key=lambda c: (c[1], c[0]))
    held, at, k = "", 0, 0  # held: the text from offset ``at`` on, read so far
    for piece in read_chunks(full, name, encoding):
        held += piece
        while k < len(pending) and pending[k][2] <= at + len(held):
            c = pending[k]
            if held[c[1] - at:c[2] - at] != c[3]:
                found.append(wrong(c))
            k += 1
        drop = min(pending[k][1] if k < len(pending) else at + len(held), at + len(held)) - at
        if drop > 0:
            held, at = held[drop:], at + drop
    found += [wrong(c) for c in pending[k:]]  # past the end of the text
    return min(found, key=lambda f: f[0]) if found else None


def verify_judgments(cfg: Config, facts_path: Path) -> None:
    """Every claim a judgment or a bottom-line sentence rests on must exist in the built facts.json."""
    ids = {str(c.get("id")) for c in read_previous_claims(facts_path)}
    for what, entries in (("judgment", cfg.judgments), ("bottom line", cfg.bottom_line)):
        for entry in entries:
            for claim in entry.claims:
                if claim not in ids:
                    raise CitationError(
                        f"{entry.where}: rests on claim '{claim}', which {facts_path} does not hold"
                        f"{did_you_mean(claim, sorted(ids))}; the sources do not support it: revise the "
                        f"{what} or name a claim id from facts.json")


def did_you_mean(name: str, known: Sequence[str]) -> str:
    """"; did you mean 'deaths'?" for the closest known id, or nothing."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""

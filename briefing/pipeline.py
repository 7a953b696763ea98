"""The pipeline: config → ingest → extract → compose → Markdown → HTML → PDF, then write.

Every output is rendered in memory first and written only when all of them succeeded, each by an
atomic rename: a failed build leaves the previous good outputs exactly as they were.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .compose import compose
from .config import Config
from .errors import CitationError
from .extract import extract
from .extract.people import extract_people
from .ingest import ingest, read_text, shown_path
from .models import Briefing
from .render import write_output
from .render.facts import render_facts
from .render.html import render_html
from .render.markdown import render_markdown
from .render.pdf import render_pdf
from .render.templates import environment

FORMATS = ("md", "html", "pdf", "json")
OUTPUT_NAMES = {"md": "briefing.md", "html": "briefing.html", "pdf": "briefing.pdf", "json": "facts.json"}

Reporter = Callable[[str, float, str], None]


@dataclass
class BuildResult:
    briefing: Briefing
    outputs: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0


def _quiet(stage: str, seconds: float, what: str) -> None:
    pass


def build(cfg: Config, out_dir: Path | None = None, formats: Sequence[str] = FORMATS,
          report: Reporter = _quiet, since: Path | None = None) -> BuildResult:
    """Run every stage and write the requested outputs into ``out_dir`` (default: the config's).

    ``since`` (or the config's ``previous``) names an earlier facts.json to compare claims with.
    """
    out = out_dir or cfg.output
    previous_path = since or cfg.previous
    previous = read_previous_claims(previous_path) if previous_path else None
    clock = time.perf_counter()

    def done(stage: str, what: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report(stage, now - clock, what)
        clock = now

    sources = ingest(cfg)
    sentences = sum(len(s.sentences) for s in sources)
    empty = [s for s in sources if not s.sentences]
    done("ingest", f"{len(sources)} sources, {sentences} sentences")
    warnings = [f"{s.path}: no article text found (empty, or only headings and web junk); "
                "it keeps its number but nothing cites it" for s in empty]
    facts = extract(sources, cfg)
    people = extract_people(sources, cfg.aliases)
    done("extract", f"{len(facts)} facts, {len(people)} people")
    briefing = compose(cfg, sources, facts, people, previous)
    warnings += [f"judgment “{j.text[:40]}…” names claim '{c}', which the sources no longer support; "
                 "see facts.json claims for the ids" for j in briefing.judgments for c in j.missing]
    found = sum(r.found for r in briefing.key_facts)
    lines = sum(len(s.lines) for s in briefing.sections)
    done("compose", f"{found}/{len(briefing.key_facts)} key facts found, {lines} section lines, "
                    f"{len(briefing.voices)} voices")
    env = environment(cfg.templates)
    result = BuildResult(briefing, warnings=warnings)
    rendered: dict[str, str | bytes] = {}
    markdown = render_markdown(briefing, env)
    rendered["md"] = markdown
    done("markdown", f"{len(markdown.splitlines())} lines")
    if "html" in formats or "pdf" in formats:
        html = render_html(markdown, briefing, cfg, env)
        rendered["html"] = html
        done("html", f"{len(html.encode()) // 1024} KiB")
        if "pdf" in formats:
            pdf, pdf_warnings, result.pages = render_pdf(html, cfg.templates)
            result.warnings += [f"weasyprint: {w}" for w in pdf_warnings]
            rendered["pdf"] = pdf
            done("pdf", f"{result.pages} pages" + (f", {len(pdf_warnings)} warnings" if pdf_warnings else ""))
    rendered["json"] = render_facts(briefing)
    for fmt in formats:
        path = out / OUTPUT_NAMES[fmt]
        write_output(path, rendered[fmt])
        result.outputs[fmt] = path
    done("write", ", ".join(shown_path(p) for p in result.outputs.values()))
    return result


def read_previous_claims(path: Path) -> list[dict[str, Any]]:
    """The claims of an earlier build's facts.json, or a one-line error."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        claims = document["claims"]
        if not isinstance(claims, list):
            raise TypeError("claims is not a list")
    except OSError as exc:
        raise CitationError(f"{path}: cannot read the previous facts.json ({exc.strerror}); "
                            "check the --since path") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise CitationError(f"{path}: not a facts.json with claims ({exc}); pass the facts.json "
                            "of a build made with briefing 0.2 or later") from None
    return [c for c in claims if isinstance(c, dict)]


def verify_facts_file(path: Path, root: Path) -> int:
    """Check every citation in a facts.json: its quote must equal its source's text[start:end].

    Returns the number of citations checked; raises CitationError on the first mismatch.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        sources = {s["id"]: s["path"] for s in document["sources"]}
        encodings = {s["id"]: s.get("encoding", "utf-8") for s in document["sources"]}
        facts = document["facts"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CitationError(f"{path}: not a facts.json this version can read ({exc}); rebuild it") from None
    texts: dict[str, str] = {}
    checked = 0
    for fact in facts:
        for ev in fact.get("evidence", []):
            sid = ev.get("source")
            if sid not in sources:
                raise CitationError(f"{path}: fact {fact.get('id')}: cites unknown source '{sid}'")
            if sid not in texts:
                texts[sid] = read_text(root / sources[sid], sources[sid], encodings[sid])
            text = texts[sid]
            start, end = ev.get("start"), ev.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)) \
                    or text[start:end] != ev.get("quote"):
                raise CitationError(
                    f"{path}: fact {fact.get('id')}: {sources[sid]}[{start}:{end}] does not match its "
                    f"quote; the source changed since the build: run 'briefing build' again")
            checked += 1
    return checked


def verify_judgments(cfg: Config, facts_path: Path) -> None:
    """Every claim a judgment rests on must exist in the built facts.json."""
    ids = {str(c.get("id")) for c in read_previous_claims(facts_path)}
    for judgment in cfg.judgments:
        for claim in judgment.claims:
            if claim not in ids:
                raise CitationError(
                    f"{judgment.where}: rests on claim '{claim}', which {facts_path} does not hold; "
                    "the sources no longer support it: revise the judgment or name a claim id from "
                    "facts.json")

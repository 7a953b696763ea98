"""Render facts.json: the machine-readable contract other tools and tests read."""

from __future__ import annotations

import io
import json
from typing import Any

from ..models import Briefing, Citation, Fact


def _cites(citations: tuple[Citation, ...]) -> list[dict[str, Any]]:
    return [{"source": c.source, "start": c.start, "end": c.end} for c in citations]


def _fact(f: Fact) -> dict[str, Any]:
    return {"id": f.id, "kind": f.kind, "value": f.value, "unit": f.unit,
            "qualifier": f.qualifier, "subject": f.subject, "year": f.year,
            "speaker": f.speaker, "speaker_as_written": f.speaker_as_written, "role": f.role,
            "text": f.text, "start": f.start, "end": f.end,
            "topics": list(f.topics),
            "evidence": [{"source": e.source, "start": e.start, "end": e.end, "quote": e.quote}
                         for e in f.evidence]}


def facts_document(briefing: Briefing, facts: bool = True) -> dict[str, Any]:
    """The facts.json structure (see docs/facts-json.md); no clock, so stable bytes.
    ``facts=False`` leaves the facts list empty (``render_facts`` writes it a fact at a time)."""
    return {
        "title": briefing.title,
        "date": briefing.date.isoformat(),
        "sources": [
            {"id": s.id, "path": s.path, "outlet": s.outlet, "title": s.title,
             "date": s.date.isoformat() if s.date else None, "url": s.url,
             "reliability": s.reliability, "encoding": s.encoding}
            for s in briefing.sources
        ],
        "facts": [_fact(f) for f in briefing.facts] if facts else [],
        "people": [
            {"name": p.name,
             "roles": [{"role": r, "source": c.source, "start": c.start, "end": c.end} for r, c in p.roles],
             "sources": [c.source for c in p.citations]}
            for p in briefing.people
        ],
        "key_facts": [{"id": r.id, "label": r.label, "found": r.found, "facts": list(r.facts),
                        "value": r.best, "confidence": r.confidence}
                      for r in briefing.key_facts],
        "claims": [
            {"id": c.id, "kind": c.kind, "about": c.about, "statement": c.statement.text,
             "statement_sources": _cites(c.statement.citations), "value": c.value,
             "values": [{"value": v.value, "sources": _cites(v.citations), "facts": list(v.facts)}
                        for v in c.values],
             "facts": list(c.facts), "sources": list(c.sources), "independent_sources": c.independent,
             "confidence": c.confidence, "conflict": c.conflict, "notes": list(c.notes),
             "key_fact": c.key_fact, "speaker": c.speaker}
            for c in briefing.claims
        ],
        "confidence_rule": briefing.confidence_rule,
        "source_notes": [
            {"source": n.source, "reliability": n.reliability, "claims": n.claims,
             "unique_claims": n.unique, "facts": n.facts, "junk_removed": dict(n.junk),
             "suspected_errors": list(n.suspected)}
            for n in briefing.source_notes
        ],
        "judgments": [
            {"text": j.text, "confidence": j.confidence, "claims": [c.id for c in j.claims],
             "missing_claims": list(j.missing)}
            for j in briefing.judgments
        ],
        "changes": None if briefing.changes is None else [
            {"kind": c.kind, "claim": c.claim_id, "about": c.about, "before": c.before, "after": c.after}
            for c in briefing.changes
        ],
    }


def render_facts(briefing: Briefing) -> bytes:
    """facts.json: ``json.dumps(facts_document(briefing), ensure_ascii=False, indent=2) + "\\n"``
    in UTF-8, the same bytes, but written a fact at a time, so that a large corpus's facts are
    never all held as dicts and as text at once (a 50 MB article has 125,000 of them)."""
    out = io.BytesIO()
    for i, (key, value) in enumerate(facts_document(briefing, facts=False).items()):
        out.write((",\n  " if i else "{\n  ").encode())
        out.write(f"{_json(key)}: ".encode())
        if key != "facts":
            out.write(_json(value, level=1).encode())
        elif not briefing.facts:
            out.write(b"[]")
        else:
            for n, fact in enumerate(briefing.facts):
                out.write(b",\n    " if n else b"[\n    ")
                out.write(_json(_fact(fact), level=2).encode())
            out.write(b"\n  ]")
    out.write(b"\n}\n")
    return out.getvalue()


def _json(value: Any, level: int = 0) -> str:
    """``value`` as json.dumps(indent=2) writes it ``level`` levels deep. (json escapes every
    newline inside a string, so each newline left is one of its own, to indent.)"""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)

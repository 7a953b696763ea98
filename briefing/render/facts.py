"""Render facts.json: the machine-readable contract other tools and tests read."""

from __future__ import annotations

import json
from typing import Any

from ..models import Briefing


def facts_document(briefing: Briefing) -> dict[str, Any]:
    """The facts.json structure (see docs/facts-json.md); no clock, so stable bytes."""
    return {
        "title": briefing.title,
        "date": briefing.date.isoformat(),
        "sources": [
            {"id": s.id, "path": s.path, "outlet": s.outlet, "title": s.title,
             "date": s.date.isoformat() if s.date else None, "url": s.url}
            for s in briefing.sources
        ],
        "facts": [
            {"id": f.id, "kind": f.kind, "value": f.value, "unit": f.unit,
             "qualifier": f.qualifier, "subject": f.subject, "year": f.year,
             "speaker": f.speaker, "role": f.role, "text": f.text,
             "topics": list(f.topics),
             "evidence": [{"source": e.source, "start": e.start, "end": e.end, "quote": e.quote}
                          for e in f.evidence]}
            for f in briefing.facts
        ],
        "people": [
            {"name": p.name,
             "roles": [{"role": r, "source": c.source, "start": c.start, "end": c.end} for r, c in p.roles],
             "sources": [c.source for c in p.citations]}
            for p in briefing.people
        ],
        "key_facts": [{"id": r.id, "label": r.label, "found": r.found, "facts": list(r.facts),
                        "confidence": r.confidence}
                      for r in briefing.key_facts],
    }


def render_facts(briefing: Briefing) -> str:
    return json.dumps(facts_document(briefing), ensure_ascii=False, indent=2) + "\n"

"""Voices: every attributed quote once, by the speaker's canonical name."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import alias_table
from ..models import Claim, Fact, Voice


def voices(claims: Sequence[Claim], facts: Sequence[Fact],
           aliases: Sequence[tuple[str, Sequence[str]]] = ()) -> tuple[Voice, ...]:
    """Every attributed quote once: one per quote claim, so the same words in several sources
    cite them all. A speaker named by an alias in the config is shown by the canonical name."""
    table = alias_table(aliases)
    # A role given once in an article holds for the speaker's other quotes in it.
    roles: dict[tuple[str, str], str] = {}
    for f in facts:
        if f.kind == "quote" and f.role and f.speaker:
            roles.setdefault((f.evidence[0].source, table.get(f.speaker.lower(), f.speaker)), f.role)
    fact_by_id = {f.id: f for f in facts}
    out = []
    for claim in claims:
        if claim.kind != "quote" or not claim.speaker:
            continue
        first = fact_by_id[claim.facts[0]]
        role = first.role or roles.get((first.evidence[0].source, claim.speaker))
        out.append(Voice(claim.speaker, role, str(first.value), claim.citations))
    return tuple(out)

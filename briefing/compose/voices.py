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


def brief_voices(claims: Sequence[Claim], all_voices: Sequence[Voice], limit: int) -> tuple[Voice, ...]:
    """At most one voice per speaker for the brief, the most significant, and at most ``limit``
    speakers: quotes more sources carry first, then whole sentences over fragments ("politics,
    security, …"), then quotes of a speaker whose role is given, then short enough to read at a
    glance (8 to 40 words), then the order of the sources."""
    quoted = [c for c in claims if c.kind == "quote" and c.speaker]
    best: dict[str, tuple[tuple[float, bool, bool, bool, int], Voice]] = {}
    for order, (claim, voice) in enumerate(zip(quoted, all_voices, strict=True)):
        words = len(voice.quote.split())
        rank = (-claim.independent, not voice.quote[:1].isupper(), voice.role is None,
                not 8 <= words <= 40, order)
        if voice.speaker not in best or rank < best[voice.speaker][0]:
            best[voice.speaker] = (rank, voice)
    ranked = sorted(best.values(), key=lambda item: item[0])
    return tuple(voice for _, voice in ranked[:limit])

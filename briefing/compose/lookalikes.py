"""Words written with look-alike letters of another script ("Lіma" with a Cyrillic і): shown
under Discrepancies, cited, and named in their source's notes.

A planted homoglyph makes a name look right on the page while it escapes the merging of people
and the spelling-variant check. Each source's sentences are scanned once (linear); a word is
reported once however often it appears, with every sentence that holds it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..extract.confusables import mixed_script_words, skeleton
from ..models import Citation, Discrepancy, Source

MAX_SHOWN = 10
"""Words listed under Discrepancies at most (a broken copy can mix scripts in every word)."""


def lookalike_words(sources: Sequence[Source]) -> dict[str, list[Citation]]:
    """Each mixed-script word, in order of first sight, with the sentences that hold it."""
    found: dict[str, list[Citation]] = {}
    for source in sources:
        for sentence in source.sentences:
            for _, _, word in mixed_script_words(sentence.text):
                cites = found.setdefault(word, [])
                if not cites or cites[-1].start != sentence.start or cites[-1].source != source.id:
                    cites.append(Citation(source.id, source.number, sentence.start, sentence.end))
    return found


def lookalike_discrepancies(found: dict[str, list[Citation]]) -> list[Discrepancy]:
    return [Discrepancy(f"Look-alike letters: “{word}” mixes two scripts (reads as “{skeleton(word)}”)",
                        ((word, tuple(cites)),))
            for word, cites in list(found.items())[:MAX_SHOWN]]


def lookalike_notes(found: dict[str, list[Citation]]) -> dict[str, list[str]]:
    """Per source id, its suspected errors: 'writes “Lіma” with look-alike letters (reads as “Lima”)'."""
    notes: dict[str, list[str]] = {}
    for word, cites in found.items():
        for sid in dict.fromkeys(c.source for c in cites):
            notes.setdefault(sid, []).append(f"writes “{word}” with look-alike letters of another script "
                                             f"(reads as “{skeleton(word)}”)")
    return notes

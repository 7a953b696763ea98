"""What every extractor returns: a mention located inside one sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mention:
    """A figure, date or quote found in a piece of text; offsets are into that text."""

    kind: str
    value: float | int | str
    unit: str | None
    qualifier: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    role: str | None = None

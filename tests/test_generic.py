"""The engine is generic; the config is the event."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

# Names and figures of the seed event. None may appear in the engine, not even in a docstring.
SEED_EVENT_TERMS = ["vietnam", "jinping", "hanoi", "beijing", "huong", "wang wenbin", "biden",
                    "175.6", "26 billion", "rare earth", "south china sea", r"\bxi\b"]


@pytest.mark.parametrize("term", SEED_EVENT_TERMS)
def test_engine_does_not_name_the_seed_event(term: str) -> None:
    pattern = re.compile(term if term.startswith("\\") else re.escape(term), re.IGNORECASE)
    hits = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "briefing").rglob("*"))
            if path.is_file() and path.suffix in {".py", ".j2", ".css"}
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if pattern.search(line)]
    assert hits == []


def test_the_engine_files_are_all_looked_at() -> None:
    files = [p for p in (ROOT / "briefing").rglob("*") if p.suffix in {".py", ".j2", ".css"}]
    assert len(files) > 15 and any(Path(p).suffix == ".j2" for p in files)

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


# A corpus on another subject, built end to end with its own config.

ELECTION = Path(__file__).resolve().parent / "fixtures" / "election" / "config.yaml"


@pytest.fixture(scope="module")
def election(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from briefing.config import load_config
    from briefing.pipeline import build

    out = tmp_path_factory.mktemp("election")
    return build(load_config(ELECTION), out), out


def test_other_subject_key_facts(election) -> None:  # type: ignore[no-untyped-def]
    result, _ = election
    rows = {r.id: r for r in result.briefing.key_facts}
    shown = {key: [(v, [c.number for c in cs]) for v, cs in row.values] for key, row in rows.items()}
    assert shown["seats"] == [("52 seats", [1, 2, 3])]
    # Different years are not a disagreement; different figures for one promise are.
    assert shown["turnout"] == [("68%", [1, 2]), ("61% (2020)", [1])] and not rows["turnout"].conflict
    assert shown["health"] == [("$1.2 billion", [1]), ("$1.4 billion", [2])] and rows["health"].conflict
    assert not rows["coalition"].found


def test_other_subject_voices(election) -> None:  # type: ignore[no-untyped-def]
    result, _ = election
    voices = [(v.speaker, v.quote) for v in result.briefing.voices]
    assert ("Marta Oyelaran", "This is a mandate for change") in voices  # "she said"
    assert ("Piet Vantongeren", "We heard the voters") in voices
    assert all("hospital vote" not in quote for _, quote in voices)  # a scare quote


def test_other_subject_pdf(election) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    result, out = election
    assert result.warnings == []
    reader = PdfReader(out / "briefing.pdf")
    assert round(float(reader.pages[0].mediabox.width)) == 612  # paper: Letter
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "$1.2 billion [1]; $1.4 billion [2] — sources differ" in text
    assert "Coalition partners not found in sources" in text
    assert "Discrepancies Health spending promised: $1.2 billion [1]; $1.4 billion [2]" in text
    assert "One person spelled two ways? Piet Vantongeran / Piet Vantongeren" in text
    assert "Advertisement" not in text and "icon-facebook" not in text

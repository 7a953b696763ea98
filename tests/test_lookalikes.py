"""A name written with look-alike letters of another script is flagged, cited, under
Discrepancies and in its source's notes; real names in one script (with or without accents,
in Latin or Cyrillic) are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.extract.confusables import mixed_script_words, skeleton
from briefing.pipeline import build


@pytest.mark.parametrize(("text", "words"), [
    ("Later Ana L\u0456ma said the deal was done.", ["L\u0456ma"]),          # Cyrillic і
    ("The premier M\u0430rk Rutte spoke.", ["M\u0430rk"]),                    # Cyrillic а
    ("\u0391lexis Tsipras (Greek capital alpha) spoke.", ["\u0391lexis"]),
    ("Đỗ Mười, Müller, São Paulo and naïve café stay.", []),
    ("Владимир Путин and Ελλάδα are written in one script each.", []),
    ("Plain ASCII text with numbers 12 and words.", []),
])
def test_mixed_script_words(text: str, words: list[str]) -> None:
    assert [w for _, _, w in mixed_script_words(text)] == words


def test_skeleton_reads_as_latin() -> None:
    assert skeleton("L\u0456ma") == "Lima" and skeleton("\u0391lexis") == "Alexis"


def test_a_homoglyph_name_is_a_cited_discrepancy_and_a_source_note(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Port Deal Agreed\n\nThe minister Ana Lima said the port would open. "
                                    "Later Ana L\u0456ma said the deal was worth $5 million.\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text("title: T\ndate: 2024-01-01\nsources:\n  - path: a.txt\n",
                                          encoding="utf-8")
    result = build(load_config(tmp_path / "config.yaml"), tmp_path / "out", ["md"])
    found = [d for d in result.briefing.discrepancies if "Look-alike" in d.label]
    assert len(found) == 1 and "L\u0456ma" in found[0].label and "“Lima”" in found[0].label
    (word, cites), = found[0].versions
    text = result.briefing.sources[0].text
    assert word == "L\u0456ma" and "L\u0456ma" in text[cites[0].start:cites[0].end]
    note = result.briefing.source_notes[0]
    assert any("L\u0456ma" in s and "look-alike" in s for s in note.suspected)
    md = (tmp_path / "out" / "briefing.md").read_text(encoding="utf-8")
    assert "Look-alike letters" in md

"""subject_of / year_of: what a figure measures, on seed sentences and other news forms."""

from __future__ import annotations

import pytest

from briefing.extract import extract_mentions
from briefing.extract.subject import subject_of, year_of


@pytest.mark.parametrize(
    ("sentence", "figure", "subject", "year"),
    [
        ("Bilateral trade between the two countries reached $175.6 billion in 2022, with China being "
         "a major source of imports for Vietnam.", "$175.6 billion", "Bilateral trade", 2022),
        ("China has made significant investments in Vietnam, with over $26 billion deployed across "
         "more than 4,000 active projects.", "more than 4,000 active projects", "active projects", None),
        ("The paper stated that China’s imports increased from 9% of total imports in 1994 to "
         "approximately 40% in 2022.", "9%", "total imports", 1994),
        ("Although the United States received nearly a quarter of Vietnam’s exports, the country "
         "imported more from China.", "nearly a quarter", "Vietnam’s exports", None),
        ("Turnout rose to 62 percent.", "62 percent", "Turnout", None),
        ("The government approved a $2 billion loan to the utility.", "$2 billion", "loan", None),
        ("It pledged $5 million in aid for the region in 2021.", "$5 million", "aid", 2021),
        ("Revenue was $3.4 billion in 2023, up from $2.9 billion.", "$3.4 billion", "Revenue", 2023),
        # No plain pattern says what these measure: left empty, never guessed.
        ("Revenue was $3.4 billion in 2023, up from $2.9 billion.", "$2.9 billion", None, None),
        ("The company, valued at $40m, employs staff.", "$40m", None, None),
    ],
)
def test_subject_and_year(sentence: str, figure: str, subject: str | None, year: int | None) -> None:
    (m,) = [m for m in extract_mentions(sentence) if m.text == figure]
    assert subject_of(m.kind, sentence, m.start, m.end) == subject
    assert year_of(sentence, m.start, m.end) == year

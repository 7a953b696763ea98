"""extract_count, extract_percent, extract_duration: seed sentences and hard cases."""

from __future__ import annotations

import pytest

from briefing.extract import extract_count, extract_duration, extract_percent


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("More than 30 agreements were signed between the two countries, including a commitment to "
         "develop rail links connecting Vietnam and China.",
         [("More than 30 agreements", 30, "agreements", "more_than")]),
        ("The neighboring countries announced 37 deals on Tuesday, including agreements on railways "
         "and telecommunications, according to Reuters.",
         [("37 deals", 37, "deals", "exact")]),
        ("China has made significant investments in Vietnam, with over $26 billion deployed across "
         "more than 4,000 active projects.",
         [("more than 4,000 active projects", 4000, "projects", "more_than")]),
        ("Three ministers and twenty-five officials attended.",
         [("Three ministers", 3, "ministers", "exact"), ("twenty-five officials", 25, "officials", "exact")]),
        ("The company employs about 1,200 people.", [("about 1,200 people", 1200, "people", "about")]),
        ("Officials signed a dozen memorandums.", [("a dozen memorandums", 12, "memorandums", "exact")]),
        # A part of a set is a count too; the set itself ("the 90 seats") is a reference.
        ("The Harbour Party won 52 of the 90 seats in parliament.",
         [("52 of the 90 seats", 52, "seats", "exact")]),
        ("Two of the ministers declined to comment.", [("Two of the ministers", 2, "ministers", "exact")]),
        ("The UN appealed to help about 4.5 million people.",
         [("about 4.5 million people", 4_500_000, "people", "about")]),
        ("The drug could prevent tens of thousands of deaths a year.",
         [("tens of thousands of deaths", 20_000, "deaths", "at_least")]),
        ("It will need the support of two dozen independent members.",
         [("two dozen independent members", 24, "members", "exact")]),
        ("She added that the company would keep all three ports open.",
         [("three ports", 3, "ports", "exact")]),
    ],
)
def test_extract_count(sentence: str, expected: list[tuple[str, float, str, str]]) -> None:
    assert [(m.text, m.value, m.unit, m.qualifier) for m in extract_count(sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # "the two countries" refers to them; it does not count anything new.
        "Bilateral trade between the two countries reached $175.6 billion in 2022.",
        "It is the first visit in 2023 by a Chinese leader.",
        "One of the ministers declined to comment.",
        "The second round of talks begins on Friday.",
        "Japan said it would send 40 tonnes of supplies.",  # a measure, not a count
        "Work on Line 2 and Line 5 extensions will begin in 2025.",  # names
    ],
)
def test_no_count(sentence: str) -> None:
    assert extract_count(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The paper stated that China’s imports increased from 9% of total imports in 1994 to "
         "approximately 40% in 2022.",
         [("9%", 9, "exact"), ("approximately 40%", 40, "about")]),
        ("Although the United States received nearly a quarter of Vietnam’s exports, the country "
         "imported more from China, according to the newspaper.",
         [("nearly a quarter", 25, "about")]),
        ("Turnout rose to 62 percent.", [("62 percent", 62, "exact")]),
        ("Prices fell 12.5 per cent last year.", [("12.5 per cent", 12.5, "exact")]),
        ("More than half of voters agreed.", [("More than half", 50, "more_than")]),
        ("Exports are expected to rise by nearly a third.", [("nearly a third", 33.33, "about")]),
        ("Two members voted for a cut of a quarter of a percentage point.",
         [("a quarter of a percentage point", 0.25, "exact")]),
        ("Ridership had fallen by a fifth since COVID-19.", [("a fifth", 20, "about")]),
        ("He left half an hour later.", []),
    ],
)
def test_extract_percent(sentence: str, expected: list[tuple[str, float, str]]) -> None:
    assert [(m.text, m.value, m.qualifier) for m in extract_percent(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("China and Vietnam have a border in common, but Xi’s two-day trip will be his first visit "
         "to the country in six years.",
         [("two-day", 2, "days", "exact"), ("six years", 6, "years", "exact")]),
        ("Additionally, the Chinese president’s trip, his third since becoming general secretary of "
         "the Communist party over a decade ago, aimed to counter the strengthening ties.",
         [("over a decade", 1, "decades", "more_than")]),
        ("China and Vietnam have had a comprehensive strategic partnership for 15 years.",
         [("15 years", 15, "years", "exact")]),
        ("The review will take 18 months.", [("18 months", 18, "months", "exact")]),
        ("These are the strongest results we have seen in a decade.", [("a decade", 1, "decades", "exact")]),
        ("The government's 10-year bond yield fell to 3.9%.", []),  # the bond's name
        ("Trade was up from $41 billion a year earlier.", []),
    ],
)
def test_extract_duration(sentence: str, expected: list[tuple[str, float, str, str]]) -> None:
    assert [(m.text, m.value, m.unit, m.qualifier) for m in extract_duration(sentence)] == expected


def test_no_duration_in_a_date() -> None:
    assert extract_duration("The talks were held on 12 December 2023.") == []

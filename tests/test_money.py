"""extract_money: real sentences from the seed articles, and the forms news writes money in."""

from __future__ import annotations

import pytest

from briefing.extract import extract_money


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # From the seeds.
        ("Bilateral trade between the two countries reached $175.6 billion in 2022, with China "
         "being a major source of imports for Vietnam.",
         [("$175.6 billion", 175_600_000_000, "USD", "exact")]),
        ("China has made significant investments in Vietnam, with over $26 billion deployed across "
         "more than 4,000 active projects.",
         [("over $26 billion", 26_000_000_000, "USD", "more_than")]),
        # Other forms.
        ("The fund will receive US$2 million next year.", [("US$2 million", 2_000_000, "USD", "exact")]),
        ("The deal is worth €1.2bn.", [("€1.2bn", 1_200_000_000, "EUR", "exact")]),
        ("It paid £350,000 for the site.", [("£350,000", 350_000, "GBP", "exact")]),
        ("Nearly $3 trillion was wiped off markets.", [("Nearly $3 trillion", 3e12, "USD", "about")]),
        ("Losses of 40 million euros were reported.", [("40 million euros", 40_000_000, "EUR", "exact")]),
        ("The project costs between $5-7 billion.", [("$5-7 billion", 5_000_000_000, "USD", "at_least")]),
        ("Aid of up to $500 million was promised.", [("up to $500 million", 500_000_000, "USD", "up_to")]),
        ("The budget is USD 12 billion.", [("USD 12 billion", 12_000_000_000, "USD", "exact")]),
        ("Analysts put annual savings at between $40 million and $60 million.",
         [("between $40 million and $60 million", 40_000_000, "USD", "at_least")]),
        ("The city approved a 1.5 trillion won transport budget.",
         [("1.5 trillion won", 1.5e12, "KRW", "exact")]),
        ("About ¥2 trillion of funding will go to the rail link.",
         [("About ¥2 trillion", 2e12, "JPY", "about")]),
        ("They raised $10m and then $4.5bn.",
         [("$10m", 10_000_000, "USD", "exact"), ("$4.5bn", 4_500_000_000, "USD", "exact")]),
        # Hundredths, as results and bids are written.
        ("The carrier earned 37 cents a share.", [("37 cents", 0.37, "USD", "exact")]),
        ("The bidder raised its offer to 415p per share.", [("415p", 4.15, "GBP", "exact")]),
        ("The board said it is worth more than 500 pence per share.",
         [("more than 500 pence", 5.0, "GBP", "more_than")]),
    ],
)
def test_extract_money(sentence: str, expected: list[tuple[str, float, str, str]]) -> None:
    found = [(m.text, m.value, m.unit, m.qualifier) for m in extract_money(sentence)]
    assert found == expected
    for m in extract_money(sentence):
        assert sentence[m.start:m.end] == m.text


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 30 agreements were signed between the two countries.",
        "China’s imports increased from 9% of total imports in 1994 to approximately 40% in 2022.",
        "The neighboring countries announced 37 deals on Tuesday.",
        "He met 2 million people in 2019.",
        "It is his third visit in six years.",
        "Use the code M5 at checkout.",
    ],
)
def test_no_money(sentence: str) -> None:
    assert extract_money(sentence) == []


def test_a_figure_of_hundreds_of_digits_is_no_fact() -> None:
    from briefing.extract import extract_mentions
    digits = "1" * 400
    text = f"It paid ${digits}, {digits} ferries, {digits}% more and {digits}p per share."
    assert extract_mentions(text) == []

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
        # A maker or a model between the number and the noun (issue 12).
        ("The carrier ordered 40 Airbus A320neo aircraft and 12 Siemens SD-160 trams.",
         [("40 Airbus A320neo aircraft", 40, "aircraft", "exact"), ("12 Siemens SD-160 trams", 12, "trams", "exact")]),
        ("The lessor bought six 737-800s, two 777-300ERs and two 787 Dreamliners.",
         [("six 737-800s", 6, "737-800s", "exact"), ("two 777-300ERs", 2, "777-300ers", "exact"),
          ("two 787 Dreamliners", 2, "dreamliners", "exact")]),
        ("The resort will create 300 permanent and seasonal jobs.",
         [("300 permanent and seasonal jobs", 300, "jobs", "exact")]),
        ("The brewer will close its three plants in the north.", [("three plants", 3, "plants", "exact")]),
        ("Qatar plans to build six LNG terminals.", [("six LNG terminals", 6, "terminals", "exact")]),
        ("Boeing won orders for 14 of its passenger and cargo planes.",
         [("14 of its passenger and cargo planes", 14, "planes", "exact")]),
        ("The lessor has 52 of the long-range, fuel-efficient jets on order.",
         [("52 of the long-range, fuel-efficient jets", 52, "jets", "exact")]),
        ("The six people aboard the aircraft were flying to Atlanta.", [("six people", 6, "people", "exact")]),
        ("At least one witness saw the landing gear up.", [("At least one witness", 1, "witness", "at_least")]),
        ("The toll rose after the agency reported seven missing and two injured.",
         [("seven missing", 7, "people", "exact"), ("two injured", 2, "people", "exact")]),
        ("The death toll from the typhoon has risen to 18.", [("18", 18, "deaths", "exact")]),
        ("There were 18,900 patients on the list in March, up from 18,250 in January.",
         [("18,900 patients", 18900, "patients", "exact"), ("18,250", 18250, "patients", "exact")]),
        ("The group will hire a further 200 engineers.", [("200 engineers", 200, "engineers", "exact")]),
        # A number between stops the phrase; a word for what happened to people may be an adjective.
        ("The dealer sold 40 red and 50 blue cars.", [("50 blue cars", 50, "cars", "exact")]),
        ("Police found 4 missing documents.", [("4 missing documents", 4, "documents", "exact")]),
        ("The firm cut 300 jobs in March and a further 200 in June.",
         [("300 jobs", 300, "jobs", "exact"), ("200", 200, "jobs", "exact")]),
        ("The outbreak has infected 53 people and killed three, officials said.",
         [("53 people", 53, "people", "exact"), ("three", 3, "people", "exact")]),
        ("The yard has orders for 19 vessels, including 7 LNGCs, 5 PCTC, and 3 bulk ships.",
         [("19 vessels", 19, "vessels", "exact"), ("7 LNGCs", 7, "lngcs", "exact"),
          ("3 bulk ships", 3, "ships", "exact")]),
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
        "The two rival parties agreed to talk.",  # a known pair
        "The bloc's two biggest members objected.",  # a known set
        "The drug treats type 2 diabetes patients.",  # a name with a number
        "All three had prior health problems.",  # a verb, not a noun, follows
        "It was the first sale of 787 Dreamliners at the show.",  # a model's number
        "The carrier earned 37 cents a share.",  # money
        "Output is around 12 MW, and new turbines are on order.",
        "Talks resumed on 12 December officials said.",  # a date before a noun
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
        # Basis points are hundredths of a percentage point; a range is read from its lower bound.
        ("The bank raised its rate by 50 basis points to 3.40 percent.",
         [("50 basis points", 0.5, "exact"), ("3.40 percent", 3.4, "exact")]),
        ("Inflation should return to the 2–3 per cent range.", [("2–3 per cent", 2, "at_least")]),
        ("It targets 20-25 percent of capacity from wind.", [("20-25 percent", 20, "at_least")]),
        # A "range" that falls is a year and a figure, not a range.
        ("Imports rose from 9% of trade in 1994 to 40% in 2022.", [("9%", 9, "exact"), ("40%", 40, "exact")]),
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
        # A range from its lower bound; an age is not a length of time.
        ("Growth should stay slow over the next one to two years.",
         [("one to two years", 1, "years", "at_least")]),
        ("The three were 58, 64 and 81 years old.", []),
        ("A tenth of the fleet is older than 25 years.", []),
    ],
)
def test_extract_duration(sentence: str, expected: list[tuple[str, float, str, str]]) -> None:
    assert [(m.text, m.value, m.unit, m.qualifier) for m in extract_duration(sentence)] == expected


def test_no_duration_in_a_date() -> None:
    assert extract_duration("The talks were held on 12 December 2023.") == []

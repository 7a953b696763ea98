"""extract_dates: absolute dates, months, years, and weekdays resolved against publication."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.extract import extract_dates
from briefing.extract.dates import unresolved_dates

PUBLISHED = dt.date(2023, 12, 12)  # a Tuesday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("China’s President Xi Jinping began a state visit to Vietnam on Tuesday, praising the "
         "security and commercial relations between the two countries.",
         [("Tuesday", "2023-12-12")]),
        ("He is scheduled to depart Hanoi on Wednesday.", [("Wednesday", "2023-12-13")]),
        ("Vietnam and China agreed on Nov. 30 to hold talks.", [("Nov. 30", "2023-11-30")]),
        ("HANOI, Dec. 12, 2023 — The visit opened.", [("Dec. 12, 2023", "2023-12-12")]),
        ("In September, US President Joe Biden visited Vietnam.", [("September", "2023-09")]),
        ("Bilateral trade reached $175.6 billion in 2022, with China a major source of imports.",
         [("2022", "2022")]),
        ("The talks were held on 12 December 2023.", [("12 December 2023", "2023-12-12")]),
        ("The visit follows President Joe Biden’s September visit.", [("September", "2023-09")]),
        ("The July talks failed.", [("July", "2023-07")]),
        # A month with no year is the last one, or the next one when the clause speaks of the future.
        ("Funding, announced in February, will go to the rail link.", [("February", "2023-02")]),
        ("Markets expect the first cut in June.", [("June", "2024-06")]),
        ("Approval is expected by the end of January.", [("January", "2024-01")]),
        ("Turnout was high in Sunday’s election.", [("Sunday", "2023-12-10")]),
        ("The two sides last met on Monday, March 4.", [("March 4", "2023-03-04")]),
        # Relative to the publication date.
        ("State media reported last month that the firm was looking for partners.",
         [("last month", "2023-11")]),
        ("The budget is 12.5% larger than last year's.", [("last year", "2022")]),
        ("The line will open next year.", [("next year", "2024")]),
        ("The minister resigned three weeks ago.", [("three weeks ago", "2023-11-21")]),
        ("Talks collapsed yesterday.", [("yesterday", "2023-12-11")]),
        ("The plant closed two years ago.", [("two years ago", "2021")]),
        # "We will start on Tuesday", said on a Tuesday, is the next one; "met on Tuesday" today.
        ("We will start on Tuesday.", [("Tuesday", "2023-12-19")]),
        ("The leaders met on Tuesday.", [("Tuesday", "2023-12-12")]),
        # Issue 12: a weekday with no "on" ("said Tuesday", "late Monday"); the one before
        # publication in a clause in the past; a weekday that is part of a name is no date.
        ("Airbus said Thursday that it had won the order.", [("Thursday", "2023-12-07")]),
        ("The storm, which struck late Monday, cut power to 40 towns.", [("Monday", "2023-12-11")]),
        ("The pact was signed on Friday.", [("Friday", "2023-12-08")]),
        ("Voters turned out on Super Tuesday.", []),
        ("The Sunday Times reported the talks.", []),
        ("The board met on Friday 8 and again today.", [("Friday 8", "2023-12-08")]),
        ("On Friday 12 workers were hurt.", [("Friday", "2023-12-15")]),  # a count, not a day
        ("The vote is scheduled for Friday.", [("Friday", "2023-12-15")]),
        ("The leaders will meet on Sunday.", [("Sunday", "2023-12-17")]),  # not the one past
        # A bare month: the next one in a clause about the future, the last one after "since",
        # whatever the rest of the sentence says; "than expected" is no future.
        ("He could face prison when he is sentenced in January.", [("January", "2024-01")]),
        ("Sentencing is scheduled for Jan. 6.", [("Jan. 6", "2024-01-06")]),
        ("It was the first cut since May, as was widely expected.", [("May", "2023-05")]),
        ("Payrolls grew more than expected in November.", [("November", "2023-11")]),
        ("The strike began in mid-September.", [("September", "2023-09")]),
        # Relative to another event, or only a week: not on a calendar.
        ("Two days before the visit, the ministers met.", []),
        ("Talks last week failed.", []),
    ],
)
def test_extract_dates(sentence: str, expected: list[tuple[str, str]]) -> None:
    found = extract_dates(sentence, PUBLISHED)
    assert [(m.text.strip(), m.value) for m in found] == expected
    for m in found:
        assert sentence[m.start:m.end] == m.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Bilateral trade reached $175.6 billion, up 2.5 percent.",
        "The company sold 2,020 units.",
        "May we expect more agreements?",
        "The May Day parade passed.",  # "May" before a capital is a name, not a month
    ],
)
def test_no_dates(sentence: str) -> None:
    assert extract_dates(sentence, PUBLISHED) == []


def test_weekday_without_publication_date_is_not_guessed() -> None:
    assert extract_dates("The talks began on Tuesday.", None) == []


@pytest.mark.parametrize(
    ("sentence", "published", "left_out"),
    [
        ("Two days before the visit, the ministers met.", PUBLISHED, ["Two days before"]),
        ("It comes three months after the summit.", PUBLISHED, ["three months after"]),
        ("Talks last week failed.", PUBLISHED, ["last week"]),
        ("State media reported last month that talks had begun.", PUBLISHED, []),
        # With no publication date nothing relative can be resolved.
        ("State media reported last month that talks had begun.", None, ["last month"]),
        ("The leaders met on Tuesday in September.", None, ["on Tuesday", "September"]),
    ],
)
def test_unresolved_dates_are_listed(sentence: str, published: dt.date | None, left_out: list[str]) -> None:
    assert unresolved_dates(sentence, published) == left_out
    if published is None:
        assert extract_dates(sentence, None) == []  # and none of them is guessed

"""Dates: "Dec. 12, 2023", "Nov. 30", "in September", "in 2017", and relative dates resolved
against the article's publication date ("on Tuesday" is the Tuesday nearest that date; "last
month", "this year", "three weeks ago", "yesterday"). Dates relative to another event ("two days
before the vote") cannot be put on a calendar: ``unresolved_dates`` lists them."""

from __future__ import annotations

import datetime as dt
import re

from .base import Mention
from .patterns import any_word, words_of

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
          "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
          r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?")
DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})(?:,?\s+(?P<year>\d{{4}})\b)?")
# "in September", and "the minister’s September visit" / "the July talks" (a month before a noun).
MONTH_ONLY = re.compile(
    rf"(?:\b(?i:in|since|by|during|until|from|early|late|last|next|this|before|after|"
    rf"(?:end|start|beginning|middle|rest)\s+of)\s+|\b(?i:mid)-\s*"
    rf"|(?:[’']s|\b(?i:the|its|his|her|their))\s+(?=(?!May\b){_FULL_MONTH}\s+[a-z]))"
    rf"(?P<month>{_FULL_MONTH})\b(?:\s+(?P<year>\d{{4}})\b)?")
# A year not inside a word or figure: (?<![\w$€£¥.,-])(?P<year>(?:19|20)\d\d)(?!…), with the look-behind
# after "19"/"20" so that re skips ahead to those digits (see patterns.py).
YEAR = re.compile(r"(?P<year>(?:19|20)(?<![\w$€£¥.,-]..)\d\d)(?![\w%-]|[.,]\d|\s+(?:percent|per cent))")
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# "on Tuesday", and "Sunday’s election".
# "said Tuesday", "a news conference Monday", "late Monday": a capitalised weekday on its own too,
# unless it is part of a name ("Super Tuesday", "the Sunday Times", "Good Friday").
WEEKDAY = re.compile(rf"\b(?i:on|last|next|this|since|by|until|from)\s+(?P<wd>{_WEEKDAYS})\b"
                     rf"|\b(?P<wd2>{_WEEKDAYS})(?=[’']s\b)"
                     rf"|(?<![A-Z][\w’'-]\s)(?<![A-Z][\w’'-]{{2}}\s)(?<![A-Z][\w’'-]{{3}}\s)(?<![A-Z][\w’'-]{{4}}\s)"
                     rf"(?<![A-Z][\w’'-]{{5}}\s)(?<![A-Z][\w’'-]{{6}}\s)\b(?P<wd3>{_WEEKDAYS})\b(?!\s+[A-Z])")


# Relative to the publication date: "last month", "this year", "three weeks ago", "yesterday".
_COUNT = r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
RELATIVE_PERIOD = re.compile(r"\b(?P<which>last|next|this|earlier this|later this)\s+(?P<period>month|year)\b", re.I)
AGO = re.compile(rf"\b{_COUNT}\s+(?P<period>day|week|month|year)s?\s+ago\b", re.I)
NEXT_DAY = re.compile(r"\b(?P<word>yesterday|tomorrow)\b", re.I)
# Relative to some other event ("two days before the vote"), or only a week: not a calendar date.
UNRESOLVABLE = re.compile(
    rf"\b{_COUNT}\s+(?:days?|weeks?|months?|years?)\s+(?:before|after|earlier|later|prior)\b"
    r"|\b(?:the\s+)?(?:day|week|month)\s+(?:before|after)\b|\b(?:last|next|this)\s+week\b", re.I)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _relative(m: re.Match[str], published: dt.date) -> tuple[str, str] | None:
    """(ISO value, unit) of a relative date, or None when it names no calendar period."""
    groups = m.groupdict()
    if groups.get("word"):
        return (published + dt.timedelta(days=-1 if groups["word"].lower() == "yesterday" else 1)).isoformat(), "day"
    period = groups["period"].lower()
    if groups.get("n"):
        n = int(groups["n"]) if groups["n"].isdigit() else _SMALL[groups["n"].lower()]
        if period in ("day", "week"):
            return (published - dt.timedelta(days=n * (7 if period == "week" else 1))).isoformat(), "day"
        if period == "month":
            year, month = _shift_month(published, -n)
            return f"{year:04d}-{month:02d}", "month"
        return f"{published.year - n:04d}", "year"
    step = {"last": -1, "next": 1}.get(groups["which"].lower(), 0)
    if period == "month":
        year, month = _shift_month(published, step)
        return f"{year:04d}-{month:02d}", "month"
    return f"{published.year + step:04d}", "year"


def unresolved_dates(text: str, published: dt.date | None = None) -> list[str]:
    """Date expressions in a sentence that cannot be put on a calendar: relative to another event
    ("two days before the vote"), a week, or relative to a publication date that is not known."""
    left = [m.group() for m in UNRESOLVABLE.finditer(text)]
    if published is None:
        for rx in (RELATIVE_PERIOD, AGO, NEXT_DAY, WEEKDAY):
            left += [m.group() for m in rx.finditer(text)]
        left += [m.group("month") for m in MONTH_ONLY.finditer(text) if not m.group("year")]
    return left


_MONTH_HINT = re.compile(any_word(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                    "Dec"], whole=False))  # \b(?:Jan|Feb|…), scanned fast
_DIGIT = re.compile(r"\d")
# A match of each of these patterns holds one of its words (in lower case).
_WORDS_OF = ((AGO, frozenset(["ago"])), (RELATIVE_PERIOD, frozenset(["month", "year"])),
             (NEXT_DAY, frozenset(["yesterday", "tomorrow"])))
_WEEKDAY_WORDS = frozenset(WEEKDAYS)
_FULL_MONTH_WORDS = frozenset(_FULL_MONTH.strip("(?:)").lower().split("|"))


def _month(word: str) -> int:
    return MONTHS[word[:3].lower()]


def _year_for(month: int, day: int, published: dt.date | None, future: bool = False) -> int | None:
    """The year of a date given without one: the one that puts it nearest before publication, or
    (in a clause about the future: "sentencing is scheduled for Jan. 6") the next one after."""
    if published is None:
        return None
    year = published.year
    try:
        candidate = dt.date(year, month, min(day, 28))
    except ValueError:
        return None
    if future:
        return year if candidate >= published - dt.timedelta(days=7) else year + 1
    if (candidate - published).days > 60:
        year -= 1
    return year


# Words that put a bare month ahead of the publication date: "expected by the end of June".
FUTURE = re.compile(r"\b(?:will|shall|(?-i:would)|expects?|expecting|(?:is|are)\s+expected|(?<!than\s)expected\s+(?:to|in|by)|plans?|planned|"
                    r"due\s+(?:to\s+be|in|on|by)|scheduled|forecasts?|aims?|intends?|next|upcoming|"
                    r"by the end of|(?:is|are)\s+(?:going|set)\s+to|(?-i:could|might)|when\s+\w+\s+(?:is|are)\s+\w+ed)\b", re.I)
# A month after these is in the past whatever the clause says: "the first cut since May".
PAST_MONTH = re.compile(r"\b(?:since|last|earlier|in early|in late)\s+$", re.I)


# A weekday in a clause about the future is the next one, not the nearest.
FUTURE_WEEKDAY = re.compile(r"\b(?:will|shall|is\s+to|are\s+to|plans?\s+to|(?:is|are)\s+(?:due|expected|set|going|scheduled|slated)\s+(?:to|for)|"
                            r"due\s+on|scheduled\s+for|set\s+for)\b", re.I)


CLAUSE_REACH = 200
"""How far a clause is read each side of a date: a bound, so each date costs the same however
long the sentence."""


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a span: "…, announced in May, will go…" -> " announced in May"."""
    left = _clause_start(text, start)
    stop = min(len(text), end + CLAUSE_REACH)
    ends = [i for i in (text.find(",", end, stop), text.find(";", end, stop)) if i >= 0]
    return text[left:min(ends) if ends else stop]


def _year_of_month(month: int, published: dt.date | None, sentence: str) -> int | None:
    """A month with no year: the latest one up to publication, or the next one when the
    sentence speaks of the future ("in May" said in March is last May; "expects a cut in
    June" is this June)."""
    if published is None:
        return None
    if FUTURE.search(sentence):
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


# Publication dates against which relative dates can be placed: a year short of the ends of
# Python's calendar (years 1 and 9999), so "next year" or "a week ago" never leaves it.
PLACEABLE = (dt.date(2, 1, 1), dt.date(9998, 12, 31))


def extract_dates(text: str, published: dt.date | None = None) -> list[Mention]:
    """Find every date in a sentence that can be pinned to a calendar day, month or year."""
    if published is not None and not PLACEABLE[0] <= published <= PLACEABLE[1]:
        published = None  # a year from the calendar's ends, "next year" or "last week" has no date
    # Cheap first tests: most sentences name no month, no weekday and no year.
    has_month = _MONTH_HINT.search(text) is not None
    has_digit = _DIGIT.search(text) is not None
    words = words_of(text) if published is not None or has_month else frozenset()
    relative = [rx for rx, needs in _WORDS_OF if not needs.isdisjoint(words)] if published is not None else []
    weekday = published is not None and not _WEEKDAY_WORDS.isdisjoint(words)
    if not (has_month or has_digit or relative or weekday):
        return []
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(m: re.Match[str], value: str, unit: str) -> None:
        taken.append((m.start(), m.end()))
        out.append(Mention("date", value, unit, "exact", m.start(), m.end(), m.group()))

    for rx in (MONTH_DAY, DAY_MONTH) if has_month and has_digit else ():
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            month, day = _month(m.group("month")), int(m.group("day"))
            year = int(m.group("year")) if m.group("year") else _year_for(
                month, day, published, FUTURE.search(_clause(text, m.start(), m.end())) is not None)
            if year is None:
                continue
            try:
                when = dt.date(year, month, day)
            except ValueError:
                continue
            add(m, when.isoformat(), "day")
    for m in MONTH_ONLY.finditer(text) if has_month and not _FULL_MONTH_WORDS.isdisjoint(words) else ():
        start = m.start("month")
        if not free(start, m.end()):
            continue
        month = _month(m.group("month"))
        clause = "" if PAST_MONTH.search(text, max(0, start - 24), start) else _clause(text, start, m.end())
        year = int(m.group("year")) if m.group("year") else _year_of_month(month, published, clause)
        if year is None:
            continue
        taken.append((start, m.end()))
        out.append(Mention("date", f"{year:04d}-{month:02d}", "month", "exact", start, m.end(),
                           text[start:m.end()]))
    for m in YEAR.finditer(text) if has_digit else ():
        if free(m.start(), m.end()):
            add(m, m.group("year"), "year")
    if published is not None:
        for rx in relative:
            for m in rx.finditer(text):
                resolved = _relative(m, published)
                if resolved and free(m.start(), m.end()):
                    add(m, *resolved)
        for m in WEEKDAY.finditer(text) if weekday else ():
            if any(0 <= a - m.end() <= 2 for a, _ in taken):
                continue  # "on Monday, March 4": the date that follows says which Monday
            group = "wd" if m.group("wd") else "wd2" if m.group("wd2") else "wd3"
            start, end = m.start(group), m.end(group)
            if not free(start, end):
                continue
            target = WEEKDAYS.index(m.group(group).lower())
            if group == "wd3" and _SENTENCE_OPENING_NAME.match(text, end):
                continue  # "Sunday Times": a name that opens the sentence
            numbered = _DAY_AFTER.match(text, end)
            on_day = _weekday_numbered(target, int(numbered.group(1)), published) if numbered else None
            if on_day is None:  # "Friday 16" is no recent day: "Friday" alone
                numbered = None
                on_day = published + dt.timedelta(days=_weekday_delta(
                    target, published, text[_clause_start(text, start):start]))
            if numbered:
                end = numbered.end()
            taken.append((start, end))
            out.append(Mention("date", on_day.isoformat(), "day", "exact", start, end, text[start:end]))
    return sorted(out, key=lambda x: x.start)


_SENTENCE_OPENING_NAME = re.compile(r"\s+[A-Z]")
# "Friday 16": a day of the month after a weekday; not "Friday 12 workers", a count.
_DAY_AFTER = re.compile(r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:%|[,.]\d))(?!\s+[a-z]+s\b)")
# A weekday in a past-tense clause is the one before publication: "signed on Thursday", "said
# Tuesday" (a verb in the past just before it, or "last").
PAST_WEEKDAY = re.compile(r"\b(?:said|told|met|won|began|spoke|took|made|held|last|announced|signed|agreed|"
                          r"approved|reported|confirmed|killed|died|opened|closed|ended|started|launched|"
                          r"voted|arrived|visited|attacked|struck|hit|fell|rose|sank|saw|broke|left|gave|"
                          r"sent|was|were|had|came|went)\b[^,;]{0,40}$")


def _clause_start(text: str, at: int) -> int:
    """Where the clause holding ``at`` starts: after the last comma or semicolon before it, at most
    CLAUSE_REACH characters back."""
    reach = max(0, at - CLAUSE_REACH)
    return max(text.rfind(",", reach, at), text.rfind(";", reach, at), reach - 1) + 1


def _weekday_delta(target: int, published: dt.date, before: str) -> int:
    """Days from publication to the weekday named: the nearest one (-3 … +3); in a clause about
    the future, not the publication day itself ("We will start on Monday", said on a Monday);
    in a clause in the past, the one before ("the deal signed on Thursday"). A future clause
    keeps a nearest weekday just past: a copy published a day late still means that day."""
    delta = (target - published.weekday() + 3) % 7 - 3
    if FUTURE_WEEKDAY.search(before):
        return delta if delta > 0 or delta == -1 else delta + 7  # a day late copy: -1 stays
    if PAST_WEEKDAY.search(before) and delta > 0:
        return delta - 7
    return delta


def _weekday_numbered(target: int, day: int, published: dt.date) -> dt.date | None:
    """"Friday 16": the latest date, from a week after publication to five weeks before it, that
    is that weekday and day; None when there is none (then "Friday" alone is read)."""
    when = published + dt.timedelta(days=7)
    for _ in range(7 + 35):  # from a week ahead to five weeks back: a recent day, or none
        if when.day == day and when.weekday() == target:
            return when
        when -= dt.timedelta(days=1)
    return None

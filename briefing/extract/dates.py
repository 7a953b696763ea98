"""Dates: "Dec. 12, 2023", "Nov. 30", "in September", "in 2017", and weekdays resolved against
the article's publication date ("on Tuesday" is the Tuesday nearest that date)."""

from __future__ import annotations

import datetime as dt
import re

from .base import Mention

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
    rf"(?:\b(?i:in|since|by|during|until|from|early|late|mid-|last|next|this|before|after|"
    rf"(?:end|start|beginning|middle|rest)\s+of)\s+"
    rf"|(?:[’']s|\b(?i:the|its|his|her|their))\s+(?=(?!May\b){_FULL_MONTH}\s+[a-z]))"
    rf"(?P<month>{_FULL_MONTH})\b(?:\s+(?P<year>\d{{4}})\b)?")
YEAR = re.compile(r"(?<![\w$€£¥.,-])(?P<year>(?:19|20)\d\d)(?![\w%-]|[.,]\d|\s+(?:percent|per cent))")
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# "on Tuesday", and "Sunday’s election".
WEEKDAY = re.compile(rf"\b(?i:on|last|next|this|since|by|until|from)\s+(?P<wd>{_WEEKDAYS})\b"
                     rf"|\b(?P<wd2>{_WEEKDAYS})(?=[’']s\b)")


def _month(word: str) -> int:
    return MONTHS[word[:3].lower()]


def _year_for(month: int, day: int, published: dt.date | None) -> int | None:
    """The year of a date given without one: the one that puts it nearest before publication."""
    if published is None:
        return None
    year = published.year
    try:
        candidate = dt.date(year, month, min(day, 28))
    except ValueError:
        return None
    if (candidate - published).days > 60:
        year -= 1
    return year


# Words that put a bare month ahead of the publication date: "expected by the end of June".
FUTURE = re.compile(r"\b(?:will|expects?|expected|expecting|plans?|planned|due\s+(?:to\s+be|in|on|by)|scheduled|"
                    r"forecasts?|aims?|intends?|next|upcoming|by the end of)\b", re.I)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a span: "…, announced in May, will go…" -> " announced in May"."""
    left = max(text.rfind(",", 0, start), text.rfind(";", 0, start)) + 1
    ends = [i for i in (text.find(",", end), text.find(";", end)) if i >= 0]
    return text[left:min(ends) if ends else len(text)]


def _year_of_month(month: int, published: dt.date | None, sentence: str) -> int | None:
    """A month with no year: the latest one up to publication, or the next one when the
    sentence speaks of the future ("in May" said in March is last May; "expects a cut in
    June" is this June)."""
    if published is None:
        return None
    if FUTURE.search(sentence):
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def extract_dates(text: str, published: dt.date | None = None) -> list[Mention]:
    """Find every date in a sentence that can be pinned to a calendar day, month or year."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(m: re.Match[str], value: str, unit: str) -> None:
        taken.append((m.start(), m.end()))
        out.append(Mention("date", value, unit, "exact", m.start(), m.end(), m.group()))

    for rx in (MONTH_DAY, DAY_MONTH):
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            month, day = _month(m.group("month")), int(m.group("day"))
            year = int(m.group("year")) if m.group("year") else _year_for(month, day, published)
            if year is None:
                continue
            try:
                when = dt.date(year, month, day)
            except ValueError:
                continue
            add(m, when.isoformat(), "day")
    for m in MONTH_ONLY.finditer(text):
        start = m.start("month")
        if not free(start, m.end()):
            continue
        month = _month(m.group("month"))
        clause = _clause(text, start, m.end())
        year = int(m.group("year")) if m.group("year") else _year_of_month(month, published, clause)
        if year is None:
            continue
        taken.append((start, m.end()))
        out.append(Mention("date", f"{year:04d}-{month:02d}", "month", "exact", start, m.end(),
                           text[start:m.end()]))
    for m in YEAR.finditer(text):
        if free(m.start(), m.end()):
            add(m, m.group("year"), "year")
    if published is not None:
        for m in WEEKDAY.finditer(text):
            if any(0 <= a - m.end() <= 2 for a, _ in taken):
                continue  # "on Monday, March 4": the date that follows says which Monday
            group = "wd" if m.group("wd") else "wd2"
            target = WEEKDAYS.index(m.group(group).lower())
            delta = (target - published.weekday() + 3) % 7 - 3  # nearest: -3 … +3 days
            when = published + dt.timedelta(days=delta)
            start, end = m.start(group), m.end(group)
            taken.append((start, end))
            out.append(Mention("date", when.isoformat(), "day", "exact", start, end, m.group(group)))
    return sorted(out, key=lambda x: x.start)

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
    rf"(?:\b(?i:in|since|by|during|until|from|early|late|mid-|last|next|this|before|after)\s+"
    rf"|(?:[’']s|\b(?i:the|its|his|her|their))\s+(?=(?!May\b){_FULL_MONTH}\s+[a-z]))"
    rf"(?P<month>{_FULL_MONTH})\b(?:\s+(?P<year>\d{{4}})\b)?")
YEAR = re.compile(r"(?<![\w$€£¥.,-])(?P<year>(?:19|20)\d\d)(?![\w%-]|[.,]\d|\s+(?:percent|per cent))")
WEEKDAY = re.compile(r"\b(?i:on|last|next|this|since|by|until|from)\s+(?P<wd>Monday|Tuesday|Wednesday|"
                     r"Thursday|Friday|Saturday|Sunday)\b")


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
        year = int(m.group("year")) if m.group("year") else _year_for(month, 1, published)
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
            target = WEEKDAYS.index(m.group("wd").lower())
            delta = (target - published.weekday() + 3) % 7 - 3  # nearest: -3 … +3 days
            when = published + dt.timedelta(days=delta)
            start = m.start("wd")
            taken.append((start, m.end()))
            out.append(Mention("date", when.isoformat(), "day", "exact", start, m.end(), m.group("wd")))
    return sorted(out, key=lambda x: x.start)

"""Counts of things: "37 deals", "more than 30 agreements", "4,000 active projects", "dozens of"."""

from __future__ import annotations

import re

from .base import Mention
from .numbers import (
    DIGITS,
    NUMBER_WORD,
    as_number,
    find_qualified,
    has_number,
    is_vague,
    number_lead,
    parse_number,
    qualifier_of,
    scale_of,
)

IRREGULAR = {"people", "children", "men", "women", "staff", "personnel", "police", "troops",
             "cattle", "livestock", "sheep", "fish", "aircraft", "crew", "feet", "teeth", "mice"}
# Words that cannot be the counted noun or stand between number and noun.
NOT_NOUN = {
    "years", "months", "weeks", "days", "hours", "minutes", "decades", "centuries", "percent",
    "times", "was", "is", "has", "as", "its", "his", "this", "thus", "yes", "us", "less", "plus",
    "dollars", "euros", "pounds", "rupees", "francs", "reais", "roubles", "rubles",
    # Measures, not things: "40 tonnes of supplies".
    "tonnes", "tons", "kilos", "kilograms", "grams", "litres", "liters", "gallons", "metres",
    "meters", "kilometres", "kilometers", "miles", "feet", "inches", "acres", "hectares",
    "degrees", "points", "kilowatts", "megawatts", "gigawatts", "barrels",
}
NOT_BETWEEN = {"of", "the", "and", "in", "on", "to", "for", "with", "a", "an", "was", "were",
               "has", "have", "is", "are", "by", "at", "from", "or", "that", "which", "who",
               "thousand", "million", "billion", "trillion", "percent", "per"}
# A number after these refers back to a known set ("the two countries"), it does not count one.
REFERENCE = re.compile(r"\b(?:the|these|those|both|its|their|his|her|our|each|every)\s+$", re.I)
_NOT_AFTER = r"\w.,$€£¥#-"  # a figure does not start inside a word or another figure
# A number right after a capitalised word is part of a name: "Line 5", "Terminal 2".
NAME_BEFORE = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+\s+$")

# (?<![\w.,$€£¥#-])(?P<num>{DIGITS}|{NUMBER_WORD}) … in any case, written to start with a
# character set (numbers.number_lead).
_AFTER_NUMBER = (
    rf"(?i:(?:\s?(?:-|–|to|and)\s?(?P<num2>{DIGITS}|{NUMBER_WORD}))?"
    r"(?:\s+(?P<scale>thousand|million|billion)\b)?"
    r"[”\"’]?(?P<of>\s+of(?:\s+(?:the|its|their|his|her|our))?"
    rf"(?:\s+(?:{DIGITS}|{NUMBER_WORD})(?=\s))?)?"  # "52 of the 90 seats": 52 seats, of a known 90
    r"(?=(?P<tail>(?:\s+[a-z][\w’'-]*){1,3})))"  # a look-ahead: the next count may start in it
)
COUNT = re.compile(rf"(?P<num>{number_lead(_NOT_AFTER)}){_AFTER_NUMBER}")
# At most two adjectives between the number and the counted noun: "4,000 active projects".
MAX_BETWEEN = 2


def _is_plural(word: str) -> bool:
    w = word.lower()
    return w in IRREGULAR or (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")))


def extract_count(text: str) -> list[Mention]:
    """Find every count of things in a sentence (not money, time spans, years or ordinals)."""
    if not has_number(text):
        return []
    out = []
    for m in find_qualified(COUNT, text):
        raw = m.group("num")
        words = list(re.finditer(r"[a-z][\w’'-]*", m.group("tail"), re.I))
        pick = next((i for i, w in enumerate(words[: MAX_BETWEEN + 1]) if _is_plural(w.group())), None)
        if pick is None:
            continue
        noun = words[pick].group()
        between = [w.group() for w in words[:pick]]
        end = m.start("tail") + words[pick].end()
        if noun.lower() in NOT_NOUN:
            continue
        if any(w.lower() in NOT_BETWEEN or w[0].isupper() for w in between):
            continue
        if any(w.lower() in NOT_NOUN for w in between):
            continue
        if re.fullmatch(r"(?:1[89]|20)\d\d", raw) and not m.group("qual"):
            continue  # a year, not a count
        if REFERENCE.search(text[: m.start()]) and not m.group("qual"):
            continue
        if NAME_BEFORE.search(text[: m.start()]) and not m.group("qual"):
            continue
        number = parse_number(raw)
        if number is None or number * scale_of(m.group("scale")) < 2:
            continue
        number *= scale_of(m.group("scale"))
        qualifier = qualifier_of(m.group("qual"))
        if is_vague(raw) or m.group("num2"):
            qualifier = "at_least"
        out.append(Mention("count", as_number(number), noun.lower(), qualifier, m.start(), end, text[m.start():end]))
    return out

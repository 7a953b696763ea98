"""Counts of things: "37 deals", "more than 30 agreements", "4,000 active projects", "dozens of"."""

from __future__ import annotations

import re

from .base import Mention
from .numbers import (
    DIGITS,
    NUMBER_WORD,
    NUMBER_WORD_WORDS,
    Qualified,
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
    # Money in words the money extractor reads, or that no count means.
    "cents", "pence", "pesos", "yen", "yuan", "won", "rand", "lira", "ringgit", "baht", "rupiah",
    "shillings", "dirhams", "riyals", "kronor", "kroner", "krona", "zlotys", "forints",
}
NOT_BETWEEN = {"of", "the", "and", "in", "on", "to", "for", "with", "a", "an", "was", "were",
               "has", "have", "is", "are", "by", "at", "from", "or", "that", "which", "who",
               "thousand", "million", "billion", "trillion", "percent", "per",
               # Verbs end the phrase: "all three had prior health problems".
               "had", "be", "been", "being", "do", "does", "did", "will", "would", "can", "could",
               "may", "might", "must", "shall", "should", "also", "still", "now", "then"}
# Joining words allowed between adjectives: "permanent and seasonal jobs", "passenger and cargo planes".
JOINERS = {"and", "or"}
# Capitalised words that never stand between a number and its noun ("12 December officials").
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday", "sunday"}
# "seven missing and two injured": people, counted by what happened to them.
PEOPLE_STATES = {"dead", "killed", "injured", "wounded", "missing", "hurt", "displaced",
                 "evacuated", "rescued", "arrested", "detained"}
# A number after these refers back to a known set ("the two countries", "the bloc's two biggest
# members"); not after "its" or "their": "its three plants" says how many it has.
REFERENCE = re.compile(r"(?:\b(?:the|these|those|both|each|every)|[’']s)\s+$", re.I)
OF_THE = re.compile(r"\bof\s+the\s+$", re.I)
_NOT_AFTER = r"\w.,$€£¥#-"  # a figure does not start inside a word or another figure
# A number in digits right after a capitalised word is part of a name: "Line 5", "Terminal 2";
# and after these words whatever the case: "type 2 diabetes", "phase 3 trials".
NAME_BEFORE = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+\s+$")
NAMED_BY_NUMBER = re.compile(
    r"\b(?:type|phase|stage|level|class|tier|round|number|no\.|article|section|chapter|runway|flight|"
    r"route|line|gate|terminal|platform|grade|category|group|step|version|model|series)\s+$", re.I)
# "The death toll rose to 18": deaths, though the sentence never says the noun.
DEATH_TOLL = re.compile(
    r"\b(?:death|casualty)\s+toll\b[^.;:“”\"]{0,120}?\b(?:to|of|at|reached|hit|passed|topped)\s+$", re.I)
# "killed three", "infected 53 and killed three": people, by what was done to them.
DONE_TO_PEOPLE = re.compile(r"\b(?:killed|killing|injured|injuring|wounded|wounding|infected|infecting|"
                            r"evacuated|rescued|displaced|arrested|detained|drowned)\s+$", re.I)
# "up from 18,250 in January": the figure a count of the same sentence is compared with.
COMPARED = re.compile(r"\b(?:from|to|than|versus|vs\.?|against)\s+$", re.I)
# "cut 300 jobs in March and a further 200 in June": more of the same thing.
FURTHER = re.compile(r"\b(?:a\s+further|another|an\s+additional|an\s+extra)\s+$", re.I)

# (?<![\w.,$€£¥#-])(?P<num>{DIGITS}|{NUMBER_WORD}) … in any case, written to start with a
# character set (numbers.number_lead).
_AFTER_NUMBER = (
    rf"(?i:(?:\s?(?:-|–|to|and)\s?(?P<num2>{DIGITS}|{NUMBER_WORD}))?"
    r"(?:\s+(?P<scale>thousand|million|billion)\b)?"
    r"[”\"’]?(?P<of>\s+of\b(?:\s+(?:the|its|their|his|her|our))?"
    rf"(?:\s+(?:{DIGITS}|{NUMBER_WORD})(?=\s))?)?"  # "52 of the 90 seats": 52 seats, of a known 90
    r"(?=(?P<tail>(?:,?\s+[\w’'][\w’'./&-]*){0,6})))"  # a look-ahead: the next count may start in it
)
COUNT = re.compile(rf"(?P<num>{number_lead(_NOT_AFTER)}){_AFTER_NUMBER}")
BEFORE_WINDOW = 200
"""How much of the sentence before a number its tests read ("the death toll … rose to 18")."""
_NOT_COUNTED_AFTER = re.compile(r"\s*(?:%|percent|per\s?cent|[$€£¥])")
# At most four words between the number and the counted noun: "4,000 active projects", "40
# Airbus A320neo aircraft", "14 of its passenger and cargo planes".
MAX_BETWEEN = 4
_TAIL_WORD = re.compile(r"(,?)\s+([\w’'][\w’'./&-]*)")


def _is_plural(word: str) -> bool:
    w = word.lower().rstrip(".")
    return w in IRREGULAR or (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is"))
                              and not w.endswith(("’s", "'s")))


def _may_stand_between(word: str) -> bool:
    """An adjective ("active"), a maker or model ("Airbus", "A320neo", "737-800"), an acronym
    ("LNG", "U.S."), or a joining word: what may stand between a number and what it counts."""
    low = word.lower().rstrip(".,")
    if low in CALENDAR or low in NOT_NOUN:
        return False
    if low in JOINERS:
        return True
    return low not in NOT_BETWEEN


def _noun_after(tail: str, number: float, qualified: bool) -> tuple[int, str] | None:
    """Where the counted noun ends in ``tail`` and what it is, or None."""
    words = [(m.group(1), m.group(2), m.end(2)) for m in _TAIL_WORD.finditer(tail[:160])]
    words = _contiguous(tail, words)
    for k, (comma, written, end) in enumerate(words[: MAX_BETWEEN + 1]):
        word = written.rstrip(".")
        end -= len(written) - len(word)  # "projects." ends before its full stop
        if k == 0 and word.lower() in PEOPLE_STATES and not (
                k + 1 < len(words) and not words[1][0] and _is_plural(words[1][1].rstrip("."))):
            return end, "people"  # "seven missing"; but "4 missing documents" counts documents
        if k and (parse_number(word) is not None or word.lower() in NUMBER_WORD_WORDS) and not (
                re.fullmatch(r"\d{3,4}", word) and k + 1 < len(words) and words[k + 1][1][:1].isupper()):
            return None  # "40 red and 50 blue cars": the next number counts its own; "two 787 Dreamliners"
        if comma and (k == 0 or word.lower() in JOINERS or word[:1].isupper()):
            return None  # "12 MW, and new turbines": a comma ends the phrase but between adjectives
        maker = word[:1].isupper() and not word.isupper() and k + 1 < len(words) and not words[k + 1][0] and (
            words[k + 1][1][:1].isupper() or any(c.isdigit() for c in words[k + 1][1]))
        if _is_plural(word) and word.lower() not in NOT_NOUN and not maker:
            return end, word.lower()
        if number == 1 and qualified and k == 0 and word.islower() and word not in NOT_BETWEEN \
                and word not in NOT_NOUN:
            return end, word  # "at least one death"
        if not _may_stand_between(word) or (word.lower() in JOINERS and k == 0):
            return None
        if word[:1].isupper() and not word.isupper() and not any(c.isdigit() for c in word) \
                and k + 1 < len(words) and not (maker or _is_plural(words[k + 1][1])):
            return None  # a capitalised word stands between only as a maker, before a model or a noun
    return None


def _contiguous(tail: str, words: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """The words of the tail up to the first gap that is not a space or a comma."""
    kept, at = [], 0
    for comma, word, end in words:
        start = end - len(word)
        if tail[at:start].strip(" \t\n,") or tail[at:start].count("\n") > 0:
            break
        kept.append((comma, word, end))
        at = end
    return kept


def extract_count(text: str) -> list[Mention]:
    """Find every count of things in a sentence (not money, time spans, years or ordinals)."""
    if not has_number(text):
        return []
    out: list[Mention] = []
    for m in find_qualified(COUNT, text):
        raw = m.group("num")
        if out and m.start("num") < out[-1].end:
            continue  # "two 787 Dreamliners": 787 is a model inside the last count
        number = parse_number(raw)
        if number is None:
            continue
        number *= scale_of(m.group("scale"))
        before = text[max(0, m.start() - BEFORE_WINDOW): m.start()]  # no test needs more
        if re.fullmatch(r"(?:1[89]|20)\d\d", raw) and not m.group("qual"):
            continue  # a year, not a count
        if raw[0].isdigit() and not m.group("qual") and (NAME_BEFORE.search(before) or NAMED_BY_NUMBER.search(before)):
            continue
        reference = REFERENCE.search(before)
        if reference and not m.group("qual") and not m.group("of") and (
                number < 3 or reference.group()[0] in "’'" or OF_THE.search(before)):
            # "the two countries", "the bloc's two biggest members", "52 of the 90 seats"; but
            # "the six people aboard" says how many there were.
            continue
        found = _noun_after(text[m.start("tail"):], number, bool(m.group("qual")))
        if found is None:
            unit = _unit_without_noun(text, m, out, before)
            if unit is None:
                continue
            end, noun = m.end("num") if not m.group("scale") else m.end("scale"), unit
        else:
            end, noun = m.start("tail") + found[0], found[1]
            written = text[end - len(noun):end]
            if re.fullmatch(r"\d{3}", raw) and written[:1].isupper() and text[m.end("num"):end - len(noun)].isspace():
                continue  # "787 Dreamliners": a model's number, not a count
        if number < 2 and not (m.group("qual") and number == 1):
            continue
        qualifier = qualifier_of(m.group("qual"))
        if is_vague(raw) or m.group("num2"):
            qualifier = "at_least"
        out.append(Mention("count", as_number(number), noun, qualifier, m.start(), end, text[m.start():end]))
    return out


def _unit_without_noun(text: str, m: Qualified, found: list[Mention], before: str) -> str | None:
    """The unit of a figure that names no noun: a death toll's deaths, or the unit of the count
    it is compared with in the same sentence ("18,900 patients … up from 18,250 in January")."""
    if _NOT_COUNTED_AFTER.match(text, m.end("num")):
        return None
    done_to_people = DONE_TO_PEOPLE.search(before, max(0, len(before) - 16)) is not None
    if not m.group("num")[0].isdigit():
        return "people" if done_to_people else None
    if DEATH_TOLL.search(before):
        return "deaths"
    if done_to_people:
        return "people"
    if found and (COMPARED.search(before) or FURTHER.search(before)) and found[-1].kind == "count":
        return found[-1].unit
    return None

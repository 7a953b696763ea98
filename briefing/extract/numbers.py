"""Numbers as news writes them: digits, number words, scale words and qualifiers."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Sequence
from typing import Any

from .patterns import any_word, by_first_letter, words_of

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}

_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
# "twenty-five", "two dozen", "a dozen", "dozens", "a hundred"
NUMBER_WORD = (
    rf"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|"
    rf"(?:{_ONES}|a)\s+(?:dozen|hundred)|{_ONES}|dozens|dozen|hundreds|thousands|millions)"
)
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{DIGITS}|\b{NUMBER_WORD}\b)"
# NUMBER_WORD as alternatives that each start with a letter, in the same order.
_NUMBER_WORDS_FLAT = [
    r"tens\s+of\s+thousands", r"hundreds\s+of\s+thousands",
    *(rf"{tens}(?:[- ](?:{_ONES}))?" for tens in _TENS.split("|")), *_TEENS.split("|"),
    *(rf"{head}\s+(?:dozen|hundred)" for head in [*_ONES.split("|"), "a"]), *_ONES.split("|"),
    "dozens", "dozen", "hundreds", "thousands", "millions",
]


def number_lead(not_after: str, words: Sequence[str] = ()) -> str:
    r"""``(?<![not_after])(?:DIGITS|NUMBER_WORD|words…)``, case-insensitive, written to start with
    a character set so that ``re`` skips ahead to digits and the letters number words start with
    (see patterns.py). For the ``num`` group of a figure pattern compiled *without* ``re.I``.
    """
    letters, word_branches = by_first_letter([*_NUMBER_WORDS_FLAT, *words], ignore_case=True)
    return (rf"[\d{letters}](?<![{not_after}].)"
            rf"(?:(?<=\d)(?:\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?|\d*(?:\.\d+)?)|(?i:{word_branches}))")

# Order matters: longer phrases first, so "more than" wins over "more".
QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"more than|over|above|upwards of|in excess of|exceeding|north of", "more_than"),
    (r"at least|no fewer than|no less than|a minimum of", "at_least"),
    (r"less than|fewer than|under|below|short of", "less_than"),
    (r"up to|as many as|as much as|a maximum of|at most", "up_to"),
    (r"nearly|almost|about|around|approximately|roughly|some|close to|an estimated|"
     r"estimated|circa|just under|just over|approx\.", "about"),
)
QUALIFIER = "|".join(q for q, _ in QUALIFIERS)
# Vague plurals are lower bounds: "dozens" is at least 24 (two dozen), and so on.
VAGUE = {"dozens": 24.0, "hundreds": 200.0, "thousands": 2000.0, "tens of thousands": 20000.0,
         "hundreds of thousands": 200000.0, "millions": 2e6}
# A cheap first test, for a sentence without digits: \b(?:NUMBER_WORD)\b in any case, written to
# start with a character set (see patterns.py). Most sentences state no number at all.
_HAS_NUMBER_WORD = re.compile(any_word(_NUMBER_WORDS_FLAT, ignore_case=True))
# A number word (NUMBER_WORD) always holds one of these words ("a dozen" holds "dozen").
NUMBER_WORD_WORDS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "dozen", "dozens", "hundred", "hundreds", "thousands", "millions", "tens"])
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=4096)  # money and counts both ask, sentence by sentence
def has_number(text: str) -> bool:
    r"""Does the text state a number, in digits or words (\d|\b(?:NUMBER_WORD)\b, any case)?"""
    if _DIGIT.search(text):
        return True
    return not NUMBER_WORD_WORDS.isdisjoint(words_of(text)) and _HAS_NUMBER_WORD.search(text) is not None


_QUALIFIER_RX = [(re.compile(rf"^(?:{q})$", re.I), name) for q, name in QUALIFIERS]
# A hedge carried by a verb: "could top $3 billion", "costs exceed $500 million". Read for money
# and percentages only: "the top 10 firms" is a rank, not a hedge.
VERB_HEDGE = re.compile(r"\b(?:tops?|topped|topping|exceeds?|exceeded|exceeding|surpass(?:es|ed|ing)?)\s+$", re.I)


def hedged(text: str, start: int, qualifier: str) -> str:
    """``qualifier``, or "more_than" where a verb before the figure says so."""
    return "more_than" if qualifier == "exact" and VERB_HEDGE.search(text, max(0, start - 16), start) else qualifier


def qualifier_of(words: str | None) -> str:
    """Map qualifier words ("more than", "nearly") to the facts.json qualifier."""
    if not words:
        return "exact"
    words = " ".join(words.lower().split())
    for rx, name in _QUALIFIER_RX:
        if rx.match(words):
            return name
    return "exact"


MAX_DIGITS = 18
"""The most digits a figure's whole part may have (a quintillion); longer ones are not read."""


_DIGIT_RUN = re.compile(r"\d[\d,]*")


def oversized_figures(text: str) -> int:
    """How many figures in a text have more than MAX_DIGITS digits: each is left out, and the
    build says how many (linear: one pass, each character read once)."""
    return sum(1 for m in _DIGIT_RUN.finditer(text) if len(m.group()) > MAX_DIGITS
               and len(m.group().replace(",", "")) > MAX_DIGITS)


def parse_number(text: str) -> float | None:
    """'4,000' -> 4000; 'two dozen' -> 24; 'twenty-five' -> 25; 'dozens' -> 24 (at least)."""
    t = " ".join(text.lower().replace("-", " ").split())
    if re.fullmatch(DIGITS, t):
        digits = t.replace(",", "")
        # A figure of more digits than any real one ("$111…1", 400 digits) is no fact: a float
        # would make it infinite, and JSON cannot hold it.
        return float(digits) if len(digits.split(".")[0]) <= MAX_DIGITS else None
    if t in VAGUE:
        return VAGUE[t]
    parts = t.split()
    if len(parts) == 2 and parts[1] in ("dozen", "hundred"):
        head = 1.0 if parts[0] == "a" else float(UNITS.get(parts[0], 0))
        return head * (12 if parts[1] == "dozen" else 100) or None
    total = 0.0
    for part in parts:
        if part not in UNITS:
            return None
        total += UNITS[part]
    return total if parts else None


def range_start(m: Qualified, text: str) -> tuple[float | None, int, bool]:
    """A figure that may be a range ("2–3 per cent", "one to two years"): its value, where it
    starts, and whether it is a range (read from its lower bound). A "range" that falls ("in
    1994 to 40%") is no range: the figure is its second number, starting there."""
    number = parse_number(m.group("num"))
    if not m.group("num2"):
        return number, m.start(), False
    upper = parse_number(m.group("num2"))
    if number is not None and upper is not None and number <= upper:
        return number, m.start(), True
    return upper, m.start("num2"), False


def is_vague(text: str) -> bool:
    """'dozens', 'tens of thousands': a lower bound, not a figure."""
    return " ".join(text.lower().split()) in VAGUE


def scale_of(word: str | None) -> float:
    return SCALES.get(word.lower(), 1.0) if word else 1.0


def as_number(value: float) -> int | float:
    """Whole numbers as int so JSON shows 37, not 37.0."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value}")  # parse_number never gives one
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


# The qualifier is looked for *behind* a figure, not matched as an optional group in front of it:
# a pattern that starts with an optional alternation is tried at every position of the sentence,
# which made the extractors several times slower.
_QUALIFIER_BEFORE = re.compile(rf"\b(?P<qual>{QUALIFIER})\s+$", re.I)


class Qualified:
    """A match of a figure pattern, widened to the qualifier just before it ("more than 30")."""

    __slots__ = ("_m", "_qual", "_start", "_text")

    def __init__(self, m: re.Match[str], text: str) -> None:
        self._m, self._text = m, text
        self._qual = _QUALIFIER_BEFORE.search(text, max(0, m.start() - 32), m.start())
        self._start = self._qual.start() if self._qual else m.start()

    def group(self, name: str | int = 0) -> Any:
        if name == "qual":
            return self._qual.group("qual") if self._qual else None
        if name == 0:
            return self._text[self._start:self._m.end()]
        return self._m.group(name)

    def groupdict(self) -> dict[str, Any]:
        return {**self._m.groupdict(), "qual": self.group("qual")}

    def start(self, name: str | int = 0) -> int:
        return self._start if name == 0 else self._m.start(name)

    def end(self, name: str | int = 0) -> int:
        return self._m.end(name)


def find_qualified(rx: re.Pattern[str], text: str) -> Iterator[Qualified]:
    """``rx.finditer(text)``, each match widened to its qualifier."""
    for m in rx.finditer(text):
        yield Qualified(m, text)

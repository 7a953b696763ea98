"""The patterns rewritten for speed match exactly what their readable forms match.

Python's ``re`` skips ahead quickly only to the characters a case-sensitive pattern *starts* with
(see briefing/extract/patterns.py), so several patterns are written with their first character
set in front and their look-behinds after it. Each readable form is kept here, and compared with
the fast form on every sentence of the test corpora and on generated text full of the fragments
that matter: same matches, same groups.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.extract import count, dates, duration, money, names, numbers, percent
from briefing.extract.numbers import DIGITS, NUMBER_WORD
from briefing.extract.patterns import any_word, same_letter, tail_start, words_of
from briefing.extract.people import _TITLE_RUN, titles_contradict
from briefing.extract.topics import keyword_pattern
from briefing.ingest import (
    JUNK_IN_LINES,
    JUNK_LINES,
    JUNK_SENTENCES,
    _is_notice_candidate,
    _junk_line,
    _word_before,
)

ROOT = Path(__file__).parent.parent

# The readable forms.
_TOKEN = (r"(?:(?<![\w’'\-])(?:Dr|Prof|Mr|Mrs|Ms|Sen|Rep|Gen|Col|Capt|Lt|Gov|Sgt|Adm|St)\."
          rf"|(?<![\w’'\-])[{names.UPPER}](?=[\w’'\-]*?[{names.LOWER}])[\w’'\-]*|(?<![\w’'\-])[{names.UPPER}]\.)")
READABLE = {
    "name": (names.NAME_RX, re.compile(rf"{_TOKEN}(?:\s+{_TOKEN}){{0,7}}")),
    "speech verb": (names.SPEECH_VERB, re.compile(rf"\b(?:{names.SPEECH_VERBS})\b")),
    "duration hint": (duration.HINT, re.compile(rf"\b(?:{duration.UNITS})\b", re.I)),
    "percent hint": (percent.HINT, re.compile(
        r"%|\bp(?:er\s?)?c(?:en)?t|\bpercentage|\bbasis|\bbps?\b|\b(?:half|quarters?|thirds?|fifths?)\b", re.I)),
    "month hint": (dates._MONTH_HINT, re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")),
    "year": (dates.YEAR, re.compile(
        r"(?<![\w$€£¥.,-])(?P<year>(?:19|20)\d\d)(?![\w%-]|[.,]\d|\s+(?:percent|per cent))")),
    "count": (count.COUNT, re.compile(
        rf"(?<![\w.,$€£¥#-])"
        rf"(?P<num>{DIGITS}|{NUMBER_WORD})(?:\s?(?:-|–|to|and)\s?(?P<num2>{DIGITS}|{NUMBER_WORD}))?"
        r"(?:\s+(?P<scale>thousand|million|billion)\b)?"
        r"[”\"’]?(?P<of>\s+of\b(?:\s+(?:the|its|their|his|her|our))?"
        rf"(?:\s+(?:{DIGITS}|{NUMBER_WORD})(?=\s))?)?"
        r"(?=(?P<tail>(?:,?\s+[\w’'][\w’'./&-]*){0,6}))", re.I)),
    "percent": (percent.PERCENT, re.compile(
        rf"(?<![\w.,$€£¥-])(?P<num>{DIGITS}|{NUMBER_WORD})(?:\s?(?:-|–|-?to-?)\s?(?P<num2>{DIGITS}|{NUMBER_WORD}))?"
        rf"(?:\s?(?:%|percent\b|per\s?cent\b|pct\b)|\s+(?P<points>percentage points?)\b"
        r"|\s?(?P<basis>basis[\s-]points?|bps|bp)\b)", re.I)),
    "duration": (duration.DURATION, re.compile(
        rf"(?<![\w.,$€£¥-])"
        rf"(?P<num>{DIGITS}|{NUMBER_WORD}|(?<=\s)an?(?=\s))(?:\s?(?:-|–|to)\s?(?P<num2>{DIGITS}|{NUMBER_WORD}))?"
        rf"[\s-](?P<unit>{duration.UNITS})\b(?!-old)"
        r"(?!\s+(?:high|low|record|bonds?|notes?|yields?|treasur(?:y|ies)|gilts?|bunds?|anniversary|old)\b)",
        re.I)),
}
# Tested for whether they match at all: they only decide whether a fuller pattern runs.
READABLE_TESTS = {
    "money hint": (money.HINT, re.compile(rf"[$€£¥₹₩₫]|\b(?:{money._SYM}|{money._WORD})\b", re.I)),
    "has number": (numbers._HAS_NUMBER_WORD, re.compile(rf"\b(?:{NUMBER_WORD})\b", re.I)),
}
# Junk-line patterns are tried on one line at a time, so they are compared on lines.
READABLE_LINE_TESTS = {
    "breadcrumb": (dict(JUNK_LINES)["breadcrumb"], re.compile(r"^.*\s»\s.*$")),
}
KEYWORDS = [["agreement", "memorand", "signed", "deals", "pact"], ["US", "EU", "use", "Red Sea", "invest"],
            ["5G", "état", "ASEAN", "US trade", "rare earth"], ["İstanbul", "ıraq", "ſtate", "Straße", "kilo"]]


def _corpus_sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in
             [*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/fixtures/*/*.txt"), *ROOT.glob("tests/gold/news/*.txt")]]
    return texts + [s for t in texts for s in re.split(r"(?<=[.!?])\s+|\n", t) if s]


SENTENCES = _corpus_sentences()
FRAGMENTS = st.lists(st.one_of(
    st.sampled_from(list("abestAMDPSLGCRTX .,'’-“”\"\n\t0123456789$%€£()»|_é")),
    st.sampled_from(["Dr.", "Mr.", "Mrs ", "St.", "Prof.", " percent", " per cent", " pct", "half",
                     "quarter", "usd", "US$", "dollars", " yuan", " years", "-year", "day", "In ", "said",
                     " told ", "Le Thu", "O'Neil", "D’Arcy", "twenty", "-five", " one", "A Dozen", "dozens",
                     " hundred", "tens of thousands", " of ", " the ", " deals", "An ", " an ", "2023",
                     "1994", "percentage points", "Jan", "March", "May", " Record", "Home » Blog »",
                     "US", "Red\nSea", "invested", "state", "Vice President", "Share this article",
                     "SUBSCRIBE TO", "[email\xa0protected]", "reproduction is prohibited", " ago",
                     "Yesterday", " last ", "Next ", " month", "Monday", "’s", "in ", "September",
                     "İstanbul", "ISTANBUL", "ıraq", "STATE", "ſtate", "\u212aILO", "ÉTAT", "STRAẞE", "MİNUTES",
                     "mınutes", "ſix", "İ", "ı", "ſ"]),
    st.characters(codec="utf-8"),
), max_size=40).map("".join)
PROFILE = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _matches(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


@pytest.mark.parametrize("name", READABLE)
def test_fast_pattern_matches_as_its_readable_form_on_the_corpora(name: str) -> None:
    fast, readable = READABLE[name]
    for text in SENTENCES:
        assert _matches(fast, text) == _matches(readable, text), text


@pytest.mark.parametrize("name", [*READABLE_TESTS, *READABLE_LINE_TESTS])
def test_fast_first_test_agrees_with_its_readable_form_on_the_corpora(name: str) -> None:
    fast, readable = {**READABLE_TESTS, **READABLE_LINE_TESTS}[name]
    texts = SENTENCES if name in READABLE_TESTS else [line for t in SENTENCES for line in t.split("\n")]
    for text in texts:
        assert (fast.search(text) is None) == (readable.search(text) is None), text


@PROFILE
@given(FRAGMENTS)
def test_fast_patterns_match_as_their_readable_forms_on_generated_text(text: str) -> None:
    for fast, readable in READABLE.values():
        assert _matches(fast, text) == _matches(readable, text)
    for fast, readable in READABLE_TESTS.values():
        assert (fast.search(text) is None) == (readable.search(text) is None)
    for fast, readable in READABLE_LINE_TESTS.values():
        for line in text.split("\n"):  # '\n»\n' is three lines, none of them a breadcrumb
            assert (fast.search(line) is None) == (readable.search(line) is None)
    assert numbers.has_number(text) == (re.search(rf"\d|\b(?:{NUMBER_WORD})\b", text, re.I) is not None)


@PROFILE
@given(FRAGMENTS)
def test_topic_keywords_match_as_the_readable_pattern(text: str) -> None:
    def readable(words: list[str]) -> re.Pattern[str]:
        parts = sorted((rf"(?-i:{re.escape(w)})(?!\w)" if w.isupper() and len(w) <= 5
                        else r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
        return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})", re.I)
    for words in KEYWORDS:
        assert _matches(keyword_pattern(words), text) == _matches(readable(words), text)


@PROFILE
@given(FRAGMENTS)
def test_a_sentences_words_hold_every_word_a_whole_word_pattern_finds(text: str) -> None:
    words = words_of(text)
    for m in re.finditer(rf"\b(?:{NUMBER_WORD})\b", text, re.I):
        assert not numbers.NUMBER_WORD_WORDS.isdisjoint(words), m.group()
    if money.HINT.search(text):
        assert not money._CURRENCY_WORDS.isdisjoint(words) or money._SIGN.search(text)
    if duration.HINT.search(text):
        assert not duration._UNIT_WORDS.isdisjoint(words)
    if names.SPEECH_VERB.search(text):
        assert not names._VERB_WORDS.isdisjoint(words)
    if JUNK_SENTENCES[0][1].search(text):  # a paywall notice holds one of the words tested first
        assert _is_notice_candidate(text)
    for rx, needs in [*dates._WORDS_OF, (dates.WEEKDAY, dates._WEEKDAY_WORDS),
                      (dates.MONTH_ONLY, dates._FULL_MONTH_WORDS)]:
        if rx.search(text):
            assert not needs.isdisjoint(words), rx.pattern


@PROFILE
@given(FRAGMENTS)
def test_searching_from_the_last_words_finds_what_a_whole_search_finds(text: str) -> None:
    for rx in (_TITLE_RUN, names._ROLE_RUN):
        whole, tail = rx.search(text), rx.search(text, tail_start(text, 5))
        assert (whole and (whole.span(), whole.groups())) == (tail and (tail.span(), tail.groups()))


@PROFILE
@given(FRAGMENTS)
def test_junk_lines_are_judged_as_by_the_table_in_order(text: str) -> None:
    line = text.split("\n")[0]
    table = [*JUNK_LINES, *((name, rx) for name, rx, _ in JUNK_IN_LINES)]
    assert _junk_line(line, ()) == next((name for name, rx in table if rx.search(line)), None)


def test_any_word_matches_whole_words_in_either_case_when_asked() -> None:
    rx = re.compile(any_word(["dollars?", "yen"], ignore_case=True, symbols="$"))
    assert [m.group() for m in rx.finditer("5 Dollars, 3 yen, $2, 4 dollarsx, xyen")] == ["Dollars", "yen", "$"]
    assert re.compile(any_word(["said"])).search("Said so") is None  # case-sensitive unless asked
    with pytest.raises(ValueError, match="does not start with a letter"):
        any_word(["$US"])


def test_titles_contradict_as_before() -> None:
    ranks = {"vice", "deputy", "former", "acting", "assistant", "interim", "ex", "outgoing",
             "associate", "under", "lieutenant"}

    def readable(a: str, b: str) -> bool:
        wa, wb = ([w.lower().strip(".,’'s") for w in re.findall(r"[\w’'.-]+", x)] for x in (a, b))
        return bool(wa and wb and wa[-1] == wb[-1] and (ranks & set(wa)) ^ (ranks & set(wb)))
    titles = ["President", "Vice President", "vice-president", "Former President", "Chinese President",
              "President’s", "", "...", "Deputy Prime Minister", "Prime Minister", "Minister",
              "former deputy minister", "ex-minister", "the finance chair,", "Under Secretary", "Secretary"]
    for a, b in itertools.product(titles, titles):
        assert titles_contradict(a, b) == readable(a, b), (a, b)


def test_letters_in_either_case_are_every_character_re_matches_them_with() -> None:
    for letter in "abcdefghijklmnopqrstuvwxyzéß":
        rx = re.compile(re.escape(letter), re.I)
        assert sorted(same_letter(letter)) == sorted(c for c in map(chr, range(0x10000)) if rx.fullmatch(c))


@PROFILE
@given(FRAGMENTS)
def test_the_word_before_a_full_stop_is_what_the_readable_search_found(text: str) -> None:
    m = re.search(r"([\w.]+)$", text)  # $ also matches before a final line break
    assert _word_before(text, 0, len(text)) == (m.group(1) if m else "")

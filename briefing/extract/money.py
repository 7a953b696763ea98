"""Money: "$4.2 billion", "over $300 million", "US$2 million", "€5bn", "1.5 trillion yuan"."""

from __future__ import annotations

import re

from .base import Mention
from .numbers import (
    DIGITS,
    NUMBER_WORD,
    as_number,
    find_qualified,
    has_number,
    hedged,
    parse_number,
    qualifier_of,
    scale_of,
)
from .patterns import any_word, words_of

# Symbol or code before the number. "$" alone is read as US dollars, as English news uses it.
SYMBOLS = {
    "us$": "USD", "u.s.$": "USD", "$": "USD", "usd": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD",
    "ca$": "CAD", "s$": "SGD", "hk$": "HKD", "nz$": "NZD", "€": "EUR", "eur": "EUR", "£": "GBP",
    "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "₹": "INR", "inr": "INR",
    "₩": "KRW", "krw": "KRW", "chf": "CHF", "₫": "VND", "vnd": "VND", "r$": "BRL",
}
# Currency words after the number.
WORDS = {
    "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD", "euros": "EUR", "euro": "EUR",
    "pounds": "GBP", "pounds sterling": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupees": "INR", "won": "KRW", "dong": "VND", "francs": "CHF",
    "swiss francs": "CHF", "reais": "BRL", "roubles": "RUB", "rubles": "RUB",
    "cents": "USD", "pence": "GBP",
}
# Hundredths of a currency: "37 cents a share" is $0.37 (a cent, like "$", read as the US one).
SUBUNITS = {"cents": 0.01, "pence": 0.01}
# "640p per share": pence, written as British business pages write them.
PENCE = re.compile(r"(?<![\w.,])(?P<num>\d{1,6}(?:\.\d+)?)p(?=\s+(?:a|per)\s+share\b)")
_SYM = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
_WORD = "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True))
_SCALE = r"trillion|billion|million|thousand|tn|trn|bn|bln|mn|mln|m|b|k"

MONEY = re.compile(
    rf"(?:(?P<sym>{_SYM})\s?(?P<num>{DIGITS})(?:\s?(?:-|–|to)\s?(?:{_SYM})?(?P<num2>{DIGITS}))?"
    rf"(?:\s?(?P<scale>{_SCALE})\b)?(?P<plus>-plus|\+)?"
    rf"|(?<![\w$€£¥.,])(?P<wnum>{DIGITS}|{NUMBER_WORD})(?:\s?(?:-|–|to)\s?(?P<wnum2>{DIGITS}))?"
    rf"(?:\s?(?P<wscale>{_SCALE}))?\s+(?P<word>{_WORD})\b)",
    re.I,
)


# A currency sign, or a currency code or word as a whole word in any case: the full pattern runs
# only where one is present. (Codes written with a sign, "US$", are found by the sign.)
HINT = re.compile(any_word([re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True) if s[0].isalpha()]
                           + _WORD.split("|"), ignore_case=True, symbols="$€£¥₹₩₫"))


# A word HINT's codes and currency words hold: the code, or a currency phrase's last word ("US
# dollars" holds "dollars"). A code with a sign ("US$") holds a sign.
_CURRENCY_WORDS = frozenset([s for s in SYMBOLS if s.isalpha()] + [w.split()[-1] for w in WORDS])
_SIGN = re.compile(r"[$€£¥₹₩₫]")


def extract_money(text: str) -> list[Mention]:
    """Find every amount of money in a sentence."""
    if not has_number(text):
        return []
    pence = "share" in text and PENCE.search(text) is not None
    if not pence and ((_CURRENCY_WORDS.isdisjoint(words_of(text)) and not _SIGN.search(text)) or not HINT.search(text)):
        return []
    out = []
    for m in find_qualified(MONEY, text):
        if m.group("sym"):
            sym = m.group("sym").lower()
            if sym in ("m", "b") or (sym.isalpha() and not text[m.start("sym"):m.end("sym")].isupper()):
                continue  # "usd" written in lower case is not a code
            currency = SYMBOLS[sym]
            raw, raw2, scale = m.group("num"), m.group("num2"), m.group("scale")
        else:
            currency = WORDS[m.group("word").lower()]
            raw, raw2, scale = m.group("wnum"), m.group("wnum2"), m.group("wscale")
            scale = scale if m.group("word").lower() not in SUBUNITS else None
            if scale and scale.lower() in ("m", "b", "k") and not m.group("wnum")[0].isdigit():
                continue
        number = parse_number(raw)
        if number is None:
            continue
        qualifier = hedged(text, m.start(), qualifier_of(m.group("qual")))
        if raw2:
            qualifier = "at_least"  # a range: the lower bound is the safe statement
        if m.groupdict().get("plus"):
            qualifier = "at_least"
        value = as_number(number * scale_of(scale) * SUBUNITS.get(str(m.group("word")).lower(), 1))
        out.append(Mention("money", value, currency, qualifier, m.start(), m.end(), m.group()))
    for p in find_qualified(PENCE, text) if pence else ():
        out.append(Mention("money", as_number(float(p.group("num")) / 100), "GBP", qualifier_of(p.group("qual")),
                           p.start(), p.end(), p.group()))
    out.sort(key=lambda mention: mention.start)
    return _join_ranges(text, out)


_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_AND = re.compile(r"^\s+(?:and|to)\s+$", re.I)


def _join_ranges(text: str, found: list[Mention]) -> list[Mention]:
    """"between $40 million and $60 million" is one range, stated by its lower bound."""
    out: list[Mention] = []
    for mention in found:
        last = out[-1] if out else None
        between = _BETWEEN.search(text, 0, last.start) if last is not None else None
        if last is not None and between is not None and last.unit == mention.unit \
                and _AND.match(text[last.end:mention.start]):
            start = between.start()
            out[-1] = Mention("money", last.value, last.unit, "at_least", start, mention.end,
                              text[start:mention.end])
            continue
        out.append(mention)
    return out

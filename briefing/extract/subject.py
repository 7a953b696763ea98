"""What a figure measures: "bilateral trade" for "$4.2 billion", and the year it refers to.

Plain patterns over one sentence, no parser: the noun phrase a linking verb ties to the figure
("Trade reached $4 billion"), the phrase after "of"/"in" ("9% of total imports", "$5 million in
aid"), the noun after the figure ("a $2 billion loan"), or for counts the counted noun with its
adjectives. When none applies the subject is left empty rather than guessed.
"""

from __future__ import annotations

import re

from .numbers import NUMBER

# A phrase ends at punctuation or at words that start a new clause or a qualifier.
_STOP = (r"in|on|at|to|from|since|by|with|and|or|but|as|than|for|that|which|who|while|during|"
         r"after|before|between|among|across|over|under|including|according|compared|up|down|"
         r"reached|was|were|is|are|rose|fell|stood|totalled|totaled|hit|grew|jumped|dropped|"
         r"amounted|reaching|worth|valued|deployed|spent|invested|pledged|last|this|next|per")
_WORD = r"[A-Za-z][\w’'-]*"
_PHRASE_AFTER = re.compile(rf"^\s+(?:of|in|for|on)\s+((?:(?!(?:{_STOP})\b){_WORD}\s*){{1,5}})", re.I)
_NOUN_AFTER = re.compile(
    rf"^\s+((?:(?!(?:{_STOP})\b)[a-z][\w’'-]*\s*){{1,3}})", re.I)
_LINK_BEFORE = re.compile(
    rf"((?:{_WORD}\s+){{1,6}}?)(?:\([^)]*\)\s+)?(?:had\s+|has\s+|have\s+)?"
    r"(?:reached|was|were|is|are|stood at|totalled|totaled|hit|rose to|fell to|grew to|jumped to|"
    r"dropped to|amounted to|came to|of|at|worth|valued at|estimated at|put at)\s+"
    r"(?:a\s+record\s+|an?\s+|about\s+|around\s+|nearly\s+|almost\s+|some\s+|over\s+|more than\s+)?$",
    re.I,
)
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"}
_CUT_AT = re.compile(rf"\b(?:{_STOP})\b.*$", re.I)
YEAR_NEAR = re.compile(r"\b(?:in|for|during|of|since|by|throughout)\s+((?:19|20)\d\d)\b(?!\s*(?:%|percent))")
_MONEY_NOUNS = re.compile(
    r"^(?:deal|contract|loan|package|investment|fund|budget|bid|offer|takeover|acquisition|"
    r"bailout|grant|fine|settlement|project|plan|programme|program|stimulus|levy|tax|aid)s?$", re.I)


def _clean(phrase: str) -> str | None:
    words = phrase.strip(" ,;:").split()
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    while words and words[-1].lower() in _DETERMINERS:
        words.pop()
    text = " ".join(words).strip(" ,;:.")
    return text or None


_NUMBER = re.compile(NUMBER, re.I)


def subject_of(kind: str, sentence: str, start: int, end: int) -> str | None:
    """The short subject of the figure at ``sentence[start:end]``, or None."""
    after = sentence[end:]
    before = sentence[:start]
    if kind == "count":
        # "more than 4,000 active projects" -> "active projects"
        numbers = list(_NUMBER.finditer(sentence, start, end))
        counted = sentence[numbers[-1].end():end] if numbers else sentence[start:end]
        return _clean(re.sub(r"^[”\"’]?\s*(?:of\s+)?", "", counted))
    if kind == "percent":
        m = _PHRASE_AFTER.match(after)
        if m and not after.lstrip().lower().startswith(("in ", "on ", "for ")):
            return _clean(m.group(1))
    if kind == "money":
        noun = _NOUN_AFTER.match(after)
        if noun:
            last = noun.group(1).split()[-1]
            if _MONEY_NOUNS.match(last):
                return _clean(noun.group(1))
        m = re.match(r"^\s+(?:in|of)\s+", after, re.I) and _PHRASE_AFTER.match(after)
        if m:
            return _clean(m.group(1))
    link = _LINK_BEFORE.search(before)
    if link:
        phrase = _CUT_AT.sub("", link.group(1).strip())
        words = phrase.split()
        # The phrase runs back to the start of its clause: keep its last few words.
        return _clean(" ".join(words[-4:])) if words else None
    return None


def year_of(sentence: str, start: int, end: int) -> int | None:
    """The year a figure refers to, when the sentence gives one near it ("… in 2022")."""
    best: tuple[int, int] | None = None
    for m in YEAR_NEAR.finditer(sentence):
        if m.start() < start and "," in sentence[m.end():start]:
            continue  # "in 2023, up from $2.9 billion": that year belongs to another clause
        between = sentence[end:m.start()] if m.start() >= end else sentence[m.end():start]
        if re.search(r"\d", between):
            continue  # "68 percent, up from 61 percent in 2020": the year is the other figure's
        distance = m.start() - end if m.start() >= end else start - m.end()
        if distance <= 60 and (best is None or distance < best[0]):
            best = (distance, int(m.group(1)))
    return best[1] if best else None

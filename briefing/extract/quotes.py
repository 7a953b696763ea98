"""Direct quotes and who said them.

A quoted span is a quote only when the text attributes it to someone: after it (", said Ana
Lima", ", she told Reuters", "," Lima wrote), before it ("Lima remarked, “", "quoted him as saying, “",
"X said that … “"), "according to her", or by continuing the previous attributed quote of the same
paragraph. Pronouns resolve to the last named speaker of the article. A short quoted phrase with no
attribution ("shuttle diplomacy", a film title) is a scare quote or a title, not a quote. Who
said it is read by ``attribution``; names and titles by ``names``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Sentence
from .attribution import (
    _DETERMINERS,
    _SHORT_ATTRIBUTED,
    ACCORDING_TO,
    BEFORE_WINDOW,
    _attribute,
    _Span,
    _Speakers,
)
from .names import PRONOUNS, split_title

OPEN, CLOSE = "“\"", "”\""


_SMALL_WORDS = {"of", "the", "and", "a", "an", "for", "in", "on", "to", "with", "&"}


def _is_title_case(words: str) -> bool:
    """“Community of Common Destiny”: a name or a title, not a statement."""
    tokens = [t for t in re.findall(r"[^\W\d_][\w’'-]*", words) if t.lower() not in _SMALL_WORDS]
    return bool(tokens) and len(tokens) <= 6 and all(t[0].isupper() for t in tokens)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote found in a source: its evidence span (one or more sentences) and its words."""

    start: int
    """Offset of the quoted words in the file's text."""
    end: int
    words: str
    speaker: str
    role: str | None
    first_sentence: int
    last_sentence: int


_QUOTE_MARK = re.compile(r'[“”"]')


def _spans(text: str) -> list[tuple[int, int, bool]]:
    """Quoted spans in a sentence as (start of words, end of words, closed?): double quotation
    marks, or British single ones (‘…’) outside them."""
    out: list[tuple[int, int, bool]] = []
    if "“" in text or '"' in text:  # most sentences quote nobody: no walk over their marks
        opened: int | None = None
        for mark in _QUOTE_MARK.finditer(text):  # only the marks, not every character
            i, ch = mark.start(), mark.group()
            if ch == "“" or (ch == '"' and opened is None):
                opened = i + 1  # a second opening mark before a close: the first was stray
            elif (ch == "”" or ch == '"') and opened is not None:
                out.append((opened, i, True))
                opened = None
        if opened is not None:
            out.append((opened, len(text), False))
    if "‘" in text or "'" in text:
        inside, k = out[:], 0  # the double-quoted spans, in order: walked once, not searched
        curly = "‘" in text
        for m in _SINGLE_QUOTED.finditer(text) if curly else _STRAIGHT_SINGLE.finditer(text):
            while k < len(inside) and inside[k][1] + 1 <= m.start():
                k += 1
            if (k < len(inside) and inside[k][0] - 1 <= m.start()) or (not curly and " " not in m.group(1)):
                continue  # within a double-quoted span, or one straight-quoted word: no quote
            out.append((m.start(1), m.end(1), True))
        out.sort()
    return out


# ‘…’ as quotation marks: opened at a word's start, closed by ’ that no letter follows (an
# apostrophe, as in "company’s", has one).
_SINGLE_QUOTED = re.compile(r"(?<![\w’])‘([^‘’\n]*(?:’\w[^‘’\n]*)*)’(?!\w)")
# 'We have no choice,' said Tom Reed: straight single marks, opened where no letter is before and
# closed where none follows, with a space inside ("don't" and "workers' union" are apostrophes;
# only an apostrophe between two letters may stand inside, so no opening mark is tried twice).
_STRAIGHT_SINGLE = re.compile(r"(?<![\w'])'((?:[^'\n]|(?<=\w)'(?=\w))+?)'(?!\w)")


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _ends_sentence(before: str) -> bool:
    """Does the text end with . ! or ? (and perhaps one closing quote), then only spaces?"""
    b = before.rstrip()
    return b.endswith((".", "!", "?")) or (len(b) >= 2 and b[-1] in "”\"’" and b[-2] in ".!?")


def extract_quotes(sentences: Sequence[Sentence]) -> list[Quote]:
    """Find attributed quotes in one source's sentences, in order."""
    speakers = _Speakers()
    quotes: list[Quote] = []
    i = 0
    previous: Quote | None = None
    while i < len(sentences):
        sentence = sentences[i]
        text = sentence.text
        speakers.sentence = i
        found: list[_Span] = []
        according: re.Match[str] | None = None  # "according to X", looked for once a sentence
        looked = False
        for qs, qe, closed in _spans(text):
            last = i
            words_end_abs = sentence.start + qe
            if not closed:
                # The quote runs on into the next sentences of the paragraph, to a closing mark.
                j = i + 1
                while j < len(sentences) and sentences[j].paragraph == sentence.paragraph:
                    if sentences[j].text.startswith("“"):
                        break  # a sentence that opens a quote: the open one ended without its mark
                    close_at = next((k for k, ch in enumerate(sentences[j].text) if ch in CLOSE), None)
                    last = j
                    if close_at is not None:
                        words_end_abs = sentences[j].start + close_at
                        break
                    words_end_abs = sentences[j].end
                    j += 1
            end_sentence = sentences[last]
            after = end_sentence.text[words_end_abs - end_sentence.start + 1:] if closed or last > i else ""
            next_sentence = sentences[last + 1].text if not after.strip() and closed and last + 1 < len(sentences) \
                and sentences[last + 1].paragraph == end_sentence.paragraph else ""
            # What the sentence says before the quote, up to a bound no attribution needs more than
            # (a name, a role, a clause): so each quote costs the same, however long the sentence.
            before = text[max(qs - 1 - BEFORE_WINDOW, 0): max(qs - 1, 0)]
            span = _Span(sentence.start + qs, words_end_abs, last,
                         _words_between(sentences, i, last, sentence.start + qs, words_end_abs),
                         # A quote that opens the sentence, or follows one that ended ("…p.m. “We will…").
                         before.strip() == "" or _ends_sentence(before), before)
            if not looked:
                according, looked = ACCORDING_TO.search(text) if "ccording to" in text else None, True
            _attribute(span, after, next_sentence, according)
            found.append(span)
        if not found:
            speakers.note(text)
            i += 1
            continue
        # A speaker named after a sentence's last quote says its earlier ones too: 'Headline
        # inflation “will begin to decline” while core inflation “may pick up”, the Council said.'
        for k in range(len(found) - 2, -1, -1):
            if found[k].who is None and found[k].document is None and found[k + 1].after:
                found[k].who, found[k].role, found[k].after = found[k + 1].who, found[k + 1].role, True
        # And the one named between two parts says the second: “The plan is sound,” said Ana Lima,
        # “and we will prove it.”
        for k in range(1, len(found)):
            between = text[found[k - 1].end - sentence.start + 1: found[k].start - sentence.start - 1]
            if found[k].who is None and found[k - 1].after and found[k - 1].last == i \
                    and len(between) <= 120 and not between.rstrip().endswith((".", "!", "?")):
                found[k].who, found[k].role, found[k].after = found[k - 1].who, found[k - 1].role, True
        opens_paragraph = i == 0 or sentences[i - 1].paragraph != sentence.paragraph
        for span in found:
            n_words = len(span.words.split())
            who, role = span.who, span.role
            if who is None and span.whole and previous is not None and previous.last_sentence in (i - 1, i) \
                    and (opens_paragraph or sentences[previous.last_sentence].paragraph == sentence.paragraph):
                who, role = previous.speaker, previous.role  # a quote running on from the last one
            elif who is None and span.whole and opens_paragraph and span.document is None \
                    and speakers.last is not None and speakers.last_at == i - 1:
                who = speakers.last  # 'Lima said, …' then a paragraph that is all quote
            if not span.whole and _is_title_case(span.words):
                continue
            if span.document is not None and n_words >= 4:
                # A document speaks but is no one's antecedent: "he said" later is not it.
                quotes.append(Quote(span.start, span.end, span.words, span.document, None, i, span.last))
                continue
            short = _SHORT_ATTRIBUTED.search(span.before) if n_words < 4 or who is None else None
            if who is not None and not span.whole and n_words < 4 and not short and not span.after:
                continue  # a short phrase in quotes is a scare quote unless its speaker is beside it
            if who is None and span.document is None:
                m = short
                if m and (len(split_title(m.group("who"))[0].split()) >= 2 or speakers.knows(m.group("who"))
                          or m.group("who").lower() in PRONOUNS or m.group("who").lower().startswith(_DETERMINERS)):
                    who = m.group("who")  # a person named in full, known, or "he": not "Analysts said"
            if who is None or (n_words < 2 and not (short or span.after)):
                continue
            name = speakers.resolve(who, role)
            if name is None:
                continue
            quote = Quote(span.start, span.end, span.words, name, speakers.roles.get(name), i, span.last)
            quotes.append(quote)
            previous = quote
        speakers.note(_QUOTED.sub(" ", text))
        i += 1
    return quotes


def _words_between(sentences: Sequence[Sentence], first: int, last: int, start: int, end: int) -> str:
    parts = []
    for k in range(first, last + 1):
        s = sentences[k]
        a, b = max(start, s.start), min(end, s.end)
        if a < b:
            parts.append(s.text[a - s.start: b - s.start])
    return " ".join(" ".join(parts).split()).strip(" ,")

"""Statements: each sentence grouped with its near-duplicates in other sources, found by
blocking on rare words (never every sentence against every other)."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..claims import _WORD, cite, words_of
from ..models import Line, Sentence, Source
from ..similar import near_keys

# Sentences are merged as near-duplicates when their word sets overlap this much (Jaccard).
NEAR_DUPLICATE = 0.6
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTE_MARKS = re.compile(r"[“”\"]")
# "LONDON: ", "PARIS (Reuters) - ", "LONDON, March 5 — ": a dateline before the sentence proper.
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{2,30}(?:,\s*[A-Za-z]{3,9}\.?\s+\d{1,2})?(?:\s*\([A-Za-z .]{2,30}\))?"
    r"\s*(?::|—|–|-{1,2})\s+(?=\S)")


def dateline(text: str) -> int:
    """How many characters of dateline open the sentence (0 when none)."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


@dataclass(slots=True)
class Statement:
    """One sentence as stated by one or more sources (near-duplicates merged).

    The text shown is the first source's sentence, verbatim, without a dateline ("LONDON: "); every
    source that states it is cited with its own offsets (the first from where the shown text starts).
    """

    members: list[tuple[Source, Sentence]]

    @property
    def text(self) -> str:
        return self.members[0][1].text

    @property
    def shown(self) -> str:
        """The text as a line shows it: the sentence after its dateline."""
        return self.text[dateline(self.text):]

    def line(self) -> Line:
        cut = dateline(self.text)
        cites = sorted((cite(src, s.start + (cut if i == 0 else 0), s.end)
                        for i, (src, s) in enumerate(self.members)), key=lambda c: c.number)
        return Line(self.text[cut:], tuple(cites))


_STARTS: dict[int, tuple[Source, list[int]]] = {}


def sentence_at(source: Source, offset: int) -> Sentence | None:
    """The sentence of a source holding a character offset (by bisection: sources can be long)."""
    known = _STARTS.get(id(source))
    if known is None or known[0] is not source:
        known = (source, [s.start for s in source.sentences])
        if len(_STARTS) > 10_000:
            _STARTS.clear()
        _STARTS[id(source)] = known
    i = bisect.bisect_right(known[1], offset) - 1
    if i >= 0 and source.sentences[i].start <= offset < source.sentences[i].end:
        return source.sentences[i]
    return None


def group_statements(sources: Sequence[Source]) -> tuple[list[Statement], dict[tuple[str, int], int]]:
    """Group every sentence with its near-duplicates from other sources, in source order.

    Returns the statements and a map from (source id, sentence start) to statement index. A
    sentence joins the first earlier statement it is a near-duplicate of. Candidates come from a
    prefix index (two word sets with Jaccard >= t share a word among each one's first
    |x| - ceil(t|x|) + 1 rarest words), so a long source is not compared with every statement;
    a short sentence's prefix holds common words, so short ones are found by their cores instead
    (``briefing.similar``): the work grows with the sentences, not with their pairs.
    """
    if len(sources) <= 1:  # a source never merges with itself: nothing to compare, nor to hold
        alone = [Statement([(source, sentence)]) for source in sources for sentence in source.sentences]
        return alone, {(st.members[0][0].id, st.members[0][1].start): i for i, st in enumerate(alone)}
    last = sources[-1].id
    # Every sentence's words are held until its turn comes, as a tuple of strings shared by every
    # sentence that has them (a word set and its own strings per sentence took most of a large
    # build's memory).
    shared: dict[str, str] = {}
    frequency: dict[str, int] = {}
    words_in: list[tuple[str, ...]] = []
    for source in sources:
        for sentence in source.sentences:
            words = tuple({shared.setdefault(w, w) for w in (x.lower() for x in _WORD.findall(sentence.text))})
            for w in words:
                frequency[w] = frequency.get(w, 0) + 1
            words_in.append(words)
    shared.clear()
    texts = ((source, sentence) for source in sources for sentence in source.sentences)
    statements: list[Statement] = []
    words_of_statement: list[frozenset[str]] = []
    index: dict[object, list[int]] = {}  # by prefix word (long sentences) or core (short ones)
    statement_of: dict[tuple[str, int], int] = {}
    # A statement joins the index when its source is done: a source never merges with itself,
    # so a long source (one huge file) is never compared with its own sentences.
    pending: list[tuple[int, list[object]]] = []
    current: str | None = None
    for n, (source, sentence) in enumerate(texts):
        mine = frozenset(words_in[n])
        words_in[n] = ()
        if source.id != current:
            for i, keys in pending:
                for key in keys:
                    index.setdefault(key, []).append(i)
            pending, current = [], source.id
        keys, sought = near_keys(mine, _prefix(mine, frequency) if len(mine) > SHORT else (), NEAR_DUPLICATE, SHORT)
        candidates = sorted({i for key in sought for i in index.get(key, ())})
        # Sources join in order, so a statement holds this source only as its last member.
        match = next((i for i in candidates
                      if statements[i].members[-1][0].id != source.id
                      and _similar(mine, words_of_statement[i])
                      and _same_figures(statements[i].text, sentence.text)), None)
        if match is None:
            statements.append(Statement([(source, sentence)]))
            # The last source's statements are never candidates (no source comes after it).
            words_of_statement.append(mine if source.id != last else frozenset())
            match = len(statements) - 1
            if source.id != last:
                pending.append((match, keys))
        else:
            statements[match].members.append((source, sentence))
        statement_of[(source.id, sentence.start)] = match
    return statements, statement_of


# A sentence of SHORT words or fewer is found by its cores, not by its prefix (which would hold
# common words: every short sentence a candidate of every other); see briefing.similar.
SHORT = 5


def _prefix(words: frozenset[str], frequency: dict[str, int]) -> list[str]:
    """The rarest words of a set, as many as a near-duplicate must share one of."""
    keep = len(words) - math.ceil(NEAR_DUPLICATE * len(words)) + 1
    return sorted(words, key=lambda w: (frequency[w], w))[:keep]


def readable(text: str) -> bool:
    """A sentence that stands alone as a line: whole quotes, not too short or too long."""
    words = len(text.split())
    return 8 <= words <= 70 and not _QUOTE_MARKS.search(text) and not text.rstrip().endswith("?")


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= NEAR_DUPLICATE


def _same_figures(a: str, b: str) -> bool:
    # Different figures are a disagreement to show, never to merge away.
    return sorted(_FIGURE.findall(a)) == sorted(_FIGURE.findall(b))


def near_duplicates(a: str, b: str) -> bool:
    """Same statement from two sources: most words shared and exactly the same figures."""
    return _similar(words_of(a), words_of(b)) and _same_figures(a, b)



"""Topics: which configured subjects a sentence is about, by keyword."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..config import Topic
from .patterns import any_word


def keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str]:
    """Match any keyword at a word start, case-insensitively; spaces match any whitespace.

    A short all-capitals keyword (``US``, ``EU``) is an acronym: matched as written, whole word.

    ``invest`` matches "investment" and "investors" but not "reinvest"; a phrase such as
    ``Red Sea`` matches across a line break.
    """
    words = sorted((k for k in keywords if k.strip()), key=lambda k: len(_one(k)), reverse=True)
    if not words:
        return re.compile(r"(?!)")
    try:  # the same pattern written to start with the keywords' first letters (see patterns.py)
        return re.compile(any_word([_one(k, fast=True) for k in words], ignore_case=True, whole=False))
    except ValueError:  # a keyword that starts with a mark or symbol ("$", "#tag"): the plain form
        return re.compile(rf"(?<!\w)(?:{'|'.join(map(_one, words))})", re.I)


def _acronym(keyword: str) -> bool:
    return keyword.strip().isupper() and len(keyword.strip()) <= 5


def _one(keyword: str, fast: bool = False) -> str:
    body = r"\s+".join(map(re.escape, keyword.split()))
    if _acronym(keyword):  # an acronym: "US" must not match "use"
        if fast:  # the first letter is matched in either case by any_word: check its case here
            return rf"{body[0]}(?<=(?-i:{body[0]}))(?-i:{body[1:]})(?!\w)"
        return rf"(?-i:{body})(?!\w)"
    return body


class TopicMatcher:
    """Compiled keyword patterns for a config's topics."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self._patterns = [(t.name, keyword_pattern(t.keywords)) for t in topics]
        # One pass finds the first keyword of any topic; most sentences have none, and no topic
        # can match before it, so each topic's own pattern starts there.
        keywords = [k for t in topics for k in t.keywords]
        self._any = keyword_pattern(keywords) if any(k.strip() for k in keywords) else None
        self._seen: dict[str, tuple[str, ...]] = {}

    def topics_of(self, text: str) -> tuple[str, ...]:
        """Names of the topics the text mentions, in config order."""
        found = self._seen.get(text)
        if found is None:
            first = self._any.search(text) if self._any else None
            found = () if first is None else tuple(
                name for name, rx in self._patterns if rx.search(text, first.start()))
            if len(self._seen) < 100_000:  # the same sentences are asked about by several stages
                self._seen[text] = found
        return found

    def hits(self, text: str, name: str) -> int:
        """How many keyword mentions of one topic the text has."""
        return sum(len(rx.findall(text)) for n, rx in self._patterns if n == name)

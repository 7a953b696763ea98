"""Topics: which configured subjects a sentence is about, by keyword."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..config import Topic


def keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str]:
    """Match any keyword at a word start, case-insensitively; spaces match any whitespace.

    A short all-capitals keyword (``US``, ``EU``) is an acronym: matched as written, whole word.

    ``invest`` matches "investment" and "investors" but not "reinvest"; a phrase such as
    ``Red Sea`` matches across a line break.
    """
    parts = sorted((_one(k) for k in keywords if k.strip()), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})", re.I) if parts else re.compile(r"(?!)")


def _one(keyword: str) -> str:
    body = r"\s+".join(map(re.escape, keyword.split()))
    if keyword.strip().isupper() and len(keyword.strip()) <= 5:
        return rf"(?-i:{body})(?!\w)"  # an acronym: "US" must not match "use"
    return body


class TopicMatcher:
    """Compiled keyword patterns for a config's topics."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self._patterns = [(t.name, keyword_pattern(t.keywords)) for t in topics]
        # One pass finds the first keyword of any topic; most sentences have none, and no topic
        # can match before it, so each topic's own pattern starts there.
        live = [rx.pattern for _, rx in self._patterns if rx.pattern != "(?!)"]
        self._any = re.compile("|".join(f"(?:{p})" for p in live), re.I) if live else None
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

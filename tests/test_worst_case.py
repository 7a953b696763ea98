"""Article text is untrusted: reading and extracting a hostile paragraph must take time in
proportion to its length. Each case is timed at two sizes, the best of three runs each; four
times the text may take at most ten times as long (a quadratic step takes sixteen), or 50 ms.
A ratio, not a time: it holds on a slow or busy machine. The seconds per MB are make bench's to report."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from briefing.extract import extract_mentions, extract_quotes
from briefing.ingest import segment

PUBLISHED = dt.date(2024, 3, 6)
# One paragraph of each, with no sentence end: the shapes that were quadratic or worse.
HOSTILE = {
    "quotes with a speaker": "“We will act on this now,” said Ana Lima, ",
    "quotes without one": "“We will act on this now” and ",
    "straight single marks": " 'x",
    "double then single marks": "“a b” 'c d' ",
    "money": "$5 billion and ",
    "percentages": "5% and ",
    "number words": "five and ",
    "weekdays": "Monday and ",
    "month and day": "May 5 and ",
    "durations": "5 years and ",
    "years": "1999 and ",
    "key-value pairs": '"a": "b", ',
    "a byline of names": "By Roland ",
    "a caption credit": "Ab/A-",
}


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        sentences, _, _ = segment("S1", text)
        for sentence in sentences:
            extract_mentions(sentence.text, PUBLISHED)
        extract_quotes(sentences)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("unit", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_takes_time_in_proportion_to_its_length(unit: str) -> None:
    small, large = (unit * (size // len(unit)) for size in (4_000, 16_000))
    # Below 50 ms a ratio is only noise; a quadratic step takes seconds at 16 KB.
    small_seconds, large_seconds = _seconds(small), _seconds(large)
    assert large_seconds < max(10 * small_seconds, 0.05), \
        f"4× the text took {large_seconds / small_seconds:.1f}× the time ({large_seconds:.3f} s)"

"""Article text is untrusted: reading and extracting a hostile paragraph must take time in
proportion to its length. Each case is timed at two sizes, the best of three runs each; four
times the text may take at most ten times as long (a quadratic step takes sixteen), or 50 ms.
A ratio, not a time: it holds on a slow or busy machine. The seconds per MB are make bench's to report."""

from __future__ import annotations

import pytest

from briefing.bench_text import HOSTILE, seconds


@pytest.mark.parametrize("unit", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_takes_time_in_proportion_to_its_length(unit: str) -> None:
    small, large = (unit * (size // len(unit)) for size in (4_000, 16_000))
    # Below 50 ms a ratio is only noise; a quadratic step takes seconds at 16 KB.
    small_seconds, large_seconds = seconds(small), seconds(large)
    assert large_seconds < max(10 * small_seconds, 0.05), \
        f"4× the text took {large_seconds / small_seconds:.1f}× the time ({large_seconds:.3f} s)"

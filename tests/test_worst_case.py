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


def _best_of_three(markdown: str) -> float:
    import time
    import types

    from briefing.render.markdown import resolve_links

    empty = types.SimpleNamespace(sources=[])  # resolve_links reads only the sources' numbers
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        resolve_links(empty, markdown)  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - start)
    return best


def test_a_line_of_escaped_brackets_is_read_once() -> None:
    """A source note naming many sources as plain text (``\\[1\\] \\[2\\] …``) looked for a link
    from every bracket to the end of the line: 0.65 s a line at 8 KB, 3 minutes at 1,000 sources."""
    small, large = ("where " + " ".join(f"\\[{i}\\]" for i in range(n)) + " say\n" for n in (400, 1600))
    small_seconds, large_seconds = _best_of_three(small), _best_of_three(large)
    assert large_seconds < max(10 * small_seconds, 0.05), \
        f"4× the text took {large_seconds / small_seconds:.1f}× the time ({large_seconds:.3f} s)"

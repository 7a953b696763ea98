"""make bench, hostile text: seconds per MB of reading and extracting one paragraph built to be
slow (no sentence end, a shape repeated), at 100 KB and 1 MB. Linear code gives the same figure
at both sizes; the ratio is printed beside them. tests/test_worst_case.py checks the same
shapes at two small sizes in every test run.

    python -m briefing.bench_text [--sizes 100000,1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from .extract import extract_mentions, extract_quotes
from .ingest import segment

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
    "no sentence end": "the port council met and ",
}


def seconds(text: str, runs: int = 3) -> float:
    """The best of ``runs`` timings of segmenting and extracting ``text``."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        sentences, _, _ = segment("S1", text)
        for sentence in sentences:
            extract_mentions(sentence.text, PUBLISHED)
        extract_quotes(sentences)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m briefing.bench_text")
    parser.add_argument("--sizes", default="100000,1000000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"hostile text: seconds per MB at {', '.join(f'{s // 1000} KB' for s in sizes)}, and the ratio "
          "(1.0 is linear)")
    worst = 0.0
    for name, unit in HOSTILE.items():
        per_mb = [seconds(unit * (size // len(unit)), runs=1 if size > 200_000 else 3) / (size / 1e6) for size in sizes]
        ratio = per_mb[-1] / per_mb[0] if per_mb[0] else 1.0
        worst = max(worst, ratio)
        print(f"  {name:<26}" + "".join(f"{v:8.2f} s/MB" for v in per_mb) + f"   ×{ratio:.2f}")
    print(f"  worst ratio ×{worst:.2f} (target: within ×1.3)")


if __name__ == "__main__":
    main()

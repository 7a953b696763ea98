"""``python -m briefing.bench CONFIG``: time each stage over several runs (``make bench``).

Speed is measured here, never asserted in tests. Prints the median and the best of N runs per
stage, writing into a temporary folder so the real outputs are untouched.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from .config import load_config
from .pipeline import build


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m briefing.bench", description=__doc__)
    parser.add_argument("config")
    parser.add_argument("-n", "--runs", type=int, default=5)
    args = parser.parse_args(argv)
    cfg = load_config(args.config)
    times: dict[str, list[float]] = {}

    def record(stage: str, seconds: float, what: str) -> None:
        times.setdefault(stage, []).append(seconds)

    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs + 1):  # the first run warms imports and font caches
            build(cfg, Path(tmp), report=record)
    print(f"bench: {args.config}, {args.runs} runs after 1 warm-up")
    total = [0.0] * (args.runs + 1)
    for stage, values in times.items():
        for i, v in enumerate(values):
            total[i] += v
        runs = values[1:]
        print(f"  {stage:<9} median {statistics.median(runs) * 1000:7.1f} ms   best {min(runs) * 1000:7.1f} ms")
    print(f"  {'total':<9} median {statistics.median(total[1:]) * 1000:7.1f} ms   best {min(total[1:]) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()

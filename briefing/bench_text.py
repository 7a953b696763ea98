"""make bench, hostile text: seconds per MB of reading and extracting one paragraph built to be
slow (no sentence end, a shape repeated), at 100 KB and 1 MB. Linear code gives the same figure
at both sizes; the ratio is printed beside them. tests/test_worst_case.py checks the same
shapes at two small sizes in every test run.

With ``--article 50,200`` (opt-in: minutes), one long article of that many MB of copied seed text
(a made-up word before every full stop, so no cache flatters it) is read and extracted, and with
``--build`` also built (``--format json``), each in a process of its own: CPU seconds, seconds per MB
and peak memory (VmHWM). tests/test_streaming.py checks 22 MB in every test run.

    python -m briefing.bench_text [--sizes 100000,1000000] [--article 50,200 [--build]]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .config import load_config
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


def long_article(config: str, megabytes: float, folder: Path) -> Path:
    """One article of ``megabytes`` MB: the config's sources one after another, again and again,
    each copy with a made-up word of its own before every full stop; and a config reading it."""
    cfg = load_config(config)
    texts = [s.path.read_text(encoding="utf-8") for s in cfg.sources]
    folder.mkdir(parents=True, exist_ok=True)
    size, n = 0, 0
    with open(folder / "long.txt", "w", encoding="utf-8") as handle:
        while size < megabytes * 1e6:
            tag = "".join(chr(ord("a") + int(d)) for d in f"{n:07d}")
            copy = re.sub(r"\.(?=\s|$)", f" q{tag}.", texts[n % len(texts)]) + "\n\n"
            handle.write(copy)
            size, n = size + len(copy.encode("utf-8")), n + 1
    data = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
    data["sources"] = [{"path": "long.txt", "date": cfg.sources[0].date.isoformat() if cfg.sources[0].date
                        else "2024-01-01"}]
    for key in ("judgments", "bottom_line", "previous", "templates", "output"):
        data.pop(key, None)  # files beside the real config: not part of reading one article
    (folder / "config.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder / "config.yaml"


# Run in a process of its own, which reports its own peak memory (VmHWM: ru_maxrss would keep the
# size of the process it was forked from).
_PEAK = "print('peak', re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1), file=sys.stderr)\n"
_EXTRACT = ("import re, sys\nfrom briefing.config import load_config\n"
            "from briefing.pipeline import ingest_and_extract, paused_gc\n"
            "with paused_gc():\n    sources, facts, _ = ingest_and_extract(load_config(sys.argv[1]))\n"
            "print(len(facts), 'facts,', sum(len(s.sentences) for s in sources), 'sentences kept', file=sys.stderr)\n"
            + _PEAK)
_BUILD = ("import re, sys\nfrom briefing.command import main\n"
          "try:\n    main()\nexcept SystemExit as exc:\n    print('exit', exc.code, file=sys.stderr)\n" + _PEAK)


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _measured(args: list[str]) -> tuple[float, int, str]:
    """CPU seconds (on shared cores the wall clock says more of the neighbours than of us), peak
    MiB and what the child process printed of its result."""
    start = _cpu()
    done = subprocess.run([sys.executable, "-c", *args], capture_output=True, text=True, check=False)
    seconds = _cpu() - start
    peak = re.search(r"peak (\d+)", done.stderr)
    note = " ".join(line for line in done.stderr.splitlines() if line[:1].isdigit() or line.startswith("exit"))
    return seconds, int(peak.group(1)) // 1024 if peak else -1, note or done.stderr[-300:]


def articles(config: str, sizes: list[float], whole_build: bool) -> None:
    """One long article at each size: read and extracted, then (``whole_build``) built."""
    print("one long article of copied seed text: CPU seconds, s/MB and peak memory, each in a process of its own")
    per_mb: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            cfg = long_article(config, mb, Path(tmp) / f"{mb:g}")
            runs = [("read and extract", [_EXTRACT, str(cfg)])]
            if whole_build:
                runs.append(("build --format json", [_BUILD, "build", str(cfg), "--format", "json", "--force",
                                                      "--out", str(cfg.parent / "out")]))
            for what, args in runs:
                seconds, peak, note = _measured(args)
                per_mb.setdefault(what, []).append(seconds / mb)
                print(f"  {mb:6g} MB {what:<20} {seconds:8.1f} s {seconds / mb:6.2f} s/MB  peak {peak:5d} MiB  {note}")
            (cfg.parent / "long.txt").unlink()
    for what, values in per_mb.items():
        if len(values) > 1:
            print(f"  {what}: s/MB ×{values[-1] / values[0]:.2f} from {sizes[0]:g} to {sizes[-1]:g} MB (1.0 is linear)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m briefing.bench_text")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--article", default="", help="MB of one long article, e.g. 50,200 (opt-in: minutes)")
    parser.add_argument("--build", action="store_true", help="with --article: also the whole build, --format json")
    parser.add_argument("--config", default="config.yaml", help="with --article: whose sources to copy")
    args = parser.parse_args(argv)
    if args.article:
        articles(args.config, [float(s) for s in args.article.split(",")], args.build)
        return
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

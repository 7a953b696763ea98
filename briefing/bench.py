"""``python -m briefing.bench CONFIG`` (``make bench``): how fast, measured, never asserted.

Prints, for this machine:

1. the whole build from a cold process (``briefing build CONFIG --force``), median and spread,
   and each stage's median, beside ``pandoc briefing.md -o x.pdf --pdf-engine=weasyprint`` timed
   in the same loop (when pandoc is installed);
2. a rebuild with nothing changed (the cache: ``briefing.cache``);
3. ingest + extract over 1,000 and 10,000 articles (copies of the config's sources) with
   ``--jobs 1`` and ``--jobs 2``: articles per second, peak memory, speed-up;
4. the whole build after extraction (compose, facts.json) over corpora of several sizes
   (``--compose-sizes``, default 1,000 and 10,000; ``1000,10000,100000`` for the 100,000-article
   run, many minutes and a few GB), ``--format json``: milliseconds per article, its ratio to the
   smallest size's (1.0 is linear time), and peak memory (of the whole build, ingest included),
   with each stage's line as it ends. The cross-source steps (people, statements, claims) must
   stay linear: a quadratic one doubles the ratio with
   every doubling of the corpus;
5. ingest + extract on a Dask ``LocalCluster`` of 1 and 2 worker processes (``--dask local:N``)
   over 1,000 articles (``--dask-sizes``), beside the ``--jobs`` figures; skipped without Dask.

Everything is written into a temporary folder: the real outputs are untouched.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .config import load_config

STAGE_LINE = re.compile(r"^(\w[\w+]*)\s+(\d+) ms")


def _run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{proc.stderr}")
    return seconds, proc.stderr


def _spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):6.2f} s  (min {min(values):.2f}, "
            f"max {max(values):.2f}, n={len(values)})")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
        cpu = model
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def _bundled_pandoc() -> str | None:
    """The Pandoc that pypandoc-binary ships (the Word output's), when none is on PATH."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return None


def whole_build(config: str, runs: int, tmp: Path) -> None:
    exe = [sys.executable, "-m", "briefing"]
    out = tmp / "out"
    builds: list[float] = []
    pandoc: list[float] = []
    stages: dict[str, list[float]] = {}
    pandoc_exe = shutil.which("pandoc") or _bundled_pandoc()
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    _run([*exe, "build", config, "--out", str(out), "--force"])  # warm the disk cache and fonts
    for _ in range(runs):
        seconds, err = _run([*exe, "build", config, "--out", str(out), "--force"])
        builds.append(seconds)
        for line in err.splitlines():
            m = STAGE_LINE.match(line)
            if m:
                stages.setdefault(m.group(1), []).append(int(m.group(2)) / 1000)
        if pandoc_exe:
            seconds, _ = _run([pandoc_exe, str(out / "briefing.md"), "-o", str(tmp / "pandoc.pdf"),
                               "--pdf-engine=weasyprint"], env)
            pandoc.append(seconds)
    print(f"whole build, cold process, every output:      {_spread(builds)}")
    for stage, values in stages.items():
        share = statistics.median(values) / statistics.median(builds)
        print(f"  {stage:<9} median {statistics.median(values) * 1000:7.0f} ms  ({share:4.0%} of the build)")
    print("  (the rest is Python starting and importing; the PDF stage includes WeasyPrint's import,"
          " made in a child process while the other stages run)")
    if pandoc:
        ratio = statistics.median(builds) / statistics.median(pandoc)
        print(f"pandoc briefing.md -o x.pdf --pdf-engine=weasyprint: {_spread(pandoc)}")
        print(f"  the whole build takes {ratio:.2f}× pandoc's time to render the Markdown alone")
    else:
        print("pandoc: not installed (apt-get install pandoc), comparison skipped")
    rebuilds = [_run([*exe, "build", config, "--out", str(out)])[0] for _ in range(runs)]
    print(f"rebuild with nothing changed (cache):         {_spread(rebuilds)}")


def corpus(config: str, count: int, folder: Path) -> Path:
    """``count`` articles cycling through the config's sources, and a config reading them."""
    cfg = load_config(config)
    texts = [s.path.read_bytes() for s in cfg.sources]
    articles = folder / "articles"
    articles.mkdir(parents=True)
    for i in range(count):
        # Each copy differs (a made-up word before every full stop that ends a sentence or a
        # paragraph), so no cache of repeated sentences flatters the figures.
        tag = "".join(chr(ord("a") + int(d)) for d in f"{i:05d}")
        text = re.sub(r"\.(?=\s|$)", f" q{tag}.", texts[i % len(texts)].decode("utf-8"))
        (articles / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    data = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
    date = cfg.sources[0].date.isoformat() if cfg.sources[0].date else "2024-01-01"
    data["sources"] = [{"path": "articles/*.txt", "date": date}]
    for key in ("judgments", "previous", "templates", "output"):
        data.pop(key, None)  # files beside the real config: not part of extraction
    generated = folder / "config.yaml"
    generated.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return generated


def scale_worker(config: str, jobs: int) -> None:
    """Run in a fresh process: ingest + extract once; print seconds and peak memory (MiB)."""
    from .pipeline import ingest_and_extract, paused_gc

    cfg = load_config(config)
    start = time.perf_counter()
    with paused_gc():  # exactly what a build does: articles read, facts and people's mentions found
        sources, facts, _ = ingest_and_extract(cfg, jobs)
    seconds = time.perf_counter() - start
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(f"{seconds} {peak} {len(sources)} {len(facts)}")


def scale(config: str, sizes: list[int], tmp: Path) -> None:
    for size in sizes:
        generated = corpus(config, size, tmp / f"corpus-{size}")
        results = {}
        for jobs in (1, 2):
            out = subprocess.run([sys.executable, "-m", "briefing.bench", "--scale-worker", str(generated), str(jobs)],
                                 capture_output=True, text=True, check=True).stdout.split()
            seconds, peak, articles = float(out[0]), float(out[1]), int(out[2])
            results[jobs] = seconds
            print(f"ingest + extract (facts and people), {articles:>6} articles, --jobs {jobs}: {seconds:6.2f} s, "
                  f"{articles / seconds:6.0f} articles/s, peak {peak:5.0f} MiB per process")
        print(f"  speed-up from the second core: {results[1] / results[2]:.2f}×")


def dask_worker(config: str, workers: int) -> None:
    """Run in a fresh process: start a LocalCluster of ``workers`` processes, then ingest +
    extract once on it; print the seconds (the cluster's start not counted), the start's seconds,
    this process's peak memory (MiB) and the number of articles."""
    from .distributed import local_cluster
    from .pipeline import ingest_and_extract, paused_gc

    cfg = load_config(config)
    start = time.perf_counter()
    with local_cluster(workers) as cluster:
        started = time.perf_counter() - start
        start = time.perf_counter()
        with paused_gc():
            sources, _, _ = ingest_and_extract(cfg, dask=cluster.scheduler_address)
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds} {started} {peak} {len(sources)}")


def dask_scale(config: str, sizes: list[int], tmp: Path) -> None:
    """Articles per second on a LocalCluster of 1 and 2 workers (each connection re-sends the
    config once per worker; the articles' text goes from this process to the workers)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("dask: not installed (pip install 'briefing[dask]'), --dask figures skipped")
        return
    for size in sizes:
        generated = corpus(config, size, tmp / f"dask-{size}")
        results = {}
        for workers in (1, 2):
            out = subprocess.run([sys.executable, "-m", "briefing.bench", "--dask-worker", str(generated),
                                  str(workers)], capture_output=True, text=True, check=True).stdout.split()
            seconds, started, peak, articles = float(out[0]), float(out[1]), float(out[2]), int(out[3])
            results[workers] = seconds
            print(f"ingest + extract (facts and people), {articles:>6} articles, --dask local:{workers}: "
                  f"{seconds:6.2f} s, {articles / seconds:6.0f} articles/s (the cluster's {started:.1f} s "
                  f"start not counted), client peak {peak:5.0f} MiB")
        print(f"  speed-up from the second Dask worker: {results[1] / results[2]:.2f}×")
        shutil.rmtree(generated.parent, ignore_errors=True)


def compose_worker(config: str) -> None:
    """Run in a fresh process: one ``--format json`` build; print each stage's seconds, the
    seconds after extraction, peak memory (MiB) and the number of articles."""
    from .pipeline import build

    cfg = load_config(config)
    stages: dict[str, float] = {}

    def report(stage: str, seconds: float, what: str) -> None:
        stages[stage] = stages.get(stage, 0.0) + seconds
        # As it happens, on stderr (a 100,000-article run takes many minutes): peak so far.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"    {stage:<8} {seconds:8.1f} s, peak so far {peak:6.0f} MiB", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as out:
        result = build(cfg, Path(out), formats=("json",), report=report, force=True)
    after = sum(v for k, v in stages.items() if k not in ("ingest", "extract"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{after} {peak} {len(result.briefing.sources)} "
          + " ".join(f"{k}={v:.3f}" for k, v in stages.items()))


def compose_scale(config: str, sizes: list[int], tmp: Path) -> None:
    """Per-article cost of everything after extraction, at each size, against the smallest."""
    first: float | None = None
    for size in sorted(sizes):
        start = time.perf_counter()
        generated = corpus(config, size, tmp / f"compose-{size}")
        made = time.perf_counter() - start
        print(f"  {size:,} articles written in {made:.1f} s; building:", flush=True)
        out = subprocess.run([sys.executable, "-m", "briefing.bench", "--compose-worker", str(generated)],
                             stdout=subprocess.PIPE, text=True, check=True).stdout.split()
        seconds, peak, articles = float(out[0]), float(out[1]), int(out[2])
        per = seconds / articles * 1000
        first = first if first is not None else per
        print(f"compose and facts.json, {articles:>6} articles: {seconds:7.2f} s, {per:6.2f} ms per article "
              f"({per / first:4.2f}× the {min(sizes):,}-article cost), peak {peak:5.0f} MiB "
              f"({peak * 1024 / articles:4.0f} KiB per article, ingest and extract included)  "
              f"[{' '.join(out[3:])}]", flush=True)
        shutil.rmtree(generated.parent, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m briefing.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config")
    parser.add_argument("extra", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("-n", "--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes for the scale test (0: skip it)")
    parser.add_argument("--compose-sizes", default="1000,10000",
                        help="corpus sizes for the compose scale test (0: skip it)")
    parser.add_argument("--dask-sizes", default="1000",
                        help="corpus sizes for the Dask LocalCluster test (0: skip it)")
    parser.add_argument("--no-build", action="store_true", help="skip the whole-build timings")
    parser.add_argument("--dask-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--compose-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale_worker:
        scale_worker(args.config, int(args.extra))
        return
    if args.compose_worker:
        compose_worker(args.config)
        return
    if args.dask_worker:
        dask_worker(args.config, int(args.extra))
        return
    print(f"bench on {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_build:
            whole_build(args.config, args.runs, Path(tmp))
        sizes = [int(s) for s in args.sizes.split(",") if int(s) > 0]
        if sizes:
            scale(args.config, sizes, Path(tmp))
        dask_sizes = [int(s) for s in args.dask_sizes.split(",") if int(s) > 0]
        if dask_sizes:
            dask_scale(args.config, dask_sizes, Path(tmp))
        compose_sizes = [int(s) for s in args.compose_sizes.split(",") if int(s) > 0]
        if compose_sizes:
            compose_scale(args.config, compose_sizes, Path(tmp))


if __name__ == "__main__":
    main()

"""``make bench``: this checkout beside an earlier release, on this machine, in one run.

    python tools/bench_beside.py CONFIG [--baseline COMMIT] [--sizes 1000,10000,100000]

The earlier release is taken from git (``git archive COMMIT``, default 0.2.1's commit) into a
temporary folder and run by the same Python with ``PYTHONPATH`` pointing at it, so both use the
same interpreter, libraries, fonts and disk. Every figure is measured through the command line
(``python -m briefing build``): the one interface both releases share. Each run is a fresh
process; a run of the earlier release that takes longer than ``--timeout`` seconds is stopped
and printed as "> N s" (0.2.1's compose was quadratic: 10,000 articles never finish).

Printed, one line a figure, now then the baseline:
- the cold seed build (every output), median of ``--runs``, paired in the same loop with
  ``pandoc briefing.md -o x.pdf --pdf-engine=weasyprint`` (when a Pandoc is found);
- a rebuild with nothing changed;
- ingest + extract of 1,000 seed-shaped articles with ``--jobs 1`` and ``--jobs 2``;
- the whole ``--format json`` build at each ``--sizes``: seconds, ms per article, its ratio to the
  smallest size's (1.0 is linear time) and the peak memory of the largest process;
- hostile text, seconds per MB of one paragraph built to be slow, at 100 KB and 1 MB;
- ingest + extract on a Dask LocalCluster of 1 and 2 workers (this release only).

The corpora are copies of the config's articles with a made-up word before every full stop, so
no cache of repeated sentences flatters a figure (``briefing.bench.corpus``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.bench import _bundled_pandoc, corpus, machine  # noqa: E402
from briefing.bench_text import HOSTILE  # noqa: E402

BASELINE = "b8b8c6e"
"""0.2.1, the release issue 15 measured against."""
STAGE = re.compile(r"^(\w[\w+]*)\s+(\d+) ms", re.M)
# The hostile shapes shown here: the slowest of briefing.bench_text's, and 0.2.1's worst.
SHAPES = ("key-value pairs", "money", "double then single marks", "quotes with a speaker")
# Run through a small wrapper that reports its child's peak resident memory (the largest of the
# build's processes: the build itself, or one of its --jobs workers).
PEAK = ("import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
        "sys.stderr.write(done.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
        "sys.exit(done.returncode)\n")


@dataclass
class Run:
    seconds: float
    stages: dict[str, float]
    peak_mib: int
    finished: bool = True
    failed: str = ""
    """The last line of an earlier release's error, when it stopped with one."""


@dataclass
class Release:
    name: str
    tree: Path | None
    """The earlier release's source folder; None for this checkout."""

    def env(self) -> dict[str, str]:
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        if self.tree is not None:
            env["PYTHONPATH"] = str(self.tree)
        return env

    def limit(self, timeout: float) -> float | None:
        """This checkout runs to the end, however long; only the earlier release is stopped."""
        return None if self.tree is None else timeout

    def run(self, args: list[str], cwd: Path, timeout: float | None = None) -> Run:
        cmd = [sys.executable, "-c", PEAK, sys.executable, "-m", "briefing", *args]
        start = time.perf_counter()
        # A session of its own, so that a stopped run is stopped whole: the build is the wrapper's
        # child, which a plain timeout would leave running (and loading the next figures).
        with subprocess.Popen(cmd, cwd=cwd, env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, start_new_session=True) as proc:
            try:
                stdout, stderr = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                return Run(time.perf_counter() - start, {}, 0, finished=False)
        done = subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)
        seconds = time.perf_counter() - start
        if done.returncode != 0 and self.tree is not None:  # an old bug is a figure, not the end
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            return Run(seconds, {}, 0, finished=False, failed=last[:80])
        if done.returncode != 0:
            raise SystemExit(f"bench: {self.name}: briefing {' '.join(args)} failed:\n{done.stderr[-2000:]}")
        stages: dict[str, float] = {}
        for name, ms in STAGE.findall(done.stderr):
            stages[name] = stages.get(name, 0.0) + int(ms) / 1000
        return Run(seconds, stages, int(done.stdout.split()[-1]))


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"


def _row(what: str, now: str, then: str) -> None:
    print(f"| {what} | {now} | {then} |", flush=True)


def cold_build(releases: list[Release], configs: list[Path], runs: int, tmp: Path) -> None:
    pandoc = shutil.which("pandoc") or _bundled_pandoc()
    times: dict[str, list[float]] = {r.name: [] for r in releases}
    pandoc_times: list[float] = []
    outs = [tmp / f"out-{i}" for i in range(len(releases))]
    for release, config, out in zip(releases, configs, outs, strict=True):  # warm the disk cache and fonts
        release.run(["build", str(config), "--out", str(out), "--force"], config.parent)
    for _ in range(runs):
        for release, config, out in zip(releases, configs, outs, strict=True):
            times[release.name].append(release.run(["build", str(config), "--out", str(out), "--force"],
                                                   config.parent).seconds)
        if pandoc:
            start = time.perf_counter()
            subprocess.run([pandoc, str(outs[0] / "briefing.md"), "-o", str(tmp / "pandoc.pdf"),
                            "--pdf-engine=weasyprint"], env=releases[0].env(), check=True, capture_output=True)
            pandoc_times.append(time.perf_counter() - start)
    cells = []
    for release in releases:
        cell = _median(times[release.name])
        if pandoc_times:
            cell += f", {statistics.median(times[release.name]) / statistics.median(pandoc_times):.2f}× Pandoc"
        cells.append(cell)
    _row(f"cold seed build, every output, median of {runs}" + (f"; Pandoc → WeasyPrint on the same Markdown "
         f"{_median(pandoc_times)}" if pandoc_times else "; no Pandoc found"), *cells)
    rebuilds = []
    for release, config, out in zip(releases, configs, outs, strict=True):
        rebuilds.append(_median([release.run(["build", str(config), "--out", str(out)], config.parent).seconds
                                 for _ in range(runs)]))
    _row("rebuild with nothing changed", *rebuilds)


def _baseline_config(release: Release, generated: Path) -> Path:
    """The generated corpus's config in the earlier release's own terms: its seed config with the
    sources replaced (a key it does not know would be refused)."""
    assert release.tree is not None
    data = yaml.safe_load((release.tree / "config.yaml").read_text(encoding="utf-8"))
    data["sources"] = yaml.safe_load(generated.read_text(encoding="utf-8"))["sources"]
    for key in ("judgments", "previous", "templates", "output", "bottom_line"):
        data.pop(key, None)
    path = generated.with_name(f"config-{release.name}.yaml")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _config_for(release: Release, generated: Path) -> Path:
    return generated if release.tree is None else _baseline_config(release, generated)


def extraction(releases: list[Release], config: str, size: int, tmp: Path, timeout: float) -> None:
    generated = corpus(config, size, tmp / f"extract-{size}")
    for jobs in (1, 2):
        cells = []
        for release in releases:
            cfg = _config_for(release, generated)
            run = release.run(["build", str(cfg), "--format", "json", "--force", "--out", str(tmp / "x"),
                               "--jobs", str(jobs)], cfg.parent, release.limit(timeout))
            read = run.stages.get("ingest", 0) + run.stages.get("extract", 0)
            cells.append(f"failed: {run.failed}" if run.failed else
                         f"{size / read:,.0f} articles/s" if run.finished and read else f"> {timeout:.0f} s")
        _row(f"ingest + extract, {size:,} articles, --jobs {jobs}", *cells)
    shutil.rmtree(generated.parent, ignore_errors=True)


def whole_json(releases: list[Release], config: str, sizes: list[int], tmp: Path, timeout: float) -> None:
    first: dict[str, float] = {}
    gave_up: set[str] = set()
    for size in sorted(sizes):
        generated = corpus(config, size, tmp / f"json-{size}")
        cells = []
        for release in releases:
            if release.name in gave_up:
                cells.append("not run (a smaller corpus did not finish)")
                continue
            cfg = _config_for(release, generated)
            run = release.run(["build", str(cfg), "--format", "json", "--force", "--out", str(tmp / "x")],
                              cfg.parent, release.limit(timeout))
            if not run.finished:
                gave_up.add(release.name)
                cells.append(f"failed: {run.failed}" if run.failed else f"> {timeout:.0f} s, stopped")
                continue
            per = run.seconds / size * 1000
            first.setdefault(release.name, per)
            after = run.seconds - run.stages.get("ingest", 0) - run.stages.get("extract", 0)
            cells.append(f"{run.seconds:.1f} s, {per:.2f} ms/article ({per / first[release.name]:.2f}×), "
                         f"compose and write {after:.1f} s, peak {run.peak_mib:,} MiB")
        _row(f"whole build, --format json, {size:,} articles", *cells)
        shutil.rmtree(generated.parent, ignore_errors=True)


def hostile(releases: list[Release], config: str, tmp: Path, timeout: float,
            shapes: tuple[str, ...] = SHAPES) -> None:
    folder = tmp / "hostile"
    for name in shapes:
        unit = HOSTILE[name]
        cells = []
        for release in releases:
            failed = ""
            per_mb: list[float | None] = []
            for size in (100_000, 1_000_000):
                shutil.rmtree(folder, ignore_errors=True)
                generated = corpus(config, 1, folder)
                (folder / "articles" / "00000.txt").write_text(unit * (size // len(unit)), encoding="utf-8")
                cfg = _config_for(release, generated)
                run = release.run(["build", str(cfg), "--format", "json", "--force", "--out", str(tmp / "x")],
                                  cfg.parent, release.limit(timeout))
                if run.failed:
                    failed = run.failed
                    break
                if not run.finished:
                    per_mb.append(None)
                    break
                per_mb.append((run.stages.get("ingest", 0) + run.stages.get("extract", 0)) / (size / 1e6))
            shown = " / ".join("> " + f"{timeout / (s / 1e6):.0f}" if v is None else f"{v:.1f}"
                               for v, s in zip(per_mb, (100_000, 1_000_000), strict=False))
            if len(per_mb) == 2 and per_mb[0] and per_mb[1] is not None:
                shown += f" s/MB (×{per_mb[1] / per_mb[0]:.2f})"
            else:
                shown += " s/MB" + (" (1 MB not run)" if len(per_mb) == 1 else "")
            cells.append(f"failed: {failed}" if failed else shown)
        _row(f"hostile text '{unit.strip()}' repeated, 100 KB / 1 MB", *cells)


def dask(config: str, size: int, tmp: Path) -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        _row("Dask LocalCluster", "not installed (pip install 'briefing[dask]')", "no --dask")
        return
    generated = corpus(config, size, tmp / f"dask-{size}")
    for workers in (1, 2):
        done = subprocess.run([sys.executable, "-m", "briefing.bench", "--dask-worker", str(generated), str(workers)],
                              capture_output=True, text=True, check=True).stdout.split()
        seconds = float(done[0])
        _row(f"ingest + extract, {size:,} articles, --dask local:{workers}",
             f"{size / seconds:,.0f} articles/s", "no --dask")
    shutil.rmtree(generated.parent, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python tools/bench_beside.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config")
    parser.add_argument("--baseline", default=BASELINE, help="the earlier release's commit (default: 0.2.1)")
    parser.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes of the whole --format json build")
    parser.add_argument("--extract-size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a baseline run is stopped")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="the hostile shapes (names in bench_text)")
    parser.add_argument("--only", default="build,extract,json,hostile,dask", help="which parts to run")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        tree = tmp / "baseline"
        tree.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
        version = re.search(r'^version = "([^"]+)"', (tree / "pyproject.toml").read_text(), re.M)
        now = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
        releases = [Release(f"now ({now.group(1) if now else '?'})", None),
                    Release(f"{version.group(1) if version else args.baseline}", tree)]
        print(f"bench on {machine()}, {time.strftime('%Y-%m-%d %H:%M')}")
        print(f"\n| What | {releases[0].name} | {releases[1].name} ({args.baseline}) |\n|---|---|---|")
        config = str(Path(args.config).resolve())
        if "build" in parts:
            cold_build(releases, [Path(config), tree / "config.yaml"], args.runs, tmp)
        if "extract" in parts:
            extraction(releases, config, args.extract_size, tmp, args.timeout)
        if "json" in parts:
            whole_json(releases, config, [int(s) for s in args.sizes.split(",") if int(s) > 0], tmp, args.timeout)
        if "hostile" in parts:
            hostile(releases, config, tmp, min(args.timeout, 120), tuple(args.shapes.split(",")))
        if "dask" in parts:
            dask(config, args.extract_size, tmp)


if __name__ == "__main__":
    main()

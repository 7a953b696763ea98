"""Same bytes before and after a change: build every corpus with another revision's code and with
this tree's, and compare briefing.md, briefing.html and facts.json byte for byte.

    .venv/bin/python tools/same_bytes.py            # against where this branch left main
    .venv/bin/python tools/same_bytes.py --base v0.2.1 --copies 40,400

The corpora: the root config.yaml (the seeds), every config under tests/fixtures and tests/gold,
and copies of the seeds made as make bench makes them (each copy's sentences perturbed by one
made-up word, so every sentence has near-duplicates in a fifth of the sources: the syndication,
claim and people merges at their busiest). The base revision's ``briefing`` package is taken
with ``git archive`` into a temporary folder and run from there (PYTHONPATH), so nothing in the
work tree changes. Exit 1 and name the files when any output differs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("briefing.md", "briefing.html", "facts.json")


def configs() -> list[Path]:
    found = [ROOT / "config.yaml"]
    for folder in ("tests/fixtures", "tests/gold"):
        found += sorted((ROOT / folder).glob("*/config.yaml"))
    return found


def export(revision: str, into: Path) -> Path:
    """The ``briefing`` package as it is at ``revision``, unpacked into ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "briefing"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def build(code: Path, config: Path, out: Path) -> str | None:
    """Build with the package in ``code``; None, or the error when the build failed."""
    env = dict(os.environ, PYTHONPATH=str(code))
    # Run from ``code``: ``python -m`` puts the working folder first on the path.
    proc = subprocess.run([sys.executable, "-m", "briefing", "build", str(config), "--out", str(out),
                           "--format", "md,html,json", "--force"], capture_output=True, text=True, env=env,
                          cwd=code)
    return None if proc.returncode == 0 else (proc.stderr.strip().splitlines() or ["failed"])[-1]


def imported_from(code: Path) -> Path:
    """Where ``briefing`` is imported from when run as ``build`` runs it: must be ``code``."""
    out = subprocess.run([sys.executable, "-c", "import briefing; print(briefing.__file__)"], cwd=code,
                         env=dict(os.environ, PYTHONPATH=str(code)), capture_output=True, text=True, check=True)
    return Path(out.stdout.strip()).resolve().parent.parent


def compare(base: Path, mine: Path, config: Path, work: Path, name: str) -> list[str]:
    outs = (work / "base" / name, work / "mine" / name)
    errors = [build(code, config, out) for code, out in ((base, outs[0]), (mine, outs[1]))]
    if errors[0] != errors[1]:
        return [f"{name}: base build {errors[0] or 'succeeded'}, this tree's {errors[1] or 'succeeded'}"]
    if errors[0] is not None:
        return []  # both fail alike (a corpus whose texts are not here)
    return [f"{name}/{file} differs" for file in OUTPUTS
            if (outs[0] / file).read_bytes() != (outs[1] / file).read_bytes()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", help="the revision to compare with (default: git merge-base main HEAD)")
    parser.add_argument("--copies", default="40,400",
                        help="sizes of the perturbed seed copies to build too (0: none)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from briefing.bench import corpus

    different: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        revision = args.base or subprocess.run(["git", "-C", str(ROOT), "merge-base", "main", "HEAD"],
                                               capture_output=True, text=True, check=True).stdout.strip()
        base = export(revision, work / "code")
        for code in (base, ROOT):
            if imported_from(code) != code.resolve():
                raise SystemExit(f"same_bytes: {code} does not import its own briefing package")
        cases = [(c, str(c.parent.relative_to(ROOT)).replace("/", "-") or "seeds") for c in configs()]
        cases[0] = (cases[0][0], "seeds")
        for size in (int(s) for s in args.copies.split(",") if int(s) > 0):
            cases.append((corpus(str(ROOT / "config.yaml"), size, work / f"copies-{size}"), f"copies-{size}"))
        for config, name in cases:
            found = compare(base, ROOT, config, work, name)
            print(f"{name:<24} {'same bytes' if not found else 'DIFFERENT'}", flush=True)
            different += found
    for line in different:
        print(line)
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())

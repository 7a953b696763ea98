"""Check that the real-article corpus (corpora/real) is present and unchanged, before scoring it.

The article texts are third-party pages and are not committed; corpora/real/SOURCES.tsv lists
each one's URL and the SHA-256 of the copy the gold was annotated on. This prints what is
missing or different, and exits 0 only when every article is there as annotated.

    python tools/real_corpus.py corpora/real
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path


def check(folder: Path) -> list[str]:
    """One line per article that is missing or differs from the annotated copy."""
    problems = []
    with (folder / "SOURCES.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            path = folder / row["file"]
            if not path.is_file():
                problems.append(f"{path}: missing; save the stored copy of {row['url']} there")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
                problems.append(f"{path}: differs from the copy the gold was annotated on "
                                f"(sha256 in SOURCES.tsv); gold texts may no longer be found in it")
    return problems


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "corpora/real")
    problems = check(folder)
    for line in problems[:10]:
        print(f"error: {line}", file=sys.stderr)
    if problems:
        print(f"error: {len(problems)} of the corpus's articles are missing or changed; "
              f"see {folder / 'README.md'} for how to gather them", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Turn one split of PolNeAR into a ``briefing eval`` corpus: a config, a gold file of direct
quotes, and a copy of the articles, all in a git-ignored folder.

PolNeAR (Newell, Margolin and Ruths, 2018; github.com/networkdynamics/PolNeAR) is 1,008 US
political news articles whose attributions (Source, Cue, Content) were marked by trained
annotators. Its licence is not stated, so nothing of it is committed here: this script reads it
from wherever you keep it.

    python tools/polnear_gold.py PATH/TO/PolNeAR train corpora/polnear/train
    briefing eval corpora/polnear/train/gold.yaml

The conversion, as issue 12 defines it:

- every stretch inside double quotation marks (“…” or "…", or an opening “ left open at a
  paragraph's end, which continues in the next paragraph) whose words lie inside one
  attribution's Content span is a gold quote, if it has three words or more;
- its speaker is that attribution's Source span. Where the Source is not a name (a pronoun, "a
  spokesman"), the gold entry keeps it as ``source:`` and gives no ``speaker``, so the quote is
  scored for being found but its speaker is not judged;
- only quotes are scored (``kinds: [quote]``): PolNeAR marks nothing else;
- an article annotated by several people is taken from the first annotator metadata.tsv names.

Develop against ``train``. Score ``dev`` only with ``briefing eval --summary`` (no sentences,
no misses), at the start and at the end. Never convert ``test``: the maintainers score it.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

SPLITS = ("train", "dev")
MIN_WORDS = 3
INSIDE = 0.9
"""Share of a quoted stretch's characters that must lie inside the Content span."""

# A quoted stretch: curly quotes, straight quotes, or a curly quote open at the paragraph's end.
QUOTED = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"|“([^“”\n]+)$", re.MULTILINE)
NOT_NAMES = frozenset({
    "he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its", "our", "my", "the",
    "a", "an", "this", "that", "these", "those", "one", "some", "many", "most", "several", "other",
    "another", "who", "which", "someone", "people", "officials", "aides", "sources", "spokesman",
    "spokeswoman", "spokesperson", "aide", "official", "source", "critics", "supporters",
    "observers", "experts", "analysts", "advisers", "advisors", "campaign", "statement", "report",
})


@dataclass(frozen=True)
class Attribution:
    source: str
    content: tuple[tuple[int, int], ...]


def read_ann(path: Path) -> list[Attribution]:
    """The attributions of one brat .ann file: Source text and Content fragments."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...], str]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label, _, fragments = parts[1].partition(" ")
            pieces = tuple((int(a), int(b)) for a, b in (f.split() for f in fragments.split(";")))
            spans[parts[0]] = (label, pieces, parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    found = []
    for relation in relations:
        content = spans.get(relation.get("Content", ""))
        source = spans.get(relation.get("Source", ""))
        if content is None:
            continue
        found.append(Attribution(" ".join(source[2].split()) if source else "", content[1]))
    return found


def is_name(source: str) -> bool:
    """A Source that names someone: a capitalised word that is not a pronoun or determiner."""
    words = re.findall(r"[\w’'.-]+", source)
    return any(w[:1].isupper() and w.lower().strip(".’'") not in NOT_NAMES for w in words)


def speaker_of(source: str) -> str | None:
    """The name in a Source span, without its apposition: "Nick Merrill, a Clinton campaign
    spokesman," -> "Nick Merrill"; "her adviser, Jake Sullivan," -> "Jake Sullivan"; None for
    "he" or "a spokesman"."""
    for part in source.split(","):
        if is_name(part):
            return " ".join(part.split())
    return None


def gold_quotes(text: str, attributions: list[Attribution]) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    for match in QUOTED.finditer(text):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        start, end = match.span(group)
        inner = match.group(group)
        lead = len(inner) - len(inner.lstrip())
        start, end = start + lead, start + len(inner.rstrip())
        if end <= start or len(text[start:end].split()) < MIN_WORDS:
            continue
        for attribution in attributions:
            inside = sum(max(0, min(end, b) - max(start, a)) for a, b in attribution.content)
            if inside >= INSIDE * (end - start):
                entry: dict[str, object] = {"kind": "quote", "text": text[start:end], "at": start}
                speaker = speaker_of(attribution.source)
                if speaker:
                    entry["speaker"] = speaker
                elif attribution.source:
                    entry["source"] = attribution.source
                entries.append(entry)
                break
    return entries


def convert(polnear: Path, split: str, out: Path) -> tuple[int, int]:
    """Write out/config.yaml, out/gold.yaml and out/texts/; return (articles, gold quotes)."""
    data = polnear / "data"
    with (data / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["compartment"] == split]
    if not rows:
        raise SystemExit(f"error: {data / 'metadata.tsv'}: no articles in split {split!r}")
    texts = out / "texts"
    if texts.exists():
        shutil.rmtree(texts)
    texts.mkdir(parents=True)
    sources, files, quotes = [], {}, 0
    for row in sorted(rows, key=lambda r: r["filename"]):
        name = row["filename"]
        original = data / split / "text" / f"{name}.txt"
        annotations = [data / split / "attributions" / f"{name}_{who}.ann" for who in row["annotators"].split("|")]
        annotation = next((a for a in annotations if a.is_file()), None)
        if annotation is None or not original.is_file():
            continue
        text = original.read_text(encoding="utf-8")
        target = texts / f"{name}.txt"
        target.write_bytes(original.read_bytes())
        path = f"texts/{name}.txt"
        sources.append({"path": path, "outlet": row["publisher"], "date": row["publication_date"][:10],
                        "title": row["title"]})
        files[path] = gold_quotes(text, read_ann(annotation))
        quotes += len(files[path])
    config = {"title": f"PolNeAR {split}", "date": max(s["date"] for s in sources), "sources": sources}
    (out / "config.yaml").write_text(
        f"# Written by tools/polnear_gold.py from PolNeAR's {split} split; not committed.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    gold = {"config": "config.yaml", "kinds": ["quote"], "quote_min_words": MIN_WORDS, "files": files}
    (out / "gold.yaml").write_text(
        f"# Direct quotes of {MIN_WORDS}+ words inside annotated Content spans of PolNeAR {split}.\n"
        + yaml.safe_dump(gold, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return len(sources), quotes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Example: python tools/polnear_gold.py ~/PolNeAR train corpora/polnear/train")
    parser.add_argument("polnear", type=Path, help="a clone of github.com/networkdynamics/PolNeAR")
    parser.add_argument("split", choices=SPLITS, help="train to develop on; dev to check at the start and the end")
    parser.add_argument("out", type=Path, help="the folder to write (git-ignored: corpora/polnear/SPLIT)")
    args = parser.parse_args(argv)
    if not (args.polnear / "data" / "metadata.tsv").is_file():
        print(f"error: {args.polnear}: no data/metadata.tsv; give the folder of a PolNeAR clone", file=sys.stderr)
        return 2
    articles, quotes = convert(args.polnear, args.split, args.out)
    print(f"{args.out}: {articles} articles, {quotes} gold quotes; score with: "
          f"briefing eval {args.out / 'gold.yaml'}" + (" --summary" if args.split == "dev" else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

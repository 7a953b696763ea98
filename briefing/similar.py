"""Near-duplicate word sets found by key, never by comparing every set with every other.

Two word sets are near-duplicates when their Jaccard similarity reaches a threshold t. Each set
gets keys to be stored under and keys to look under; a near-duplicate of it is stored under one
of the keys it looks under (the callers then check the similarity itself):

- a long set: its prefix, the rarest words of it, as many as a near-duplicate must share one of
  (two sets with Jaccard >= t share a word among each one's first |x| - ceil(t|x|) + 1 words,
  in one global order of the words);
- a short set, whose prefix would hold common words every other set holds too: its cores, the
  set less k of its words, stored as (core, k). Two sets are near-duplicates exactly when their
  intersection c leaves k and l words over with t(k + l) <= (1 - t)|c|, so a set looks for
  (core, l) with l up to that bound: it finds its near-duplicates, and only them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence


def near_keys(words: frozenset[str], prefix: Sequence[str], threshold: float,
              short: int) -> tuple[list[object], list[object]]:
    """(keys to store a set under, keys to look under). Sets of more than ``short`` words use
    ``prefix``; sets that could be near-duplicates of one of ``short`` words or fewer (up to
    short / t words) use their cores; both in between."""
    stored: list[object] = list(prefix) if len(words) > short else []
    sought = list(stored)
    if 0 < len(words) <= math.floor(short / threshold + 1e-9):
        ordered = sorted(words)
        for k in range(len(ordered)):
            if slack(len(ordered) - k, threshold) < k:
                break
            for kept in itertools.combinations(ordered, len(ordered) - k):
                core = frozenset(kept)
                stored.append((core, k))
                sought += [(core, other) for other in range(slack(len(core), threshold) - k + 1)]
    return stored, sought


def slack(common: int, threshold: float) -> int:
    """How many words two near-duplicates sharing ``common`` words may have apart, in all
    (a hair more than exact arithmetic allows: a rounding never loses a match)."""
    return math.floor((1 - threshold) / threshold * common + 1e-9)

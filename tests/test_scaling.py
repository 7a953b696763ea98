"""Compose compares sources with each other (statements, people, claims): it must take time in
proportion to the corpus, never to its pairs. Each case is timed at two sizes, the best of three
runs each; four times the input may take at most ten times as long (a quadratic step takes
sixteen), or 100 ms: below that a ratio is only noise. A ratio, not a time: it holds on a slow or
busy machine. make bench reports the milliseconds per article."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.bench import corpus
from briefing.claims import build_claims
from briefing.compose import compose, group_statements
from briefing.config import load_config
from briefing.extract.people import Person, PersonMention, merge_people, name_variants
from briefing.models import Evidence, Fact, Sentence, Source
from briefing.pipeline import ingest_and_extract
from briefing.render.facts import render_facts

from .conftest import SEED_CONFIG

FLOOR = 0.1


def _best(run: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _linear(small: Callable[[], Any], large: Callable[[], Any]) -> None:
    small_seconds, large_seconds = _best(small), _best(large)
    assert large_seconds < max(10 * small_seconds, FLOOR), \
        f"4× the input took {large_seconds / small_seconds:.1f}× the time ({large_seconds:.3f} s)"


def _seed_copies(count: int, folder: Path) -> Callable[[], Any]:
    """Compose (people merged, the briefing built) over ``count`` perturbed copies of the seeds,
    as make bench makes them: every sentence has near-duplicates in a fifth of the sources."""
    cfg = load_config(corpus(str(SEED_CONFIG), count, folder))
    sources, facts, mentions = ingest_and_extract(cfg)
    order = [s.id for s in sources]
    return lambda: compose(cfg, sources, facts, merge_people(mentions, order))


def test_compose_over_copies_of_the_seeds_takes_time_in_proportion(tmp_path: Path) -> None:
    _linear(_seed_copies(40, tmp_path / "small"), _seed_copies(160, tmp_path / "large"))


def _syndicated(count: int) -> list[Source]:
    """``count`` sources carrying the same sentences, each with a word of its own (as syndicated
    copy does), and a short line too different from every other source's to merge."""
    sentences = ["The two countries signed 36 agreements on trade and investment",
                 "Officials said the talks covered the railway and the border crossings",
                 "Analysts expect the deals to deepen economic ties between the neighbours"]
    found = []
    for n in range(count):
        tag = "".join(chr(ord("a") + int(d)) for d in f"{n:05d}")
        lines = [f"{s} q{tag}." for s in sentences] + [f"12, 2023 q{tag}."]
        text, spans, at = " ".join(lines), [], 0
        for i, line in enumerate(lines):
            spans.append(Sentence(f"S{n + 1}", i, 0, at, at + len(line), line))
            at += len(line) + 1
        found.append(Source(f"S{n + 1}", f"{n}.txt", text, None, None, None, None, None, tuple(spans)))
    return found


def test_statements_group_in_time_in_proportion_to_the_sentences() -> None:
    small, large = _syndicated(500), _syndicated(2000)
    _linear(lambda: group_statements(small), lambda: group_statements(large))


def _people(count: int) -> list[Person]:
    """Many different people, some spelled two ways: name variants are sought among them."""
    letters = "bcdfghklmnprstvz"
    names = [f"{letters[i % 16].upper()}a{letters[i // 16 % 16]}o {letters[i // 256 % 16].upper()}e"
             f"{letters[i % 7]}i{letters[i // 7 % 16]}{'a' if i % 5 else 'aa'}" for i in range(count)]
    return [Person(name, (), (PersonMention("S1", name, None, 0, 1),)) for name in dict.fromkeys(names)]


def test_name_variants_take_time_in_proportion_to_the_people() -> None:
    small, large = _people(400), _people(1600)
    _linear(lambda: name_variants(small), lambda: name_variants(large))


def _mentions(count: int) -> list[PersonMention]:
    """One person given a different role in every source, and as many other people."""
    found = []
    for i in range(count):
        found.append(PersonMention(f"S{i + 1}", "Ana Lima", f"the chair of committee number {i}", 0, 8))
        found.append(PersonMention(f"S{i + 1}", f"Ana Maria Lima{i}", None, 10, 20))
    return found


def test_people_merge_in_time_in_proportion_to_the_mentions() -> None:
    small, large = _mentions(300), _mentions(1200)
    _linear(lambda: merge_people(small, [f"S{i + 1}" for i in range(300)]),
            lambda: merge_people(large, [f"S{i + 1}" for i in range(1200)]))


def _quotes(count: int) -> list[Fact]:
    """One speaker quoted with different words in every source."""
    return [Fact(f"F{i + 1}", "quote", f"We will build bridge {i} and road {i * 7} this year", None, "exact",
                 "", (Evidence(f"S{i + 1}", 0, 10, "x" * 10),), speaker="Ana Lima") for i in range(count)]


def test_quote_claims_group_in_time_in_proportion_to_the_quotes() -> None:
    cfg = load_config(SEED_CONFIG)

    def run(count: int) -> Callable[[], Any]:
        facts = _quotes(count)
        sources = [Source(f"S{i + 1}", "p", "x" * 10, None, None, None, None, None, ()) for i in range(count)]
        return lambda: build_claims(cfg, sources, facts, {}, {})

    _linear(run(300), run(1200))


def _clashing(count: int, folder: Path) -> Callable[[], Any]:
    """A facts.json build over ``count`` short articles, a third of them giving a person a title
    the others contradict ("Vice President" where the rest say "President")."""
    folder.mkdir()
    for i in range(count):
        tag = "".join(chr(ord("a") + int(d)) for d in f"{i:05d}")
        title = "Vice President" if i % 3 == 0 else "President"
        (folder / f"{i:05d}.txt").write_text(f"Summit {tag}\n\n{title} Joe Biden met officials in Hanoi "
                                             f"q{tag}.\n", encoding="utf-8")
    (folder / "config.yaml").write_text("title: Summit\ndate: 2024-06-12\nsources:\n"
                                        "  - {path: '*.txt', date: 2024-06-11}\n", encoding="utf-8")
    cfg = load_config(folder / "config.yaml")
    sources, facts, mentions = ingest_and_extract(cfg)
    people = merge_people(mentions, [s.id for s in sources])
    return lambda: render_facts(compose(cfg, sources, facts, people))


def _peak(run: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        run()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def test_compose_and_facts_json_hold_memory_in_proportion_to_the_sources(tmp_path: Path) -> None:
    # Four times the sources may take at most five times the memory (a note naming every source
    # that contradicts it, in a third of the sources, took sixteen). Memory, not time: the same
    # on a busy machine.
    small, large = _clashing(300, tmp_path / "small"), _clashing(1200, tmp_path / "large")
    small_peak, large_peak = _peak(small), _peak(large)
    assert large_peak < 5 * small_peak, f"4× the sources took {large_peak / small_peak:.1f}× the memory"

"""Extract: every figure, date and attributed quote in the sources, each located by offsets.

One fact per mention. Extraction is a pure function of one article (and its publication date,
for "on Tuesday"), so articles can be processed in any order and the result is the same.
Installed extractor plugins (``briefing.plugins``) run on every sentence before the built-in
extractors.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..config import Config, alias_table
from ..models import Evidence, Fact, Sentence, Source
from ..plugins import PluginError, extractors, run_extractors
from .base import Mention
from .count import extract_count
from .dates import extract_dates
from .duration import extract_duration
from .money import extract_money
from .people import fold_marks
from .percent import extract_percent
from .quotes import Quote, extract_quotes
from .subject import subject_of, year_of
from .topics import TopicMatcher

__all__ = [
    "TopicMatcher",
    "canonical_speakers",
    "extract",
    "extract_count",
    "extract_dates",
    "extract_duration",
    "extract_mentions",
    "extract_money",
    "extract_percent",
    "extract_quotes",
    "extract_source",
]


def extract_mentions(text: str, published: dt.date | None = None) -> list[Mention]:
    """All figures and dates in one sentence, overlaps resolved, in text order.

    When two extractors claim the same words, the more specific wins: a desk's own plugins (in
    the order of their names) over money over percent over duration over date over count
    ("$4 billion" is not also a count of 4; a plugin's "12 sailors killed" is not a count).
    """
    runs: list[Callable[[str], list[Mention]]] = [
        lambda t: run_extractors(t, published),  # [] when no plugin is installed
        extract_money, extract_percent, extract_duration,
        lambda t: extract_dates(t, published), extract_count,
    ]
    taken: list[Mention] = []
    for run in runs:
        for mention in run(text):
            if not any(mention.start < m.end and m.start < mention.end for m in taken):
                taken.append(mention)
    return sorted(taken, key=lambda m: (m.start, m.end))


def _mention_fact(fact_id: str, m: Mention, sentence: Sentence, evidence: tuple[Evidence, ...],
                  topics: tuple[str, ...]) -> Fact:
    measured = m.kind in ("money", "count", "percent")
    return Fact(
        id=fact_id, kind=m.kind, value=m.value, unit=m.unit, qualifier=m.qualifier,  # type: ignore[arg-type]
        text=m.text, evidence=evidence, topics=topics, sentence=sentence.index,
        start=sentence.start + m.start, end=sentence.start + m.end,
        subject=subject_of(m.kind, sentence.text, m.start, m.end) if measured else None,
        year=year_of(sentence.text, m.start, m.end) if measured else None,
    )


def _quote_fact(fact_id: str, q: Quote, source: Source, topics: TopicMatcher) -> Fact:
    first, last = source.sentences[q.first_sentence], source.sentences[q.last_sentence]
    span = Evidence(source.id, first.start, last.end, source.text[first.start:last.end])
    return Fact(
        id=fact_id, kind="quote", value=q.words, unit=None, qualifier="exact",
        text=source.text[q.start:q.end], evidence=(span,), speaker=q.speaker, role=q.role,
        topics=topics.topics_of(span.quote), sentence=first.index, start=q.start, end=q.end,
    )


def extract_source(source: Source, topics: TopicMatcher, first_id: int = 1) -> list[Fact]:
    """Facts of one source in text order, numbered from F``first_id``."""
    # Each fact is made once its place, and so its id, is known: (offset, order, maker).
    found: list[tuple[int, int, Callable[[str], Fact]]] = []
    extractors()  # the plugins imported (once per process) before any sentence: an import error is theirs
    for sentence in source.sentences:
        try:
            mentions = extract_mentions(sentence.text, source.date)
        except PluginError as exc:
            raise PluginError(f"{source.path}: sentence {sentence.index + 1}: {exc}") from None
        if not mentions:
            continue
        evidence = (Evidence(source.id, sentence.start, sentence.end, sentence.text),)
        about = topics.topics_of(sentence.text)
        for m in mentions:
            found.append((sentence.start + m.start, 0,
                          functools.partial(_mention_fact, m=m, sentence=sentence, evidence=evidence, topics=about)))
    for q in extract_quotes(source.sentences):
        found.append((q.start, 1, functools.partial(_quote_fact, q=q, source=source, topics=topics)))
    found.sort(key=lambda f: (f[0], f[1]))
    return [make(f"F{first_id + n}") for n, (_, _, make) in enumerate(found)]


def extract(sources: Sequence[Source], cfg: Config) -> list[Fact]:
    """Facts of every source, in source order then text order, numbered F1, F2…"""
    topics = TopicMatcher(cfg.topics)
    out: list[Fact] = []
    for source in sources:
        out += extract_source(source, topics, len(out) + 1)
    return canonical_speakers(out, cfg.aliases)


def canonical_speakers(facts: list[Fact], aliases: Sequence[tuple[str, Sequence[str]]],
                       people: Sequence[str] = ()) -> list[Fact]:
    """Quotes whose speaker is spelled as an alias (or as a person's name without its marks:
    "Do Muoi" for "Đỗ Mười") get the canonical name, the article's spelling kept beside it."""
    table = alias_table(aliases)
    table.update({fold_marks(name).lower(): name for name in people if fold_marks(name) != name})
    if not table:
        return facts
    out = []
    for f in facts:
        name = table.get(f.speaker.lower()) or table.get(fold_marks(f.speaker).lower()) \
            if f.kind == "quote" and f.speaker else None
        out.append(replace(f, speaker=name, speaker_as_written=f.speaker) if name and name != f.speaker else f)
    return out

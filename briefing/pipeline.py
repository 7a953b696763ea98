"""The pipeline: config → ingest → extract → compose → Markdown → HTML → PDF, then write.

Every output is rendered in memory first and written only when all of them succeeded, then the
whole set is published in one step (``briefing.publish``): the output folder holds all the old
outputs or all the new ones, whatever stops the build (an error, a full disk, ``kill -9``), and
files the build did not write this time are kept. Each build first removes what an interrupted
one left (temporary folders beside the output folder, ``.*.tmp`` files in it), and refuses an
output folder that is, holds or is inside a source's folder, or holds the config.
"""

from __future__ import annotations

import bisect
import gc
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache, publish
from .config import Config, SourceConfig
from .errors import BriefingError
from .facts_file import did_you_mean, read_previous_claims
from .ingest import (
    BLOCK_CHARS,
    MAX_ARTICLE_BYTES,
    Segmenter,
    blocks,
    oversized,
    read_source,
    read_text,
    shown_path,
    streamed,
)
from .models import Briefing, Evidence, Fact, Sentence, Source
from .progress import plural
from .render import formats as output_formats
from .render.escape import clean
from .render.pdf import EarlyPdf
from .render.templates import environment

if TYPE_CHECKING:
    from .extract.people import PersonMention

# The extractors and compose are imported where they run, not here: their patterns take about
# 140 ms to compile, which a rebuild with nothing changed (the cache) never needs.

# Declared once in briefing/render/formats.py, with the plugins' (entry points "briefing.formats").
FORMATS = tuple(output_formats.REGISTRY)
OUTPUT_NAMES = {name: fmt.filename for name, fmt in output_formats.REGISTRY.items()}
WATCH_FORMATS = tuple(name for name, fmt in output_formats.REGISTRY.items() if fmt.watched)

Reporter = Callable[[str, float, str], None]


@dataclass
class BuildResult:
    briefing: Briefing
    outputs: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0


def _quiet(stage: str, seconds: float, what: str) -> None:
    pass


def build(cfg: Config, out_dir: Path | None = None, formats: Sequence[str] = FORMATS,
          report: Reporter = _quiet, since: Path | None = None, force: bool = False,
          jobs: int = 1, annex: str | None = None, dask: str | None = None) -> BuildResult:
    """Run every stage and write the requested outputs into ``out_dir`` (default: the config's).

    ``since`` (or the config's ``previous``) names an earlier facts.json to compare claims with.
    Stages whose inputs are unchanged since the last build into the same folder are skipped
    (see ``briefing.cache``) unless ``force``. ``jobs`` > 1 reads and extracts the articles in
    that many processes; ``dask`` (a scheduler address, or local:N) on a Dask cluster. ``annex``
    (pdf, html or none) overrides the config's ``annex:``.
    """
    if annex is not None:
        cfg = replace(cfg, annex=annex)
    out = out_dir or cfg.output
    publish.check_output_folder(out, cfg.path, [(s.path, s.display_path) for s in cfg.sources])
    publish.remove_leftovers(out, OUTPUT_NAMES.values())
    previous_path = since or cfg.previous
    clock = time.perf_counter()

    def done(stage: str, what: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report(stage, now - clock, what)
        clock = now

    keys = cache.keys(cfg, formats, previous_path)
    cache_dir = cache.folder(cfg, out)
    unreadable: list[str] = []  # a cache that cannot be used: a full build, and a warning
    state = {} if force else cache.read_state(cache_dir, unreadable)
    targets = {fmt: out / OUTPUT_NAMES[fmt] for fmt in formats}
    cached = None if force else cache.load_composed(cache_dir, state, keys, unreadable)
    if cached is not None and cache.outputs_current(state, keys, targets):
        briefing, warnings = cached
        done("cache", f"nothing changed since the last build: {len(targets)} outputs up to date "
                      "(--force rebuilds)")
        return BuildResult(briefing, dict(targets), warnings, int(state.get("pages", 0)))
    with EarlyPdf(cfg.templates) if "pdf" in formats else nullcontext() as early:
        result = _render(cfg, out, formats, keys, cache_dir, cached, previous_path, (jobs, dask), done,
                         early)
    result.warnings[:0] = unreadable
    return result


def _render(cfg: Config, out: Path, formats: Sequence[str], keys: cache.Keys, cache_dir: Path,
            cached: tuple[Briefing, list[str]] | None, previous_path: Path | None,
            parallel: tuple[int, str | None], done: Callable[[str, str], None],
            early: EarlyPdf | None) -> BuildResult:
    if cached is not None:
        briefing, warnings = cached
        done("cache", "sources and config unchanged: composed briefing reused")
    else:
        briefing, warnings = _compose(cfg, previous_path, parallel, done)
    result = BuildResult(briefing, warnings=[*warnings, *output_formats.PROBLEMS])
    # With layout: brief, the annex follows the brief in the outputs cfg.annex names: all of
    # them (pdf), the Markdown, HTML and Word only (html: the PDF is the brief alone), or none.
    job = output_formats.RenderJob(briefing, cfg, environment(cfg.templates),
                                   annex=cfg.layout == "full" or cfg.annex != "none", early=early)
    for name in output_formats.needed(formats):  # each format after those it needs
        fmt = output_formats.REGISTRY[name]
        piece = output_formats.render(fmt, job)
        job.outputs[name] = piece.data
        result.warnings += piece.warnings
        result.pages = piece.pages or result.pages
        if piece.note is not None:
            done(fmt.stage or name, piece.note)
    rendered = job.outputs
    written = {fmt: data.encode("utf-8") if isinstance(data, str) else data
               for fmt, data in rendered.items() if fmt in formats}
    paths = publish.publish(out, {OUTPUT_NAMES[fmt]: written[fmt] for fmt in formats})
    result.outputs = {fmt: paths[OUTPUT_NAMES[fmt]] for fmt in formats}
    # The cache after the switch: it never records outputs that are not on disk.
    with suppress(BriefingError):  # a config folder we cannot write to only means no cache
        cache.save(cache_dir, keys, briefing, warnings, written, result.pages)
    done("write", ", ".join(shown_path(p) for p in result.outputs.values()))
    return result


def _compose(cfg: Config, previous_path: Path | None, parallel: tuple[int, str | None],
             done: Callable[[str, str], None]) -> tuple[Briefing, list[str]]:
    """Ingest, extract and compose: the briefing's content and the warnings on the way."""
    from .compose import compose
    from .extract import canonical_speakers
    from .extract.people import apply_aliases, merge_people

    previous = read_previous_claims(previous_path) if previous_path else None
    with paused_gc():
        sources, facts, mentions = ingest_and_extract(cfg, parallel[0], done, parallel[1])
    people = merge_people(apply_aliases(mentions, cfg.aliases), [s.id for s in sources])
    del mentions  # merged into people: not held through compose
    facts = canonical_speakers(facts, cfg.aliases, [p.name for p in people])
    if parallel == (1, None):  # else reported where the articles were spread
        done("extract", f"{plural(len(facts), 'fact')}, {plural(len(people), 'person', 'people')}")
    warnings = source_warnings(cfg, sources)
    briefing = compose(cfg, sources, facts, people, previous)
    ids = [c.id for c in briefing.claims]
    warnings += [f"{what} “{entry.text[:40]}…” names claim '{c}', which the sources do not support"
                 f"{did_you_mean(c, ids)}; see facts.json claims for the ids"
                 for what, entries in (("judgment", briefing.judgments), ("bottom line", briefing.bottom_line))
                 for entry in entries for c in entry.missing]
    found = sum(r.found for r in briefing.key_facts)
    lines = sum(len(s.lines) for s in briefing.sections)
    done("compose", f"{found}/{len(briefing.key_facts)} key facts found, "
                    f"{plural(lines, 'section line')}, {plural(len(briefing.voices), 'voice')}")
    return briefing, warnings


def source_warnings(cfg: Config, sources: Sequence[Source]) -> list[str]:
    """What the build says of its sources as read: too large to read, no article text, figures
    too long to be figures."""
    from .extract.numbers import MAX_DIGITS, oversized_figures

    too_big = {sc.id for sc in cfg.sources if oversized(sc)}
    warnings = [f"{s.path}: over {MAX_ARTICLE_BYTES // 1_000_000} MB, too large to be one article: not read; "
                "it keeps its number but nothing cites it" for s in sources if s.id in too_big]
    warnings += [f"{s.path}: no article text found (empty, or only headings and web junk); "
                 "it keeps its number but nothing cites it" for s in sources if not s.sentences and s.id not in too_big]
    warnings += [f"{s.path}: {plural(n, 'figure')} of more than {MAX_DIGITS} digits left out (too large to "
                 "be a real figure or to be represented)" for s in sources if (n := oversized_figures(s.text))]
    return warnings


@contextmanager
def paused_gc() -> Iterator[None]:
    """Reading and extracting make many objects and no reference cycles: the cyclic garbage
    collector, run again and again as they pile up, only costs time (a fifth of it here)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def ingest_and_extract(cfg: Config, jobs: int = 1, done: Callable[[str, str], None] = lambda s, w: None,
                       dask: str | None = None) -> tuple[list[Source], list[Fact], list[PersonMention]]:
    """Every source read, its facts and its people's mentions: in this process, in ``jobs``, or
    on the Dask scheduler ``dask`` (see ``briefing.distributed``)."""
    from .extract import extract_source
    from .extract.people import people_in
    from .extract.topics import TopicMatcher

    if dask is not None:  # imported only here: a normal build never imports Dask
        from .distributed import dask_read_and_extract

        sources, facts, mentions = dask_read_and_extract(cfg, dask, done)
    elif jobs > 1:
        sources, facts, mentions = read_and_extract(cfg, jobs)
        done("extract", f"{len(sources)} sources read and {len(facts)} facts extracted in {jobs} processes")
    else:
        read = [None if streamed(sc) else read_source(sc, cfg.junk) for sc in cfg.sources]
        done("ingest", f"{plural(len(read), 'source')}, "
                       f"{plural(sum(len(s.sentences) for s in read if s), 'sentence')}"
                       + "".join(f", {sc.display_path} read in blocks with its facts" for sc, s in
                                 zip(cfg.sources, read, strict=True) if s is None))
        topics = TopicMatcher(cfg.topics)
        sources, facts, mentions = [], [], []
        for sc, source in zip(cfg.sources, read, strict=True):
            if source is None:
                source, found, people = read_streamed(sc, cfg.junk, topics, len(facts) + 1)
            else:  # each source's facts, then its people: they share its names
                found, people = extract_source(source, topics, len(facts) + 1), people_in(source)
            sources.append(source)
            facts += found
            mentions += people
    return sources, facts, mentions


def read_streamed(sc: SourceConfig, extra_junk: Sequence[str], topics: Any, first_id: int = 1,
                  block: int = BLOCK_CHARS) -> tuple[Source, list[Fact], list[PersonMention]]:
    """An article file over STREAM_BYTES, read and extracted a block of whole paragraphs at a
    time (``ingest.blocks``): its text is held once, and of its sentences only those its facts
    cite (numbered anew from 0), never every line and sentence of it at once. The sentences are
    those ``read_source`` finds; what the extractors carry through an article (the last speaker
    named, for "he said", and their roles; a surname seen in full) starts again at each block of
    about ``block`` characters, as if each were an article of its own."""
    from .extract import extract_source
    from .extract.people import people_in

    text = read_text(sc.path, encoding=sc.encoding)
    state = Segmenter(sc.id, text, extra_junk)
    shell = Source(id=sc.id, path=sc.display_path, text=text, outlet=sc.outlet, title=sc.title,
                   date=sc.date, url=sc.url, headline=None, sentences=(), reliability=sc.reliability,
                   encoding=sc.encoding)
    facts: list[Fact] = []
    mentions: list[PersonMention] = []
    kept: list[Sentence] = []
    junk: list[tuple[int, int, str]] = []
    first: Sentence | None = None
    for start, end in blocks(text, block):
        sentences, found_junk = state.block(start, end)
        junk += sorted(found_junk)
        if not sentences:
            continue
        first = first or sentences[0]
        window = replace(shell, sentences=tuple(sentences))
        found = extract_source(window, topics, first_id + len(facts))
        facts += found
        mentions += people_in(window)
        kept += [Sentence(s.source, i, s.paragraph, s.start, s.end, s.text)
                 for i, s in enumerate(_cited(sentences, found), start=len(kept))]
    if not kept and first is not None:  # an article with no facts still has text: no warning
        kept = [Sentence(first.source, 0, first.paragraph, first.start, first.end, first.text)]
    headline = state.headline
    if headline is not None:  # as read_source
        headline = clean(headline).strip() or None
    return replace(shell, title=sc.title or headline, headline=headline, junk=tuple(junk),
                   sentences=tuple(kept)), facts, mentions


def _cited(sentences: Sequence[Sentence], facts: Sequence[Fact]) -> list[Sentence]:
    """The sentences (in text order) that lie inside a fact's evidence."""
    starts = [s.start for s in sentences]
    cited: set[int] = set()
    for fact in facts:
        for ev in fact.evidence:
            i = bisect.bisect_left(starts, ev.start)
            while i < len(sentences) and sentences[i].end <= ev.end:
                cited.add(i)
                i += 1
    return [sentences[i] for i in sorted(cited)]


# Parallel ingest and extract: each article is read and extracted on its own (a pure function of
# the article and the config), so the articles can be spread over processes, or over a cluster.
_WORKER: dict[str, Any] = {}


def _start_worker(cfg: Config) -> None:
    from .extract.topics import TopicMatcher

    gc.disable()  # as in paused_gc: a worker makes objects and no cycles, and ends with the pool
    _WORKER["cfg"] = cfg
    _WORKER["topics"] = TopicMatcher(cfg.topics)


# Workers send back plain tuples, and sentences and quotes as offsets into the article's text:
# pickling frozen dataclasses one by one costs more than the extraction saves.
_Packed = tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def _read_and_extract_one(index: int) -> _Packed:
    cfg: Config = _WORKER["cfg"]
    sc = cfg.sources[index]
    if streamed(sc):
        return _pack(*read_streamed(sc, cfg.junk, _WORKER["topics"]))
    return _extract_one(read_source(sc, cfg.junk), _WORKER["topics"])


def _extract_one(source: Source, topics: Any) -> _Packed:
    """One read source's facts and people, packed (also what briefing.distributed runs)."""
    from .extract import extract_source
    from .extract.people import people_in

    return _pack(source, extract_source(source, topics), people_in(source))


def _pack(source: Source, facts: list[Fact], people: list[PersonMention]) -> _Packed:
    packed_source = (source.id, source.path, source.text, source.outlet, source.title, source.date,
                     source.url, source.headline,
                     tuple((x.index, x.paragraph, x.start, x.end) for x in source.sentences),
                     source.junk, source.reliability, source.encoding)
    packed_facts = [(f.kind, f.value, f.unit, f.qualifier, f.text,
                     tuple((e.start, e.end) for e in f.evidence), f.speaker, f.role, f.topics,
                     f.sentence, f.start, f.end, f.subject, f.year) for f in facts]
    packed_people = [(m.name, m.role, m.start, m.end) for m in people]
    return packed_source, packed_facts, packed_people


def _unpack(packed: _Packed, first_fact: int) -> tuple[Source, list[Fact], list[PersonMention]]:
    from .extract.people import PersonMention

    (sid, path, text, outlet, title, date, url, headline, spans, junk, reliability,
     encoding), facts, people = packed
    source = Source(sid, path, text, outlet, title, date, url, headline,
                    tuple(Sentence(sid, i, p, a, b, text[a:b]) for i, p, a, b in spans), junk,
                    reliability, encoding)
    out = [Fact(f"F{first_fact + n}", kind, value, unit, qualifier, surface,
                tuple(Evidence(sid, a, b, text[a:b]) for a, b in evidence), speaker, role, topics,
                sentence, start, end, subject, year)
           for n, (kind, value, unit, qualifier, surface, evidence, speaker, role, topics, sentence,
                   start, end, subject, year) in enumerate(facts)]
    return source, out, [PersonMention(sid, name, role, a, b) for name, role, a, b in people]


def read_and_extract(cfg: Config, jobs: int) -> tuple[list[Source], list[Fact], list[PersonMention]]:
    """Ingest and extract every source in ``jobs`` processes; the same result as one process."""
    sources: list[Source] = []
    facts: list[Fact] = []
    mentions: list[PersonMention] = []
    chunk = max(1, len(cfg.sources) // (jobs * 32))  # small enough that no process idles long at the end
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(cfg,)) as pool:
        for packed in pool.map(_read_and_extract_one, range(len(cfg.sources)), chunksize=chunk):
            source, found, people = _unpack(packed, len(facts) + 1)
            sources.append(source)
            facts += found
            mentions += people
    return sources, facts, mentions

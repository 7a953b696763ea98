"""A long article (over ingest.STREAM_BYTES) is segmented and extracted a block of whole
paragraphs at a time: the same sentences as a whole read, its facts exact in the file, and memory
bounded by the text and its facts, not by every line and sentence of it."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefing import ingest
from briefing.config import load_config
from briefing.extract import TopicMatcher, extract_source
from briefing.extract.people import people_in
from briefing.facts_file import verify_facts_file
from briefing.ingest import Segmenter, blocks, read_source, segment
from briefing.pipeline import build, read_streamed

from .conftest import ROOT, SEED_CONFIG

SEEDS = [sc.path.read_text(encoding="utf-8") for sc in load_config(SEED_CONFIG).sources]


def concatenated(copies: int) -> str:
    """The seed articles one after another, ``copies`` times, each copy's full stops after a
    made-up word of its own (as make bench makes them)."""
    parts = []
    for n in range(copies):
        tag = "".join(chr(ord("a") + int(d)) for d in f"{n:05d}")
        parts.append(re.sub(r"\.(?=\s|$)", f" q{tag}.", SEEDS[n % len(SEEDS)]))
    return "\n\n".join(parts)


def in_blocks(text: str, size: int) -> tuple[list[object], list[object], str | None]:
    state = Segmenter("S1", text)
    sentences: list[object] = []
    junk: list[object] = []
    for start, end in blocks(text, size):
        found, found_junk = state.block(start, end)
        sentences += found
        junk += sorted(found_junk)
    return sentences, junk, state.headline


@pytest.mark.parametrize("text", [*SEEDS, concatenated(12), "\r\n\r\n".join(SEEDS).replace("\r\n", "\n"),
                                  "Short Headline.\n\n\n\nIt said so.\n\n" + concatenated(3)],
                         ids=[*(f"seed{i}" for i in range(len(SEEDS))), "12 copies", "joined", "headline"])
@pytest.mark.parametrize("size", [1, 40, 1000, 10**9])
def test_blocks_give_the_sentences_junk_and_headline_of_the_whole_text(text: str, size: int) -> None:
    sentences, junk, headline = segment("S1", text)
    assert in_blocks(text, size) == (sentences, junk, headline)


def test_blocks_end_where_paragraphs_end() -> None:
    text = concatenated(6)
    spans = list(blocks(text, 500))
    assert len(spans) > 10 and spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert all(text[end - 1].isspace() and not text[end].isspace() for _, end in spans[:-1])


@pytest.fixture
def long_article(tmp_path: Path) -> Path:
    """The seed config with one article of 20 seed articles, one after another (about 100 KB)."""
    (tmp_path / "long.txt").write_text(concatenated(20), encoding="utf-8")
    data = yaml.safe_load(SEED_CONFIG.read_text(encoding="utf-8"))
    data["sources"] = [{"path": "long.txt", "date": "2023-12-12"}]
    for key in ("templates", "judgments", "bottom_line", "previous", "output"):
        data.pop(key, None)  # files beside the seed config
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path / "config.yaml"


def test_one_block_gives_the_facts_and_people_of_a_whole_read(long_article: Path) -> None:
    cfg = load_config(long_article)
    sc, topics = cfg.sources[0], TopicMatcher(cfg.topics)
    whole = read_source(sc, cfg.junk)
    source, facts, mentions = read_streamed(sc, cfg.junk, topics, block=10**9)
    assert facts == extract_source(whole, topics) and mentions == people_in(whole)
    assert (source.text, source.junk, source.headline, source.title) == \
        (whole.text, whole.junk, whole.headline, whole.title)
    # Only the sentences the facts cite, numbered anew, each as the whole read found it.
    by_start = {s.start: s for s in whole.sentences}
    assert 0 < len(source.sentences) < len(whole.sentences)
    assert [s.index for s in source.sentences] == list(range(len(source.sentences)))
    assert all((s.paragraph, s.end, s.text) == (by_start[s.start].paragraph, by_start[s.start].end,
                                               by_start[s.start].text) for s in source.sentences)
    starts = {s.start for s in source.sentences}
    assert all(e.start in starts for f in facts for e in f.evidence)


def test_blocks_keep_every_figure_and_date(long_article: Path) -> None:
    """Figures and dates are read one sentence at a time: blocks change none of them. (Quotes
    and people carry names and roles through an article, which start again at each block.)"""
    cfg = load_config(long_article)
    sc, topics = cfg.sources[0], TopicMatcher(cfg.topics)
    whole = [f for f in read_streamed(sc, cfg.junk, topics, block=10**9)[1] if f.kind != "quote"]
    small = [f for f in read_streamed(sc, cfg.junk, topics, block=20_000)[1] if f.kind != "quote"]
    assert len(whole) > 100
    assert [(f.kind, f.value, f.unit, f.start, f.end, f.evidence) for f in small] == \
        [(f.kind, f.value, f.unit, f.start, f.end, f.evidence) for f in whole]


def test_a_streamed_build_cites_its_file_exactly(long_article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "STREAM_BYTES", 10_000)
    cfg = load_config(long_article)
    assert ingest.streamed(cfg.sources[0])
    result = build(cfg, long_article.parent / "build", formats=("md", "json"), force=True)
    assert result.briefing.claims and not [w for w in result.warnings if "long.txt" in w]
    assert verify_facts_file(result.outputs["json"], cfg) > 100


def test_a_streamed_article_in_two_processes_gives_the_same_bytes(
        long_article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "STREAM_BYTES", 10_000)  # the workers are forked: they see it too
    cfg = load_config(long_article)
    one = build(cfg, long_article.parent / "one", formats=("md", "json"), force=True)
    two = build(cfg, long_article.parent / "two", formats=("md", "json"), force=True, jobs=2)
    assert [p.read_bytes() for p in one.outputs.values()] == [p.read_bytes() for p in two.outputs.values()]


MEASURE = """
import re, sys
from briefing.config import load_config
from briefing.pipeline import ingest_and_extract, paused_gc
with paused_gc():
    sources, facts, mentions = ingest_and_extract(load_config(sys.argv[1]))
hwm = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)
print(len(facts), sum(len(s.sentences) for s in sources), hwm)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures memory with Linux's /proc")
def test_a_22_mb_article_is_read_and_extracted_in_bounded_memory(long_article: Path) -> None:
    """Over the old 20 MB refusal: read, with its facts, in under 300 MiB (a whole read held
    every line and sentence: about 370 MiB here, 2.9 GB at 200 MB)."""
    copies: list[str] = []
    size = 0
    text = concatenated(20)
    while size < 22_000_000:
        copies.append(text.replace(" q", f" r{len(copies):04d}"))
        size += len(copies[-1].encode("utf-8")) + 2
    (long_article.parent / "long.txt").write_text("\n\n".join(copies), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", MEASURE, str(long_article)], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    facts, sentences, peak_kib = map(int, done.stdout.split())
    assert facts > 50_000 and 0 < sentences < facts
    assert peak_kib < 300 * 1024, f"peak {peak_kib // 1024} MiB"


def test_check_reads_a_source_in_pieces_and_names_the_first_wrong_citation(
        long_article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check streams each source (pieces of 1 KiB here) and still names the first citation, in
    the facts.json's order, whose quote is not the source's text."""
    import json

    from briefing import facts_file
    from briefing.errors import CitationError

    real = facts_file.read_chunks
    monkeypatch.setattr(facts_file, "read_chunks", lambda full, name, encoding: real(full, name, encoding, 1024))
    cfg = load_config(long_article)
    out = build(cfg, long_article.parent / "build", formats=("json",), force=True).outputs["json"]
    assert verify_facts_file(out, cfg) > 100
    document = json.loads(out.read_text(encoding="utf-8"))
    facts = document["facts"]
    facts[-1]["evidence"][0]["end"] += 10**9  # past the end of the text
    facts[len(facts) // 2]["evidence"][0]["quote"] += "x"
    out.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CitationError, match=rf"fact {facts[len(facts) // 2]['id']}: long.txt\["):
        verify_facts_file(out, cfg)
    facts[len(facts) // 2]["evidence"][0]["quote"] = facts[len(facts) // 2]["evidence"][0]["quote"][:-1]
    out.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CitationError, match=rf"fact {facts[-1]['id']}: long.txt\["):
        verify_facts_file(out, cfg)

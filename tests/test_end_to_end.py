"""The seed briefing, built once: read the PDF back, check every citation, build twice."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.compose.statements import dateline
from briefing.config import load_config
from briefing.pipeline import OUTPUT_NAMES, BuildResult, build

from .conftest import SEED_CONFIG

Built = tuple[BuildResult, Path]


@pytest.fixture(scope="module")
def pdf_text(seed_build: Built) -> str:
    _, out = seed_build
    reader = PdfReader(out / "briefing.pdf")
    return "\n".join(page.extract_text() for page in reader.pages)


def _read(path: Path) -> str:
    with open(path, encoding="utf-8") as handle:  # universal newlines, as ingest reads
        return handle.read()


def flat(text: str) -> str:
    return " ".join(text.split())


def test_all_four_outputs_are_written(seed_build: Built) -> None:
    result, out = seed_build
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_NAMES.values())
    assert result.warnings == []  # any WeasyPrint warning is a defect in our templates


@pytest.mark.parametrize(
    "phrase",
    [
        "Bilateral trade $175.6 billion (2022) [3]",  # the year the figure is for, from the sentence
        "Chinese investment in Vietnam more than $26 billion [3]",
        # Sources word the number of agreements differently: every figure is shown with its
        # source, and they are consistent (37 is more than 30, and dozens).
        # The reconciled value leads: the exact figure, which the others allow.
        "37 deals [5]; more than 30 agreements [1]; dozens of agreements [4] — consistent",
        "Rare earths raised in 2 of 5 sources [1] [2] 2 of 5 moderate",
        # One source alone is low confidence, however exact its figure.
        "Chinese investment in Vietnam more than $26 billion [3] 1 of 5 low",
        "UNCLASSIFIED // PUBLIC SOURCES",
        # Disagreements are shown: a misspelt name beside the usual spelling.
        "One person spelled two ways? Nguyen Phu Tron / Nguyen Phu Trong: Nguyen Phu Tron [5]; "
        "Nguyen Phu Trong [1] [2] [3] [4] [5]",
        # A title the other sources contradict, and the source notes that list it.
        "Titles differ for Joe Biden: Vice President [4]; President [1] [2] [3] [4]",
        "Suspected errors: spells Joe Biden “Bidena”; writes “Le Tru” for Huong Le Thu (alias in "
        "config); calls Joe Biden “Vice President” where [1] [2] [3] say “President” (as it does itself elsewhere).",
        # Judgments are labelled and apart, resting on cited claims.
        "Judgment (moderate confidence): Beijing sought the visit",
        # The timeline resolves "on Wednesday" against the article's date.
        "13 December 2023 On Wednesday, there will be a wreath-laying ceremony",
        # People, with every role the sources give them.
        "Wang Wenbin, Chinese foreign ministry spokesman [2]",
        "Huong Le Thu, Deputy Director of the Asia Program at the International Crisis Group [2]; "
        "deputy program director for the International Crisis Group in Asia [4]",
        "Page 1 of",
    ],
)
def test_pdf_text_has_key_facts_and_citations(pdf_text: str, phrase: str) -> None:
    assert phrase in flat(pdf_text)


def test_pdf_metadata_and_outline(seed_build: Built) -> None:
    _, out = seed_build
    reader = PdfReader(out / "briefing.pdf")
    meta = reader.metadata
    assert meta is not None
    assert (meta.title, meta.author) == ("Xi Jinping's state visit to Vietnam, 12-13 December 2023", "Asia-Pacific desk")
    assert meta["/CreationDate"] == "D:20231214"  # the briefing's date, never the clock
    assert "Trade" in meta["/Keywords"]
    (title, children, annex, appendix) = reader.outline  # the brief, then the annex
    assert title.title == "Xi Jinping's state visit to Vietnam, 12-13 December 2023"
    headings = [c.title for c in children if not isinstance(c, list)]  # lists hold sub-headings
    assert headings[:3] == ["Bottom line", "Key points", "Key facts"]
    assert headings[-1] == "Sources"  # the brief ends with the list its citations link to
    assert annex.title == "Annex"
    assert reader.get_destination_page_number(annex) == 2  # a new page, after the two of the brief
    annexed = [c.title for c in appendix if not isinstance(c, list)]
    assert headings[-2:] == ["Voices", "Sources"]  # one quote per speaker in the brief
    assert annexed[:3] == ["By topic, in full", "Timeline", "Voices, in full"]
    assert annexed[-2:] == ["Source notes", "Evidence"]  # the appendix comes last


def test_pdf_lists_the_sources(pdf_text: str) -> None:
    text = flat(pdf_text)
    assert "France 24 (blog copy): China’s Xi Looks to Strengthen Vietnam Ties After Biden Visit" in text
    assert "b1og.net: China’s President Visits Vietnam Amid Strengthened Ties with US and Japan" in text


def test_every_evidence_quote_is_its_file_slice(seed_build: Built) -> None:
    _, out = seed_build
    doc = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    paths = {s["id"]: SEED_CONFIG.parent / s["path"] for s in doc["sources"]}
    texts = {sid: _read(p) for sid, p in paths.items()}
    assert len(doc["facts"]) > 40
    for fact in doc["facts"]:
        assert fact["evidence"], fact["id"]
        for ev in fact["evidence"]:
            assert texts[ev["source"]][ev["start"]:ev["end"]] == ev["quote"]
            if fact["kind"] != "quote":
                assert fact["text"] in ev["quote"]


def test_every_briefing_line_is_a_cited_source_sentence(seed_build: Built) -> None:
    result, _ = seed_build
    texts = {s.id: s.text for s in result.briefing.sources}
    lines = list(result.briefing.key_points) + [line for s in result.briefing.sections for line in s.lines]
    assert lines
    for line in lines:
        assert line.citations
        assert texts[line.citations[0].source][line.citations[0].start:line.citations[0].end] == line.text


def test_every_citation_links_to_its_sentence_in_the_appendix(seed_build: Built) -> None:
    result, out = seed_build
    html = (out / "briefing.html").read_text(encoding="utf-8")
    texts = {s.id: s.text for s in result.briefing.sources}
    items = {item.anchor: item for group in result.briefing.evidence for item in group.items}
    cited = set(re.findall(r'href="#(ev-S\d+-\d+)"', html))
    assert cited and cited == set(items)
    for item in items.values():
        assert texts[item.citation.source][item.start:item.end] == item.sentence
        assert f'id="{item.anchor}"' in html


def test_html_citations_all_have_targets(seed_build: Built) -> None:
    _, out = seed_build
    html = (out / "briefing.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert links and set(links) <= targets
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", html)


def test_same_inputs_give_the_same_bytes(seed_build: Built, tmp_path: Path) -> None:
    _, first = seed_build
    build(load_config(SEED_CONFIG), tmp_path)
    for name in OUTPUT_NAMES.values():
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


def test_hovering_a_citation_shows_its_source_and_sentence(seed_build: Built) -> None:
    import html as html_lib

    result, out = seed_build
    page = (out / "briefing.html").read_text(encoding="utf-8")
    sources = {s.id: s for s in result.briefing.sources}
    links = re.findall(r'<a href="#ev-(S\d+)-(\d+)" title="([^"]*)"(?: id="cite-S\d+-\d+")?>\[(\d+)\]</a>', page)
    assert len(links) > 50
    for source, start, title, number in links:
        # The link goes to the sentence (its evidence item); the title gives the cited text: the
        # sentence, or what follows its dateline, and a leaning sentence runs on from the one before.
        sentence = next(s for s in sources[source].sentences if s.start == int(start))
        name = sources[source].outlet or sources[source].title
        shown = html_lib.unescape(title)
        prefix = f"[{number}] {name}: "
        assert shown.startswith(prefix)
        body = shown[len(prefix):]
        starts = {int(start), int(start) + dateline(sentence.text)}
        assert any(" ".join(sources[source].text[at:].split()).startswith(body) for at in starts), body
        assert any(body.startswith(" ".join(sources[source].text[at:sentence.end].split())) for at in starts), body


def test_the_appendix_links_back_to_the_first_citation(seed_build: Built) -> None:
    _, out = seed_build
    page = (out / "briefing.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'id="cite-(S\d+-\d+)"', page))
    backs = re.findall(r'<a href="#cite-(S\d+-\d+)" title="Back to where it is cited">↩</a>', page)
    appendix = set(re.findall(r'id="ev-(S\d+-\d+)"', page))
    # Every appendix sentence links back, to a citation that exists, each once.
    assert len(backs) == len(set(backs)) == len(appendix) > 50
    assert set(backs) == targets == appendix


def test_best_supported_key_facts_lead_the_key_points(seed_build: Built) -> None:
    result, _ = seed_build
    rows = {r.id: r.confidence for r in result.briefing.key_facts}
    assert (rows["agreements"], rows["trade"]) == ("high", "low")
    lead = result.briefing.key_points[0]
    # The claim's exact figure leads, with the figures the other sources give beside it.
    assert lead.text.startswith("The neighboring countries announced 37 deals")
    assert [(value, [c.number for c in cites]) for value, cites in lead.also] == [
        ("more than 30 agreements", [1]), ("dozens of agreements", [4])]
    assert (lead.also_label, lead.confidence) == ("consistent with", "high")


def test_seed_claims_in_facts_json(seed_build: Built) -> None:
    _, out = seed_build
    claims = {c["id"]: c for c in json.loads((out / "facts.json").read_text(encoding="utf-8"))["claims"]}
    agreements = claims["agreements"]
    assert (agreements["value"], agreements["confidence"], agreements["conflict"]) == ("37 deals", "high", False)
    assert [(v["value"], [s["source"] for s in v["sources"]]) for v in agreements["values"]] == [
        ("37 deals", ["S5"]), ("more than 30 agreements", ["S1"]), ("dozens of agreements", ["S4"])]
    assert agreements["notes"] == ["37 deals [5] is the most exact figure, and the others agree with it: "
                                   "more than 30 agreements [1]; dozens of agreements [4]."]
    assert (claims["trade"]["value"], claims["trade"]["sources"], claims["trade"]["confidence"]) == (
        "$175.6 billion (2022)", ["S3"], "low")
    assert claims["investment"]["value"] == "more than $26 billion"
    assert claims["count-active-projects"]["value"] == "more than 4,000 projects"
    gap = claims["duration-6-years"]
    assert (gap["sources"], gap["independent_sources"], gap["confidence"]) == (["S1", "S2", "S4", "S5"], 4.0, "high")


@pytest.mark.parametrize("phrase", [
    "Agreements signed 37 deals [5]; more than 30 agreements [1]; dozens of agreements [4] — consistent",
    "Bilateral trade $175.6 billion (2022) [3] 1 of 5 low",
    "with over $26 billion deployed across more than 4,000 active projects. [3] — Chinese investment "
    "in Vietnam, more than $26 billion: 1 source, low confidence",
    "at the start of his first trip to Vietnam in six years. [5] (6 years also in: [1] [2] [4]) "
    "— 6 years: 4 sources, high confidence",
])
def test_seed_claims_in_the_pdf(pdf_text: str, phrase: str) -> None:
    assert phrase in flat(pdf_text)

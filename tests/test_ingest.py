"""Ingest: junk is set aside, sentences are split right, and offsets are exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.ingest import ingest, segment, split_sentences

from .conftest import SEED_CONFIG


@pytest.fixture(scope="module")
def seed_sources():  # type: ignore[no-untyped-def]
    return ingest(load_config(SEED_CONFIG))


def test_every_sentence_is_an_exact_slice_of_its_file(seed_sources) -> None:  # type: ignore[no-untyped-def]
    for source in seed_sources:
        raw = Path(SEED_CONFIG.parent, source.path).read_text(encoding="utf-8")
        assert source.text == raw
        for sentence in source.sentences:
            assert raw[sentence.start:sentence.end] == sentence.text


@pytest.mark.parametrize(
    ("source_id", "junk_text", "why"),
    [
        ("S1", "icon-facebook icon-twitter icon-whatsapp", "share icons"),
        ("S2", "Source : France24", "source credit"),
        ("S3", "▶ [Kucoin] Transaction fee 0% discount CODE◀", "advert"),
        ("S4", "Please utilise the sharing tools", "paywall notice"),
        ("S5", "ENG_VTN_XiJinpingHanoi_12122023.2.jpg", "image file"),
        ("S5", " (Nhac Nguyen/Pool/AFP)", "photo credit"),
    ],
)
def test_seed_junk_is_set_aside(seed_sources, source_id: str, junk_text: str, why: str) -> None:  # type: ignore[no-untyped-def]
    source = next(s for s in seed_sources if s.id == source_id)
    assert any(source.text[a:b].startswith(junk_text) and w == why for a, b, w in source.junk)
    assert not any(junk_text.strip() in s.text for s in source.sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xi’s two-day official visit comes three months after U.S. President Joe Biden visited Hanoi. "
         "It was his third.",
         ["Xi’s two-day official visit comes three months after U.S. President Joe Biden visited Hanoi.",
          "It was his third."]),
        ("China Rare Earth Group Co. was looking for opportunities. Talks continue.",
         ["China Rare Earth Group Co. was looking for opportunities.", "Talks continue."]),
        ("Vietnam and China agreed on Nov. 30 to hold talks. They did.",
         ["Vietnam and China agreed on Nov. 30 to hold talks.", "They did."]),
        # Pasted pages glue sentences together after a closing quote.
        ("“…with which it fought wars in the past.”Please use the sharing tools.",
         ["“…with which it fought wars in the past.”", "Please use the sharing tools."]),
        ("He asked: “Why now?” Nobody answered.", ["He asked: “Why now?”", "Nobody answered."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text, 0, len(text))] == expected


def test_headings_are_not_sentences() -> None:
    text = "Big Story Headline Here\n\nWorld News\n\nThe first sentence is here. A second one follows."
    sentences, _, headline = segment("S1", text)
    assert headline == "Big Story Headline Here"
    assert [s.text for s in sentences] == ["The first sentence is here.", "A second one follows."]


def test_short_first_sentence_is_not_taken_for_a_headline() -> None:
    sentences, _, headline = segment("S1", "The talks began today.\n\nThey ended at noon.")
    assert headline is None
    assert [s.text for s in sentences] == ["The talks began today.", "They ended at noon."]


def test_windows_line_endings_keep_offsets_exact(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(b"Headline Words Here\r\n\r\nFirst sentence here. Second one.\r\n")
    cfg_file = tmp_path / "c.yaml"
    cfg_file.write_text("title: T\ndate: 2024-01-01\nsources:\n  - path: a.txt\n", encoding="utf-8")
    (source,) = ingest(load_config(cfg_file))
    with open(article, encoding="utf-8") as handle:
        text = handle.read()
    assert [text[s.start:s.end] for s in source.sentences] == ["First sentence here.", "Second one."]

"""Ingest: junk is set aside, sentences are split right, and offsets are exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.ingest import _junk_line, ingest, segment, split_sentences

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
    ("line", "why"),
    [
        # Issue 12's kinds of web junk, in lines written for this test.
        ("Get 20% off your first box with code FRESH20", "advert"),
        ("LINKEDINCOMMENTMORE", "video player"),
        ("Video provided by Newsy", "video player"),
        ("0:00 / 2:31", "video player"),
        ("ACME 1.8%  BETA -0.4%", "stock ticker"),
        ("Most Read", "web furniture"),
        ("Skip to content", "web furniture"),
        ("We use cookies to improve your experience.", "cookie or search box"),
        ("Welcome back, {USERNAME}", "template placeholder"),
        ("Rescue teams at the site on Monday. Photo by Jane Roe/EPA-EFE", "photo caption"),
        ("May 31, 2018, file photo: Officials at the hospital.", "photo caption"),
        ("By Jane Roe | Staff writer", "byline"),
        ("By Jane Roe and Tom Reed", "byline"),
        ("(Reporting by Jane Roe; Editing by Tom Reed)", "byline"),
        ("Associated Press", "agency name"),
        ("Copyright 2018 The Wire. All rights reserved.", "copyright"),
        ("Read: Strikes spread to the ports", "teaser"),
        ("* * *", "separator"),
    ],
)
def test_junk_lines(line: str, why: str) -> None:
    assert _junk_line(line, ()) == why


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, 40 plants will close.",
        "Reuters reported that the talks had failed.",
        "The union said the offer was “an insult”.",
        "Shares of Acme rose 1.8% on Monday.",
    ],
)
def test_article_lines_are_not_junk(line: str) -> None:
    assert _junk_line(line, ()) is None


def test_a_store_date_stamp_goes_and_the_text_stays() -> None:
    text = " date 2019-06-25 LONDON (Reuters) - Acme agreed to buy Beta for $63 billion.\n"
    sentences, junk, _ = segment("S1", text)
    assert [s.text for s in sentences] == ["LONDON (Reuters) - Acme agreed to buy Beta for $63 billion."]
    assert [w for _, _, w in junk] == ["store date stamp"]


def test_a_line_break_ends_a_sentence_unless_the_text_runs_on() -> None:
    text = ("Photo by Jane Roe/Agency\nMay 4 (Wire) -- The island lost power on Sunday.\n"
            "The governor said the grid\nwould be back within days.")
    sentences, junk, _ = segment("S1", text)
    assert [s.text for s in sentences] == ["May 4 (Wire) -- The island lost power on Sunday.",
                                           "The governor said the grid\nwould be back within days."]
    assert [w for _, _, w in junk] == ["photo caption"]


def test_a_line_that_ends_mid_clause_runs_on_and_a_list_stands_apart() -> None:
    text = ("She said she would meet with\nAna Lima and the union leaders on Friday.\n"
            "• Talks resume next week\n• The plant stays shut\nA vote is due in May.")
    sentences, _, _ = segment("S1", text)
    assert [s.text for s in sentences] == ["She said she would meet with\nAna Lima and the union leaders on Friday.",
                                           "• Talks resume next week", "• The plant stays shut", "A vote is due in May."]


def test_a_paragraph_that_is_only_a_photo_credit() -> None:
    sentences, junk, _ = segment("S1", "Some text.\n\n(Jane Roe/Agency.)")
    assert [s.text for s in sentences] == ["Some text."] and [w for _, _, w in junk] == ["photo credit"]


def test_a_sentence_too_long_to_be_one_is_cut_at_spaces() -> None:
    text = "word " * 1000 + "end."
    sentences, _, _ = segment("S1", text)
    assert len(sentences) > 1 and all(len(s.text) <= 2000 for s in sentences)
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_hard_wrapped_wire_copy_is_read_as_running_text() -> None:
    text = ("District Judge Ana Lima, sitting in Springfield, at the county court,\n"
            "Said on Tuesday that the plan, which was opposed by 37 states,\n"
            "Does not interfere with the cases the states settle on their own.\n")
    sentences, _, _ = segment("S1", text)
    assert len(sentences) == 1


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

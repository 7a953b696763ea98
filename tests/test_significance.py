"""Significance, dangling starts, datelines, and the timeline of events: tables of real sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.compose.significance import caption, dangling, forecast, names, outcome
from briefing.compose.statements import dateline
from briefing.config import load_config
from briefing.pipeline import build


@pytest.mark.parametrize("text", [
    "It comes after the United States and Vietnam in September agreed to cooperate.",
    "These agreements will enable closer cooperation in developing key infrastructure projects.",
    "Additionally, the Chinese president's trip, his third, aimed to counter the strengthening ties.",
    "However, the figures were revised on Friday.",
    "The paper stated that imports increased from 9% of total imports in 1994.",
    "This is a fair deal for the port.",
    "They signed the pact on Monday.",
])
def test_leaning_starts(text: str) -> None:
    assert dangling(text)


@pytest.mark.parametrize("text", [
    "Italy signed the pact on Monday.",
    "Thisbe Lang, the chair, resigned.",
    "The visit includes talks with the prime minister.",
    "Chinese President Xi Jinping arrived in Hanoi on Tuesday.",
    "Items worth $5 million were seized.",
])
def test_standalone_starts(text: str) -> None:
    assert not dangling(text)


@pytest.mark.parametrize(("text", "is_forecast", "is_outcome"), [
    ("Xi will hold talks with the party leader.", True, False),
    ("The two nations are expected to sign dozens of agreements.", True, False),
    ("Xi may seek closer cooperation on rare earth minerals.", True, False),
    ("Markets expect the first cut in June.", True, False),
    ("The neighboring countries announced 37 deals on Tuesday.", False, True),
    ("The council approved a levy of $12 million on Monday.", False, True),
    ("Vietnam is a major exporter of coffee.", False, False),
])
def test_reports_and_previews(text: str, is_forecast: bool, is_outcome: bool) -> None:
    assert (forecast(text), outcome(text)) == (is_forecast, is_outcome)


@pytest.mark.parametrize(("text", "shown"), [
    ("HANOI: Chinese President Xi Jinping embarked on his first visit.", "Chinese President Xi Jinping embarked on his first visit."),
    ("LONDON (Reuters) - The bank raised rates.", "The bank raised rates."),
    ("PARIS, March 5 — Talks resumed.", "Talks resumed."),
    ("US President Joe Biden visited Hanoi.", "US President Joe Biden visited Hanoi."),
    ("NATO: a short history of the alliance", "a short history of the alliance"),
])
def test_datelines_are_trimmed(text: str, shown: str) -> None:
    assert text[dateline(text):] == shown


@pytest.mark.parametrize(("text", "is_caption"), [
    ("Chinese President Xi Jinping [second from left] attends a meeting in Hanoi.", True),
    ("The minister (right) greets the mayor at the port.", True),
    ("The minister met the mayor (a former judge) at the port.", False),
    ("Parties on the left lost seats.", False),
])
def test_photo_captions_are_not_lines(text: str, is_caption: bool) -> None:
    assert caption(text) == is_caption


def test_names_count_people_and_organisations_not_the_first_word() -> None:
    assert names("The deal was signed by China Rare Earth Group Co. and Vinacomin.") == 2
    assert names("Prices rose sharply in the second quarter.") == 0


ARTICLES = {
    "a.txt": "Port deal\n\nThe port authority signed 12 contracts on Tuesday, officials said. "
             "Imports rose from 9% of trade in 1994 to 40% in 2022, the ministry said. "
             "The minister will visit the port on Tuesday, the ministry said. "
             "Traffic will double by 2030, the ministry forecast.\n",
    "b.txt": "Port contracts\n\nThe port authority signed 12 contracts on Tuesday with Harbour Works Ltd. "
             "It comes after a strike in May.\n",
}


def test_timeline_merges_an_event_across_sources_and_drops_statistic_years(tmp_path: Path) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        "title: Port\ndate: 2024-03-08\nsources:\n  - {path: a.txt, date: 2024-03-06}\n"
        "  - {path: b.txt, date: 2024-03-06}\n", encoding="utf-8")
    briefing = build(load_config(tmp_path / "config.yaml"), tmp_path / "out", ["json"]).briefing
    entries = [(e.iso, e.line.text, [c.number for c in e.line.citations]) for e in briefing.timeline]
    tuesday = [e for e in entries if e[0] == "2024-03-05"]
    # One event, both sources: the report leads, the preview of the same day is another entry.
    assert tuesday[0][1].startswith("The port authority signed 12 contracts") and tuesday[0][2] == [1, 2]
    assert any(f.kind == "date" and f.value == "1994" for f in briefing.facts)  # dated, yet no event:
    assert all(e[0] not in ("1994", "2022") for e in entries)  # the years of a statistic
    assert any(f.kind == "date" and f.value == "2030" for f in briefing.facts)
    assert all(e[0] != "2030" for e in entries)  # a forecast for a year is no event
    assert any(e[1].startswith("The minister will visit") for e in tuesday)  # a day's preview stays
    assert all(not e[1].startswith("It comes after") for e in entries)  # leans on what is not shown


def test_a_leaning_sentence_is_shown_with_the_one_before_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Port deal\n\nThe port authority signed a dredging contract with Harbour Works Ltd on Tuesday. "
        "These contracts are worth $40 million to Harbour Works Ltd and Quay Partners, officials said.\n\n"
        "It is not clear when work will start.\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        "title: Port\ndate: 2024-03-08\nkey_points: 3\nsources: [{path: a.txt, date: 2024-03-06}]\n"
        "topics: [{name: port, keywords: [port, contract, work]}]\n"
        "sections: [{title: Port, topics: [port]}]\n", encoding="utf-8")
    briefing = build(load_config(tmp_path / "config.yaml"), tmp_path / "out", ["md"]).briefing
    lines = [*briefing.key_points, *(line for s in briefing.sections for line in s.lines)]
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")
    both = [line for line in lines if line.text.startswith("The port authority signed") and "These contracts" in line.text]
    assert len(both) == 1  # one line, one citation over both sentences, exact offsets
    (c,) = both[0].citations
    assert text[c.start:c.end] == both[0].text
    assert not any(line.text.startswith(("These", "It is not clear")) for line in lines)
    # Never the sentence before shown twice, alone and as context.
    assert sum("The port authority signed" in line.text for line in lines) == 1
    md = (tmp_path / "out" / "briefing.md").read_text(encoding="utf-8")
    assert f"`a.txt` {c.start}–{c.end}:" in md  # the evidence gives both sentences


def test_a_source_giving_another_figure_is_not_cited_for_the_timeline_sentence(tmp_path: Path) -> None:
    articles = {
        "a.txt": "Plant fire\n\nA fire killed two workers and injured 14 others on Saturday, the fire service said.\n",
        "b.txt": "Factory fire\n\nA fire killed two workers and injured 17 others on Saturday, officials said.\n",
    }
    for name, text in articles.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        "title: Fire\ndate: 2024-03-11\nsources:\n  - {path: a.txt, date: 2024-03-10}\n"
        "  - {path: b.txt, date: 2024-03-10}\n"
        "key_facts:\n  - {id: injured, label: Injured, kind: count, near: [injur], unit: [others]}\n",
        encoding="utf-8")  # one claim, "injured", that the two sources give different figures for
    briefing = build(load_config(tmp_path / "config.yaml"), tmp_path / "out", ["json"]).briefing
    saturday = [(e.line.text, [c.number for c in e.line.citations]) for e in briefing.timeline if e.iso == "2024-03-09"]
    assert sorted(saturday) == [(articles["a.txt"].split("\n\n")[1].strip(), [1]),
                                (articles["b.txt"].split("\n\n")[1].strip(), [2])]

"""extract_quotes: who said what, on paragraphs from the seed articles and hard cases."""

from __future__ import annotations

import pytest

from briefing.extract import extract_quotes
from briefing.extract.names import split_title
from briefing.ingest import segment


def quotes_in(text: str) -> list[tuple[str, str, str | None]]:
    sentences, _, _ = segment("S1", text)
    found = extract_quotes(sentences)
    for q in found:
        assert text[q.start:q.end].rstrip(" ,") == q.words or q.last_sentence > q.first_sentence
    return [(q.words, q.speaker, q.role) for q in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "“From China’s perspective, the visit is to emphasise that it has not lost Vietnam to the "
            "rival camp,” said Huong Le Thu, Deputy Director of the Asia Program at the International "
            "Crisis Group.\n\n“For Vietnam, it represents its successful ‘bamboo diplomacy’,” she told AFP.",
            [("From China’s perspective, the visit is to emphasise that it has not lost Vietnam to the rival camp",
              "Huong Le Thu", "Deputy Director of the Asia Program at the International Crisis Group"),
             ("For Vietnam, it represents its successful ‘bamboo diplomacy’", "Huong Le Thu",
              "Deputy Director of the Asia Program at the International Crisis Group")],
            id="said-after-then-pronoun",
        ),
        pytest.param(
            "Chinese President Xi Jinping arrived in Hanoi on Tuesday.\n\n"
            "\"A close neighbor is better than a distant relative,\" Xi wrote on Tuesday in a signed "
            "article printed in Vietnam's official Nhan Dan Newspaper.",
            [("A close neighbor is better than a distant relative", "Xi Jinping", "Chinese President")],
            id="surname-resolves-to-full-name",
        ),
        pytest.param(
            "“China and Vietnam are connected by mountains and rivers,” Xi wrote in the Nhan Dan "
            "Newspaper. “We enjoy cultural proximity, cherish the same ideals, and have a shared future "
            "ahead of us.",
            [("China and Vietnam are connected by mountains and rivers", "Xi", None),
             ("We enjoy cultural proximity, cherish the same ideals, and have a shared future ahead of us.",
              "Xi", None)],
            id="unclosed-continuation",
        ),
        pytest.param(
            "Le Tru remarked, “The visit occurs at an intriguing time, as China attempts to garner more "
            "support.” “Xi Jinping will exploit Trong’s apparent affinity with the Communist Party,” she said.",
            [("The visit occurs at an intriguing time, as China attempts to garner more support.", "Le Tru", None),
             ("Xi Jinping will exploit Trong’s apparent affinity with the Communist Party", "Le Tru", None)],
            id="before-then-pronoun",
        ),
        pytest.param(
            "“Asia’s future is in the hands of no one but Asians,” said China’s President Xi Jinping.",
            [("Asia’s future is in the hands of no one but Asians", "Xi Jinping", "China’s President")],
            id="possessive-title",
        ),
        pytest.param(
            "A joint statement displayed at the office emphasized the commitment of both nations to "
            "“deepen and increase bilateral relations” and build a “community with a shared future.”",
            [("deepen and increase bilateral relations", "joint statement", None),
             ("community with a shared future.", "joint statement", None)],
            id="a-document-speaks",
        ),
        pytest.param(
            "Baltic's chair, Toomas Rebane, told shareholders the offer was \"fair and final\". "
            "Governor Pieter Smit said the bank would “not be rushed” into cutting rates.",
            [("fair and final", "Toomas Rebane", None), ("not be rushed", "Pieter Smit", "Governor")],  # a role before a comma is not read yet
            id="short-quotes-said-in-the-same-clause",
        ),
        pytest.param(
            "Mayor Ji-ho Park called the vote “a turning point for our commuters”.",
            [("a turning point for our commuters", "Ji-ho Park", "Mayor")],
            id="called-it",
        ),
        pytest.param(
            "“These are the strongest results,” said Dr. Amina Yusuf. “It is not the end,” said "
            "Centre leader Anja Holm at a rally shortly after 10:30 p.m. “We will form a government.”",
            [("These are the strongest results", "Amina Yusuf", "Dr."),
             ("It is not the end", "Anja Holm", "Centre leader"),
             ("We will form a government.", "Anja Holm", "Centre leader")],
            id="abbreviated-titles-title-runs-and-a-continuation",
        ),
        # Issue 12's hard cases, in sentences written for these tests.
        pytest.param("\"We will not sell,\" said Acme CFO Jane Doe.",
                     [("We will not sell", "Jane Doe", "Acme CFO")], id="said-company-title-name"),
        pytest.param("\"This is a betrayal,\" said union leader Elena Marchetti.",
                     [("This is a betrayal", "Elena Marchetti", "union leader")], id="lower-case-title"),
        pytest.param("\"We are monitoring the situation closely,\" the ministry said.",
                     [("We are monitoring the situation closely", "the ministry", None)], id="a-ministry-speaks"),
        pytest.param("The agency reported that the outbreak \"is now under control in all districts.\"",
                     [("is now under control in all districts.", "The agency", None)], id="the-agency-reported"),
        pytest.param("\"The merger would harm competition in three markets,\" the filing added.",
                     [("The merger would harm competition in three markets", "the filing", None)], id="the-filing-added"),
        pytest.param("The memo says the plant \"will close by the end of the year.\"",
                     [("will close by the end of the year.", "memo", None)], id="the-memo-says"),
        pytest.param("Marchetti urged workers to \"stand together until the company listens.\"",
                     [("stand together until the company listens.", "Marchetti", None)], id="urged"),
        pytest.param("Union leader Elena Marchetti called for \"an immediate halt to the layoffs.\"",
                     [("an immediate halt to the layoffs.", "Elena Marchetti", None)], id="called-for"),  # role not read yet
        pytest.param("Reed argued: \"There is no buyer for the site.\"",
                     [("There is no buyer for the site.", "Reed", None)], id="argued-colon"),
        pytest.param("\"We expect a difficult winter,\" Doe wrote in a letter to staff.",
                     [("We expect a difficult winter", "Doe", None)], id="wrote"),
        pytest.param("Elena Marchetti spoke to reporters. \"We will strike on Monday,\" she added, "
                     "\"and we will not stop.\"",
                     [("We will strike on Monday", "Elena Marchetti", None),
                      ("and we will not stop.", "Elena Marchetti", None)], id="she-added-and-a-second-quote"),
        pytest.param("Jane Doe, the finance chief, said the deal was done.\n\n\"It took two years to get "
                     "here. We are proud of it.\"",
                     [("It took two years to get here. We are proud of it.", "Jane Doe", None)],  # role not read yet
                     id="continuation-paragraph"),
        pytest.param("‘We have no choice,’ said Tom Reed, the plant manager. He called the offer ‘final’.",
                     [("We have no choice", "Tom Reed", "the plant manager"), ("final", "Tom Reed", "the plant manager")],
                     id="british-single-quotes"),
        pytest.param("'We have no choice,' said Tom Reed. The workers' union said it's over.",
                     [("We have no choice", "Tom Reed", None)], id="straight-single-quotes-not-apostrophes"),
        pytest.param("Food prices “will ease later than hoped” while fuel prices "
                     "“may pick up further”, the Council said.",
                     [("will ease later than hoped", "the Council", None),
                      ("may pick up further", "the Council", None)], id="one-speaker-for-two-quotes"),
        pytest.param("\"We had sent 800 kits to the north,\" said WHO chief Ana Lima.",
                     [("We had sent 800 kits to the north", "Ana Lima", "WHO chief")], id="an-acronym-in-the-title"),
        pytest.param("“Solar is a large part of our plans,” Tom Reed, managing director, Acme Power, said.",
                     [("Solar is a large part of our plans", "Tom Reed", "managing director, Acme Power")],
                     id="a-role-with-commas"),
        pytest.param("Later, she said: “Orders are steady.\n“Even so, we are cutting the forecast.”",
                     [],  # "she" with no one named before: no speaker, and the second quote is its own
                     id="an-open-quote-ends-where-the-next-opens"),
        pytest.param("“The plan is sound and will work,” said Ana Lima, “and we will prove it soon.”",
                     [("The plan is sound and will work", "Ana Lima", None), ("and we will prove it soon.", "Ana Lima", None)],
                     id="interrupted-with-the-verb-first"),
        pytest.param("“We will not back down from this fight,” Ian Roe of the Royal College said.",
                     [("We will not back down from this fight", "Ian Roe", None)], id="a-name-of-a-body"),
        pytest.param("“Rates will stay high,” the Bank of Ruritania said.",
                     [("Rates will stay high", "the Bank of Ruritania", None)], id="a-bank-of-somewhere"),
        pytest.param("“Is that a fair price?” Lima asked.",
                     [("Is that a fair price?", "Lima", None)], id="question-then-speaker"),
        pytest.param(
            "Xinhua quoted him as saying, “Only through the development of all nations can they "
            "construct an Asian homeland.”",
            [],  # "him" with no one named before: no speaker, so not a quote
            id="pronoun-without-antecedent",
        ),
    ],
)
def test_extract_quotes(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert quotes_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Scare quotes and titles are not quotes.
        "Vietnam is China’s largest trading partner in ASEAN, Xi said in a “signed article” that was "
        "published in Vietnamese state media prior to the visit.",
        "Analysts call it Vietnam’s “bamboo diplomacy” approach.",
        "The film “Lost in Hanoi” opened on Friday.",
        "Analysts said the so-called “hospital vote” had decided the contest.",
        "The joint statement expressed support for the vision of a “Community of Common Destiny.”",
        # A headline fragment quotes no one.
        "Union calls strike over ‘betrayal’",
    ],
)
def test_not_quotes(text: str) -> None:
    assert quotes_in(text) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Chinese Foreign Minister Wang Yi", ("Wang Yi", "Chinese Foreign Minister")),
        ("China’s President Xi Jinping", ("Xi Jinping", "China’s President")),
        ("Huong Le Thu", ("Huong Le Thu", None)),
    ],
)
def test_split_title(name: str, expected: tuple[str, str | None]) -> None:
    assert split_title(name) == expected

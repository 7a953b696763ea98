"""People: who is named, with which role, merged across sources."""

from __future__ import annotations

import pytest

from briefing.extract.people import extract_people, people_in
from briefing.ingest import segment
from briefing.models import Source


def source(text: str, sid: str = "S1") -> Source:
    sentences, _, headline = segment(sid, text)
    return Source(sid, f"{sid}.txt", text, None, None, None, None, headline, tuple(sentences))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The visit includes talks with Vietnamese Prime Minister Pham Minh Chinh and President Vo "
         "Van Thuong, as well as a ceremony.",
         [("Pham Minh Chinh", "Vietnamese Prime Minister"), ("Vo Van Thuong", "President")]),
        ("“It is a masterclass,” said Huong Le Thu, Deputy Director of the Asia Program at the "
         "International Crisis Group.",
         [("Huong Le Thu", "Deputy Director of the Asia Program at the International Crisis Group")]),
        ("Political researcher Nguyen Khac Giang told AFP the talks went well.",
         [("Nguyen Khac Giang", "Political researcher")]),
        # A list of people is not a role; organisations and places are not people.
        ("He will meet Communist Party general secretary Nguyen Phu Trong, President Vo Van Thuong, "
         "and others at the Presidential Palace.",
         [("Nguyen Phu Trong", "Communist Party general secretary"), ("Vo Van Thuong", "President")]),
        ("She is deputy director of the International Crisis Group in Asia.", []),
        ("Xi Jinping’s trip follows Joe Biden’s September visit.", []),
        ("Ana Lima, 54, said the plan would work.", [("Ana Lima", None)]),
        # Papers and agencies are never people; accented capitals start names too.
        ("Le Monde said the talks had failed, and the Sunday Standard said so too.", []),
        ("General Secretary Đỗ Mười met Łukasz Nowak on Monday.",
         [("Đỗ Mười", "General Secretary")]),
    ],
)
def test_people_in(text: str, expected: list[tuple[str, str | None]]) -> None:
    src = source(text)
    found = people_in(src)
    assert [(m.name, m.role) for m in found] == expected
    for m in found:
        assert text[m.start:m.end] == m.name


def test_people_merge_across_sources_with_every_role() -> None:
    first = source("“We will build it,” said Ana Maria Lima, the finance minister. Lima added more.")
    second = source("Finance Minister Maria Lima arrived on Monday.", "S2")
    (person,) = extract_people([first, second])
    assert person.name == "Ana Maria Lima"
    # "Finance Minister" says nothing "the finance minister" does not.
    assert [r for r, _ in person.roles] == ["the finance minister"]
    assert person.sources == ("S1", "S2")
    assert [m.name for m in person.mentions] == ["Ana Maria Lima", "Ana Maria Lima", "Maria Lima"]


@pytest.mark.parametrize(
    ("a", "b", "variant"),
    [
        ("Nguyen Phu Tron", "Nguyen Phu Trong", True),
        ("Le Tru", "Huong Le Thu", True),             # a family name misspelt, the given name dropped
        ("Piet Vantongeren", "Piet Vantongeran", True),
        ("Ana Lima", "Ana Costa", False),             # different people
        ("Wang Yi", "Wang Wenbin", False),
        ("Le Thu", "Huong Le Thu", False),            # the same spelling, shorter: merged, not a variant
    ],
)
def test_spelling_variant(a: str, b: str, variant: bool) -> None:
    from briefing.extract.people import spelling_variant

    assert spelling_variant(a, b) is variant


def test_a_name_with_and_without_its_diacritics_is_one_person() -> None:
    first = source("General Secretary Đỗ Mười arrived. Đỗ Mười said the talks went well.")
    second = source("General Secretary Do Muoi left on Friday.", "S2")
    (person,) = extract_people([first, second])
    assert person.name == "Đỗ Mười" and {m.written for m in person.mentions} == {None, "Do Muoi"}

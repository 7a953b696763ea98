"""The Word output, read back with python-docx: headings, the key-facts table, internal links that
land on bookmarks, the annex as the config asks, the same bytes on a rebuild, text as written."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from briefing.config import load_config
from briefing.errors import RenderError
from briefing.pipeline import BuildResult, build
from briefing.render import BUILTIN
from briefing.render.docx import _bookmark_links, reference_docx

from .conftest import SEED_CONFIG, templates_folder

_ANCHOR = re.compile(r'w:anchor="([^"]+)"')
_BOOKMARK = re.compile(r'<w:bookmarkStart\b[^>]*\bw:name="([^"]+)"')


def document_xml(path: Path) -> str:
    return zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")


def headings(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs
            if p.style is not None and p.style.name.startswith(("Heading", "Title"))]


def all_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_seed_brief_in_word(seed_build: tuple[BuildResult, Path]) -> None:
    result, out = seed_build
    path = out / "briefing.docx"
    assert result.outputs["docx"] == path
    found = headings(path)
    assert found[0] == ("Heading 1", result.briefing.title)
    names = [text for _, text in found]
    for part in ("Bottom line", "Key points", "Key facts", "Discrepancies", "Sources", "Annex", "Evidence"):
        assert part in names
    table = docx.Document(str(path)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Fact", "Value", "Sources", "Confidence"]
    assert len(table.rows) == len(result.briefing.key_facts) + 1
    assert table.rows[1].cells[0].text == result.briefing.key_facts[0].label


def test_every_internal_link_lands_on_a_bookmark(seed_build: tuple[BuildResult, Path]) -> None:
    xml = document_xml(seed_build[1] / "briefing.docx")
    anchors, bookmarks = set(_ANCHOR.findall(xml)), set(_BOOKMARK.findall(xml))
    assert len(anchors) > 100  # the citations, the evidence's links to sources and back
    assert anchors <= bookmarks
    # Names Word keeps: a letter, then letters, digits and underscores, at most 40.
    assert all(re.fullmatch(r"[A-Za-z]\w{0,39}", name, re.ASCII) for name in bookmarks)
    assert {"ev_S1_1008", "cite_S1_1008", "src_1"} <= bookmarks


def test_a_link_with_its_own_id_becomes_a_bookmarked_span() -> None:
    assert _bookmark_links('[\\[1\\]](#ev-S1-4 "t"){#cite-S1-4} [2](#src-2)') == \
        '[[\\[1\\]](#ev-S1-4 "t")]{#cite-S1-4} [2](#src-2)'


@pytest.mark.parametrize("annex", ["pdf", "html", "none"])
def test_the_annex_follows_the_config(annex: str, tmp_path: Path) -> None:
    result = build(replace(load_config(SEED_CONFIG), annex=annex), tmp_path, ["docx"])
    names = [text for _, text in headings(tmp_path / "briefing.docx")]
    assert ("Annex" in names) == ("Evidence" in names) == (annex != "none")
    xml = document_xml(tmp_path / "briefing.docx")
    assert set(_ANCHOR.findall(xml)) <= set(_BOOKMARK.findall(xml))  # no dead link either way
    assert ("ev_S1_1008" in _ANCHOR.findall(xml)) == (annex != "none")
    assert result.outputs == {"docx": tmp_path / "briefing.docx"}


SPECIAL = ("The buyer agreed to pay $5 million and $6 million for <b>12</b> ferries & "
           "*boats* _here_ [x](http://e.com) ~a~ ^b^ \\n `c` {#d} &amp; ]]> on Tuesday.")


def special_project(root: Path) -> Path:
    root.mkdir()
    (root / "a.txt").write_text(f"Deal <i>agreed</i> & *done*\n\n{SPECIAL}\n", encoding="utf-8")
    (root / "config.yaml").write_text(
        "title: \"Ferries <&> *sold* [1](#x)\\a\"\ndate: 2024-03-06\n"
        "sources:\n  - path: a.txt\n    date: 2024-03-05\n", encoding="utf-8")
    return root / "config.yaml"


def test_article_text_appears_as_written(tmp_path: Path) -> None:
    config = special_project(tmp_path / "p")
    build(load_config(config), tmp_path / "out", ["docx"])
    text = all_text(tmp_path / "out" / "briefing.docx")
    assert SPECIAL in text
    assert "Ferries <&> *sold* [1](#x)" in text
    core = zipfile.ZipFile(tmp_path / "out" / "briefing.docx").read("docProps/core.xml").decode()
    assert "<dc:title>Ferries &lt;&amp;&gt; *sold* [1](#x)</dc:title>" in core  # no BEL: XML has none
    ElementTree.fromstring(core)
    assert "2024-03-06T00:00:00Z" in core


def test_a_rebuild_gives_the_same_bytes(tmp_path: Path) -> None:
    config = special_project(tmp_path / "p")
    one = build(load_config(config), tmp_path / "one", ["docx"], force=True).outputs["docx"].read_bytes()
    two = build(load_config(config), tmp_path / "two", ["docx"], force=True).outputs["docx"].read_bytes()
    assert one == two
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(one)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_desks_reference_docx_styles_the_document(tmp_path: Path) -> None:
    config = special_project(tmp_path / "p")
    folder = templates_folder(tmp_path / "p")
    reference = docx.Document(str(BUILTIN / "reference.docx"))
    reference.styles["Heading 1"].font.name = "Desk Serif"  # type: ignore[union-attr]
    reference.save(str(folder / "reference.docx"))
    cfg = load_config(config)
    assert reference_docx(cfg) == folder / "reference.docx"
    build(cfg, tmp_path / "out", ["docx"])
    styles = zipfile.ZipFile(tmp_path / "out" / "briefing.docx").read("word/styles.xml").decode()
    assert "Desk Serif" in styles


def test_without_a_desk_reference_the_built_in_one(tmp_path: Path) -> None:
    cfg = load_config(special_project(tmp_path / "p"))
    assert reference_docx(cfg) == BUILTIN / "reference.docx"
    templates_folder(tmp_path / "p")
    assert reference_docx(load_config(tmp_path / "p" / "config.yaml")) == BUILTIN / "reference.docx"


def test_a_reference_that_is_no_file_is_one_line(tmp_path: Path) -> None:
    config = special_project(tmp_path / "p")
    folder = templates_folder(tmp_path / "p")
    (folder / "reference.docx").mkdir()
    with pytest.raises(RenderError, match=r"reference\.docx: not a regular file"):
        build(load_config(config), tmp_path / "out", ["docx"])
    (folder / "reference.docx").rmdir()
    (folder / "reference.docx").write_bytes(b"not a zip")
    with pytest.raises(RenderError, match=r"^Word rendering failed with .*reference\.docx: "):
        build(load_config(config), tmp_path / "out", ["docx"])
    assert not (tmp_path / "out" / "briefing.docx").exists()


def test_a_reference_linked_from_outside_is_refused(tmp_path: Path) -> None:
    config = special_project(tmp_path / "p")
    folder = templates_folder(tmp_path / "p")
    (folder / "reference.docx").symlink_to(BUILTIN / "reference.docx")
    with pytest.raises(RenderError, match="points outside the templates folder"):
        reference_docx(load_config(config))


def test_the_built_in_reference_is_what_the_tool_makes(tmp_path: Path) -> None:
    import runpy

    import pypandoc

    tool = runpy.run_path(str(Path(__file__).resolve().parent.parent / "tools" / "make_reference_docx.py"))
    if pypandoc.get_pandoc_version() != tool["MADE_WITH"]:
        pytest.skip(f"the shipped reference.docx was made with Pandoc {tool['MADE_WITH']}")
    tool["main"](tmp_path / "reference.docx")
    assert (tmp_path / "reference.docx").read_bytes() == (BUILTIN / "reference.docx").read_bytes()

"""The PDF as a reader, a screen reader and a printer see it: tagged PDF/UA structure, fonts
shipped and embedded, every glyph drawn, the coverage figure with its alt text."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from briefing.config import load_config
from briefing.pipeline import BuildResult, build

from .conftest import FIXTURES

Built = tuple[BuildResult, Path]


def structure(node: object, found: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """(structure type, alt text) of every element of a structure tree, depth first."""
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.append((str(node.S), str(node.Alt) if "/Alt" in node else None))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            structure(kid, found)
    return found


@pytest.fixture(scope="module")
def seed_pdf(seed_build: Built) -> pikepdf.Pdf:
    return pikepdf.open(seed_build[1] / "briefing.pdf")


def test_pdf_is_tagged_pdf_ua(seed_pdf: pikepdf.Pdf) -> None:
    root = seed_pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en"
    assert root.ViewerPreferences.DisplayDocTitle is True  # the title, not the file name
    with seed_pdf.open_metadata() as meta:
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == "Xi Jinping's state visit to Vietnam, 12-13 December 2023"
    kinds = Counter(kind for kind, _ in structure(root.StructTreeRoot, []))
    # Headings, lists, the key-facts table and every citation link are in the structure tree.
    assert kinds["/H1"] == 2 and kinds["/H2"] >= 10  # the title, and the annex
    assert kinds["/Table"] == 1 and kinds["/TH"] == 4
    assert kinds["/Link"] > 100 and kinds["/L"] > 10


def test_figure_has_alt_text(seed_pdf: pikepdf.Pdf) -> None:
    figures = [alt for kind, alt in structure(seed_pdf.Root.StructTreeRoot, []) if kind == "/Figure"]
    assert figures == ["Coverage: how many sentences of each source (columns) mention each topic (rows)"]


def test_only_the_shipped_fonts_are_used_and_all_are_embedded(seed_pdf: pikepdf.Pdf) -> None:
    fonts = {}
    for page in seed_pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
            fonts[str(font.BaseFont).split("+", 1)[1]] = "/FontFile2" in descriptor
    assert fonts and all(fonts.values()), fonts  # every font embedded
    assert {name.split("-")[0] for name in fonts} == {"Briefing"}, fonts  # none from the machine


ALPHABETS = {
    "vietnamese": "Nguyễn Phú Trọng",
    "greek": "Κυριάκος Μητσοτάκης",
    "cyrillic": "Владимир Зеленский",
    "hebrew": "בנימין נתניהו",
}


def test_names_in_other_alphabets_render_with_the_shipped_fonts(tmp_path: Path) -> None:
    sentences = " ".join(f"{name} met the mayor on Tuesday." for name in ALPHABETS.values())
    (tmp_path / "a.txt").write_text(f"Visitors\n\n{sentences}\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        "title: Visitors\ndate: 2024-03-06\nsources: [{path: a.txt, date: 2024-03-05}]\n"
        "topics: [{name: visit, keywords: [mayor]}]\nsections: [{title: Visits, topics: [visit]}]\n",
        encoding="utf-8")
    result = build(load_config(tmp_path / "config.yaml"), tmp_path / "out", ["pdf"])
    assert not result.warnings
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(tmp_path / "out" / "briefing.pdf").pages).split())
    pdf = pikepdf.open(tmp_path / "out" / "briefing.pdf")
    used = {str(f.BaseFont).split("+", 1)[1] for p in pdf.pages for f in p.Resources.Font.values()}
    # A glyph missing from the shipped fonts would come from a machine font (or be a box).
    assert {name.split("-")[0] for name in used} == {"Briefing"}, used
    for alphabet, name in ALPHABETS.items():
        if alphabet != "hebrew":  # pypdf reads right-to-left runs back reversed; the font check holds
            assert name in text, alphabet


def test_coverage_figure_is_inline_svg_with_a_cell_per_topic_and_source(seed_build: Built) -> None:
    import base64
    import re
    import xml.etree.ElementTree as ET

    result, out = seed_build
    html = (out / "briefing.html").read_text(encoding="utf-8")
    (data,) = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="Coverage: ', html)
    svg = ET.fromstring(base64.b64decode(data))  # well-formed XML
    cells = svg.findall("{http://www.w3.org/2000/svg}rect")
    coverage = result.briefing.coverage
    assert coverage is not None and len(cells) == len(coverage.topics) * len(coverage.sources) == 8 * 5
    # The trade row: [3] (b1og.net) has the most trade sentences, so the darkest cell of the row.
    labels = [t.text for t in svg.findall("{http://www.w3.org/2000/svg}text")]
    assert "Trade" in labels and "[3]" in labels
    assert coverage.counts[1] == (0, 1, 16, 6, 3)


def test_a_renderer_started_early_is_taken_over_by_the_next_build_and_renders() -> None:
    script = """
from briefing.render import pdf
pdf.prestart()
started = pdf._PRESTARTED[0]
with pdf.EarlyPdf(None) as early:
    assert early.process is started and pdf._PRESTARTED is None
    data, _, pages = early.render("<html lang='en'><title>t</title><body><p>Hello</p></body></html>")
assert data.startswith(b"%PDF") and pages == 1
assert not started.is_alive()
print("ok")
"""
    # In a process of its own: prestart forks only where no other thread runs, as at a command's start.
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, "ok\n"), proc.stderr


def test_a_page_handed_over_early_is_laid_out_meanwhile_and_gives_the_same_pdf() -> None:
    script = """
from briefing.render import pdf
page = "<html lang='en'><title>t</title><body><p>Hello</p></body></html>"
with pdf.EarlyPdf(None) as early:
    early.start(page)
    assert early.conn.poll(60)  # the PDF is made before anyone asks for it
    data, _, pages = early.render(page)
assert data == pdf.render_pdf(page)[0] and pages == 1
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, "ok\n"), proc.stderr


def _renderers(marker: Path) -> list[str]:
    """The processes whose command line holds ``marker``: a build and the renderer it forked."""
    return subprocess.run(["pgrep", "-f", str(marker)], capture_output=True, text=True).stdout.split()


def test_the_command_line_build_starts_the_renderer_first_and_leaves_no_process(tmp_path: Path) -> None:
    exe = shutil.which("briefing", path=str(Path(sys.executable).parent))
    assert exe is not None
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    out = tmp_path / "mini" / "out-of-this-test"
    for _ in range(2):  # a build, then a build with nothing to do (the renderer started for nothing)
        proc = subprocess.run([exe, "build", "config.yaml", "--out", str(out)], cwd=tmp_path / "mini",
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert _renderers(out) == []  # the renderer is a fork of the command: none may outlive it
    assert "nothing changed" in proc.stderr
    assert PdfReader(out / "briefing.pdf").pages[0].extract_text()


def test_a_build_killed_mid_way_leaves_no_renderer_behind(tmp_path: Path) -> None:
    exe = shutil.which("briefing", path=str(Path(sys.executable).parent))
    assert exe is not None
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    out = tmp_path / "mini" / "killed-build-out"
    proc = subprocess.Popen([exe, "build", "config.yaml", "--out", str(out)], cwd=tmp_path / "mini",
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while len(_renderers(out)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(_renderers(out)) == 2  # the command and its renderer, both running
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    while _renderers(out) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _renderers(out) == []


def test_without_pango_a_build_says_so_in_one_line_and_builds_the_rest(tmp_path: Path) -> None:
    fake = tmp_path / "no-pango"  # a weasyprint whose import fails as it does without Pango
    (fake / "weasyprint").mkdir(parents=True)
    (fake / "weasyprint" / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0'\")\n", encoding="utf-8")
    exe = shutil.which("briefing", path=str(Path(sys.executable).parent))
    assert exe is not None
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    env = {**os.environ, "PYTHONPATH": str(fake)}
    full = subprocess.run([exe, "build", "config.yaml", "--out", "out"], cwd=tmp_path / "mini",
                          capture_output=True, text=True, timeout=120, env=env)
    assert full.returncode == 2 and "Traceback" not in full.stderr
    assert full.stderr.splitlines()[-1].startswith(
        "error: PDF rendering needs WeasyPrint and the Pango library, which did not load "
        "(cannot load library 'libpango-1.0-0'); install Pango")
    assert not (tmp_path / "mini" / "out" / "briefing.pdf").exists()
    rest = subprocess.run([exe, "build", "config.yaml", "--out", "out", "--format", "md,html,json"],
                          cwd=tmp_path / "mini", capture_output=True, text=True, timeout=120, env=env)
    assert rest.returncode == 0 and "Traceback" not in rest.stderr

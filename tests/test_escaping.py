"""Escaping: text from a file name, a config string or an article is text in every output.

Hostile text is placed in a source's file name, the config's title, outlet, handling and a
judgment, and an article sentence. It must show in the HTML's text and the PDF's text as written,
after the documented normalisations (briefing/render/escape.py: control characters and
byte-order marks removed, whitespace collapsed, bidi controls kept but isolated), and the HTML
must hold exactly the tags and attributes the templates draw for a plain word in those places.
"""

from __future__ import annotations

import glob
import re
import tempfile
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing.config import load_config
from briefing.errors import TemplateError
from briefing.pipeline import BuildResult, build
from briefing.render import escape
from briefing.render.escape import plain_text

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]
# Every Markdown and HTML special form, over-represented among arbitrary characters.
FORMS = [":::", "::: timeline", "::::", "{#id}", "{.class}", "[x](y)", "![x](y)", "[c](https://e.com)",
         "`code`", "``", "<tag>", "<b>", "</li>", "<https://e.com>", "&amp;", "&lt;", "&#65;", "&nbsp;",
         "|", "*", "**", "_", "#", "# ", ">", "- ", "1. ", "2)", "=", "~~~", "\\", "\"", "'", ":",
         "[1]", "(#ev-S1-0)", "{{ x }}", "\x00", "\ufeff", "\x07", "\x1f", "\n", "\t", " ", "  ", "\u00a0"]
WORDS = ["ab", "Cd", "file", "x"]


def hostile(alphabet: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(alphabet), st.sampled_from(WORDS), st.characters(codec="utf-8")),
                    min_size=1, max_size=8).map("".join)


HOSTILE = hostile(FORMS + BIDI)
# The PDF's text is read back in visual order, so bidi-reordered text cannot read back as
# written there (isolation in the PDF is pinned by test_bidi_controls_reorder_nothing_around_them);
# and characters outside its fonts, controls and format characters (a soft hyphen) draw no glyph
# to read back.
PDF_HOSTILE = st.lists(st.one_of(st.sampled_from(FORMS), st.sampled_from(WORDS),
                                 st.characters(min_codepoint=0x21, max_codepoint=0x17e, exclude_categories=("Cc", "Cf"))),
                       min_size=1, max_size=8).map("".join)
ARTICLE = "Deal Agreed Today\n\nThe buyer agreed to pay $5 million for 12 ferries on Tuesday, {}.\n"
JUDGMENT_CLAIM = "price"


def article_name(name: str) -> str:
    """A file name holding ``name``: no "/" or NUL (no file system allows them), and no leading
    whitespace (the config strips a path's, as it strips every string's)."""
    return name.replace("/", "").replace("\x00", "")[:60].lstrip() + ".txt"


def write_project(root: Path, name: str, config_text: str, sentence: str) -> Path:
    """A one-article project: ``name`` is the article's file name (``.txt`` added); the config's
    title, outlet, handling and judgment hold ``config_text``; the article's sentence ``sentence``."""
    root.mkdir(parents=True, exist_ok=True)
    file_name = article_name(name)
    (root / file_name).write_text(ARTICLE.format(sentence), encoding="utf-8")
    config = {
        "title": config_text, "date": "2024-03-06", "handling": config_text,
        "sources": [{"path": glob.escape(file_name), "date": "2024-03-05", "outlet": config_text}],
        "key_facts": [{"id": "price", "label": "Price", "kind": "money", "near": ["pay"]}],
        "judgments": [{"text": config_text, "confidence": "low", "claims": [JUDGMENT_CLAIM]}],
    }
    dumped = yaml.safe_dump(config, allow_unicode=True)
    if yaml.safe_load(dumped) != config:  # a line break YAML folds when written as itself (U+0085)
        dumped = yaml.safe_dump(config, allow_unicode=False)  # escaped: "\x85"
    assert yaml.safe_load(dumped) == config
    (root / "config.yaml").write_text(dumped, encoding="utf-8")
    return root / "config.yaml"


class _Page(HTMLParser):
    """The page's text (not the stylesheet), its tags with their attribute names, and its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: Counter[tuple[str, tuple[str, ...]]] = Counter()
        self.titles: list[str] = []
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
        values = dict(attrs)
        self._style = tag == "style"
        if tag == "a" and values.get("title"):
            self.titles.append(values["title"] or "")
        if (values.get("href") or "").startswith("#"):
            self.hrefs.append((values["href"] or "")[1:])
        if values.get("id"):
            self.ids.add(values["id"] or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def collapse(text: str) -> str:
    return " ".join(text.split())


def build_html(root: Path, name: str, config_text: str, sentence: str) -> tuple[BuildResult, _Page]:
    cfg = load_config(write_project(root, name, config_text, sentence))
    result = build(cfg, root / "out", formats=("md", "html"))
    return result, parse((root / "out" / "briefing.html").read_text(encoding="utf-8"))


def shows_as_written(result: BuildResult, page: _Page, name: str, config_text: str) -> None:
    text = collapse(" ".join(page.text))
    expected = plain_text(config_text)
    # The title (heading, <title>), the handling, the outlet, the judgment: each as written.
    assert text.count(expected) >= 4, (expected, text)
    path = result.briefing.sources[0].path
    assert plain_text(path) in text
    assert plain_text(article_name(name)) == plain_text(path)
    # Every cited sentence, in the appendix and wherever it is shown.
    for group in result.briefing.evidence:
        for item in group.items:
            assert plain_text(item.sentence) in text
    for line in result.briefing.key_points:
        assert plain_text(line.text) in text
    # Tooltips: the outlet and the cited sentence as written (an entity stays an entity).
    source = result.briefing.sources[0]
    for c in (c for line in result.briefing.key_points for c in line.citations):
        tooltip = f"[{c.number}] {plain_text(source.outlet)}: {plain_text(source.text[c.start:c.end])}"
        assert tooltip in page.titles
    # Every link into the page reaches something.
    assert set(page.hrefs) <= page.ids


# What an article with quotes, people or dates may add to a page: more of the sections a plain
# word does not fill (the timeline's div).
KINDS_OF_MORE_CONTENT = {("div", ("class",)), ("br", ())}
_PLAIN: dict[str, Counter[tuple[str, tuple[str, ...]]]] = {}


def plain_tags(root: Path) -> Counter[tuple[str, tuple[str, ...]]]:
    if "tags" not in _PLAIN:
        _PLAIN["tags"] = build_html(root / "plain", "word", "word", "word")[1].tags
    return _PLAIN["tags"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=HOSTILE, config_text=HOSTILE, sentence=HOSTILE)
@example(name="`a` [c](https://e.com) ![i](x)", config_text="::: timeline {#x} &amp; &lt;b&gt;",
         sentence="::: timeline and &amp; `code` [x](y)")
@example(name=":::", config_text=":::", sentence="|")  # a "|" in a tooltip ended a table cell
@example(name="a", config_text="a\x85b", sentence="x")  # YAML folds U+0085 written as itself
@example(name="\ufeffa\x00b", config_text="\ufeffTitle\x00 \u202eSECRET", sentence="\u2066a\u2069\u2069b\u202e")
def test_hostile_text_shows_as_written_and_adds_no_markup(name: str, config_text: str, sentence: str) -> None:
    assume(plain_text(config_text))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        result, page = build_html(root / "hostile", name, config_text, sentence)
        shows_as_written(result, page, name, config_text)
        # Exactly the markup the templates draw for a plain word in the same places. The article
        # is left plain in this run: what a sentence holds rightly changes what is drawn (a figure
        # adds a key point, a link-like line is set aside as web junk), though never its kinds.
        _, same_article = build_html(root / "plain-article", name, config_text, "word")
        assert same_article.tags == plain_tags(root)
        assert set(page.tags) <= set(plain_tags(root)) | KINDS_OF_MORE_CONTENT


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=PDF_HOSTILE, config_text=PDF_HOSTILE, sentence=PDF_HOSTILE)
@example(name="`a` [c](file:///etc/passwd) ![i](x)", config_text="::: timeline {#x} &amp; &lt;b&gt;", sentence="x")
def test_hostile_text_reads_back_from_the_pdf(name: str, config_text: str, sentence: str) -> None:
    assume(plain_text(config_text))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cfg = load_config(write_project(root, name, config_text, sentence))
        result = build(cfg, root / "out", formats=("pdf",))
        data = (root / "out" / "briefing.pdf").read_bytes()
        text = "".join(" ".join(page.extract_text() for page in PdfReader(root / "out" / "briefing.pdf").pages).split())
        squeezed = "".join(plain_text(config_text).split())
        assert text.count(squeezed) >= 4  # title, running head, handling, outlet, judgment
        assert "".join(plain_text(result.briefing.sources[0].path).split()) in text
        for group in result.briefing.evidence:
            for item in group.items:
                assert "".join(plain_text(item.sentence).split()) in text
        assert b"/EmbeddedFile" not in data and b"/Launch" not in data


# --- The cases of issue 14, one by one -----------------------------------------------------------


def test_a_file_name_stays_in_its_code_span(tmp_path: Path) -> None:
    name = "`a` [c](https:e.com) ![i](data:x)"  # a file name holds no "/"
    _, page = build_html(tmp_path, name, "Title", "word")
    html = (tmp_path / "out" / "briefing.html").read_text(encoding="utf-8")
    assert not any(tag == "img" for tag, _ in page.tags)
    assert 'href="https:e.com"' not in html
    assert f"{name}.txt" in collapse(" ".join(page.text))


def test_a_sentence_opening_a_fence_stays_a_sentence(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Deal Agreed Today\n\n::: timeline the buyer agreed to pay $5 million for 12 ferries.\n",
                       encoding="utf-8")
    (tmp_path / "config.yaml").write_text("title: T\ndate: 2024-03-06\nsources:\n  - path: a.txt\n",
                                          encoding="utf-8")
    build(load_config(tmp_path / "config.yaml"), tmp_path / "out", formats=("md", "html"))
    html = (tmp_path / "out" / "briefing.html").read_text(encoding="utf-8")
    assert "<li>::: timeline the buyer agreed to pay $5 million" in html
    assert '<div class="timeline">\n</div>' not in html


def test_entities_in_a_tooltip_stay_as_written(tmp_path: Path) -> None:
    _, page = build_html(tmp_path, "a", "Title &amp; more", "says &lt;b&gt; &amp; more")
    assert any("Title &amp; more: " in t and "&lt;b&gt; &amp; more" in t for t in page.titles), page.titles


def test_bom_and_controls_never_reach_the_outputs(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("\ufeffDeal\x00 Agreed Today\n\n\nThe buyer agreed to pay $5 million for 12 "
                                    "ferries on Tuesday\x07.\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text("title: \"\\ufeffT\\0itle\"\ndate: 2024-03-06\nsources:\n  - path: a.txt\n",
                                          encoding="utf-8")
    result = build(load_config(tmp_path / "config.yaml"), tmp_path / "out", formats=("md", "html"))
    assert result.briefing.sources[0].headline == "Deal Agreed Today"
    for name in ("briefing.md", "briefing.html"):
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufeff]", text), name
        assert "# Title" in text or "<h1" in text


def test_bidi_controls_reorder_nothing_around_them(tmp_path: Path) -> None:
    """An override left open in an outlet or a file name used to run on past it in the PDF,
    reversing briefing's own words after it ("(2 from this source alone(")."""
    cfg = load_config(write_project(tmp_path, "a\u202e", "\u202eSECRET done\u2069", "word"))
    build(cfg, tmp_path / "out", formats=("html", "pdf"))
    text = collapse(" ".join(p.extract_text() for p in PdfReader(tmp_path / "out" / "briefing.pdf").pages))
    assert "enod TERCES: Deal Agreed Today, 5 March 2024" in text  # the outlet reversed, and only it
    assert "from this source alone)." in text and "(character offsets into the file)." in text
    assert "enod TERCES · 6 March 2024 · 1 source" in text
    html = (tmp_path / "out" / "briefing.html").read_text(encoding="utf-8")
    assert "\u2068\u202eSECRET done\u2069" in html  # isolated, and its stray PDI dropped


@pytest.mark.parametrize(("text", "expected"), [
    ("plain words", "plain words"),
    ("a\x00b\ufeff\x07c \n\t d", "abc d"),
    ("\u202eabc", "\u2068\u202eabc\u2069"),
    ("\u2069x\u2067y", "\u2068x\u2067y\u2069\u2069"),
    ("\u200fא", "\u2068\u200fא\u2069"),
])
def test_plain_text_is_the_documented_normalisation(text: str, expected: str) -> None:
    assert plain_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("::: timeline", "\\::: timeline"),
    ("a {#id} {.c}", "a \\{#id\\} \\{.c\\}"),
    ("![x](y) `c` <https://e>", "!\\[x\\](y) \\`c\\` \\<https://e\\>"),
    ("&amp; | *_ ~", "\\&amp; \\| \\*\\_ \\~"),
    ("- a", "\\- a"), ("# a", "\\# a"), ("> a", "\\> a"), ("12. a", "12\\. a"), ("= a", "\\= a"),
])
def test_markdown_escapes(text: str, expected: str) -> None:
    assert escape.markdown(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a.txt", "`a.txt`"), ("a`b`", "`` a`b` ``"), ("a``b", "```a``b```"),
])
def test_markdown_code_spans(text: str, expected: str) -> None:
    assert escape.markdown_code(text) == expected


def test_templates_run_sandboxed(tmp_path: Path) -> None:
    """A template is the user's file, not code: reaching Python's internals is a one-line error."""
    marker = tmp_path / "ran"
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.md.j2").write_text(
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}\n", encoding="utf-8")
    cfg = replace(load_config(write_project(tmp_path, "a", "Title", "word")), templates=templates)
    with pytest.raises(TemplateError) as info:
        build(cfg, tmp_path / "out", formats=("md",))
    assert "\n" not in str(info.value) and "briefing.md.j2" in str(info.value)
    assert not marker.exists()


def test_a_topic_label_is_text_in_the_svg_figure() -> None:
    """A control character in a topic label made the figure's SVG invalid XML (no figure)."""
    from xml.etree import ElementTree

    from briefing.models import Coverage
    from briefing.render.templates import environment

    label = "a\x00<b>&amp;\u202e"
    svg = environment(None).get_template("coverage.svg.j2").render(
        coverage=Coverage(topics=(label,), sources=(1,), counts=((2,),)))
    texts = [t.text for t in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert plain_text(label) in texts

"""Property tests: on arbitrary text, nothing raises, every offset slices back, nothing is markup.

Hypothesis is added for this (test extra only): hand-written tables cannot reach the odd Unicode
and punctuation that pasted web pages carry.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.extract import extract_mentions, extract_quotes
from briefing.ingest import segment
from briefing.render.escape import markdown as md_escape
from briefing.render.html import markdown_parser

# Text with the characters that matter here over-represented: quotes, digits, currency, markup.
SPICY = st.lists(
    st.one_of(
        st.sampled_from(list("“”\"'‘’.,;:!?$€£¥%-–—()[]{}<>*_`#|\\&\n  0123456789")),
        st.sampled_from(["said", "told", " he ", " She ", "billion", "percent", "Tuesday", "March",
                         "more than", "dozens", "of", "Ana Lima", "<script>", "{{ x }}", "![](y)",
                         "\n\n", "icon-facebook", "▶ ad ◀"]),
        st.characters(codec="utf-8"),
    ),
    max_size=200,
).map("".join)
PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROFILE
@given(SPICY)
def test_segment_offsets_always_slice_back(text: str) -> None:
    sentences, junk, _ = segment("S1", text)
    for s in sentences:
        assert text[s.start:s.end] == s.text and s.text.strip() == s.text
    for start, end, _why in junk:
        assert 0 <= start <= end <= len(text)


@PROFILE
@given(SPICY)
def test_extraction_never_raises_and_offsets_slice_back(text: str) -> None:
    sentences, _, _ = segment("S1", text)
    for s in sentences:
        for m in extract_mentions(s.text, dt.date(2024, 3, 5)):
            assert s.text[m.start:m.end] == m.text
    for q in extract_quotes(sentences):
        assert 0 <= q.start <= q.end <= len(text)
        assert q.speaker


@PROFILE
@given(SPICY)
def test_escaped_text_renders_as_itself_never_as_markup(text: str) -> None:
    html = markdown_parser().render("- " + md_escape(text) + "\n")
    body = html.removeprefix("<ul>\n<li>").removesuffix("</li>\n</ul>\n")
    assert "<" not in body.replace("&lt;", "")  # no tag at all came from the text
    assert body.count("<li>") == 0


@PROFILE
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_clear_error_or_sentences(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # read_text turns this into a one-line SourceError (tested in test_cli)
    sentences, _, _ = segment("S1", text)
    assert all(text[s.start:s.end] == s.text for s in sentences)

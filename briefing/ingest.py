"""Ingest: read each source file, set web-page junk aside, split paragraphs and sentences.

Nothing is ever rewritten: every sentence is a pair of offsets into the file's text exactly as
``open(path, encoding="utf-8").read()`` returns it, so any citation can be checked against the file.
Junk (share icons, ads, teasers, image names, photo credits, paywall notices) is recorded as spans
and simply not turned into sentences.

A ``Segmenter`` carries what segmenting needs from one paragraph to the next (the headline, the
sentence and paragraph numbers), so a long article is segmented a block of whole paragraphs at a
time (``blocks``) into the very sentences the whole text gives: every rule reads one line, one
paragraph or the text itself, which is held once (a headline "repeated in the article" is
counted in all of it).
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .config import Config, SourceConfig
from .errors import SourceError
from .models import Sentence, Source
from .render.escape import clean

# A whole line that is web furniture, not article text. Generic to web copies, never to an event.
JUNK_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("share icons", re.compile(r"^(?:\s*icon-[\w-]+)+\s*$", re.I)),
    ("share icons", re.compile(r"^(?:share|tweet|email|print)(?:\s*(?:on\s+)?(?:facebook|twitter|x|whatsapp|linkedin|email|print))*\s*$", re.I)),
    ("advert", re.compile(r"^\s*▶.*◀\s*$|^\s*\[(?:ad|advert\w*|sponsored?)\]"
                          r"|^\s*(?:advertisement|sponsored(?: content)?)\s*$", re.I)),
    ("teaser", re.compile(r"^\s*(?:read more|read|more|watch|listen|related|see also|also read|also see|"
                          r"recommended|must read|don[’']t miss|trending|latest)\s*:", re.I)),
    ("image file", re.compile(r"^\s*\S+\.(?:jpe?g|png|gif|webp|svg|avif)\s*$", re.I)),
    ("navigation link", re.compile(r"^\s*(?:view all|load more|show more|next article|previous article)\s*$", re.I)),
    # A » with a space on each side ("Home » Blog »"); ^.*\s»\s.*$, written to jump from » to ».
    ("breadcrumb", re.compile(r"^(?:[^»\n]*»)*?(?<=\s»)\s.*$")),
    ("byline", re.compile(r"^.*\|\s*by\s+\S+.*$", re.I)),
    ("byline", re.compile(r"^\s*(?:edited|reported|written|reporting) by\s+[^.]{0,60}\.?\s*$", re.I)),
    ("source credit", re.compile(r"^\s*(?:source|credit)\s*:\s*\S.{0,60}$", re.I)),
    ("byline", re.compile(r"^\s*(?i:by)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}"
                          r"(?:(?:\s*[,&]\s*|\s+and\s+)[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})*\s*(?:[|,].{0,60})?$")),
    ("byline", re.compile(r"^\s*\((?:additional\s+)?(?:reporting|writing|editing|compiled|compiling)\s+by\b[^()]*\)\s*$", re.I)),
    # A short line cut by "|": a byline, a section path or a layout remnant ("Associated Press |").
    ("byline", re.compile(r"^[^.!?|\n]{0,80}\|[^.!?\n]{0,80}$")),
    ("agency name", re.compile(r"^\s*(?:the\s+)?(?:associated press|reuters|afp|ap|upi|dpa|xinhua|bloomberg|"
                               r"pti|ani|ians|efe|anadolu|kyodo|yonhap|bernama|tass)\s*$", re.I)),
    ("copyright", re.compile(r"^\s*(?:copyright\b|©|\(c\)\s).*$", re.I)),
    ("web furniture", re.compile(
        r"^\s*(?:skip to (?:main )?content|link copied(?: to clipboard)?|expand\s*/\s*collapse search|"
        r"more from this section|\[?continue reading\]?|%d bloggers like this:?|•?\s*published|updated|"
        r"image caption,?|,\s*external|x|close|menu|search|sign in|log in|subscribe|comments?|"
        r"listen to this article|play video|advertisement|most read|most popular|trending(?: now)?|"
        r"top stories|latest news|more stories|you may also like|recommended for you|"
        r"next|previous|back to top|print this (?:article|page)|email this (?:article|page))\s*$", re.I)),
    # Player buttons in capitals ("CLOSE", "LINKEDINCOMMENTMORE"); case-sensitive on purpose.
    ("video player", re.compile(r"^\s*[A-Z]{2,}(?: [A-Z]{2,})*\s*$")),
    ("video player", re.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}\s*(?:/\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?\s*$")),
    ("stock ticker", re.compile(r"^\s*(?:\(?[A-Z]{1,5}(?:[.:][A-Z]{1,4})?\)?\s*[+\-−]?\d+(?:\.\d+)?%\)?\s*)+$")),
    ("separator", re.compile(r"^[\W_]*$")),
    ("dateline", re.compile(
        r"^\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,?\s+)?"
        r"(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+(?:\d{1,2},?\s+)?\d{4}"
        r"(?:\s+\d{1,2}:\d{2}.*)?\s*$", re.I)),
)

# Junk found anywhere in a line, after the table above: each with words one of which the line
# must hold (in lower case) before its pattern runs, since most lines hold none.
JUNK_IN_LINES: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("photo caption", re.compile(  # a caption ending in its credit: "… Photo by Jane Roe/EPA-EFE"
        r"(?:\b(?:photo|image|picture|pictures|video)\s*(?:by|credit|source|courtesy)\b[^.!?]{0,80}"
        r"|\bfile photo\s*:.*"
        r"|\s[A-Z][\w.’'-]+(?:\s[A-Z][\w.’'-]+){0,3}/(?:[A-Z][\w.’']*(?:[/ -][A-Z][\w.’']*){0,3})"
        r"(?:\s*\|\s*\w+(?: \w+)?)?)\s*$"), ("/", "photo", "image", "picture", "video")),
    ("video player", re.compile(r"\bvideo provided by\b", re.I), ("video provided by",)),
    ("template placeholder", re.compile(r"\{[A-Z_]{3,}\}"), ("{",)),
    ("cookie or search box", re.compile(
        r"\b(?:we use cookies|accept (?:all )?cookies|cookie (?:policy|settings|preferences)|"
        r"enter (?:your )?(?:search|e-?mail)|type (?:your )?search|search for:)", re.I),
     ("cookie", "search", "mail")),
    ("advert", re.compile(r"\b\d{1,2}\s?% off\b|\buse (?:promo |discount )?code\b|\bpromo code\b|"
                          r"\bshop now\b|\bbuy now\b|\bfree shipping\b|\blimited[- ]time offer\b", re.I),
     ("% off", "code", "shop now", "buy now", "free shipping", "limited")),
)

# All of them in one pattern, tried once per line: each line is checked against the table in order.
_JUNK_LINE = re.compile("|".join(f"(?P<j{i}>{'(?i:' if rx.flags & re.I else '(?:'}{rx.pattern}))"
                                 for i, (_, rx) in enumerate(JUNK_LINES)))


def _junk_line(line: str, extra: Sequence[re.Pattern[str]]) -> str | None:
    """Why a line is web furniture (JUNK_LINES, JUNK_IN_LINES, then the config's junk patterns),
    or None."""
    m = _JUNK_LINE.match(line)  # every pattern in the table starts with ^
    if m:
        return JUNK_LINES[int(str(m.lastgroup)[1:])][0]
    lower = line.lower()
    for name, rx, needs in JUNK_IN_LINES:
        if any(word in lower for word in needs) and rx.search(line):
            return name
    return "config junk" if any(rx.search(line) for rx in extra) else None


# A sentence that is a notice from the publisher (often glued onto the last paragraph).
JUNK_SENTENCES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paywall notice", re.compile(
        r"sharing tools|share (?:this )?article|copyright policy|terms and conditions|"
        r"\[email[\s\xa0]*protected\]|gift article|purchase (?:further )?rights|"
        r"subscribe (?:now|today|to)|already a subscriber|sign up for our|all rights reserved|"
        r"reproduction (?:is )?prohibited|this article (?:was|is) (?:originally )?published|"
        r"not edited by|please click|click here|for suggestions and comments",
        re.I)),
)

# Words every paywall notice above contains one of, in lower case: the pattern runs only when one
# is present. The rarest words of each phrase, so that few ordinary sentences pass.
_NOTICE_WORDS = ("sharing tools", "article", "copyright policy", "terms and conditions", "protected]",
                 "purchase", "subscribe", "already a subscriber", "sign up for our",
                 "all rights reserved", "prohibited", "published", "not edited by", "click",
                 "for suggestions and comments")


def _is_notice_candidate(sentence: str) -> bool:
    lower = sentence.lower()
    for word in _NOTICE_WORDS:  # noqa: SIM110 (a plain loop: faster here than any())
        if word in lower:
            return True
    return False


def _junk_sentence(sentence: str, extra: Sequence[re.Pattern[str]]) -> str | None:
    """Why a sentence is a publisher's notice (JUNK_SENTENCES, then the config's junk), or None."""
    candidate: bool | None = None
    for name, rx in JUNK_SENTENCES:
        if name == "paywall notice":
            if candidate is None:
                candidate = _is_notice_candidate(sentence)
            if not candidate:
                continue
        if rx.search(sentence):
            return name
    return "config junk" if any(rx.search(sentence) for rx in extra) else None


# A date a page store put before the text: " date 2019-06-25".
STORE_STAMP = re.compile(r"[ \t]*date \d{4}-\d{2}-\d{2}\b[ \t]*")

# A photo credit at the end of a caption: "(Jane Doe/Pool/AFP)".
PHOTO_CREDIT = re.compile(r"\s*\((?:[^()/\n]{2,40}/){1,3}[^()/\n]{2,40}\)\s*$")

# Words that end with a full stop but do not end a sentence.
ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "co", "corp", "inc", "ltd", "plc", "llc", "bros", "gen", "gov", "sen", "rep", "col", "lt", "sgt", "capt", "cmdr", "adm", "rev", "hon", "pres", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "no", "nos", "vol", "vs", "etc", "approx", "dept", "est", "fig", "al", "e.g", "i.e", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "st", "ave", "blvd", "mt", "ft"]
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*")
_OPENERS = "\"'“‘([«"
_LETTER = re.compile(r"[^\W\d_]")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
_SPACES = re.compile(r"\s*")


def ingest(cfg: Config) -> list[Source]:
    """Read every configured source, in order."""
    return [read_source(sc, cfg.junk) for sc in cfg.sources]


def read_text(path: Path, shown: str | None = None, encoding: str = "utf-8") -> str:
    """Read a text file (universal newlines), or raise a one-line SourceError naming it as
    ``shown`` (by default as the user can open it from here; worked out only for the error)."""
    try:
        with open(path, encoding=encoding) as handle:
            return handle.read()
    except FileNotFoundError:
        raise SourceError(f"{shown or shown_path(path)}: no such file; fix the path under sources: in the config") from None
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{shown or shown_path(path)}: not {'UTF-8' if encoding == 'utf-8' else encoding} text (invalid byte "
            f"at offset {exc.start}); re-save the article as UTF-8, or give its encoding under sources: "
            "(encoding: cp1252)"
        ) from None
    except OSError as exc:
        raise SourceError(f"{shown or shown_path(path)}: cannot be read ({exc.strerror})") from None


def read_chunks(path: Path, shown: str | None = None, encoding: str = "utf-8",
                size: int = 1 << 20) -> Iterator[str]:
    """The text ``read_text`` returns, in pieces of about ``size`` bytes, decoded as they are read
    (universal newlines across the pieces too), with read_text's errors: the offset of an invalid
    byte is counted from the start of the file."""
    decoder = codecs.getincrementaldecoder(encoding)()
    newlines = io.IncrementalNewlineDecoder(decoder, translate=True)
    done = 0  # bytes given to the decoder
    try:
        with open(path, "rb") as handle:
            while True:
                data = handle.read(size)
                try:
                    piece = newlines.decode(data, final=not data)
                except UnicodeDecodeError as exc:
                    held = len(decoder.getstate()[0])  # the bytes of a character begun before
                    raise UnicodeDecodeError(exc.encoding, exc.object, exc.start, exc.end,
                                             f"{done - held + exc.start}") from None
                done += len(data)
                if piece:
                    yield piece
                if not data:
                    return
    except FileNotFoundError:
        raise SourceError(f"{shown or shown_path(path)}: no such file; fix the path under sources: in the config") from None
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{shown or shown_path(path)}: not {'UTF-8' if encoding == 'utf-8' else encoding} text (invalid byte "
            f"at offset {exc.reason}); re-save the article as UTF-8, or give its encoding under sources: "
            "(encoding: cp1252)"
        ) from None
    except UnicodeError as exc:  # a codec's own complaint ("UTF-16 stream does not start with BOM")
        read_text(path, shown, encoding)  # raises what reading it whole raises, as a SourceError
        raise SourceError(f"{shown or shown_path(path)}: not {encoding} text ({exc})") from None
    except OSError as exc:
        raise SourceError(f"{shown or shown_path(path)}: cannot be read ({exc.strerror})") from None


def shown_path(path: Path) -> str:
    """A path as the user can open it from here: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


MAX_ARTICLE_BYTES = 256_000_000
"""The largest article file read: a news article is tens of kilobytes; a larger file is a dump or
an attack. It keeps its number, with a warning, and nothing is read from it."""

STREAM_BYTES = 20_000_000
"""An article file larger than this is streamed: segmented and extracted a block of paragraphs at
a time (``BLOCK_CHARS``), keeping its text once, its facts and only the sentences they cite."""


def _size(sc: SourceConfig) -> int:
    try:
        return sc.path.stat().st_size
    except OSError:
        return 0  # reading it will say what is wrong


def oversized(sc: SourceConfig) -> bool:
    return _size(sc) > MAX_ARTICLE_BYTES


def streamed(sc: SourceConfig) -> bool:
    """Read in blocks (``STREAM_BYTES`` < size <= ``MAX_ARTICLE_BYTES``)."""
    return STREAM_BYTES < _size(sc) <= MAX_ARTICLE_BYTES


def read_source(sc: SourceConfig, extra_junk: Iterable[str] = (), text: str | None = None) -> Source:
    """Read one file and segment it (nothing of a file over MAX_ARTICLE_BYTES). ``text``: the
    file's text, already read (a Dask worker gets it from the client)."""
    if text is None:
        text = "" if oversized(sc) else read_text(sc.path, encoding=sc.encoding)
    sentences, junk, headline = segment(sc.id, text, extra_junk)
    if headline is not None:  # a byte-order mark or control character is no part of a headline
        headline = clean(headline).strip() or None
    return Source(
        id=sc.id, path=sc.display_path, text=text, outlet=sc.outlet,
        title=sc.title or headline,  # the article's own headline when the config gives none
        date=sc.date, reliability=sc.reliability, encoding=sc.encoding,
        url=sc.url, headline=headline, sentences=tuple(sentences), junk=tuple(junk),
    )


def paragraphs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank paragraph (blank-line separated), trimmed, in
    text[start:end] (a run of whole paragraphs)."""
    end = len(text) if end is None else end
    pos = start
    for brk in _PARAGRAPH_BREAK.finditer(text, start, end):
        yield from _trimmed(text, pos, brk.start())
        pos = brk.end()
    yield from _trimmed(text, pos, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        yield from _trimmed(text, pos, stop)
        pos = stop + 1


def _is_heading(chunk: str) -> bool:
    """A short line with no closing punctuation: a headline or section heading, not a sentence."""
    if "\n" in chunk or len(chunk.split(None, 14)) > 14:
        return False
    last = chunk.rstrip("\"'”’)")  # closing quotes and brackets after the punctuation
    return not last or last[-1] not in ".!?…:;,"


def _stands_apart(text: str, start: int, end: int) -> bool:
    """A short first sentence is a headline only when set apart (two blank lines after it) or
    repeated in the article, as pasted pages do; otherwise it is a short opening sentence."""
    gap = _SPACES.match(text, end).group()  # type: ignore[union-attr]
    return gap.count("\n") >= 3 or text.count(text[start:end].rstrip(".")) > 1


def segment(
    source_id: str, text: str, extra_junk: Iterable[str] = ()
) -> tuple[list[Sentence], list[tuple[int, int, str]], str | None]:
    """Split a file's text into article sentences; return them, the junk spans and the headline."""
    state = Segmenter(source_id, text, extra_junk)
    sentences, junk = state.block(0, len(text))
    return sentences, sorted(junk), state.headline


BLOCK_CHARS = 4_000_000
"""The text of a streamed article (``STREAM_BYTES``) segmented and extracted at a time: whole
paragraphs, about this many characters (a hundred long articles)."""


def blocks(text: str, size: int = BLOCK_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) of runs of whole paragraphs of about ``size`` characters, in order, covering
    the text: each ends where a paragraph break ends, as ``paragraphs`` cuts the whole text, so
    one ``Segmenter`` given them in turn finds the sentences ``segment`` finds in the whole text."""
    pos = 0
    while len(text) - pos > size:
        brk = _PARAGRAPH_BREAK.search(text, pos + size)
        if brk is None:
            break
        yield pos, brk.end()
        pos = brk.end()
    yield pos, len(text)


class Segmenter:
    """What segmenting carries from one block of a text to the next: the headline, and the
    numbers of the sentences and paragraphs so far."""

    def __init__(self, source_id: str, text: str, extra_junk: Iterable[str] = ()) -> None:
        self.source_id = source_id
        self.text = text
        self.config_junk = [re.compile(p) for p in extra_junk]
        self.headline: str | None = None
        self.sentences = 0
        self.paragraphs = 0

    def block(self, block_start: int, block_end: int) -> tuple[list[Sentence], list[tuple[int, int, str]]]:
        """The sentences and junk of text[block_start:block_end], a run of whole paragraphs."""
        text, source_id, config_junk = self.text, self.source_id, self.config_junk
        sentences: list[Sentence] = []
        junk: list[tuple[int, int, str]] = []
        kept_lines: list[tuple[int, int]] = []
        for start, end in paragraphs(text, block_start, block_end):
            for ls, le in _lines(text, start, end):
                stamp = STORE_STAMP.match(text, ls, le)
                if stamp:  # " date 2019-06-25 LONDON (Reuters) - …": the stamp goes, the text stays
                    junk.append((ls, stamp.end(), "store date stamp"))
                    ls = stamp.end()
                    if ls >= le:
                        continue
                line = text[ls:le]
                why = _junk_line(line, config_junk)
                if why:
                    junk.append((ls, le, why))
                else:
                    kept_lines.append((ls, le))
        # Re-group kept lines into paragraphs: consecutive lines with no blank line between them.
        groups: list[list[tuple[int, int]]] = []
        for ls, le in kept_lines:
            if groups and "\n" not in text[groups[-1][-1][1]:ls].replace("\n", "", 1) and \
                    text[groups[-1][-1][1]:ls].strip() == "":
                groups[-1].append((ls, le))
            else:
                groups.append([(ls, le)])
        for group in groups:
            p_index = self.paragraphs
            self.paragraphs += 1
            start, end = group[0][0], group[-1][1]
            chunk = text[start:end]
            if _is_heading(chunk):
                # Before the first sentence the longest heading is the headline; a category line
                # ("World News") or kicker is shorter.
                if not self.sentences and (self.headline is None or len(chunk) > len(self.headline)):
                    self.headline = chunk
                continue
            opened = chunk.rfind("(") if chunk.endswith(")") else -1
            credit = PHOTO_CREDIT.search(chunk, max(0, opened - 1)) if opened >= 0 else None
            if credit:
                junk.append((start + credit.start(), end, "photo credit"))
                end = start + credit.start()
                if end <= start:
                    continue  # the paragraph was only the credit
            for ss, se in (bounded for rs, re_ in _runs(text, group, end) for span in split_sentences(text, rs, re_)
                           for bounded in _bounded(text, *span)):
                sentence = text[ss:se]
                why = _junk_sentence(sentence, config_junk)
                if why:
                    junk.append((ss, se, why))
                    continue
                headline = self.headline
                if headline is None and not self.sentences and p_index == 0 and len(group) == 1 \
                        and len(sentence.split()) <= 14 and se == end and _stands_apart(text, ss, se):
                    self.headline = sentence  # a headline that ends with a full stop
                    continue
                if not _LETTER.search(sentence):
                    continue
                if headline is not None and sentence.rstrip(".") == headline.rstrip("."):
                    junk.append((ss, se, "repeated headline"))
                    continue
                sentences.append(Sentence(source_id, self.sentences, p_index, ss, se, sentence))
                self.sentences += 1
        return sentences, junk


def _runs(text: str, lines: list[tuple[int, int]], end: int) -> Iterator[tuple[int, int]]:
    """The runs of a paragraph's lines that can hold one sentence between them. A line break is a
    sentence break in web copies ("Photo by Jane Roe/EPA" then "May 4 (Wire) -- …") unless the
    next line goes on in lower case, the line ends mid-clause (a lower-case word, ",", ":", "-"),
    or the paragraph is hard-wrapped at a fixed width, as wire copy is."""
    lines = [(a, min(b, end)) for a, b in lines if a < end]
    if not lines:
        return
    if _hard_wrapped(lines):
        yield lines[0][0], lines[-1][1]
        return
    run_start = lines[0][0]
    for (a, b), (c, _) in itertools.pairwise(lines):
        nxt, last = text[c], text[b - 1]
        listed = _BULLET.match(text, a, b) or _BULLET.match(text, c)  # a list's items stand apart
        if not listed and (nxt.islower() or last.islower() or last in ",;:-–—("
                           or not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS)):
            continue  # "… met with\nAna Lima": a line that ends mid-clause runs on
        yield run_start, b
        run_start = c
    yield run_start, lines[-1][1]


_BULLET = re.compile(r"[•▪◦·*-]\s")
MAX_SENTENCE = 2000
"""The longest sentence kept whole (real ones run to a few hundred characters): a longer run of
text with no sentence end is cut at spaces, so no step that reads a sentence can cost more than
a bounded amount for it, however a page is built."""


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) cut into pieces of at most MAX_SENTENCE characters, at the last space."""
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield from _trimmed(text, start, cut)
        start = cut
    yield from _trimmed(text, start, end)


def _hard_wrapped(lines: list[tuple[int, int]]) -> bool:
    """Three or more lines, all but the last of nearly one width between 50 and 100 characters."""
    widths = [b - a for a, b in lines[:-1]]
    return len(lines) >= 3 and min(widths) >= 50 and max(widths) <= 100 and max(widths) - min(widths) <= 25


def split_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each sentence in text[start:end].

    A sentence ends at . ! ? (with closing quotes) followed by a capital, a digit or an opening
    quote — with or without a space, since pasted pages glue sentences together — unless the
    word before the full stop is a known abbreviation or a single initial.
    """
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.end()
        if stop >= end:
            break
        nxt = stop
        while nxt < end and text[nxt] in " \t\n\xa0":
            nxt += 1
        if nxt >= end:
            break
        follower = text[nxt]
        if not (follower.isupper() or follower.isdigit() or follower in _OPENERS):
            continue
        if text[m.start()] == "." and m.group().rstrip("\"'”’)]") == ".":
            token = _word_before(text, pos, m.start()).lower()
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha() and token.isupper() is False
                                          and text[m.start() - 1].isupper()):
                continue
            if _DOTTED.fullmatch(token):  # U.S, e.g, a.m
                continue
        if nxt == stop and not (text[m.start()] in ".!?" and (follower in "\"'“‘«" or follower.isupper())):
            continue
        yield from _trimmed(text, pos, stop)
        pos = stop
    yield from _trimmed(text, pos, end)


def _word_before(text: str, start: int, end: int) -> str:
    """The run of word characters and dots that ends at ``end`` (not before ``start``), or just
    before a line break there: the word a full stop follows, "U.S" or "Dr" ("Dr\\n. Smith")."""
    if end > start and text[end - 1] == "\n":
        end -= 1
    i = end
    while i > start and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    return text[i:end]

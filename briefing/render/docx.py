"""Render Word: the briefing's Markdown to a .docx with Pandoc, styled by a ``reference.docx``.

The Markdown is the one the desk's ``briefing.md.j2`` wrote, so a template change shows in Word
as in the HTML and PDF. Pandoc reads it as CommonMark with the same extensions markdown-it-py
reads (pipe tables, ``[text]{#id}`` spans, ``{#id}`` after a link, ``:::`` blocks), nothing more:
article text is escaped for CommonMark, so no other syntax (``$math$``, ``^sup^``) can arise.
Every ``{#id}`` becomes a Word bookmark and every ``(#id)`` link an internal hyperlink to it.

Styles come from ``reference.docx``: the config's ``templates:`` folder first, then the built-in
one (``tools/make_reference_docx.py`` rebuilds it). The output is deterministic: the package is
rewritten with fixed timestamps and the document's dates are the config's ``date:``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..config import Config
from ..errors import RenderError
from . import BUILTIN
from .markdown import _LOCAL_LINK

REFERENCE = "reference.docx"
PANDOC_FORMAT = "commonmark+pipe_tables+bracketed_spans+attributes+fenced_divs"
TIMEOUT = 300  # seconds; the seed brief takes about one
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry; the dates inside say when

# Word's bookmark names: a letter, then letters, digits and underscores, at most 40 of them.
_BOOKMARK_NAME = re.compile(r'(w:name|w:anchor)="([^"]*)"')
_CORE_DATE = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CORE_TITLE = re.compile(r"<dc:title>[^<]*</dc:title>|<dc:title\s*/>")


def reference_docx(cfg: Config) -> Path:
    """The ``reference.docx`` to style the document with: the desk's, else the built-in one."""
    if cfg.templates is not None:
        own = cfg.templates / REFERENCE
        if os.path.lexists(own):
            if not cfg.paths_outside and not own.resolve().is_relative_to(cfg.templates.resolve()):
                raise RenderError(f"{own}: points outside the templates folder; copy the file in, "
                                  "or set paths_outside: true if that is intended")
            if not own.is_file():
                raise RenderError(f"{own}: not a regular file; save a Word document there "
                                  "(or remove it to use the built-in styles)")
            return own
    return BUILTIN / REFERENCE


def render_docx(markdown: str, cfg: Config) -> tuple[bytes, list[str]]:
    """The Word document of ``markdown`` (the briefing as ``render_markdown`` wrote it), and
    Pandoc's warnings."""
    reference = reference_docx(cfg)
    raw, warnings = _pandoc(_bookmark_links(markdown), reference, cfg.language)
    return _normalize(raw, cfg, reference), warnings


def _bookmark_links(markdown: str) -> str:
    """``[1](#ev-S1-4){#cite-S1-4}``: Pandoc keeps a link's own id out of Word; as the id of a
    span around the link it becomes a bookmark, which the evidence's back links can reach."""

    def wrap(m: re.Match[str]) -> str:
        own = m.group("own")
        return f"[{m.group(0)[:-len(own)]}]{own}" if own else m.group(0)

    return _LOCAL_LINK.sub(wrap, markdown)


def _pandoc_path() -> str:
    try:
        import pypandoc  # here: only this stage needs it
    except ImportError:
        raise RenderError("the Word output needs Pandoc: pip install pypandoc-binary, or build "
                          "without it (--format md,html,pdf,json)") from None
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError as exc:
        raise RenderError(f"the Word output needs Pandoc, which was not found ({exc}); "
                          "pip install pypandoc-binary") from None


def _pandoc(markdown: str, reference: Path, language: str) -> tuple[bytes, list[str]]:
    """Pandoc in its sandbox: it reads the Markdown and the reference document, nothing else."""
    args = [_pandoc_path(), "--sandbox", "--from", PANDOC_FORMAT, "--to", "docx",
            "--reference-doc", str(reference), "--metadata", f"lang={language}", "--output", "-"]
    env = {"PATH": os.environ.get("PATH", ""), "SOURCE_DATE_EPOCH": "0", "LANG": "C.UTF-8"}
    try:
        done = subprocess.run(args, input=markdown.encode("utf-8"), capture_output=True,
                              env=env, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(f"Word rendering took over {TIMEOUT} s and was stopped") from None
    except OSError as exc:
        raise RenderError(f"Pandoc could not be run ({exc.strerror}); reinstall pypandoc-binary") from None
    if done.returncode != 0 or not done.stdout.startswith(b"PK"):
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:300] or "no message"
        raise RenderError(f"Word rendering failed with {reference}: {message}")
    lines = done.stderr.decode("utf-8", "replace").splitlines()
    return done.stdout, [f"pandoc: {line.strip()}" for line in lines if line.strip()]


def _normalize(raw: bytes, cfg: Config, reference: Path) -> bytes:
    """The same package with fixed timestamps, Word-safe bookmark names, and the config's title
    and date as the document's: the same inputs give the same bytes."""
    try:
        source = zipfile.ZipFile(io.BytesIO(raw))
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise RenderError(f"Word rendering with {reference} gave a damaged file ({exc})") from None
    names: dict[str, str] = {}
    taken: set[str] = set()
    when = dt.datetime.combine(cfg.date, dt.time()).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in entries:
            if name == "word/document.xml":
                text = data.decode("utf-8")
                data = _BOOKMARK_NAME.sub(lambda m: f'{m.group(1)}="{_word_name(m.group(2), names, taken)}"',
                                          text).encode("utf-8")
            elif name == "docProps/core.xml":
                text = _CORE_DATE.sub(lambda m: m.group(1) + when + m.group(2), data.decode("utf-8"))
                data = _CORE_TITLE.sub(lambda m: f"<dc:title>{escape(_xml_text(cfg.title))}</dc:title>",
                                       text, count=1).encode("utf-8")
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()


def _xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (a control character would make the
    whole document unreadable to Word)."""
    return _NOT_XML.sub("", text)


def _word_name(name: str, names: dict[str, str], taken: set[str]) -> str:
    """A bookmark name Word keeps (``ev-S1-4`` → ``ev_S1_4``), the same for the same name and
    distinct for distinct ones. Hidden ones (``_Toc…``, Pandoc's) pass unchanged."""
    if name in names:
        return names[name]
    if name.startswith("_"):
        word = name
    else:
        base = re.sub(r"\W", "_", name, flags=re.ASCII)
        base = (base if base[:1].isalpha() else "b" + base)[:40]
        word, n = base, 1
        while word in taken:
            suffix = f"_{n}"
            word = base[:40 - len(suffix)] + suffix
            n += 1
    names[name] = word
    taken.add(word)
    return word

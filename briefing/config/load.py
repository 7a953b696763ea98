"""Typed configuration: declared once, validated with errors that read like a human wrote them.

``load_config`` reads the YAML safely, gathers *every* problem, and raises one ``ConfigError``
naming the file, the key path, what was expected and what arrived (the first problem in the
message, the rest counted).
"""

from __future__ import annotations

import datetime as dt
import difflib
import glob
import os
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import BriefingError, ConfigError
from .fields import (
    _aliases,
    _choice,
    _date,
    _describe,
    _encoding,
    _flag,
    _mapping_list,
    _Problems,
    _reliability,
    _str,
    _unknown_keys,
    _whole,
    _words,
)
from .model import (
    ANNEX_CHOICES,
    FACT_KINDS,
    KEY_FACT_KEYS,
    LAYOUTS,
    PAPER_SIZES,
    SECTION_KEYS,
    SOURCE_KEYS,
    TOP_KEYS,
    TOPIC_KEYS,
    Config,
    KeyFact,
    SectionConfig,
    SourceConfig,
    Topic,
    fact_kinds,
    slug,
)
from .paths import config_file, confine, file_kind, path_problem
from .regex import regex_problem
from .sidecar import is_sidecar, source_metadata


def read_yaml(path: Path) -> Any:
    """Load YAML safely; syntax errors become one line with file, line and column."""
    config_file(path)  # a FIFO or a device would hang or never end; a NUL would be a traceback
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}); pass the path of a config.yaml") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        # At the end of the file the problem began where its context did (an unclosed quote).
        at_end = exc.problem and "end of stream" in exc.problem and exc.context_mark is not None
        mark = exc.context_mark if at_end else exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        what = exc.problem or exc.context or "syntax error"
        raise ConfigError(f"{path}: {where}: YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: YAML error: {exc}") from None
    except ValueError as exc:  # a value YAML reads as a date but the calendar lacks: 2024-02-30
        raise ConfigError(f"{path}: {_impossible(text, exc)}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to be a config") from None


_YAML_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")


def _impossible(text: str, exc: ValueError) -> str:
    """'line 3: 2024-02-30 is not a date (day is out of range for month); …' for YAML's own
    date parsing, which raises a bare ValueError without a position."""
    for number, line in enumerate(text.splitlines(), 1):
        for m in _YAML_DATE.finditer(line.split("#", 1)[0]):
            try:
                dt.date(*map(int, m.group(0).split("-")))
            except ValueError:
                return f"line {number}: {m.group(0)} is not a date ({exc}); write a real date (YYYY-MM-DD)"
    return f"a value is not what YAML expects ({exc}); check the dates (YYYY-MM-DD)"


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate a config file; raise ConfigError listing every problem."""
    cfg_path = Path(path)
    data = read_yaml(cfg_path)
    shown = str(path)
    p = _Problems(shown)
    if not isinstance(data, dict):
        raise ConfigError(f"{shown}: expected a mapping of keys (title:, sources:, …) but received {_describe(data)}")
    root = cfg_path.resolve().parent
    _unknown_keys(data, TOP_KEYS, "", p)

    title = _str(data, "title", "", p, required=True) or ""
    date = _date(data, "date", "", p)
    if data.get("date") is None:  # absent, or written empty (date:)
        p.add("date", "is required: expected the briefing's date (YYYY-MM-DD)")
    paper = _str(data, "paper", "", p) or "A4"
    if paper not in PAPER_SIZES:
        p.add("paper", f"expected one of {', '.join(PAPER_SIZES)} but received {_describe(paper)}")
    key_points = _whole(data, "key_points", "", 5, p)

    paths_outside = _flag(data, "paths_outside", p)
    outside = _flag(data, "sources_outside", p) or paths_outside

    # Sources: each entry a file or a glob, relative to the config's folder.
    sources: list[SourceConfig] = []
    seen_ids: set[str] = set()
    if "sources" not in data or not data.get("sources"):
        p.add("sources", "no sources: list the article files (path: articles/*.txt)")
    for where, item in _mapping_list(data, "sources", p):
        _unknown_keys(item, SOURCE_KEYS, where, p)
        pattern = _str(item, "path", where, p, required=True)
        if pattern is None:
            continue
        problem = path_problem(pattern)
        if problem:
            p.add(where + "path", f"'{pattern[:60]}' {problem}")
            continue
        full = pattern if os.path.isabs(pattern) else str(root / pattern)
        matches = sorted(glob.glob(full)) if glob.has_magic(pattern) else [full]
        if glob.has_magic(pattern) and not matches:
            p.add(where + "path", f"the pattern '{pattern}' matches no file")
            continue
        for match in matches:
            mpath = Path(match)
            if glob.has_magic(pattern) and is_sidecar(mpath):
                continue  # articles/* matches the sidecars beside the texts: not articles
            kind = file_kind(mpath)
            if kind == "missing":
                p.add(where + "path", f"no such file: {pattern}; check the path (relative to {shown})")
                continue
            if kind is not None:
                if glob.has_magic(pattern) and kind == "a folder":
                    continue  # articles/* may match a subfolder: not an article
                p.add(where + "path", f"'{os.path.relpath(mpath, root)}' is {kind}, not an article file")
                continue
            if not outside and not mpath.resolve().is_relative_to(root):
                p.add(where + "path", f"'{pattern}' is outside the config's folder; move it in, or "
                                      "set sources_outside: true if that is intended")
                continue
            mpath, side = source_metadata(mpath, root, p, where)  # the config's values win
            explicit_id = _str(item, "id", where, p)
            if explicit_id is not None and len(matches) > 1:
                p.add(where + "id", "an id cannot be given to a glob that matches several files")
                explicit_id = None
            sid = f"S{len(sources) + 1}"
            if explicit_id is not None and explicit_id != sid:
                p.add(where + "id", f"sources are numbered in order; expected '{sid}' but received '{explicit_id}'")
            if sid in seen_ids:
                p.add(where + "id", f"duplicate source id '{sid}'")
            seen_ids.add(sid)
            try:
                display = os.path.relpath(mpath, root)
            except ValueError:
                display = str(mpath)
            one = len(matches) == 1
            sources.append(SourceConfig(
                id=sid,
                path=mpath,
                display_path=display,
                outlet=_str(item, "outlet", where, p) or side.outlet,
                title=(_str(item, "title", where, p) if one else None) or side.title,
                date=_date(item, "date", where, p) or side.date,
                url=(_str(item, "url", where, p) if one else None) or side.url,
                reliability=_reliability(item, where, p),
                encoding=_encoding(item, where, p) if mpath == Path(match) else "utf-8",  # a page's text
            ))

    topics: list[Topic] = []
    for where, item in _mapping_list(data, "topics", p):
        _unknown_keys(item, TOPIC_KEYS, where, p)
        name = _str(item, "name", where, p, required=True)
        keywords = _words(item, "keywords", where, p)
        if not keywords and "keywords" not in item:
            p.add(where + "keywords", "is required: expected a list of words or phrases")
        if name:
            if any(t.name == name for t in topics):
                p.add(where + "name", f"duplicate topic '{name}'")
            topics.append(Topic(name, _str(item, "label", where, p) or name.replace("_", " ").capitalize(), keywords))
    topic_names = [t.name for t in topics]

    def check_topic(name: str, where: str) -> None:
        if name not in topic_names:
            close = difflib.get_close_matches(name, topic_names, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; define it under topics: (known: {', '.join(topic_names) or 'none'})"
            p.add(where, f"names topic '{name}', which does not exist{hint}")

    key_facts: list[KeyFact] = []
    for where, item in _mapping_list(data, "key_facts", p):
        _unknown_keys(item, KEY_FACT_KEYS, where, p)
        kid = _str(item, "id", where, p, required=True)
        kind = _str(item, "kind", where, p, required=True)
        if kind is not None and kind not in FACT_KINDS:
            try:  # built-in kinds, then those installed extractor plugins register
                kinds = fact_kinds()
            except BriefingError as exc:  # a plugin registered under a name that cannot be a kind
                p.add(where + "kind", str(exc))
                kinds = (kind,)
            if kind not in kinds:
                close = difflib.get_close_matches(kind, kinds, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else "; an extractor plugin can add a kind (docs/api.md)"
                p.add(where + "kind", f"expected one of {', '.join(kinds)} but received '{kind}'{hint}")
        topic = _str(item, "topic", where, p)
        if kind == "topic" and topic is None:
            p.add(where + "topic", "is required for kind: topic (name one of topics:)")
        if topic is not None:
            check_topic(topic, where + "topic")
        if kid:
            if any(k.id == kid for k in key_facts):
                p.add(where + "id", f"duplicate key fact '{kid}'")
            key_facts.append(KeyFact(
                id=kid, label=_str(item, "label", where, p) or kid.replace("_", " ").capitalize(),
                kind=kind or "", near=_words(item, "near", where, p), unit=_words(item, "unit", where, p),
                topic=topic,
            ))

    sections: list[SectionConfig] = []
    for where, item in _mapping_list(data, "sections", p):
        _unknown_keys(item, SECTION_KEYS, where, p)
        title_s = _str(item, "title", where, p, required=True)
        names = _words(item, "topics", where, p)
        for j, name in enumerate(names):
            check_topic(name, f"{where}topics[{j}]")
        max_lines = _whole(item, "max_lines", where, 6, p)
        brief_lines = _whole(item, "brief_lines", where, 2, p, note="(0 leaves the section out of the brief)")
        sid = _str(item, "id", where, p) or slug(title_s or f"section-{len(sections) + 1}")
        if title_s:
            sections.append(SectionConfig(sid, title_s, names, max_lines, brief_lines))

    # Templates are code that renders: only a folder the config names is used (a templates/
    # folder that merely sits beside the config is not), and only inside the config's folder.
    tpl = _str(data, "templates", "", p)
    templates = None if tpl is None else confine(
        root, tpl, "templates", p, paths_outside, "folder",
        missing=f"no such folder: {tpl}; create it or remove the key to use the built-in templates")
    output = confine(root, _str(data, "output", "", p) or "build", "output", p, paths_outside, "output")

    junk = _words(data, "junk", "", p)
    for i, pattern in enumerate(junk):
        problem = regex_problem(pattern)
        if problem:
            p.add(f"junk[{i}]", problem)

    aliases = _aliases(data, p)
    from ..desk import read_bottom_line, read_judgments  # desk.py reads with this package's helpers

    judgments, judgments_file = read_judgments(data, root, shown, p, paths_outside)
    bottom_line, bottom_line_file = read_bottom_line(data, root, shown, p, paths_outside)
    layout = _choice(data, "layout", LAYOUTS, p)
    brief_voices = _whole(data, "brief_voices", "", 3, p)
    annex = _choice(data, "annex", ANNEX_CHOICES, p)
    prev = _str(data, "previous", "", p)
    previous = None if prev is None else confine(
        root, prev, "previous", p, paths_outside,
        missing=f"no such file: {prev}; name a facts.json from an earlier build")

    subtitle, author, handling, language = (_str(data, key, "", p) for key in ("subtitle", "author", "handling", "language"))

    p.raise_if_any()
    assert date is not None and output is not None
    return Config(
        path=cfg_path, root=root, title=title, date=date, sources=tuple(sources),
        subtitle=subtitle, author=author, handling=handling, paper=paper,
        language=language or "en", templates=templates, output=output,
        topics=tuple(topics), key_facts=tuple(key_facts), sections=tuple(sections), junk=junk,
        key_points=key_points, aliases=aliases, judgments=judgments, previous=previous,
        judgments_file=judgments_file, sources_outside=outside, paths_outside=paths_outside,
        bottom_line=bottom_line, bottom_line_file=bottom_line_file,
        layout=layout, annex=annex, brief_voices=brief_voices,
    )

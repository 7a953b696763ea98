"""Sidecars: a source's outlet, title, date and URL in a small YAML file beside its text.

``briefing import`` writes ``articles/<name>.source.yaml`` beside ``articles/<name>.txt``; the
config loader reads it for every source file, glob matches included, and the config's own values
win. A sidecar is data like the article (it was derived from a web page): read with
``yaml.safe_load``, bounded in size, each value checked, problems reported as config problems.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .fields import _date, _describe, _Problems, _str, _unknown_keys
from .paths import file_kind

SUFFIX = ".source.yaml"
KEYS = ("outlet", "title", "date", "url")
MAX_BYTES = 64_000
"""A sidecar holds four short values; a larger file is not one."""


@dataclass(frozen=True, slots=True)
class Sidecar:
    """What a sidecar says about one source; None where it says nothing."""

    outlet: str | None = None
    """Who published it (the site's name)."""
    title: str | None = None
    """The headline as published."""
    date: dt.date | None = None
    """The publication date."""
    url: str | None = None
    """Where the page was published."""


def sidecar_of(path: Path) -> Path:
    """``articles/a.txt`` -> ``articles/a.source.yaml`` (also for ``a.html``)."""
    return path.with_name(path.stem + SUFFIX) if path.suffix else path.with_name(path.name + SUFFIX)


def is_sidecar(path: Path) -> bool:
    """A glob such as ``articles/*`` matches sidecars too: they are not articles."""
    return path.name.endswith(SUFFIX)


def dump_sidecar(side: Sidecar) -> str:
    """The sidecar's text: the keys in a fixed order, absent values left out (deterministic)."""
    values = {"outlet": side.outlet, "title": side.title,
              "date": side.date.isoformat() if side.date else None, "url": side.url}
    kept = {k: v for k, v in values.items() if v}
    head = "# Written by 'briefing import'; values under sources: in the config win over these.\n"
    return head + yaml.safe_dump(kept, sort_keys=False, allow_unicode=True, width=1000)


def read_sidecar(source: Path, shown: str, p: _Problems, where: str) -> Sidecar:
    """The sidecar beside ``source`` (an empty Sidecar when there is none); problems go to ``p``
    under ``where`` (``sources[0].``), naming the sidecar as ``shown``."""
    side, problems = load_sidecar(sidecar_of(source), shown)
    for problem in problems:
        p.add(where + "path", problem)
    return side


def load_sidecar(path: Path, shown: str) -> tuple[Sidecar, list[str]]:
    """A sidecar file's values (empty when there is no file) and its problems, each a line
    naming it as ``shown``."""
    kind = file_kind(path)
    if kind == "missing":
        return Sidecar(), []
    if path.is_symlink():  # import writes files; a link could point anywhere on the machine
        return Sidecar(), [f"{shown}: is a link; a sidecar must be a file of its own beside its article"]
    if kind is not None:
        return Sidecar(), [f"{shown}: is {kind}, not a sidecar file; remove it"]
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return Sidecar(), [f"{shown}: cannot be read ({exc.strerror})"]
    if len(raw) > MAX_BYTES:
        return Sidecar(), [f"{shown}: over {MAX_BYTES // 1000} kB, too large to be a sidecar; remove it or import again"]
    try:
        data: Any = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Sidecar(), [f"{shown}: not UTF-8 text (byte {exc.start}); remove it or import again"]
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}: " if mark is not None else ""
        return Sidecar(), [f"{shown}: {at}not a sidecar (YAML error); fix it or import again"]
    if data is None:
        return Sidecar(), []
    if not isinstance(data, dict):
        return Sidecar(), [f"{shown}: expected outlet:, title:, date:, url: but received {_describe(data)}"]
    own = _Problems(shown)  # each problem reads "articles/a.source.yaml: date: expected …"
    _unknown_keys(data, KEYS, "", own)
    side = Sidecar(outlet=_str(data, "outlet", "", own), title=_str(data, "title", "", own),
                   date=_date(data, "date", "", own), url=_str(data, "url", "", own))
    return side, own.items


PAGE_SUFFIXES = (".html", ".htm")


def source_metadata(path: Path, root: Path, p: _Problems, where: str) -> tuple[Path, Sidecar]:
    """The file a source's text is read from, and what its sidecar says. A ``.html`` page is
    converted as ``briefing import`` converts it (the text cached under ``.briefing-cache/``
    beside the config); its sidecar's values win over what the page says about itself."""
    try:
        shown = os.path.relpath(sidecar_of(path), root)
    except ValueError:
        shown = str(sidecar_of(path))
    side = read_sidecar(path, shown, p, where)
    if path.suffix.lower() not in PAGE_SUFFIXES:
        return path, side
    from ..errors import BriefingError
    from ..importing import converted_source  # trafilatura's import only when a page is named

    try:
        text, page = converted_source(path, root)
    except BriefingError as exc:
        p.add(where + "path", str(exc))
        return path, side
    except OSError as exc:
        p.add(where + "path", f"{path.name}: its converted text cannot be cached ({exc.strerror})")
        return path, side
    return text, Sidecar(outlet=side.outlet or page.outlet, title=side.title or page.title,
                         date=side.date or page.date, url=side.url or page.url)

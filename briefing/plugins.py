"""Extractor plugins: a desk's own kinds of fact, registered in the ``briefing.extractors`` group.

A plugin is a function of one sentence's text and its article's publication date that returns
``Mention``s, registered as an entry point whose *name is the fact kind* it finds::

    [project.entry-points."briefing.extractors"]
    vessel = "briefing_vessels:find_vessels"

The name is all config validation needs (``key_facts: kind: vessel``), so a config is checked
without importing any plugin; the plugins themselves are imported once per process, the first
time a sentence is extracted (in each ``--jobs`` worker too), and run in the order of their
names. Anything a plugin does wrong (it cannot be imported, it raises, it returns a mention that
is not where it says) is a ``PluginError``: one line naming the plugin, exit 2.

This module is light on purpose (``briefing.config`` imports it to validate a kind): it imports
neither the extractors nor ``importlib.metadata`` until asked.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, get_args

from .config.model import FACT_KINDS
from .errors import BriefingError
from .models import Qualifier

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["GROUP", "Extractor", "Mention", "Plugin", "PluginError", "extractors", "plugin_kinds",
           "reset", "run_extractors"]

GROUP = "briefing.extractors"
"""The entry-point group extractor plugins register in."""

QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")


class PluginError(BriefingError):
    """An extractor plugin cannot be loaded, raised, or returned something that is not a mention."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A figure, date, quote or plugin fact found in a piece of text; offsets are into that text."""

    kind: str
    """The fact kind: a built-in one, or the plugin's entry-point name."""
    value: float | int | str
    """What the fact says: a number (money in currency units), an ISO date, or words."""
    unit: str | None
    """money: an ISO currency code; count: the counted noun; a plugin's own unit, or None."""
    qualifier: str
    """exact, about, at_least, more_than, less_than or up_to ("more than 30")."""
    start: int
    """Offset of the first character of the mention in the text."""
    end: int
    """Offset one past its last character: ``text[start:end]`` is the mention."""
    text: str
    """The mention as written, equal to the text's ``[start:end]``."""
    speaker: str | None = None
    """Quotes only (a plugin's is ignored)."""
    role: str | None = None
    """Quotes only (a plugin's is ignored)."""


class Extractor(Protocol):
    """What a ``briefing.extractors`` entry point names: a pure function of one sentence.

    ``text`` is the sentence exactly as in the article; ``published`` is the article's date
    (None when unknown), for relative dates. It returns the mentions it finds, each of the kind
    the entry point is named for, located by offsets into ``text``; nothing found is ``[]``.
    """

    def __call__(self, text: str, published: dt.date | None, /) -> Iterable[Mention]: ...


@dataclass(frozen=True, slots=True)
class Plugin:
    """One loaded extractor plugin."""

    kind: str
    """The entry-point name: the kind of fact it finds."""
    target: str
    """Where it lives, as registered (``briefing_vessels:find_vessels``), for messages."""
    run: Extractor

    def __str__(self) -> str:
        return f"extractor plugin '{self.kind}' ({self.target})"


def _registered() -> list[EntryPoint]:
    """The group's entry points, sorted by name, each name checked."""
    from importlib.metadata import entry_points

    found = sorted(entry_points(group=GROUP), key=lambda ep: (ep.name, ep.value))
    seen: dict[str, str] = {}
    for ep in found:
        where = f"extractor plugin '{ep.name[:40]}' ({ep.value[:80]})"
        if not _NAME.match(ep.name):
            raise PluginError(f"{where}: its entry-point name is the fact kind it finds, so it must be "
                              "lower-case letters, digits and _ (at most 40, a letter first)")
        if ep.name in FACT_KINDS:
            raise PluginError(f"{where}: '{ep.name}' is a built-in kind of fact; register the plugin "
                              "under a name of its own")
        if ep.name in seen:
            raise PluginError(f"{where}: the name is registered twice (also by {seen[ep.name]}); "
                              "uninstall one of them")
        seen[ep.name] = ep.value[:80]
    return found


@functools.cache
def plugin_kinds() -> tuple[str, ...]:
    """The kinds installed plugins register, sorted, without importing any of them."""
    return tuple(ep.name for ep in _registered())


@functools.cache
def extractors() -> tuple[Plugin, ...]:
    """Every installed extractor plugin, imported once per process, in the order of their names."""
    plugins = []
    for ep in _registered():
        where = f"extractor plugin '{ep.name}' ({ep.value[:80]})"
        try:
            run = ep.load()
        except Exception as exc:
            raise PluginError(f"{where}: cannot be imported: {_one_line(exc)}") from None
        if not callable(run):
            raise PluginError(f"{where}: names a {type(run).__name__}, not a function of "
                              "(text, published)")
        plugins.append(Plugin(ep.name, ep.value[:80], run))
    return tuple(plugins)


def reset() -> None:
    """Forget the plugins found so far (after installing one in a running process, or in tests)."""
    plugin_kinds.cache_clear()
    extractors.cache_clear()


def run_extractors(text: str, published: dt.date | None) -> list[Mention]:
    """Every plugin's mentions in one sentence, plugin by plugin, each checked."""
    out: list[Mention] = []
    for plugin in extractors():
        try:
            found = list(plugin.run(text, published))
        except Exception as exc:
            raise PluginError(f"{plugin} raised {_one_line(exc)}") from None
        for mention in found:
            problem = _problem(mention, plugin.kind, text)
            if problem:
                raise PluginError(f"{plugin} returned {problem}")
            out.append(mention)
    return out


def _problem(m: object, kind: str, text: str) -> str | None:
    """What is wrong with a plugin's mention, or None."""
    if not isinstance(m, Mention):
        return f"a {type(m).__name__} where a briefing.plugins.Mention was expected"
    if m.kind != kind:
        return f"a mention of kind '{str(m.kind)[:40]}'; a plugin registered as '{kind}' finds '{kind}' facts"
    if not (isinstance(m.start, int) and isinstance(m.end, int) and 0 <= m.start < m.end <= len(text)):
        return f"a mention at {m.start!r}-{m.end!r}, outside the sentence (0-{len(text)})"
    if m.text != text[m.start:m.end]:
        return (f"a mention whose text {str(m.text)[:40]!r} is not the sentence's text at "
                f"{m.start}-{m.end} ({text[m.start:m.end][:40]!r})")
    if isinstance(m.value, bool) or not isinstance(m.value, (int, float, str)) or \
            (isinstance(m.value, float) and not math.isfinite(m.value)):
        return f"a mention whose value {str(m.value)[:40]!r} is not a finite number or a string"
    if m.qualifier not in QUALIFIERS:
        return f"a mention whose qualifier {str(m.qualifier)[:40]!r} is not one of {', '.join(QUALIFIERS)}"
    if m.unit is not None and not isinstance(m.unit, str):
        return f"a mention whose unit {str(m.unit)[:40]!r} is not a string or None"
    return None


def _one_line(exc: BaseException) -> str:
    """An exception as one short line: its type and the first line of its message."""
    message = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {message[0][:200]}" if message else type(exc).__name__

"""Reading one config value: each helper checks a type and records a human problem, so the
user sees every problem at once."""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
from typing import Any

from ..errors import ConfigError
from .model import RANGES, RELIABILITY


class _Problems:
    """Collects problems so the user sees them all at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{self.file}: {where}: {message}" if where else f"{self.file}: {message}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        first = self.items[0]
        more = len(self.items) - 1
        suffix = (f" (and {more} more problem{'s' if more > 1 else ''}: run 'briefing check {self.file}')"
                  if more else "")
        raise ConfigError(first + suffix, self.items)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


def _unknown_keys(mapping: dict[str, Any], allowed: tuple[str, ...], where: str, p: _Problems) -> None:
    for key in mapping:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(allowed)}"
        p.add(f"{where}{key}" if where else str(key), f"unknown key{hint}")


def _str(m: dict[str, Any], key: str, where: str, p: _Problems, required: bool = False) -> str | None:
    value = m.get(key)
    if value is None:
        if required:
            p.add(where + key, "is required: expected a string")
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        p.add(where + key, f"expected a string but received {_describe(value)}")
        return None
    return value.strip()


def _date(m: dict[str, Any], key: str, where: str, p: _Problems) -> dt.date | None:
    value = m.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    p.add(where + key, f"expected a date (YYYY-MM-DD) but received {_describe(value)}")
    return None


def _words(m: dict[str, Any], key: str, where: str, p: _Problems) -> tuple[str, ...]:
    value = m.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        p.add(where + key, f"expected a list of strings but received {_describe(value)}")
        return ()
    return tuple(v.strip() for v in value)


def _mapping_list(m: dict[str, Any], key: str, p: _Problems) -> list[tuple[str, dict[str, Any]]]:
    value = m.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        p.add(key, f"expected a list but received {_describe(value)}")
        return []
    out = []
    for i, item in enumerate(value):
        where = f"{key}[{i}]."
        if not isinstance(item, dict):
            p.add(f"{key}[{i}]", f"expected a mapping (key: value lines) but received {_describe(item)}")
            continue
        out.append((where, item))
    return out


def _flag(data: dict[str, Any], key: str, p: _Problems) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        p.add(key, f"expected true or false but received {_describe(value)}")
        return False
    return value


def _choice(data: dict[str, Any], key: str, choices: tuple[str, ...], p: _Problems) -> str:
    """One of a few words; the first is the default."""
    value = _str(data, key, "", p)
    if value is None:
        return choices[0]
    if value not in choices:
        p.add(key, f"expected one of {', '.join(choices)} but received {_describe(value)}")
        return choices[0]
    return value


def _reliability(item: dict[str, Any], where: str, p: _Problems) -> str | None:
    value = _str(item, "reliability", where, p)
    if value is None:
        return None
    if value.upper() not in RELIABILITY:
        p.add(where + "reliability", f"expected a letter A-F (A: completely reliable … E: unreliable, "
                                     f"F: cannot be judged) but received {_describe(value)}")
        return None
    return value.upper()


def _encoding(item: dict[str, Any], where: str, p: _Problems) -> str:
    value = _str(item, "encoding", where, p)
    if value is None:
        return "utf-8"
    try:
        codecs.lookup(value)
    except LookupError:
        p.add(where + "encoding", f"unknown text encoding {_describe(value)}; try utf-8, cp1252 or latin-1")
        return "utf-8"
    return value


def _aliases(data: dict[str, Any], p: _Problems) -> tuple[tuple[str, tuple[str, ...]], ...]:
    value = data.get("aliases")
    if value is None:
        return ()
    if not isinstance(value, dict):
        p.add("aliases", f"expected a mapping (Canonical Name: [Other Spelling, …]) but received "
                         f"{_describe(value)}")
        return ()
    out = []
    seen: dict[str, str] = {}
    for name in value:
        words = _words(value, name, "aliases.", p)
        for variant in words:
            if variant.lower() in seen:
                p.add(f"aliases.{name}", f"'{variant}' is already an alias of '{seen[variant.lower()]}'")
            seen[variant.lower()] = str(name)
        out.append((str(name), words))
    return tuple(out)


def _whole(m: dict[str, Any], key: str, where: str, default: int, p: _Problems, note: str = "") -> int:
    """A whole number within the range ``model.RANGES`` gives ``key`` (the schema's too)."""
    value = m.get(key, default)
    low, high = RANGES[key]
    if isinstance(value, int) and not isinstance(value, bool) and low <= value and (high is None or value <= high):
        return value
    span = f"from {low} to {high}" if high is not None else f"of at least {low}"
    p.add(where + key, f"expected a whole number {note or span} but received {_describe(value)}")
    return default

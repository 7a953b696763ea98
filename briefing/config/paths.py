"""Every path a config names is confined to the config's folder.

A config is data: it may come from a colleague, a ticket or a repository. So a path it names
(sources, templates, output, judgments, bottom_line, previous) must, once symlinks are resolved,
lie inside the config's folder, unless the config opts in with ``paths_outside: true`` (or, for
sources only, ``sources_outside: true``). Paths given on the command line are the user's own
choice and are not confined.

A path is also refused, as one problem, when it holds a NUL, is longer than the system allows,
or names a FIFO or a device where a file is expected (reading one would hang or never end).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import ConfigError
from .fields import _Problems

# Linux's PATH_MAX and NAME_MAX; longer paths fail in the kernel with a less helpful message.
MAX_PATH = 4096
MAX_NAME = 255


def path_problem(value: str) -> str | None:
    """What is wrong with a path's spelling (NUL, length), or None."""
    if "\0" in value:
        return "holds a NUL character; a path cannot"
    if len(os.fsencode(value)) > MAX_PATH or any(len(os.fsencode(part)) > MAX_NAME for part in Path(value).parts):
        return f"is longer than the system allows ({len(value)} characters)"
    return None


def inside(root: Path, value: str) -> tuple[Path, bool]:
    """``value`` resolved against ``root`` (symlinks followed), and whether it stays inside."""
    path = (root / value).resolve()
    return path, path == root or path.is_relative_to(root)


def file_kind(path: Path) -> str | None:
    """None for a regular file; else what it is ('a folder', 'a FIFO', 'a device', 'missing')."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable ({exc.strerror})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


OUTSIDE_HINT = "move it in, or set paths_outside: true if that is intended"


def config_file(path: Path) -> None:
    """Refuse, with one line, a config path that is not a regular file we can read whole."""
    shown = str(path)
    problem = path_problem(shown)
    if problem:
        raise ConfigError(f"{shown[:80]}{'…' if len(shown) > 80 else ''}: {problem}; pass the path of a config.yaml")
    kind = file_kind(path)
    if kind == "missing":
        raise ConfigError(f"{shown}: no such file; pass the path of a config.yaml")
    if kind == "a folder":
        raise ConfigError(f"{shown}: is a folder; pass the path of a config.yaml inside it")
    if kind is not None:
        raise ConfigError(f"{shown}: is {kind}, not a file; pass the path of a config.yaml")


def _short(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def confine(root: Path, value: str, key: str, p: _Problems, outside: bool, expect: str = "file",
            missing: str | None = None) -> Path | None:
    """The path a config key names, resolved and checked, or None with a problem recorded.

    ``expect`` is ``file`` (a regular file that exists), ``folder`` (one that exists) or
    ``output`` (a folder that may not exist yet). ``missing`` is the message for a path that
    does not exist.
    """
    problem = path_problem(value)
    if problem:
        p.add(key, f"'{_short(value)}' {problem}")
        return None
    path, ok = inside(root, value)
    if not ok and not outside:
        p.add(key, f"'{_short(value)}' is outside the config's folder; {OUTSIDE_HINT}")
        return None
    if expect == "output":
        if path.exists() and not path.is_dir():
            p.add(key, f"'{_short(value)}' is a file, not a folder; name a folder for the outputs")
            return None
        return path
    kind = file_kind(path)
    if kind == "missing":
        p.add(key, missing or f"no such {'folder' if expect == 'folder' else 'file'}: {_short(value)}")
        return None
    if expect == "folder":
        if kind != "a folder":
            p.add(key, f"'{_short(value)}' is {kind or 'a file'}, not a folder")
            return None
    elif kind is not None:
        p.add(key, f"'{_short(value)}' is {kind}, not a file")
        return None
    return path

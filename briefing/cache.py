"""The rebuild cache: skip the stages whose inputs have not changed, by content hash.

Two keys. The *compose* key hashes what the briefing's content depends on: briefing's own code,
the config file, every source file, the judgments file and the previous facts.json. The *render*
key adds the templates (the user's and the built-in ones, and the shipped fonts) and the formats
asked for. When the render key matches and every output is on disk with the bytes the cache
recorded, nothing is rebuilt; when only the compose key matches, the composed briefing is loaded
and only rendering runs. ``briefing build --force`` ignores the cache.

The cache lives beside the config, in ``.briefing-cache/`` (one folder per output folder, as
Quarto keeps ``.quarto/``), so the output folder holds only the outputs. It is written by the
same atomic rename as the outputs, after them. A cache that cannot be read is ignored, never an
error.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .config import Config
from .models import Briefing
from .render import BUILTIN, write_output

CACHE_DIR = ".briefing-cache"
PACKAGE = Path(__file__).resolve().parent
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Keys:
    compose: str
    render: str


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and not p.name.startswith("."))


def _read(path: Path | None) -> bytes:
    try:
        return path.read_bytes() if path else b""
    except OSError:
        return b"<unreadable>"  # the stage itself will report it


def _file_digest(path: Path) -> bytes:
    """A file's SHA-256, read in blocks: a source of any size costs no memory to hash."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except OSError:
        return b"<unreadable>"  # the stage itself will report it


def _versions() -> str:
    """The renderers' versions: a new WeasyPrint may draw the same HTML differently."""
    found = []
    for name in ("weasyprint", "jinja2", "markdown-it-py", "mdit-py-plugins"):
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


def keys(cfg: Config, formats: Sequence[str], previous: Path | None) -> Keys:
    """The compose and render keys of a build."""
    code = [p for p in _files(PACKAGE) if p.suffix == ".py"]
    compose = _digest([
        str(FORMAT_VERSION).encode(), *(p.read_bytes() for p in code), _read(cfg.path),
        f"{cfg.layout},{cfg.brief_voices}".encode(),
        *(str(s.path).encode() + b"\0" + _file_digest(s.path) for s in cfg.sources),
        _read(cfg.judgments_file), _read(cfg.bottom_line_file), _read(previous),
    ])
    templates = [*_files(cfg.templates), *_files(BUILTIN), *_files(PACKAGE / "fonts")]
    render = _digest([compose.encode(), ",".join(formats).encode(), cfg.annex.encode(), _versions().encode(),
                      *(str(p).encode() + b"\0" + p.read_bytes() for p in templates)])
    return Keys(compose, render)


def folder(cfg: Config, out: Path) -> Path:
    """The cache folder for builds of this config into ``out``."""
    return cfg.root / CACHE_DIR / hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]


def read_state(where: Path) -> dict[str, Any]:
    try:
        state = json.loads((where / "state.json").read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def outputs_current(state: dict[str, Any], keys: Keys, outputs: dict[str, Path]) -> bool:
    """Are the outputs on disk exactly what a build with these keys wrote?"""
    if state.get("render") != keys.render:
        return False
    recorded = state.get("outputs", {})
    for fmt, path in outputs.items():
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() != recorded.get(fmt):
                return False
        except OSError:
            return False
    return True


def load_composed(where: Path, state: dict[str, Any], keys: Keys) -> tuple[Briefing, list[str]] | None:
    """The briefing composed by an earlier build with the same compose key, if there is one."""
    if state.get("compose") != keys.compose:
        return None
    try:
        with open(where / "briefing.pickle", "rb") as handle:
            # Written by this code for this output folder (the key covers the code itself).
            briefing, warnings = pickle.load(handle)
    except Exception:  # a stale or damaged cache is only a slower build
        return None
    if not isinstance(briefing, Briefing):
        return None
    return briefing, list(warnings)


def save(where: Path, keys: Keys, briefing: Briefing, warnings: list[str],
         written: dict[str, bytes], pages: int) -> None:
    # Pickled straight into the file: a big corpus's briefing is hundreds of MB as bytes.
    write_output(where / "briefing.pickle",
                 lambda handle: pickle.dump((briefing, warnings), handle, protocol=pickle.HIGHEST_PROTOCOL))
    state = {"compose": keys.compose, "render": keys.render, "pages": pages,
             "outputs": {fmt: hashlib.sha256(data).hexdigest() for fmt, data in written.items()}}
    write_output(where / "state.json", json.dumps(state, indent=1, sort_keys=True) + "\n")

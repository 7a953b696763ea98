"""The rebuild cache: skip the stages whose inputs have not changed, by content hash.

Two keys. The *compose* key hashes what the briefing's content depends on: briefing's own code,
the config file, every source file, the judgments file and the previous facts.json. The *render*
key adds every file of the templates folders (the user's and the built-in ones, hidden files
too, which a template can include as well; only ``.git``, ``.hg``, ``.svn`` and ``__pycache__``
folders are left out), the shipped fonts, the renderers' versions and the formats asked for.
When the render key matches and every output is on disk with the bytes the cache recorded,
nothing is rebuilt; when only the compose key matches, the composed briefing is read back and
only rendering runs. ``briefing build --force`` ignores the cache.

The cache lives beside the config, in ``.briefing-cache/`` (one folder per output folder, as
Quarto keeps ``.quarto/``), so the output folder holds only the outputs: ``state.json`` (the
keys, the page count and each output's SHA-256) and ``briefing.json`` (a header line with the
format, its version and the compose key, then the composed briefing and its warnings), both
written by ``briefing.codec`` after the outputs, by the same atomic rename.

The cache is data, never code: the keys are computed from inputs anyone may see, so anyone who
can write into the folder can plant a file with the right name. Both files are read by
``briefing.codec``, which checks every value against the type it must have and builds nothing
else; a file that is not a regular file, too big, not JSON, of another format or version, or
holding anything but a briefing, is set aside: the build runs in full and says so in one warning
("cache: …: unreadable (…), rebuilt from the sources"), never an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from . import codec
from .errors import CodecError

if TYPE_CHECKING:
    from .config import Config
    from .models import Briefing

# The models, renderers and ingest are imported where a build needs them: ``unchanged``, the whole
# of a rebuild with nothing changed, reads only the config, the state and the files it hashes.

CACHE_DIR = ".briefing-cache"
PACKAGE = Path(__file__).resolve().parent
FORMAT: Literal["briefing-cache"] = "briefing-cache"
FORMAT_VERSION = 2
"""2: JSON read by ``briefing.codec`` (1 was a pickle, which runs code as it loads)."""
SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "__pycache__"})
"""Folders of a templates folder that no template reads; every other file is in the render key."""
MAX_STATE_BYTES = 1 << 20
MAX_BRIEFING_BYTES = 4 << 30
"""Larger than any briefing's (a 50 MB article's is hundreds of MB): a bigger file is refused
before it is read."""


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


@dataclass(frozen=True)
class State:
    """``state.json``: what the last build into an output folder was made from, and wrote."""

    compose: str
    render: str
    pages: int
    outputs: dict[str, str]
    """Each format's output, by the SHA-256 of its bytes."""
    warnings: list[str]
    """The warnings of the build that composed the briefing, said again by a rebuild."""
    missing: list[str]
    """The key facts (their labels) that no source gave."""


@dataclass(frozen=True)
class Header:
    """The first line of ``briefing.json``: what wrote it, for which sources."""

    format: Literal["briefing-cache"]
    version: int
    compose: str


def composed() -> Any:
    """The second line of ``briefing.json``: the composed briefing and the warnings on the way."""
    from .models import Briefing

    return tuple[Briefing, list[str]]


def _files(folder: Path | None) -> list[Path]:
    """Every file under ``folder`` a template could read: hidden ones and those reached through
    a linked folder too (as Jinja's loader reaches them), in a stable order."""
    if folder is None or not folder.is_dir():
        return []
    found: list[Path] = []
    seen: set[str] = set()
    for top, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:  # a link back to a folder already listed: its files are in the key
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = [d for d in dirs if d not in SKIPPED_FOLDERS]
        found += (Path(top, n) for n in names if os.path.isfile(os.path.join(top, n)))
    return sorted(found)


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
    for name in ("weasyprint", "jinja2", "markdown-it-py", "mdit-py-plugins", "pypandoc-binary",
                 "trafilatura", "htmldate"):
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


def _plugins(group: str) -> str:
    """The plugins of an entry-point group, with their packages' versions: installing, upgrading
    or removing one changes what a build makes."""
    found = []
    for ep in sorted(metadata.entry_points(group=group), key=lambda e: (e.name, e.value)):
        dist = getattr(ep, "dist", None)
        found.append(f"{ep.name}={ep.value}@{dist.name if dist else '?'}=={dist.version if dist else '?'}")
    return ",".join(found)


def keys(cfg: Config, formats: Sequence[str], previous: Path | None) -> Keys:
    """The compose and render keys of a build."""
    code = [p for p in _files(PACKAGE) if p.suffix == ".py"]
    compose = _digest([
        str(FORMAT_VERSION).encode(), *(_read(p) for p in code), _read(cfg.path),
        f"{cfg.layout},{cfg.brief_voices}".encode(),
        *(str(s.path).encode() + b"\0" + _file_digest(s.path) for s in cfg.sources),
        # What the config or a sidecar (articles/x.source.yaml) says of each source.
        *(repr((s.outlet, s.title, s.date, s.url, s.reliability, s.encoding)).encode() for s in cfg.sources),
        _read(cfg.judgments_file), _read(cfg.bottom_line_file), _read(previous),
        _plugins("briefing.extractors").encode(),
    ])
    templates = [*_files(cfg.templates), *_files(PACKAGE / "templates"), *_files(PACKAGE / "fonts")]
    render = _digest([compose.encode(), ",".join(formats).encode(), cfg.annex.encode(), _versions().encode(),
                      _plugins("briefing.formats").encode(),
                      *(str(p).encode() + b"\0" + _file_digest(p) for p in templates)])
    return Keys(compose, render)


def folder(cfg: Config, out: Path) -> Path:
    """The cache folder for builds of this config into ``out``."""
    return cfg.root / CACHE_DIR / hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]


def _read_file(path: Path, limit: int) -> bytes | None:
    """A cache file's bytes; None when there is none. CodecError when it is not a regular file
    (a link, a device, a pipe that would block) or longer than ``limit``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CodecError(f"cannot be opened ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CodecError("not a regular file")
        if info.st_size > limit:
            raise CodecError(f"{info.st_size} bytes, more than the {limit} allowed")
        return handle.read(limit + 1)


def _set_aside(path: Path, exc: Exception) -> str:
    from .ingest import shown_path

    why = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
    return f"cache: {shown_path(path)}: unreadable ({why}), rebuilt from the sources"


def _older_state(data: bytes) -> bool:
    """Is this 0.4's state.json (four fields: the keys, the page count, the outputs' digests)?"""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):  # not JSON, or nested too deep for the parser
        return False
    return (isinstance(value, list) and len(value) == 4 and [type(v) for v in value] == [str, str, int, dict]
            and all(isinstance(v, str) for v in value[3].values()))


def read_state(where: Path, problems: list[str] | None = None) -> dict[str, Any]:
    """The last build's ``State`` as a dict; empty when there is none or it cannot be used (said
    in ``problems``)."""
    path = where / "state.json"
    data: bytes | None = None
    try:
        data = _read_file(path, MAX_STATE_BYTES)
        if data is None:
            return {}
        state: State = codec.loads(data, State, MAX_STATE_BYTES)
    except (CodecError, OSError) as exc:
        if data is not None and _older_state(data):
            return {}  # not damaged, only written by 0.4: the build runs in full, unremarked
        if problems is not None:
            problems.append(_set_aside(path, exc))
        return {}
    return dataclasses.asdict(state)


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


def load_composed(where: Path, state: dict[str, Any], keys: Keys,
                  problems: list[str] | None = None) -> tuple[Briefing, list[str]] | None:
    """The briefing composed by an earlier build with the same compose key, if there is one that
    reads back whole; when the state promised one that does not, ``problems`` says so."""
    if state.get("compose") != keys.compose:
        return None
    path = where / "briefing.json"
    try:
        data = _read_file(path, MAX_BRIEFING_BYTES)
        if data is None:
            raise CodecError("missing")
        head, _, body = data.partition(b"\n")
        header: Header = codec.loads(head, Header)
        if header.version != FORMAT_VERSION:
            raise CodecError(f"format version {header.version}, not {FORMAT_VERSION}")
        if header.compose != keys.compose:
            raise CodecError("written for other sources than state.json says")
        briefing, warnings = codec.loads(body, composed(), MAX_BRIEFING_BYTES)
    except (CodecError, OSError) as exc:
        if problems is not None:
            problems.append(_set_aside(path, exc))
        return None
    return briefing, warnings


def unchanged(cfg: Config, outputs: dict[str, Path], previous: Path | None) -> State | None:
    """The last build's state when it made exactly these outputs (format → path), as this one
    would: same keys, every output on disk with the bytes it wrote. A rebuild with nothing changed
    needs no more; any doubt (no state, an unreadable one) is None, and the full build says why."""
    out = next(iter(outputs.values())).parent
    keys_now = keys(cfg, list(outputs), previous)
    state = read_state(folder(cfg, out))
    if not state or set(state["outputs"]) != set(outputs) or state["compose"] != keys_now.compose:
        return None
    return State(**state) if outputs_current(state, keys_now, outputs) else None


def save(where: Path, keys: Keys, briefing: Briefing, warnings: list[str],
         written: dict[str, bytes], pages: int) -> None:
    """Write the cache for the outputs just written (``state.json`` last: it vouches for both)."""
    from .render import write_output

    kind = composed()
    header = codec.dumps(Header(FORMAT, FORMAT_VERSION, keys.compose), Header)

    def write(handle: BinaryIO) -> None:  # piece by piece: a big corpus's briefing is hundreds of MB
        handle.write(header + b"\n")
        codec.dump((briefing, list(warnings)), kind, handle.write)
        handle.write(b"\n")

    write_output(where / "briefing.json", write)
    state = State(keys.compose, keys.render, pages,
                  {fmt: hashlib.sha256(data).hexdigest() for fmt, data in written.items()},
                  list(warnings), [r.label for r in briefing.key_facts if not r.found])
    write_output(where / "state.json", codec.dumps(state, State) + b"\n")
    for stale in ("briefing.pickle",):  # version 1's, never read again
        with contextlib.suppress(OSError):
            (where / stale).unlink()

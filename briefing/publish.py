"""Publish: put a build's whole output set in its folder in one step, all old or all new.

``publish(out, files)`` writes every output into a fresh sibling of the output folder, in the
same parent (``build/`` → ``.build.new-x1y2z3w4``), with each file and the folder fsynced. Files of
the old folder that this build did not write (a PDF when only ``--format json`` was asked, a
user's own notes) are hard-linked into it (copied if linking fails), so nothing is lost. Then:

- **Linux**: ``renameat2(RENAME_EXCHANGE)`` swaps the two folders in one step; the old set, now
  under the temporary name, is deleted. At every instant ``build/`` holds the complete old set or
  the complete new set, whatever kills the process (``kill -9``, power loss after the fsyncs).
- **Elsewhere** (no ``renameat2``, or a file system that refuses the exchange): two renames,
  ``build/`` → ``.build.old-…`` then ``.build.new-…`` → ``build/``. Between them ``build/`` does
  not exist, but the complete old set sits in ``.build.old-…``: a process killed there leaves no
  mixed set, and the next build's ``remove_leftovers`` renames the old set back before it starts.

A failure while writing (a full disk: ENOSPC) removes the temporary folder and leaves
``build/`` untouched, with a one-line RenderError. The output folder stays a real folder; an
output folder given as a symbolic link is published at the folder the link points to.

Builds into the same folder take turns: the carry-over and the switch run under an exclusive
``flock`` on the parent folder, and each temporary folder is locked by the build writing it, so
``remove_leftovers`` only removes what a dead build left. ``check_output_folder`` refuses an
output folder that would overwrite or swallow the build's own inputs.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from .errors import RenderError
from .ingest import shown_path

CHUNK = 1 << 20
"""Bytes per ``os.write``: large outputs are written in pieces, so a full disk fails part-way."""

_POSIX = os.name == "posix"
"""Folders can be opened, to fsync and flock them (not on Windows, where builds are unlocked)."""
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def check_output_folder(out: Path, config: Path, sources: Iterable[tuple[Path, str]]) -> None:
    """Refuse an output folder that is, holds or is inside a source's folder, or holds the config.

    ``sources`` are (path, shown path) pairs. Publishing replaces the whole output folder and
    writes ``briefing.md`` and ``facts.json`` into it: an article of that name would be
    overwritten, ``sources: articles/*`` would read the last build's outputs, and a folder holding
    the articles or the config would be rebuilt around them. A source folder that holds the config
    itself (articles beside config.yaml) is allowed to hold the output folder, as ``build/`` is.
    """
    target = out.resolve()
    cfg = config.resolve()
    out = Path(shown_path(out))
    fix = f"choose a folder of its own for the outputs (--out, or output: in {config.name})"
    if cfg.is_relative_to(target):
        raise RenderError(f"{out}: the output folder holds the config file {config.name}; {fix}")
    folders: dict[Path, str] = {}
    for path, shown in sources:
        folders.setdefault(path.parent, shown)
    for folder, shown in ((f.resolve(), shown) for f, shown in folders.items()):
        if folder == target:
            raise RenderError(f"{out}: the output folder is the folder of the source {shown}, where a "
                              f"build would overwrite articles or read its own outputs back; {fix}")
        if folder.is_relative_to(target):
            raise RenderError(f"{out}: the output folder holds the source {shown}; {fix}")
        if target.is_relative_to(folder) and not cfg.is_relative_to(folder):
            raise RenderError(f"{out}: the output folder is inside the folder of the source {shown}, "
                              f"where a build would overwrite articles or read its own outputs; {fix}")


def temp_patterns(out: Path, names: Iterable[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The names our temporary files take: sibling folders of ``out``, and ``.*.tmp`` inside it
    (written by ``write_output`` into the output folder up to briefing 0.3.0)."""
    folders = re.compile(rf"\.{re.escape(out.name)}\.(new|old)-[a-z0-9_]{{8}}")
    files = re.compile(rf"\.(?:{'|'.join(re.escape(n) for n in names)})\.[a-z0-9_]{{8}}\.tmp")
    return folders, files


def remove_leftovers(out: Path, names: Iterable[str]) -> None:
    """Undo what an interrupted build left: restore an old set caught between the two renames of
    the fallback scheme, delete stale temporary sibling folders (not those a live build holds) and
    stale ``.<output>.<random>.tmp`` files inside ``out``. Only names of our own patterns."""
    out = _real(out)
    if not out.parent.is_dir():
        return
    folders, files = temp_patterns(out, names)
    try:
        with _hold(out.parent):
            found = sorted(e.name for e in os.scandir(out.parent)
                           if folders.fullmatch(e.name) and e.is_dir(follow_symlinks=False))
            olds = [n for n in found if ".old-" in n]
            if olds and not os.path.lexists(out):
                os.rename(out.parent / olds[0], out)  # the complete old set, back in place
            for name in found:
                _remove_if_stale(out.parent / name)
            if out.is_dir():
                for entry in os.scandir(out):
                    if files.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                        os.unlink(entry.path)
    except OSError as exc:
        raise RenderError(f"{shown_path(out)}: cannot remove what an interrupted build left "
                          f"({exc.strerror or exc}); check the output folder") from None


def publish(out: Path, files: Mapping[str, bytes]) -> dict[str, Path]:
    """Write ``files`` (name → bytes) as the new content of ``out``, in one step; see the module
    docstring. Returns each name's path in ``out``."""
    given, shown = out, shown_path(out)
    out = _real(out)
    if os.path.lexists(out) and not out.is_dir():
        raise RenderError(f"{shown}: is a file, not a folder; choose another output folder (--out)")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with _hold(out.parent):  # made and locked at once: remove_leftovers never sees it free
            tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
            held = _hold(tmp)
    except OSError as exc:
        raise RenderError(f"{shown}: cannot be written ({exc.strerror or exc}); "
                          "check the output folder") from None
    try:
        with held:
            os.chmod(tmp, stat.S_IMODE(out.stat().st_mode) if out.is_dir() else 0o777 & ~_umask())
            for name, data in files.items():
                _write_file(tmp / name, data)
            with _hold(out.parent):
                if out.is_dir():  # under the lock: what an earlier build just published is kept
                    _carry(out, tmp, set(files))
                _fsync(tmp)
                _switch(tmp, out)
                with contextlib.suppress(OSError):
                    _fsync(out.parent)
                shutil.rmtree(tmp, ignore_errors=True)  # after an exchange: the old set
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        raise RenderError(f"{shown}: cannot be written ({exc.strerror or exc}); the previous outputs "
                          f"are unchanged; {'free some space' if full else 'check the output folder'} "
                          "and build again") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {name: given / name for name in files}


def _real(out: Path) -> Path:
    """``out`` made absolute, through a symbolic link to the folder it names (published in place)."""
    return out.resolve() if out.is_symlink() else Path(os.path.abspath(out))


def _write_file(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view[:CHUNK]):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _carry(old: Path, new: Path, written: set[str]) -> None:
    """Every entry of ``old`` not in ``written`` into ``new``: files hard-linked (copied if that
    fails), links recreated, folders rebuilt the same way."""
    for entry in os.scandir(old):
        if entry.name in written:
            continue
        target = new / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), target)
        elif entry.is_dir(follow_symlinks=False):
            os.mkdir(target)
            shutil.copymode(entry.path, target)
            _carry(Path(entry.path), target, set())
            _fsync(target)
        elif entry.is_file(follow_symlinks=False):
            try:
                os.link(entry.path, target, follow_symlinks=False)
            except OSError:
                shutil.copy2(entry.path, target)
                fd = os.open(target, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        else:
            raise RenderError(f"{entry.path}: not a file, folder or link, so it cannot be carried "
                              "into the new output folder; move it out")


def _switch(new: Path, out: Path) -> None:
    """Make ``new`` the folder at ``out``; afterwards ``new`` names the old set (or nothing)."""
    if not out.is_dir():
        os.rename(new, out)
    elif not exchange(new, out):
        old = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
        os.rename(out, old)
        try:
            os.rename(new, out)
        except BaseException:
            os.rename(old, out)
            raise
        os.rename(old, new)  # so the caller deletes it; a crash here leaves a stale .old-


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically with Linux's renameat2(RENAME_EXCHANGE); False where the
    system or the file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove_if_stale(folder: Path) -> None:
    """Delete a temporary folder unless a live build holds its lock."""
    if not _POSIX:
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        if not _try_lock(fd, blocking=False):
            return
        shutil.rmtree(folder)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _held(fd: int) -> Iterator[None]:
    try:
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _hold(folder: Path) -> contextlib.AbstractContextManager[None]:
    """Take an exclusive flock on a folder now (nothing where flock is unavailable); the returned
    context manager releases it."""
    if not _POSIX:
        return contextlib.nullcontext()
    fd = os.open(folder, os.O_RDONLY)
    try:
        _try_lock(fd, blocking=True)
    except BaseException:
        os.close(fd)
        raise
    return _held(fd)


def _try_lock(fd: int, blocking: bool) -> bool:
    """Lock ``fd``; False only if another holds it. Where flock is missing or refused (a network
    file system), go on unlocked: the lock only keeps concurrent builds from colliding."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError:
        return True
    return True


def _fsync(folder: Path) -> None:
    if not _POSIX:
        return  # Windows cannot open a folder to fsync it
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

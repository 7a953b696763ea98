"""Render: the composed briefing to Markdown, then HTML, then PDF, plus facts.json.

Each renderer is a plain function returning text or bytes; the pipeline puts the whole set on
disk in one step (``briefing.publish``). ``write_output`` writes one file atomically (the cache).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..errors import RenderError

BUILTIN = Path(__file__).resolve().parent.parent / "templates"
"""The built-in templates, which a config's ``templates/`` folder overrides file by file."""


def write_output(path: Path, data: str | bytes | Callable[[BinaryIO], object]) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``. ``data`` may be a
    function that writes into the file (``codec.dump``…), so large data need not be held whole."""
    if path.parent.exists() and not path.parent.is_dir():
        raise RenderError(f"{path.parent}: is a file, not a folder; choose another output folder (--out)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
            with os.fdopen(fd, "wb") as handle:
                if callable(data):
                    data(handle)
                else:
                    handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise RenderError(f"{path}: cannot be written ({exc.strerror}); check the output folder") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

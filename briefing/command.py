"""The ``briefing`` command's entry point.

For ``briefing build``, the PDF renderer is started before anything else is imported: its own
import (WeasyPrint, about half a second) then runs beside this process's (a fifth of a second)
and the first stages, instead of after them. Everything else is ``cli.main``.
"""

from __future__ import annotations

import sys

_GROUP_FLAGS = ("-q", "--quiet", "-v", "--verbose")
"""The main group's own options, which may come before the command's name."""


def main() -> None:
    args = sys.argv[1:]
    while args[:1] and args[0] in _GROUP_FLAGS:  # briefing -q build …
        args = args[1:]
    # A build that may make a PDF: the default formats (a --format list starts its renderer later).
    if args[:1] == ["build"] and not any(a.startswith("--format") or a in ("-h", "--help") for a in args):
        from .render.pdf import prestart

        prestart()
    from .cli import main as cli_main

    cli_main()

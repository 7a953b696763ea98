"""The ``briefing`` command's entry point: ``cli.main``.

``briefing build`` starts the PDF renderer (WeasyPrint's import, about half a second, in a child
process) only once the cache has said there is something to build; see ``cli._build``.
"""

from __future__ import annotations


def main() -> None:
    from .cli import main as cli_main

    cli_main()

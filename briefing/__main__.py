"""``python -m briefing`` is the ``briefing`` command."""

from .command import main

main()

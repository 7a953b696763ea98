"""What a build prints while it runs: one line per stage with its time, and, for many sources on
a terminal, a progress bar while the articles are read and their facts extracted.

The pipeline reports each stage when it ends (its ``report`` callable); this module turns those
reports into lines on stderr, fewer with ``--quiet`` (none) and as many with ``--verbose``. The
bar runs from the loaded config to the end of extraction and never shows outside a terminal
(a test's captured output, a CI log, a pipe).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

import click

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

MANY_SOURCES = 200
"""From this many sources on, a terminal shows a progress bar through ingest and extract."""
QUIET, NORMAL, VERBOSE = -1, 0, 1


def stage_line(stage: str, seconds: float, what: str) -> str:
    """``extract      123 ms  40 facts``: the line each stage ends with."""
    return f"{stage:<9} {seconds * 1000:7.0f} ms  {what}"


class StageReporter:
    """The ``report`` callable a build is given: prints each stage's line (unless quiet) and
    drives the progress bar. Use it as a context manager, so the bar stops whatever happens."""

    def __init__(self, level: int = NORMAL, sources: int = 0, stream: TextIO | None = None) -> None:
        self.level = level
        self.stream = stream if stream is not None else sys.stderr
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if level > QUIET and sources > MANY_SOURCES and _is_terminal(self.stream):
            self._start(sources)

    def _start(self, sources: int) -> None:
        from rich.console import Console  # only for a terminal build of many sources
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                  TimeElapsedColumn(), console=Console(file=self.stream), transient=True)
        self._task = self._progress.add_task(f"reading {sources} sources", total=None)
        self._progress.start()

    def __call__(self, stage: str, seconds: float, what: str) -> None:
        if self.level > QUIET:
            self.say(stage_line(stage, seconds, what))
        if self._progress is not None and self._task is not None:
            if stage == "ingest":
                self._progress.update(self._task, description="extracting facts")
            elif stage != "config":
                self.stop()

    def say(self, line: str) -> None:
        """A line on stderr, above the bar when one runs."""
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(line, file=self.stream)

    @property
    def running(self) -> bool:
        return self._progress is not None

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> StageReporter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or stand-in stream
        return False


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 source', '2 sources'."""
    return f"{n} {one if n == 1 else many or one + 's'}"

"""The exception tree; the CLI is the only place these become messages and exit codes."""

from __future__ import annotations


class BriefingError(Exception):
    """Bad input the user can fix. The message is one line: file, place, fix."""


class ConfigError(BriefingError):
    """config.yaml is missing, malformed or inconsistent.

    ``problems`` holds every problem found; the message is the first one, counted.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class SourceError(BriefingError):
    """A source article cannot be read."""


class TemplateError(BriefingError):
    """A template is missing, malformed, or uses an undefined variable."""


class RenderError(BriefingError):
    """An output could not be written."""


class CitationError(BriefingError):
    """A citation does not slice back to its quote in the source file."""


class CodecError(BriefingError):
    """A stored file does not hold a value of the type it should (``briefing.codec``)."""

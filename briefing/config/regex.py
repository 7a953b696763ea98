"""User regular expressions (``junk:``) checked before they run on every line of every article.

Python's ``re`` backtracks, and cannot be stopped once started: a pattern such as ``(a+)+$``
takes exponential time on a line of a's. So a pattern whose repeated part holds another
unbounded repeat (nested quantifiers, the usual cause) is refused with a suggestion, as are
backreferences and very long patterns; everything else runs as written.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The parser behind re.compile: re._parser since Python 3.11 (sre_parse, deprecated, before).
sre_parse: Any = importlib.import_module("re._parser")

MAX_PATTERN = 500
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _unbounded(node_max: int) -> bool:
    return node_max > 1


def _walk(items: Any, inside_repeat: bool) -> str | None:
    """The first dangerous construct in a parsed pattern, described, or None."""
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            _low, high, sub = arg
            if _unbounded(high):
                if inside_repeat:
                    return ("a repeat inside a repeat (such as (a+)+) can take exponential time; write the "
                            "repeat once, e.g. (ab)+ rather than (a+b?)+")
                found = _walk(sub, True)
            else:
                found = _walk(sub, inside_repeat)
        elif name == "SUBPATTERN":
            found = _walk(arg[-1], inside_repeat)
        elif name == "BRANCH":
            found = next((f for branch in arg[1] if (f := _walk(branch, inside_repeat))), None)
        elif name in ("GROUPREF", "GROUPREF_EXISTS"):
            found = "a backreference (\\1) can take exponential time; match the text itself"
        elif name in ("ASSERT", "ASSERT_NOT"):
            found = _walk(arg[1], inside_repeat)
        else:
            found = None
        if found:
            return found
    return None


def regex_problem(pattern: str) -> str | None:
    """Why a user pattern is refused, or None when it may run."""
    if len(pattern) > MAX_PATTERN:
        return f"longer than {MAX_PATTERN} characters; split it into several entries"
    try:
        re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"not a valid regular expression ({exc})"
    danger = _walk(parsed, False)
    if danger:
        return f"refused: {danger}"
    return None

"""An example extractor plugin: vessel names ("the tanker MV Harbour Star") as facts of kind
``vessel``.

Registered in ``briefing_vessels-0.1.dist-info/entry_points.txt``, as a real package would
register it in its pyproject.toml::

    [project.entry-points."briefing.extractors"]
    vessel = "briefing_vessels:find_vessels"
"""

from __future__ import annotations

import datetime as dt
import re

from briefing.plugins import Mention

# A ship prefix, then one to three capitalised words: "MV Harbour Star", "HMS Valiant".
_VESSEL = re.compile(r"\b(?:MV|MT|MS|SS|HMS)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b")


def find_vessels(text: str, published: dt.date | None) -> list[Mention]:
    """Every vessel named in one sentence; the value is the name as written."""
    return [Mention("vessel", m.group(), None, "exact", m.start(), m.end(), m.group())
            for m in _VESSEL.finditer(text)]

"""What every extractor returns: a mention located inside one sentence.

``Mention`` is declared in ``briefing.plugins``, beside the interface extractor plugins
implement, so a plugin can import it without loading the built-in extractors.
"""

from __future__ import annotations

from ..plugins import Mention

__all__ = ["Mention"]

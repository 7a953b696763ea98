"""briefing: a folder of articles about one event becomes a cited analyst briefing.

The Python API (docs/api.md)::

    from briefing import build, load_config

    result = build(load_config("config.yaml"))
    result.outputs["md"]          # Path of build/briefing.md
    result.briefing.key_facts     # the key-facts rows, each value with its citations

The names below are imported when first used, not with the package: every ``briefing`` module
imports this one, and a rebuild with nothing to do must not pay for the pipeline's imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Config, load_config
    from .errors import BriefingError
    from .models import Briefing
    from .pipeline import BuildResult, build

__version__ = "0.4.0"

__all__ = ["Briefing", "BriefingError", "BuildResult", "Config", "__version__", "build", "load_config"]

# Each public name and the module it lives in.
_LAZY = {
    "Briefing": "briefing.models",
    "BriefingError": "briefing.errors",
    "BuildResult": "briefing.pipeline",
    "Config": "briefing.config",
    "build": "briefing.pipeline",
    "load_config": "briefing.config",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

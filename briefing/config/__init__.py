"""The config: its model (``model``), how one value is read (``fields``), how paths it names are
confined (``paths``) and the loader (``load``)."""

from ..errors import ConfigError
from .load import load_config, read_yaml
from .model import (
    ANNEX_CHOICES,
    BOTTOM_LINE_KEYS,
    CONFIDENCE_WORDS,
    FACT_KINDS,
    JUDGMENT_KEYS,
    LAYOUTS,
    PAPER_SIZES,
    RELIABILITY,
    TOP_KEYS,
    BottomLine,
    Config,
    Judgment,
    KeyFact,
    SectionConfig,
    SourceConfig,
    Topic,
    alias_table,
    slug,
)

__all__ = [
    "ANNEX_CHOICES", "BOTTOM_LINE_KEYS", "CONFIDENCE_WORDS", "FACT_KINDS", "JUDGMENT_KEYS", "LAYOUTS",
    "PAPER_SIZES", "RELIABILITY", "TOP_KEYS", "BottomLine", "Config", "ConfigError", "Judgment",
    "KeyFact", "SectionConfig", "SourceConfig", "Topic", "alias_table", "load_config", "read_yaml", "slug",
]

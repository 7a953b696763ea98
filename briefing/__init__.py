"""briefing: a folder of articles about one event becomes a cited analyst briefing."""

__version__ = "0.3.0"

"""briefing: a folder of articles about one event becomes a cited analyst briefing."""

__version__ = "0.2.1"

"""factionmap: evidence-backed, time-aware maps of armed-group relationships from the news."""

__version__ = "0.1.0"

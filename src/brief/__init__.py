"""brief: sourced policy briefs from news articles."""

__version__ = "0.1.0"

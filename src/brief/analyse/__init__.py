"""Analyse: what the events say across sources.

Disagreements, key figures, timeline, positions and changes since the last brief,
computed for the renderer to format.
"""

"""Ingest: articles from files, exports, feeds and pages into the store."""

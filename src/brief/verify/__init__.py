"""Verify: every claim against its source span — wording, meaning, names, hostile text."""

"""The word lists the checks know, kept as data in this folder: one entry a line,
`#` starts a comment; a pair is written `left | right`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


def _entries(name: str) -> list[str]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@cache
def words(name: str) -> frozenset[str]:
    """The words of the list `name` ("role_words.txt")."""
    return frozenset(_entries(name))


@cache
def pairs(name: str) -> tuple[tuple[str, str], ...]:
    """The word pairs of the list `name` ("opposites.txt"), in file order."""
    out = []
    for entry in _entries(name):
        left, right = (part.strip() for part in entry.split("|"))
        out.append((left, right))
    return tuple(out)

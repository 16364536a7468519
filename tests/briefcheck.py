"""Assertions every generated brief must pass, whatever model wrote it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from brief.render.escape import md_plain, md_text
from brief.render.layout import in_quotes
from brief.store import Store


def fresh_checkout(brief: Path, folder: Path) -> Path:
    """A copy of `brief` and its evidence alone in `folder` (no store, no sources)."""
    folder.mkdir()
    for path in (brief, brief.with_suffix(".evidence.json")):
        shutil.copy(path, folder / path.name)
    return folder / brief.name


def sections(markdown: str) -> dict[str, list[str]]:
    """Lines under each '## ' heading of the brief body (front matter excluded).

    Headings and lines are given as the text a reader sees (Markdown escapes undone).
    """
    body = markdown.split("\n---\n", 1)[1]
    found: dict[str, list[str]] = {}
    current = None
    for line in body.splitlines():
        if line.startswith("## "):
            current = md_plain(line[3:])
            found[current] = []
        elif current and line.strip() and not line.startswith("[^"):
            found[current].append(md_plain(line))
    return found


def body_lines(markdown: str, evidence: dict[str, Any]) -> list[str]:
    """The sentences of the key points and of every event section."""
    parts = sections(markdown)
    titles = [e["title"] for e in evidence["events"]]
    return [ln for t in [*titles, "Key points"] if t in parts for ln in parts[t]
            if not ln.startswith("*")]


def assert_cited_brief(brief: Path, store: Store) -> tuple[str, dict[str, Any]]:
    """Every body sentence has a footnote; every footnote quotes its source verbatim.

    Returns the brief's Markdown and its evidence.
    """
    markdown = brief.read_text(encoding="utf-8")
    evidence = json.loads(brief.with_suffix(".evidence.json").read_text(encoding="utf-8"))
    parts = sections(markdown)
    for event in evidence["events"]:
        assert event["title"] in parts, event["title"]
    lines = body_lines(markdown, evidence)
    assert lines, "the brief states nothing"
    for line in lines:
        assert re.search(r"\[\^\d+\]", line), line
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.+)$", markdown, re.M))
    assert set(notes) == set(evidence["footnotes"])
    assert {n for s in evidence["sentences"] for n in s["footnotes"]} <= {int(n) for n in notes}
    for sentence in evidence["sentences"]:
        assert md_text(sentence["text"]) in markdown
        # each fact is cited by one of the sentence's footnotes: the one holding its
        # spans (facts on the same sentence share it)
        cited = {_cited(evidence["footnotes"][str(n)]) for n in sentence["footnotes"]}
        assert len(cited) == len(sentence["footnotes"])
        for fact_id in sentence["facts"]:
            assert evidence["facts"][fact_id]["status"] == "verified"
            assert _cited(evidence["facts"][fact_id]) in cited
    for number, note in evidence["footnotes"].items():
        if note["fact"]:
            assert evidence["facts"][note["fact"]]["status"] == "verified"
        article = store.article(note["article_id"])
        assert article is not None
        raw = Path(article.path).read_text(encoding="utf-8")
        for span in note["spans"]:
            assert article.text[span["start"]:span["end"]] == span["quote"]
            assert span["quote"] in raw
            assert in_quotes(span["quote"]) in md_plain(notes[number])
    return markdown, evidence


def _cited(note: dict[str, Any]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The article and span offsets a footnote or a fact rests on."""
    return note["article_id"], tuple((s["start"], s["end"]) for s in note["spans"])

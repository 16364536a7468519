"""Render: the brief as Markdown (Jinja2) and its evidence as JSON.

Every body sentence ends with footnotes; each footnote holds the verbatim span of
the source it rests on. The evidence JSON maps sentence → facts → spans, with the
hash of each article's text so later edits to a source can be detected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .group import Event
from .schema import Article, Fact
from .synthesize import BriefSentence, EventSection
from .text import text_hash
from .window import Window

TEMPLATES = Path(__file__).parent / "templates"
MAX_KEY_POINTS = 5


@dataclass
class BriefInputs:
    """Everything a brief is made of; rendering adds nothing that is not here."""

    window: Window
    topic: str
    sections: list[EventSection]
    facts: dict[str, Fact]
    articles: dict[str, Article]
    undated: list[Article]
    meta: dict[str, Any] = field(default_factory=dict)


class _Footnotes:
    def __init__(self, facts: dict[str, Fact], articles: dict[str, Article]) -> None:
        self.facts, self.articles = facts, articles
        self.numbers: dict[str, int] = {}

    def refs(self, fact_ids: list[str]) -> tuple[str, list[int]]:
        numbers = [self.numbers.setdefault(f, len(self.numbers) + 1) for f in fact_ids]
        return "".join(f"[^{n}]" for n in numbers), numbers

    def notes(self) -> list[dict[str, Any]]:
        notes = []
        for fact_id, n in self.numbers.items():
            fact = self.facts[fact_id]
            quote = " … ".join(f"“{s.quote}”" for s in fact.spans)
            label = source_label(self.articles[fact.article_id])
            notes.append({"n": n, "text": f"{quote} — {label}"})
        return notes


def source_label(article: Article) -> str:
    parts = [article.outlet] if article.outlet else []
    if article.title:
        parts.append(f"*{article.title}*")
    parts.append(article.published.isoformat() if article.published else "undated")
    return ", ".join(parts) + f" [{article.id}]"


def independent_sources(fact_ids: list[str], inputs: BriefInputs, event: Event) -> int:
    """Distinct sources behind `fact_ids`, counting an article and its copies once."""
    ids = {inputs.facts[f].article_id for f in fact_ids}
    return len({event.copy_of.get(a, a) for a in ids})


def _plural(n: int) -> str:
    return f"{n} independent source" + ("" if n == 1 else "s")


def render_brief(inputs: BriefInputs) -> tuple[str, dict[str, Any]]:
    """Return (Markdown text, evidence dict) for a brief."""
    notes = _Footnotes(inputs.facts, inputs.articles)
    evidence_sentences: list[dict[str, Any]] = []

    def cite(sentence: BriefSentence, where: str, event: Event) -> dict[str, Any]:
        refs, numbers = notes.refs(sentence.fact_ids)
        count = independent_sources(sentence.fact_ids, inputs, event)
        evidence_sentences.append({
            "id": f"s{len(evidence_sentences) + 1}", "section": where,
            "text": sentence.text, "facts": sentence.fact_ids, "footnotes": numbers,
            "independent_sources": count,
        })
        return {"text": sentence.text, "refs": refs, "sources": _plural(count)}

    key_points = [
        cite(s.sentences[0], "key-points", s.event)
        for s in inputs.sections if s.sentences
    ][:MAX_KEY_POINTS]
    sections = [
        {
            "title": s.title,
            "dates": _dates(s.event.first_date, s.event.last_date),
            "sources": _plural(s.event.independent_sources)
            + (f" ({len(s.event.copy_of)} more as copies)" if s.event.copy_of else ""),
            "sentences": [cite(b, s.event.id, s.event) for b in s.sentences],
        }
        for s in inputs.sections
    ]
    used_articles = sorted(
        {a for s in inputs.sections for a in s.event.article_ids},
        key=lambda a: (inputs.articles[a].published or date.max, a),
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
    )
    markdown = env.get_template("brief.md.j2").render(
        front_matter=yaml.safe_dump(inputs.meta, sort_keys=False, allow_unicode=True).strip(),
        title=f"Policy brief: {inputs.topic}" if inputs.topic else "Policy brief",
        period_line=f"Articles dated {inputs.window.since} to {inputs.window.until}.",
        key_points=key_points,
        sections=sections,
        needs_review=_needs_review(inputs),
        undated=[f"{a.path} [{a.id}]" for a in inputs.undated],
        sources=[_source_line(inputs.articles[a]) for a in used_articles],
        footnotes=notes.notes(),
    )
    evidence = {
        "period": {"since": inputs.window.since.isoformat(),
                   "until": inputs.window.until.isoformat()},
        "topic": inputs.topic,
        "sentences": evidence_sentences,
        "facts": {f.id: f.model_dump(mode="json", exclude={"id"}) for f in inputs.facts.values()},
        "articles": {a: _article_record(inputs.articles[a]) for a in used_articles},
        "events": [{"id": s.event.id, "title": s.title, "articles": s.event.article_ids,
                    "copy_of": s.event.copy_of} for s in inputs.sections],
        "dropped_sentences": [
            {"event": s.event.id, "text": d.text, "reason": d.reason}
            for s in inputs.sections for d in s.dropped
        ],
    }
    return markdown, evidence


def _needs_review(inputs: BriefInputs) -> list[dict[str, str]]:
    items = []
    for section in inputs.sections:
        for fact_id in _event_fact_ids(section.event, inputs):
            fact = inputs.facts[fact_id]
            if fact.status != "verified":
                items.append({
                    "text": fact.claim,
                    "reason": f"{fact.status}: " + "; ".join(fact.reasons),
                    "source": f"[{fact.article_id}]",
                })
        for dropped in section.dropped:
            items.append({"text": dropped.text, "reason": "sentence dropped: " + dropped.reason,
                          "source": section.event.id})
    return items


def _event_fact_ids(event: Event, inputs: BriefInputs) -> list[str]:
    members = set(event.article_ids)
    return sorted(f.id for f in inputs.facts.values() if f.article_id in members)


def _dates(first: date | None, last: date | None) -> str:
    if first is None or last is None:
        return "date unknown"
    return first.isoformat() if first == last else f"{first} to {last}"


def _source_line(article: Article) -> str:
    url = article.url or ""
    safe = re.sub(r"[\s()<>\[\]]", lambda m: f"%{ord(m.group()):02X}", url)
    where = f"[{safe}]({safe})" if safe.startswith(("http://", "https://")) else (
        f"`{article.path}`")
    dated = f"date from {article.provenance.get('published', 'unknown')}"
    outlet = "" if article.outlet else "outlet not stated, "
    return f"{outlet}{source_label(article)} — {where} ({dated})"


def _article_record(article: Article) -> dict[str, Any]:
    return {
        "title": article.title, "outlet": article.outlet, "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "path": article.path, "content_hash": article.content_hash,
        "text_hash": text_hash(article.text), "provenance": article.provenance,
    }

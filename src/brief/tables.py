"""The brief's tables: a timeline of its events and the key figures its facts state.

Cells are built from stored metadata and verbatim spans only; nothing here is
written by the model. Text that came from an article is made safe for a table cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from .crosscheck import SpanRef, figure_mentions, speaker_near
from .group import Event
from .schema import Article, Fact

MAX_FIGURES = 8


def cell(text: str) -> str:
    """Text fit for one Markdown table cell."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


@dataclass
class TimelineRow:
    date: str
    event: str
    sources: str


def timeline(events: list[tuple[Event, str]], articles: dict[str, Article]) -> list[TimelineRow]:
    """One row per event per day it was reported, oldest first."""
    rows = []
    for event, title in events:
        by_day: dict[str, list[Article]] = defaultdict(list)
        for article_id in event.article_ids:
            article = articles[article_id]
            if article.published:
                by_day[article.published.isoformat()].append(article)
        for day, reports in by_day.items():
            originals = [a for a in reports if a.id not in event.copy_of]
            outlets = sorted({a.outlet for a in reports if a.outlet})
            count = f"{len(originals) or 1} independent"
            if len(reports) > len(originals):
                count += f" + {len(reports) - len(originals)} copy"
            rows.append(TimelineRow(day, cell(title), count + (
                f" ({cell(', '.join(outlets))})" if outlets else "")))
    return sorted(rows, key=lambda r: (r.date, r.event))


@dataclass
class FigureRow:
    figure: str
    measures: str
    who: str
    ref: str


def key_figures(facts: list[Fact], articles: dict[str, Article],
                ref: Callable[[Fact], str]) -> list[FigureRow]:
    """Figures stated in the spans of `facts` (the facts the brief cites), in citation order.

    The same figure from several reports is one row citing each of them.
    """
    rows: dict[tuple[str, float, str], FigureRow] = {}
    for fact in facts:
        article = articles[fact.article_id]
        for span in fact.spans:
            for m in figure_mentions(SpanRef(fact.article_id, span.start, span.end,
                                             span.quote, fact.id)):
                key = (m.kind, m.value, m.bound)
                if key in rows:
                    if ref(fact) not in rows[key].ref:
                        rows[key].ref += ref(fact)
                    continue
                who = (speaker_near(article.text, span.start, neighbours=False)
                       or article.outlet or "the report (no speaker named)")
                rows[key] = FigureRow(cell(m.written), cell(m.measures or m.kind), cell(who),
                                      ref(fact))
    return list(rows.values())[:MAX_FIGURES]

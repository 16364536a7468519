"""The timeline of the brief's events and the key figures their articles state.

Rows are built from stored metadata and verbatim spans only; nothing here is
written by the model. The renderer makes each value safe for a table cell.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from brief.analyse.mentions import SpanRef, dated_mentions, figure_mentions
from brief.kind import marked_outlet
from brief.schema import Article, Event, Fact
from brief.text import split_sentences
from brief.verify.hostile import implausible, instructions_in, link_in, mixed_script
from brief.verify.speakers import speaker_near

MAX_FIGURES = 12


@dataclass
class TimelineRow:
    date: str
    event: str  # the event's title
    independent: int  # reports that day, a copy and its original counted once
    copies: int
    outlets: list[str]


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
            rows.append(TimelineRow(day, title, len(originals) or 1,
                                    len(reports) - len(originals),
                                    sorted({a.outlet for a in reports if a.outlet})))
    return sorted(rows, key=lambda r: (r.date, r.event))


@dataclass
class FigureRow:
    figure: str  # as the sentence writes it
    measures: str  # what it counts
    who: str
    date: str
    refs: list[SpanRef]  # each report that states it, most salient first


def key_figures(events: list[Event], articles: dict[str, Article], facts: list[Fact],
                salience: dict[tuple[str, int], float]) -> list[FigureRow]:
    """Figures stated anywhere in the events' articles, most salient sentence first.

    Every sentence of every article is read (not only those the brief's facts cite);
    a sentence that reads as instructions, carries a link or an implausible count is
    skipped. A sentence a verified fact rests on is cited through that fact. The same
    figure from several reports is one row citing each of them, in the words of an
    original before a copy's.
    """
    by_sentence = {(f.article_id, n): f.id for f in facts if f.status == "verified"
                   for n in f.sentence_ids}
    candidates = []
    for event in events:
        for article_id in event.article_ids:
            text = articles[article_id].text
            copy = article_id in event.copy_of  # the original's wording is the row's
            for s in split_sentences(text):
                candidates.append((copy, -salience.get((article_id, s.number), 0.0),
                                   article_id, s.number,
                                   SpanRef(article_id, s.start, s.end, text[s.start:s.end],
                                           by_sentence.get((article_id, s.number)))))
    rows: dict[tuple[str, float, str], FigureRow] = {}
    for _, _, article_id, _, ref in sorted(candidates, key=lambda c: c[:4]):
        if _unsafe(ref.quote):
            continue
        article = articles[article_id]
        for m in [*figure_mentions(ref), *dated_mentions(ref)]:
            key = (m.kind, m.value, m.bound)
            if key not in rows and len(rows) >= MAX_FIGURES:
                continue
            if key in rows:
                rows[key].refs.append(ref)
                continue
            quoted = ref.quote.lstrip().startswith(("“", '"'))  # its speaker may be named
            who = (speaker_near(article.text, ref.start, neighbours=quoted)  # beside it
                   or marked_outlet(article) or "the report (no speaker named)")
            day = article.published.isoformat() if article.published else "undated"
            rows[key] = FigureRow(m.written, m.measures or m.kind, who, day, [ref])
    return list(rows.values())


def _unsafe(sentence: str) -> bool:
    return any(check(sentence) for check in (instructions_in, link_in, mixed_script,
                                             implausible))

"""Analyse: what a brief states beyond its sections, computed before it is rendered.

From the sections the model wrote and the checks kept, and from the events' articles:
the key points, each sentence's count of independent sources, positions by actor,
what to watch, the timeline, the key figures, where sources disagree, and how each
event changed since the previous brief. The renderer formats this and adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief.analyse.changes import EventChange, compare, period_label
from brief.analyse.compare import Disagreement, figure_disagreements, quote_variants
from brief.analyse.figures import FigureRow, TimelineRow, key_figures, timeline
from brief.analyse.positions import PositionRow, positions
from brief.analyse.watch import WatchRow, what_to_watch
from brief.kind import is_opinion
from brief.period import Window
from brief.salience import fact_salience
from brief.schema import Article, BriefSentence, Event, EventSection, Fact

MAX_KEY_POINTS = 5
MIN_KEY_POINTS = 3


@dataclass
class BriefInputs:
    """Everything a brief is made of; analysis and rendering add nothing that is not here."""

    window: Window
    topic: str
    sections: list[EventSection]
    facts: dict[str, Fact]
    articles: dict[str, Article]
    undated: list[Article]
    meta: dict[str, Any] = field(default_factory=dict)
    previous: dict[str, Any] | None = None  # evidence of the brief before this one
    template: Path | None = None
    salience: dict[tuple[str, int], float] = field(default_factory=dict)  # (article, sentence)


@dataclass
class Analysis:
    key_points: list[tuple[BriefSentence, EventSection]]
    event_facts: dict[str, list[str]]  # event id → ids of its articles' facts
    changes: dict[str, EventChange]  # event id → its change since the previous brief
    since: str  # the previous brief's period, "" without one
    positions: list[PositionRow]
    what_to_watch: list[WatchRow]
    timeline: list[TimelineRow]
    key_figures: list[FigureRow]
    disagreements: list[Disagreement]

    def sources_of(self, sentence: BriefSentence, event: Event, facts: dict[str, Fact]) -> int:
        """Distinct sources behind a sentence, counting an article and its copies once."""
        ids = {facts[f].article_id for f in sentence.fact_ids}
        return len({event.copy_of.get(a, a) for a in ids})


def analyse_brief(inputs: BriefInputs) -> Analysis:
    event_facts = {s.event.id: _event_fact_ids(s.event, inputs) for s in inputs.sections}
    by_weight = sorted(
        (inputs.facts[f] for s in inputs.sections for f in event_facts[s.event.id]),
        key=lambda f: -fact_salience(f, inputs.salience))
    changes, since = _changes(inputs, event_facts)
    return Analysis(
        key_points=_key_point_picks(inputs.sections, inputs.facts, inputs.articles),
        event_facts=event_facts,
        changes=changes,
        since=since,
        positions=positions(by_weight, inputs.articles),
        what_to_watch=what_to_watch(by_weight, inputs.articles),
        timeline=timeline([(s.event, s.title) for s in inputs.sections], inputs.articles),
        key_figures=key_figures([s.event for s in inputs.sections], inputs.articles,
                                list(inputs.facts.values()), inputs.salience),
        disagreements=_disagreements(inputs, event_facts),
    )


def event_records(inputs: BriefInputs, event_facts: dict[str, list[str]]
                  ) -> list[dict[str, Any]]:
    """Each event as the evidence records it (and the next brief compares with)."""
    return [{"id": s.event.id, "title": s.title, "articles": s.event.article_ids,
             "copy_of": s.event.copy_of, "facts": event_facts[s.event.id]}
            for s in inputs.sections]


def _key_point_picks(sections: list[EventSection], facts: dict[str, Fact],
                     articles: dict[str, Article]) -> list[tuple[BriefSentence, EventSection]]:
    """The first sentence of each event by weight; then second sentences, up to 3 points.
    Past an event's first, a sentence only opinion pieces bear out is no key point: a
    column's account of the news is stated in its event, after the reports and named
    as opinion there, not among the points a reader takes as the brief's own."""
    def reported(sentence: BriefSentence) -> bool:
        cited = [articles[facts[i].article_id] for i in sentence.fact_ids
                 if i in facts and facts[i].article_id in articles]
        return not cited or not all(is_opinion(a) for a in cited)

    candidates = [s.sentences[:1] + [b for b in s.sentences[1:] if reported(b)]
                  for s in sections]
    picks: list[tuple[BriefSentence, EventSection]] = []
    depth = 0
    while len(picks) < MAX_KEY_POINTS:
        row = [(c[depth], s) for c, s in zip(candidates, sections, strict=True)
               if len(c) > depth]
        if not row or (depth and len(picks) >= MIN_KEY_POINTS):
            break
        picks.extend(row[:MAX_KEY_POINTS - len(picks)])
        depth += 1
    return picks


def _changes(inputs: BriefInputs, event_facts: dict[str, list[str]]
             ) -> tuple[dict[str, EventChange], str]:
    if inputs.previous is None:
        return {}, ""
    facts = {f.id: f.model_dump(mode="json") for f in inputs.facts.values()}
    articles = {a: {"title": v.title} for a, v in inputs.articles.items()}
    found, _ = compare(inputs.previous, {"events": event_records(inputs, event_facts),
                                         "facts": facts, "articles": articles})
    return {c.event_id: c for c in found}, period_label(inputs.previous)


def _disagreements(inputs: BriefInputs, event_facts: dict[str, list[str]]
                   ) -> list[Disagreement]:
    root = {copy: original for s in inputs.sections for copy, original in
            s.event.copy_of.items()}
    event_of = {a: s.event.id for s in inputs.sections for a in s.event.article_ids}
    facts = [inputs.facts[i] for s in inputs.sections for i in event_facts[s.event.id]]
    rows = figure_disagreements(facts, inputs.articles, root, event_of)
    for s in inputs.sections:
        rows += quote_variants([inputs.articles[a] for a in s.event.article_ids],
                               s.event.copy_of)
    return rows


def _event_fact_ids(event: Event, inputs: BriefInputs) -> list[str]:
    members = set(event.article_ids)
    return sorted(f.id for f in inputs.facts.values() if f.article_id in members)

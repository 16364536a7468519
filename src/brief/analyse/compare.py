"""Across sources: figures that disagree and quotes worded differently.

Both compare spans of *different* articles. Figures are read from the spans of
verified facts ("more than 30 countries"); two figures are compared when they count
the same kind of thing (countries and nations are one kind) and their values cannot
both hold ("28" against "more than 30"). Whether that is a contradiction or a change
over time depends on when and about what each source reports, and the reading says
which. Quotes are compared within an event: the same remark quoted in two wordings is
a *variant* (neither wording is exact), not a contradiction (a stretch of it quoted word
for word is neither) — unless the two
wordings are given to different speakers, or one is a republished copy of the other
that reworded it (one source: the original's wording is the one to quote).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, utils

from brief.analyse.mentions import FigureMention, SpanRef, dated_mentions, figure_mentions
from brief.schema import Article, Fact
from brief.text import stems
from brief.verify.speakers import speaker_near

QUOTE_VARIANT_MIN = 55.0
TALLY_SLIP = 0.05  # of a vote's total: two tallies further apart are two votes
MAX_ROWS = 8

_QUOTE = re.compile(r"“([^”\n]{12,})(?:”|$)|\"([^\"\n]{12,})\"", re.M)


@dataclass
class Disagreement:
    what: str
    one: SpanRef
    other: SpanRef
    reading: str


def compatible(a: FigureMention, b: FigureMention) -> bool:
    """Whether both figures can hold at once ("more than 30" and "32" can)."""
    def fits(bounded: FigureMention, other: float) -> bool:
        if bounded.bound == "lower":
            return other > bounded.value or (other == bounded.value)
        if bounded.bound == "upper":
            return other <= bounded.value
        if bounded.bound == "about":
            return abs(other - bounded.value) <= 0.1 * bounded.value
        if bounded.bound == "range":
            return bounded.value <= other <= bounded.high
        return other == bounded.value
    if a.bound and b.bound:
        return a.bound == b.bound or fits(a, b.value) or fits(b, a.value)
    return fits(a, b.value) if a.bound else fits(b, a.value)


def figure_disagreements(
    facts: list[Fact], articles: dict[str, Article], root: dict[str, str],
    event_of: dict[str, str],
) -> list[Disagreement]:
    """Pairs of figures of one kind from independent sources that cannot both hold.

    `root` maps a copy to its original (copies are one source); `event_of` maps an
    article to its event.
    """
    refs = [SpanRef(f.article_id, s.start, s.end, s.quote, f.id)
            for f in facts if f.status == "verified" for s in f.spans]
    mentions = [m for ref in refs for m in figure_mentions(ref)]
    rows: list[Disagreement] = _tally_disagreements(
        [m for ref in refs for m in dated_mentions(ref) if m.kind == "tally"],
        root, event_of, articles)
    seen: set[tuple[str, ...]] = set()
    source = {m.span.article_id: root.get(m.span.article_id, m.span.article_id)
              for m in mentions}
    for i, a in enumerate(mentions):
        for b in mentions[i + 1:]:
            ra, rb = source[a.span.article_id], source[b.span.article_id]
            if ra == rb or a.kind != b.kind or a.kind == "forecast" or compatible(a, b):
                continue  # (two forecasts are two polls' answers)
            if _also_gives(mentions, b.span.article_id, a) or _also_gives(
                    mentions, a.span.article_id, b):
                continue  # both give that value: the other figure counts something else
            same_event = event_of.get(a.span.article_id) == event_of.get(b.span.article_id)
            if _same_time(a, b, articles) and same_event and (
                    not _same_count(a, b) or _other_period(a.span.quote, b.span.quote)):
                continue  # "5.4% over the year" and "0.9% from May": two counts
            key = (*sorted([f"{ra}:{a.value}", f"{rb}:{b.value}"]), a.kind)
            if key in seen:
                continue
            seen.add(key)
            one, other = sorted((a, b), key=lambda m: _when(articles[m.span.article_id]))
            rows.append(Disagreement(
                f"{one.kind}: {one.written} / {other.written}", one.span, other.span,
                _reading(articles[one.span.article_id], articles[other.span.article_id],
                         same_event)))
    return rows[:MAX_ROWS]


def _tally_disagreements(
    tallies: list[FigureMention], root: dict[str, str], event_of: dict[str, str],
    articles: dict[str, Article],
) -> list[Disagreement]:
    """One vote's tally given two ways by independent sources of one event on one day
    ("the 220-to-190 party-line vote" and "the vote was 222-190"). Tallies further apart
    than a miscount (TALLY_SLIP of the votes) are two votes (the House's, the Senate's),
    and so is a tally one source gives beside the other's."""
    rows: list[Disagreement] = []
    counts = [(m, tuple(int(n) for n in re.findall(r"\d+", m.written)[:2])) for m in tallies]
    given = {(m.span.article_id, v) for m, v in counts}
    seen: set[frozenset[tuple[str, tuple[int, ...]]]] = set()
    for i, (a, va) in enumerate(counts):
        for b, vb in counts[i + 1:]:
            ids = a.span.article_id, b.span.article_id
            key = frozenset({(root.get(ids[0], ids[0]), va), (root.get(ids[1], ids[1]), vb)})
            slip = abs(va[0] - vb[0]) + abs(va[1] - vb[1])
            if (root.get(ids[0], ids[0]) == root.get(ids[1], ids[1]) or va == vb
                    or event_of.get(ids[0]) != event_of.get(ids[1])
                    or not _same_time(a, b, articles)
                    or slip > max(3, TALLY_SLIP * sum(va))
                    or (ids[0], vb) in given or (ids[1], va) in given or key in seen):
                continue
            seen.add(key)
            rows.append(Disagreement(f"vote: {a.written} / {b.written}", a.span, b.span,
                                     _reading(articles[ids[0]], articles[ids[1]], True)))
    return rows


def _also_gives(mentions: list[FigureMention], article_id: str, figure: FigureMention
                ) -> bool:
    """Whether the article gives a figure of `figure`'s kind that can hold with it."""
    return any(m.span.article_id == article_id and m.kind == figure.kind
               and compatible(m, figure) for m in mentions)


def _same_time(a: FigureMention, b: FigureMention, articles: dict[str, Article]) -> bool:
    one, other = articles[a.span.article_id].published, articles[b.span.article_id].published
    return not (one and other and one != other)


def _same_count(a: FigureMention, b: FigureMention) -> bool:
    """Whether the words that say what each figure counts share one beyond its unit
    ("people were killed in shootings" and "people killed and 516 injured")."""
    unit = (stems(a.kind) | stems(b.kind) | stems(a.written) | stems(b.written)
            | _NOT_WHAT)
    return bool((stems(a.measures) - unit) & (stems(b.measures) - unit))


# Words of a figure's clause that say how it moved or who told it, not what it counts.
_NOT_WHAT = stems("rose rise risen fell fall fallen edged increased increase decreased "
                  "decrease climbed jumped dropped declined grew grow gained lost higher lower "
                  "surged spiked reported report said says showed shows total new last year "
                  "month week past")


# What a change is measured over, or without: a year's rise is not a month's, and a
# "core" rate (without food and energy) is not the headline one.
_PERIODS = {
    "year": re.compile(r"\b(?:a|one|the past|the last|the previous|this) year\b"
                       r"|year[- ]over[- ]year|\bannual|\b12 months\b|\bover the year\b"
                       r"|\bthe same period\b", re.I),
    "quarter": re.compile(r"\bquarter\b|\b(?:three|3) months\b", re.I),
    "month": re.compile(r"\bmonth|\bfrom (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
                        r"\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* to "
                        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I),
}
_CORE = re.compile(r"\bcore\b|\bexcluding\b|\bcontrolling for\b|\bstripping out\b", re.I)


def _other_period(one: str, other: str) -> bool:
    """Whether two sentences' changes are measured over different periods ("has risen
    4.2 percent from a year" and "From March to April, prices increased 0.8 percent"),
    or one without what the other includes ("controlling for food and energy prices")."""
    def periods(text: str) -> set[str]:
        return {name for name, pattern in _PERIODS.items() if pattern.search(text)}
    a, b = periods(one), periods(other)
    return bool(a and b and not a & b) or bool(_CORE.search(one)) != bool(_CORE.search(other))


def _when(article: Article) -> date:
    return article.published or date.max


def _reading(a: Article, b: Article, same_event: bool) -> str:
    if a.published and b.published and a.published != b.published:
        days = abs((b.published - a.published).days)
        where = "about the same event" if same_event else "about different events"
        return (f"reported {days} days apart ({a.published} and {b.published}), {where}: "
                "likely a change over time or a different group counted, not a "
                "contradiction — compare with care")
    if not same_event:
        return ("reported about different events: they may count different things; "
                "compare with care")
    return "the same event at the same time: the sources disagree on this figure"


def _quotes(article: Article) -> list[SpanRef]:
    out = []
    for m in _QUOTE.finditer(article.text):
        group = 1 if m.group(1) is not None else 2
        quote = m.group(group).strip().rstrip(",")
        if len(quote.split()) >= 4:
            start = m.start(group)
            out.append(SpanRef(article.id, start, start + len(quote), quote))
    return out


def quote_variants(articles: list[Article], copy_of: Mapping[str, str] | None = None
                   ) -> list[Disagreement]:
    """The same remark quoted in different words by articles of one event.

    `copy_of` maps a copy to its original: a copy that rewords its original's quotation
    is not a second report of the remark, and its row says so, the original first.
    """
    copy_of = copy_of or {}
    rows: list[Disagreement] = []
    quotes = {a.id: _quotes(a) for a in articles}
    by_id = {a.id: a for a in articles}
    for i, a in enumerate(articles):
        for b in articles[i + 1:]:
            for qa in quotes[a.id]:
                scored = [(fuzz.token_sort_ratio(qa.quote, qb.quote,
                                                 processor=utils.default_process), qb)
                          for qb in quotes[b.id]]
                if not scored:
                    continue
                score, qb = max(scored, key=lambda s: s[0])
                back = max(fuzz.token_sort_ratio(qb.quote, q.quote,
                                                 processor=utils.default_process)
                           for q in quotes[a.id])
                if (score >= 100 or score < QUOTE_VARIANT_MIN or back > score
                        or _part_of(qa.quote, qb.quote)
                        or _question_and_answer(qa.quote, qb.quote)):
                    continue
                if copy_of.get(a.id) == b.id:
                    qa, qb = qb, qa  # the original first
                copied = copy_of.get(qb.article_id) == qa.article_id
                rows.append(_variant(qa, qb, by_id, copied))
    return rows[:MAX_ROWS]


def _part_of(one: str, other: str) -> bool:
    """Whether one quotation is a stretch of the other word for word: one outlet quoted
    less of the remark ("absolutely the government's business" of "it is absolutely the
    government's business"; an excerpt cut off in "…"), not in other words."""
    short, long = sorted((one, other), key=len)
    return fuzz.partial_ratio(short.rstrip(" .…"), long,
                              processor=utils.default_process) >= 100


def _question_and_answer(one: str, other: str) -> bool:
    """Whether two quotations are a question and a reply to it, not one remark twice.

    A reporter's "Why are you so confident he'll change his behavior?" and the answer
    "I'm not confident he'll change his behavior." share their words but are two
    remarks. Each sentence of the shorter quotation is paired with the sentence of the
    other it is closest to; a question paired with a statement is a question and answer.
    """
    short, long = sorted((one, other), key=lambda q: len(q.split()))
    for part in _SENTENCE_END.split(short):
        best = max(_SENTENCE_END.split(long), key=lambda s: fuzz.token_set_ratio(
            part, s, processor=utils.default_process))
        if _asks(part) != _asks(best):
            return True
    return False


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def _asks(sentence: str) -> bool:
    return sentence.rstrip(" .…'\"’”").endswith("?")


def _variant(qa: SpanRef, qb: SpanRef, by_id: dict[str, Article], copied: bool
             ) -> Disagreement:
    sa = speaker_near(by_id[qa.article_id].text, qa.start)
    sb = speaker_near(by_id[qb.article_id].text, qb.start)
    last = [s.split()[-1].lower() if s else "" for s in (sa, sb)]
    if all(last) and last[0] != last[1]:
        reading = (f"worded alike but attributed to {sa} in one and {sb} in the other: "
                   "check who said it")
        what = "quote attributed to different speakers"
    elif copied:
        who = sa or sb
        reading = ("a republished copy rewords the quotation its original gives: one "
                   "source, not two — quote the original's wording, not the copy's")
        what = f"quote{' by ' + who if who else ''} reworded by a copy"
    else:
        who = sa or sb
        reading = ("the same remark in two wordings: a variant, not a contradiction — "
                   "neither wording should be presented as exact")
        what = f"quote{' by ' + who if who else ''} worded differently"
    return Disagreement(what, qa, qb, reading)

"""Across sources: figures that disagree and quotes worded differently.

Both compare spans of *different* articles. Figures are read from the spans of
verified facts ("more than 30 countries"); two figures are compared when they count
the same kind of thing (countries and nations are one kind) and their values cannot
both hold ("28" against "more than 30"). Whether that is a contradiction or a change
over time depends on when and about what each source reports, and the reading says
which. Quotes are compared within an event: the same remark quoted in two wordings is
a *variant* (neither wording is exact), not a contradiction — unless the two
wordings are given to different speakers, or one is a republished copy of the other
that reworded it (one source: the original's wording is the one to quote).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, utils

from brief.analyse.speakers import speaker_near
from brief.schema import Article, Fact
from brief.text import SCALE, counted_kind, fold

QUOTE_VARIANT_MIN = 55.0
MAX_ROWS = 8

_QUALIFIER = re.compile(
    r"(more than|over|at least|upwards of|up to|fewer than|less than|under|nearly|almost"
    r"|about|around|roughly|some|approximately|as many as)\s+$", re.I)
_LOWER = {"more than", "over", "at least", "upwards of"}
_UPPER = {"up to", "fewer than", "less than", "under", "nearly", "almost", "as many as"}
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_NOT_UNITS = {"and", "or", "to", "of", "in", "on", "at", "the", "a", "with", "that", "for",
              "by", "from", "as", "is", "was", "were", "are", "said", "per", "than"}
# A number not inside a word or a name ("COVID-19"), with its currency, per cent or scale.
_FIGURE = re.compile(r"(?<![\w.])(?<![A-Za-z]-)(\$|€|£)?(\d[\d,]*(?:\.\d+)?)"
                     r"(%|[\s-]*(?:per cent|percent))?"
                     r"(?:[\s-]+(thousand|million|billion|trillion))?")
# Where a clause ends; not at the comma or point inside a number ("11,300", "47.5").
_CLAUSE_BREAK = re.compile(r"(?<!\d)[.,]|[.,](?!\d)|[;:!?()—–]| - ")
_QUOTE = re.compile(r"“([^”\n]{12,})(?:”|$)|\"([^\"\n]{12,})\"", re.M)


@dataclass(frozen=True)
class SpanRef:
    """A verbatim stretch of one article: text[start:end] == quote."""

    article_id: str
    start: int
    end: int
    quote: str
    fact_id: str | None = None


@dataclass(frozen=True)
class FigureMention:
    written: str  # as the source writes it: "more than 30 countries"
    value: float
    bound: str  # "", "lower", "upper" or "about"
    kind: str  # what is counted, normalised: "country"
    measures: str  # the words that follow the figure in the source
    span: SpanRef


@dataclass
class Disagreement:
    what: str
    one: SpanRef
    other: SpanRef
    reading: str


def figure_mentions(span: SpanRef) -> list[FigureMention]:
    """Counted figures in a span: a number with the noun it counts (years and days left out)."""
    out = []
    text = fold(span.quote)
    for m in _FIGURE.finditer(text):
        number = m.group(2).rstrip(",")
        before = text[max(0, m.start() - 24):m.start()]
        if re.search(r"\b(" + _MONTHS + r")[a-z]*\.?\s*$", before, re.I):
            continue  # a day of the month
        if re.fullmatch(r"(19|20)\d\d", number) and not m.group(1):
            continue  # a year
        after = text[m.end():]
        attached = re.match(r"-([a-z]+)\b", after)  # "45-million-dollar", "five-year"
        if attached:
            after = after[attached.end():]
        tail = _CLAUSE_BREAK.split(after, maxsplit=1)[0].split()
        noun = _counted_noun(tail)
        currency = m.group(1) or (_CURRENCY.get(attached.group(1).rstrip("s"), "")
                                  if attached else "")
        if m.group(3):
            kind = "per cent"
        elif currency:
            kind = currency + (m.group(4) or "")
        elif attached:
            kind = counted_kind(attached.group(1))
        elif noun:
            kind = counted_kind(noun[-1])
        elif elided := _elided_noun(text[max(0, m.start() - 80):m.start()]):
            kind, tail = counted_kind(elided), [elided, *tail]  # "a few thousand soldiers
            # to as many as 100,000": the noun counted by the figure before it
        else:
            continue
        value = float(number.replace(",", "") or 0) * SCALE.get(m.group(4) or "", 1)
        qualifier = _QUALIFIER.search(text[max(0, m.start() - 20):m.start()])
        q = qualifier.group(1).lower() if qualifier else ""
        bound = "lower" if q in _LOWER else "upper" if q in _UPPER else "about" if q else ""
        start = m.start() - len(qualifier.group()) if qualifier else m.start()
        end = m.end() + (attached.end() if attached else 0)
        written = span.quote[start:end].rstrip(",")
        if noun and not m.group(3) and not m.group(1) and not attached:
            written += " " + " ".join(noun)
        measures = _phrase(tail)
        of_what = bool(m.group(3)) and tail[:1] == ["of"]  # "31.7 percent of the vote"
        if not tail or (tail[0].lower() in _NOT_UNITS | {"were", "was", "is", "are"}
                        and not currency and not of_what):  # "$81.8 billion in defence"
            measures = ""  # says what for
        if m.group(3) and not measures:  # a share says what it is of before it: "the
            measures = _what_rose(text[:start])  # number of infections has shot up 50%"
        out.append(FigureMention(written.strip(), value, bound, kind, measures, span))
    return out


# Where what a figure counts ends and the rest of its sentence begins: "defence
# investment over that period | was …", "soldiers | with the need for …".
_CLAUSE_STARTS = {"was", "were", "is", "are", "will", "would", "has", "have", "had", "with",
                  "and", "but", "said", "says", "told", "who", "which"}


def _phrase(tail: list[str]) -> str:
    """The words after a figure up to where its clause turns (at most 8)."""
    words: list[str] = []
    for i, word in enumerate(tail):
        following = tail[i + 1].lower() if i + 1 < len(tail) else ""
        if words and (word.lower() in _CLAUSE_STARTS  # "nations | that have expressed …"
                      or (word.lower() == "that" and following in _CLAUSE_STARTS)):
            break
        words.append(word)
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


_CURRENCY = {"dollar": "$", "euro": "€", "pound": "£", "yen": "¥", "yuan": "¥"}
_NOT_IN_NOUN = _NOT_UNITS | {"last", "next", "this", "each", "ago", "a", "an", "were", "was",
                             "is", "are", "be", "been", "will", "would", "have", "has"}


def _what_rose(before: str) -> str:
    """The words of its clause before a share, up to six ("… infections has shot up")."""
    head = re.split(r"[;:!?()—–]| - ", before)[-1].split()
    while head and head[-1].lower() in {"by", "of", "to", "the", "a", "an", "about"}:
        head.pop()
    return ("… " if len(head) > 6 else "") + " ".join(head[-6:]) if len(head) > 1 else ""


def _elided_noun(before: str) -> str:
    """The plural noun a figure just before counts, in the same sentence ("thousand soldiers")."""
    clause = re.split(r"[.;:!?]", before)[-1]
    found = re.findall(r"(?:\d|\b(?:hundred|thousand|million|few|dozens?))[\s-]+([a-z]+s)\b",
                       clause)
    return found[-1] if found else ""


def _counted_noun(tail: list[str]) -> list[str]:
    """The words of the noun phrase a figure counts, up to its head: "surveillance drones".

    The phrase runs over lower-case words that are not function words or verb forms
    (at most three); its head is the last plural word in it, else its first word.
    """
    run: list[str] = []
    for word in tail[:3]:
        low = word.lower()
        if (not re.fullmatch(r"[a-z][a-z-]*", word) or low in _NOT_IN_NOUN
                or low.endswith("ing") or (run and low.endswith("ed"))):
            break
        run.append(word)
    plural = [i for i, w in enumerate(run) if w.endswith("s") and not w.endswith("ss")]
    return run[:plural[-1] + 1] if plural else run[:1]


_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]
_DATE = re.compile(r"\b(" + "|".join(m.title() for m in _MONTH_NAMES) + r")\.? (\d{1,2})\b"
                   r"(?!,? \d{4}\b)")
_WORD_NUMBERS = {w: i for i, w in enumerate(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve"], 1)}
_DURATION = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")[\s-](day|week|month|year)s?\b",
                       re.I)
_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def dated_mentions(span: SpanRef) -> list[FigureMention]:
    """Dates ("the April 20 deadline") and durations in words ("a one-month halt") of a span.

    A date that only says when someone spoke ("said on March 5") is not a figure.
    These are for the key-figures table; they are not compared across sources.
    """
    text = fold(span.quote)
    out = []
    for m in _DATE.finditer(text):
        before = text[:m.start()]
        if re.search(r"\b(?:said|says|told|announced|stated)\s+(?:on\s+)?$", before):
            continue
        value = (_MONTH_NAMES.index(m.group(1).lower()) + 1) * 100 + int(m.group(2))
        out.append(FigureMention(span.quote[m.start():m.end()], value, "", "date",
                                 _around(before, text[m.end():]), span))
    for m in _DURATION.finditer(text):
        value = _WORD_NUMBERS[m.group(1).lower()] * _DAYS[m.group(2).lower()]
        out.append(FigureMention(span.quote[m.start():m.end()], value, "", "duration",
                                 _around(text[:m.start()], text[m.end():]), span))
    return out


def _around(before: str, after: str) -> str:
    """What a date or duration is of: the words after it, else the words before it."""
    tail = _CLAUSE_BREAK.split(after, maxsplit=1)[0].split()
    if tail and (tail[0].lower() not in _NOT_IN_NOUN | {"and", "then"} or tail[0] == "of"):
        return _phrase(tail)
    head = _CLAUSE_BREAK.split(before)[-1].split()
    while head and head[-1].lower() in {"on", "in", "by", "the", "of", "next", "a", "over",
                                        "for", "at", "within", "until"}:
        head.pop()
    return ("… " if len(head) > 6 else "") + " ".join(head[-6:])


def compatible(a: FigureMention, b: FigureMention) -> bool:
    """Whether both figures can hold at once ("more than 30" and "32" can)."""
    def fits(bounded: FigureMention, other: float) -> bool:
        if bounded.bound == "lower":
            return other > bounded.value or (other == bounded.value)
        if bounded.bound == "upper":
            return other <= bounded.value
        if bounded.bound == "about":
            return abs(other - bounded.value) <= 0.1 * bounded.value
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
    mentions = [
        m for f in facts if f.status == "verified" for s in f.spans
        for m in figure_mentions(SpanRef(f.article_id, s.start, s.end, s.quote, f.id))
    ]
    rows: list[Disagreement] = []
    seen: set[tuple[str, ...]] = set()
    for i, a in enumerate(mentions):
        for b in mentions[i + 1:]:
            ra, rb = (root.get(x.span.article_id, x.span.article_id) for x in (a, b))
            if ra == rb or a.kind != b.kind or compatible(a, b):
                continue
            key = (*sorted([f"{ra}:{a.value}", f"{rb}:{b.value}"]), a.kind)
            if key in seen:
                continue
            seen.add(key)
            one, other = sorted((a, b), key=lambda m: _when(articles[m.span.article_id]))
            rows.append(Disagreement(
                f"{one.kind}: {one.written} / {other.written}", one.span, other.span,
                _reading(articles[one.span.article_id], articles[other.span.article_id],
                         event_of.get(one.span.article_id) == event_of.get(
                             other.span.article_id))))
    return rows[:MAX_ROWS]


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
                        or _question_and_answer(qa.quote, qb.quote)):
                    continue
                if copy_of.get(a.id) == b.id:
                    qa, qb = qb, qa  # the original first
                copied = copy_of.get(qb.article_id) == qa.article_id
                rows.append(_variant(qa, qb, by_id, copied))
    return rows[:MAX_ROWS]


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

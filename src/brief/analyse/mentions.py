"""Figures in a span of an article, read as the Key figures table shows them.

A counted figure is a number with the noun it counts ("more than 30 countries",
"$81.8-billion defence investment"), its qualifier kept; a tally ("a 68-32 vote") and a
range ("300-500 miles") are one figure each. Dates ("the April 20 deadline") and spans
of time in words ("a one-month halt") are read with what they are of. A number that
counts nothing — a year, an ordinal, a time of day, an age, a docket number, a number
before a verb ("Floyd, 46, died") — is not a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from brief.text import SCALE, counted_kind, fold

_QUALIFIER = re.compile(
    r"((?:\b(?:no|not)\s+)?(?:more|fewer|less) than|over|at least|upwards of|up to|under"
    r"|nearly|almost|about|around|roughly|some|approximately|as many as)\s+$", re.I)
# "up to" after a verb of change is where the figure went, not a bound
_MOVED_UP = re.compile(r"\b(?:ticked|ticks|tick|rose|rises|rise|risen|jumped|jumps|went|goes|"
                       r"moved|moves|climbed|climbs|shot|shoots|crept|creeps|inched|inches|"
                       r"edged|edges|revised|spiked|surged|soared|bumped|raised|raises)\s*$",
                       re.I)
# "no more than 15,000" is at most 15,000; "no fewer than 30", at least 30
_LOWER = {"more than", "over", "at least", "upwards of", "no fewer than", "no less than",
          "not fewer than", "not less than"}
_UPPER = {"up to", "fewer than", "less than", "under", "nearly", "almost", "as many as",
          "no more than", "not more than"}
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_NOT_UNITS = {"and", "or", "to", "of", "in", "on", "at", "the", "a", "with", "that", "for",
              "by", "from", "as", "is", "was", "were", "are", "said", "per", "than"}
# A number not inside a word or a name ("COVID-19"), nor a part of "9/11" or "1/2", with
# its currency, per cent or scale.
_FIGURE = re.compile(r"(?<![\w./])(?<![A-Za-z]-)(\$|€|£)?(\d[\d,]*+(?:\.\d+)?)(?!/\d)"
                     r"(%|[\s-]*(?:per cent|percent)(?!age))?"  # not "23 percentage points"
                     r"(?:[\s-]+(thousand|million|billion|trillion)|(?<=\d)(m|bn|tn)\b)?")
_ABBREVIATED = {"m": "million", "bn": "billion", "tn": "trillion"}  # "60m doses", "$5bn"
# Where a clause ends; not at the comma or point inside a number ("11,300", "47.5"), nor
# at the points of initials ("into the U.S. during").
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|(?<!\d)(?<!\b[A-Z])" + "".join(
    rf"(?<!\b{t})" for t in ("Rep", "Sen", "Gov", "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Lt",
                             "Jr", "Sr", "No", "Col", "Sgt", "Capt")) +
    r"\.|(?<=\d)\.(?!\d)|[;:!?()—–]| - ")  # nor after a title ("ousted Rep. Liz Cheney")


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
    bound: str  # "", "lower", "upper", "about" or "range" (value to high)
    kind: str  # what is counted, normalised: "country"
    measures: str  # the words that follow the figure in the source
    span: SpanRef
    high: float = 0.0  # a range's upper end: "300-500 miles"


def figure_mentions(span: SpanRef) -> list[FigureMention]:
    """Counted figures in a span: a number with the noun it counts (years and days left out)."""
    out = []
    text = fold(span.quote)
    tallies = [(m.start(), m.end()) for m in _TALLY.finditer(text)]
    for m in _FIGURE.finditer(text):
        number = m.group(2).rstrip(",")
        scale = m.group(4) or _ABBREVIATED.get(m.group(5) or "", "")
        before = text[max(0, m.start() - 24):m.start()]
        if re.search(r"\b(" + _MONTHS + r")[a-z]*\.?\s*$", before, re.I):
            continue  # a day of the month
        if re.fullmatch(r"(1[6-9]|20)\d\d", number) and not m.group(1):
            continue  # a year
        after = text[m.end():]
        ended = re.search(r"(\w+\s+)?\d[\d,.]*%\s+to\s+$", text[:m.start()])
        if (not m.group(1) and (_NOT_A_COUNT.match(after) or _AGES.search(before))) or any(
                a <= m.start() < b for a, b in tallies) or re.search(
                r"\d%?[-–]$", text[:m.start()]) or (
                m.group(3) == "%" and ended and (ended.group(1) or "").strip() != "from"):
            continue  # "4th", "10 p.m.", "a 75-year-old", a tally, a range's second end
        upper = re.match(r"[-–](\$?\d[\d,]*(?:\.\d+)?%?)(?![\d,])", after) or (
            re.match(r"\s+to\s+(\d[\d,]*(?:\.\d+)?%)(?![\d,])", after)
            if m.group(3) == "%" and not re.search(r"\bfrom\s+$", before) else None)
        if upper:  # a range: "300-500 miles", "50%-52%", "80% to 85%" (not "from 6% to 7%")
            after = after[upper.end():]
            if _NOT_A_COUNT.match(after):
                continue  # "18-20-year-olds"
        if re.search(r"\bNo\.\s*$", text[:m.start()]) or (
                not m.group(1) and _NAMED.search(text[:m.start()])):
            continue  # a number that names: "No. 20-315", "S&P 500 futures", "Title 42"
        if not scale and re.match(r"\.\.|…", text[m.end():]):
            continue  # the excerpt breaks off after it: "the $1.7..." (of what?)
        plus = not upper and after.startswith("+")  # "his third $1 trillion+ package"
        after = after[plus:]
        half = None if upper else re.match(r"\s+(\d)/(\d{1,2})(?!\d)", after)  # "22 1/2 years"
        after = after[half.end():] if half else after
        # "45-million-dollar", "five-year", "$300-a-week", "a 30-business-day period"
        attached = re.match(r"-((?:[a-z]+-)*([a-z]+))\b", after)
        if attached:
            after = after[attached.end():]
            if counted_kind(attached.group(2)) in _DAYS and _WINDOW.match(after):
                continue
        tail = _CLAUSE_BREAK.split(after, maxsplit=1)[0].split()
        noun = _counted_noun(tail)
        if noun and not _plural(noun[-1]) and number != "1" and noun[-1] not in _PEOPLE:
            noun = []  # "Floyd, 46, died", "the Brians 2 prison", "22 current and former"
        big = bool(m.group(3) or m.group(4) or m.group(5)) or float(
            number.replace(",", "") or 0) >= 1000  # no count of economists
        forecast = big and bool(noun) and noun[-1].lower() in _FORECASTERS and bool(
            _FORECAST.match(" ".join(tail[len(noun):len(noun) + 2])))
        if forecast:
            noun = []  # "the 8.3 million economists polled by Refinitiv had predicted":
            # what they forecast, not a count of economists
        currency = m.group(1) or (_CURRENCY.get(attached.group(2).rstrip("s"), "")
                                  if attached else "")
        if m.group(3):
            kind = "per cent"
        elif currency:
            kind = currency + scale
        elif forecast:
            kind = "forecast"
        elif attached:
            kind = counted_kind(attached.group(2))
        elif noun:
            kind = counted_kind(noun[-1])
        elif elided := _elided_noun(text[max(0, m.start() - 80):m.start()]):
            kind, tail = counted_kind(elided), [elided, *tail]  # "a few thousand soldiers
            # to as many as 100,000": the noun counted by the figure before it
        elif (_CHANGED.search(text[:m.start()]) and not m.group(3)
              and not _RANGE_TO.match(after)):  # "rose 10 to 30 degrees": a range
            kind, tail = "", []  # "grew 343,000": by how much what the clause says grew
        else:
            continue
        value = (float(number.replace(",", "") or 0)
                 + (int(half.group(1)) / int(half.group(2)) if half else 0)) * SCALE.get(scale, 1)
        qualifier = _QUALIFIER.search(text[max(0, m.start() - 20):m.start()])
        if qualifier and _MOVED_UP.search(text[:m.start() - len(qualifier.group())]):
            qualifier = None  # "ticked up to 6.1%": rose to it, not at most
        q = qualifier.group(1).lower() if qualifier else ""
        bound = ("range" if upper else "lower" if q in _LOWER or plus else "upper" if q in _UPPER
                 else "about" if q else "")
        high = (float(upper.group(1).strip("$%").replace(",", ""))
                * SCALE.get(scale, 1) if upper else 0.0)
        start = m.start() - len(qualifier.group()) if qualifier else m.start()
        end = m.end() + plus + (half.end() if half else 0) + (
            upper.end() if upper else attached.end() if attached else 0)
        written = span.quote[start:end].rstrip(",")
        if noun and not m.group(3) and not m.group(1) and not attached:
            written += " " + " ".join(noun)
        measures = _phrase(tail)
        if forecast:  # "economists polled by Refinitiv had predicted"
            said = next((i for i, w in enumerate(tail) if _FORECAST_SAID.match(w)), None)
            measures = " ".join(tail[:said + 1]).rstrip(",.") if said is not None and (
                said < 8) else measures
        of_what = bool(m.group(3)) and tail[:1] == ["of"]  # "31.7 percent of the vote"
        verb = len(measures.split())  # where the clause's own verb stands in `tail`
        if of_what and len(tail) > verb + 1 and tail[verb].lower() in {
                "were", "are", "was", "is", "have", "has", "had"}:
            done = list(takewhile(lambda w: w.lower() not in _PREDICATE_ENDS, tail[verb + 1:]))
            shown = tail[:verb + 1 + len(done)]  # "of adults were fully vaccinated": what
            # the share did, not only of whom (up to "and", "which", "according" …)
            measures = " ".join(shown[:10]) + (" …" if len(shown) > 10 else "")
        timed = measures if tail[:1] and tail[0].lower() in _WHEN else ""  # "last month":
        # when, if the clause before says no better
        if not tail or (tail[0].lower() in _NOT_UNITS | _WHEN | {"were", "was", "is", "are"}
                        and not currency and not of_what):  # "$81.8 billion in defence",
            # "spiked 10.5% last month"
            measures = ""  # says what for
        if (m.group(3) or not (tail or attached or text[:start].rstrip().endswith(","))
                ) and not measures:  # a share, a change or a sum says what before it:
            measures = _what_rose(text[:start])  # "infections has shot up 50%", "That cost
            # $1.9 trillion"
            if timed and (re.search(r"\d[\d,.]*%", measures) or _COMPARED.search(measures)):
                measures = timed  # "rose 0.9% from May and 5.4% over the past year",
                # "compared with 10 percent last fall": the clause before is another's
        kind = kind or f"change: {measures}"  # changes compare only with the same change
        if kind in _DAYS and not attached and measures in {"", " ".join(noun)}:  # "the
            # most in 13 years" (not "a 100-year anniversary")
            measures = _timed(text[:start], re.sub(r"^\s*[a-z]+", "", text[m.end():], count=1))
        out.append(FigureMention(written.strip(), value, bound, kind, _tidy(measures), span,
                                 high))
    return out


def _tidy(measures: str) -> str:
    """What a figure counts without a quotation mark it opens on or a dash or "or" it
    ends on where an excerpt breaks off ("47 deaths —...", "1,500 shares or...")."""
    measures = measures.lstrip("\"“”‘’' ")
    return re.sub(r"(?:\s+(?:[-–—]+|or|and|but))+$", "", measures)


# Who forecast a figure, and the words after them that say so.
_FORECASTERS = {"economists", "analysts", "forecasters", "experts", "traders"}
_FORECAST_SAID = re.compile(r"(?:expect|predict|forecast|estimat|anticipat|project)"
                            r"(?:ed|ing|e)?\b", re.I)
_FORECAST = re.compile(r"(?:(?:had|have|were|are)\s+)?(?:polled|surveyed|"
                       r"(?:expect|predict|forecast|estimat|anticipat|project)(?:ed|ing|e)?)"
                       r"\b", re.I)


# Words after a share that say when it was, not what it is of ("10.5% last month"); and
# a clause before it that ends comparing it with another ("compared with 10 percent").
_WHEN = {"last", "this", "next", "over", "since"}
_PREDICATE_ENDS = {"and", "but", "which", "who", "while", "said", "says", "according"}
_COMPARED = re.compile(r"\b(?:compared (?:with|to)|versus|vs\.?|against)$")
# A capitalised word just before a number, inside a sentence: the number is part of a
# name ("the S&P 500", "Nasdaq 100 futures", "Section 230"), not a count.
_NAMED = re.compile(r"(?<=[a-z,;] )(?:[A-Z][\w&]*|[A-Z]&[A-Z])\s$")


# A verb of change just before a number that names no noun: the number is by how much.
_CHANGED = re.compile(r"\b(?:grew|rose|fell|added|gained|lost|increased|decreased|dropped|"
                      r"climbed|jumped|declined|shed)\s+(?:by\s+)?(?:about\s+|nearly\s+|"
                      r"almost\s+|some\s+|roughly\s+|more than\s+)?$")


_RANGE_TO = re.compile(r"\s+to\s+\d[\d,.]*\s+[a-z]+s\b")


# A number that counts nothing: an ordinal, a decade ("in their 20s and 30s"), a time of
# day, an age.
_NOT_A_COUNT = re.compile(r"\s?(?:st|nd|rd|th)\b|s\b|\s*(?:[ap]\.m\.|[ap]m\b)"
                          r"|[\s-](?:year|month|week|day)s?[\s-]olds?\b"
                          r"|\s+and\s+(?:over|older|up|above)\b", re.I)  # "everyone 16 and over"
# An age before it: "women ages 15 to 44", "aged 12".
_AGES = re.compile(r"\b(?:ages?|aged)\s+(?:\d+\s*(?:to|and|-|–)\s*)?$", re.I)
# What a span of time in front of it qualifies, not a figure: "the four-week average",
# "the seven-day moving average" (a "four-year high" is still one).
_WINDOW = re.compile(r"[\s-]*(?:average|moving|rolling|basis)\b", re.I)


# Where what a figure counts ends and the rest of its sentence begins: "defence
# investment over that period | was …", "soldiers | with the need for …".
_CLAUSE_STARTS = {"was", "were", "is", "are", "will", "would", "has", "have", "had", "with",
                  "and", "but", "said", "says", "told", "who", "which", "does", "do", "did",
                  "doesn't", "don't", "didn't", "isn't", "wasn't", "won't", "can't"}


def _phrase(tail: list[str]) -> str:
    """The words after a figure up to where its clause turns (at most 8). A relative
    clause on the noun counted is what is counted ("nations that have expressed interest
    in …"); it ends at its second verb ("… interest | met")."""
    words: list[str] = []
    verb = 0  # where a relative clause's verb stands in `words`
    for i, word in enumerate(tail):
        low = word.lower()
        following = tail[i + 1].lower() if i + 1 < len(tail) else ""
        if verb and len(words) <= verb:
            words.append(word)  # the auxiliary, then its verb: "that | have | expressed"
            continue
        if (words and not verb and low in {"that", "who", "which"} and words[-1].islower()
                and following in _AUXILIARIES and len(words) <= 3):  # not "on Friday that"
            verb = len(words) + 2
            words.append(word)
            continue
        if words and (low in _CLAUSE_STARTS or (low == "that" and following in _CLAUSE_STARTS
                                                 | {"he", "she", "they", "it", "we", "i"})
                      or (verb and (low.endswith("ed") or low in _PAST))):
            break
        words.append(word)
    return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


_AUXILIARIES = {"have", "has", "had", "are", "were", "is", "was", "will", "would", "could"}
# Verbs in the past whose form does not say so: where a relative clause gives way to its
# sentence's own verb ("commanders from 28 nations that have expressed interest | met").
_PAST = {"met", "held", "said", "took", "made", "gave", "went", "came", "saw", "told", "began",
         "won", "lost", "led", "left", "sent", "spent", "set", "put", "cut", "hit", "paid",
         "kept", "found", "brought", "bought", "thought", "stood", "ran", "rose", "fell",
         "grew", "drew", "knew", "wrote", "spoke", "broke", "chose", "drove", "got", "did"}


_CURRENCY = {"dollar": "$", "euro": "€", "pound": "£", "yen": "¥", "yuan": "¥"}
_NOT_IN_NOUN = _NOT_UNITS | {"last", "next", "this", "each", "ago", "a", "an", "were", "was",
                             "is", "are", "be", "been", "will", "would", "have", "has"}


def _what_rose(before: str) -> str:
    """The words of its clause before a share, up to six ("… infections has shot up")."""
    head = re.split(r"[;:!?()—–]| - ", before)[-1].split()
    while head and head[0].rstrip(",").lower() in {"still", "however", "but", "and", "yet",
                                                   "meanwhile", "also"}:
        head.pop(0)  # "Still, the unemployment rate ticked up"
    while head and head[-1].lower() in {"by", "of", "to", "the", "a", "an", "about", "or",
                                        "and", "additional", "another", "at"}:
        head.pop()
    return ("… " if len(head) > 6 else "") + " ".join(head[-6:]) if len(head) > 1 else ""


def _elided_noun(before: str) -> str:
    """The plural noun a figure just before counts, in the same sentence ("thousand soldiers")."""
    clause = re.split(r"[.;:!?]", before)[-1]
    found = re.findall(r"(?:\d|\b(?:hundred|thousand|million|few|dozens?))[\s-]+([a-z]+s)\b",
                       clause)
    return found[-1] if found else ""


# Words that count people after a number without a plural noun ("10 injured").
_PEOPLE = {"injured", "wounded", "killed", "dead", "missing", "unaccounted", "hospitalized",
           "infected", "arrested", "displaced", "detained", "evacuated", "confirmed"}


def _plural(word: str) -> bool:
    return (word.endswith("s") and not word.endswith("ss")) or word.lower() in _PLURALS


_PLURALS = {"people", "children", "men", "women", "cattle", "police", "personnel", "staff",
            "livestock", "poultry", "sheep", "fish"}


# A people or a party, counted: "Americans", "Canadians", "Republicans", "Democrats".
_PEOPLES = re.compile(r"[A-Z][a-z]+(?:ians|cans|ans|crats)")
_OF_A_PEOPLE = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|i)|Democratic")


def _counted_noun(tail: list[str]) -> list[str]:
    """The words of the noun phrase a figure counts, up to its head: "surveillance drones".

    The phrase runs over lower-case words that are not function words or verb forms
    (at most three); its head is the last plural word in it, else its first word. A
    participle inside it is an adjective when a plural follows ("new reported cases").
    """
    for participles in (False, True):
        run: list[str] = []
        for word in tail[:3 + participles]:
            low = word.lower()
            if not run and _PEOPLES.fullmatch(word):
                return [word]  # "5 million Americans", "35 Republicans"
            if not run and _OF_A_PEOPLE.fullmatch(word):
                run.append(word)  # "219 Palestinian deaths", "35 Republican senators"
                continue
            if (not re.fullmatch(r"[a-z][a-z-]*", word) or low in _NOT_IN_NOUN
                    or low.endswith("ing") or (run and low.endswith("ed") and not participles)):
                break
            run.append(word)
        plural = [i for i, w in enumerate(run) if _plural(w)]
        if plural:
            return run[:plural[-1] + 1]
    return run[:1]


_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]
_DATE = re.compile(r"\b(" + "|".join(m.title() for m in _MONTH_NAMES) + r")\.? (\d{1,2})\b"
                   r"(?:[-–]\d{1,2}\b)?(?!,? \d{4}\b)")  # "June 15-16": the days, one figure
_WORD_NUMBERS = {w: i for i, w in enumerate(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve"], 1)}
_DURATION = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")[\s-](day|week|month|year)s?\b",
                       re.I)
_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
# A vote's tally: "a 285-120 vote", "the 220-to-190 party-line vote", "the 6-3 conservative
# majority", "passed 364 to 62", "the vote was 222-190".
_TALLY = re.compile(r"\b(\d{1,3})[-–](?:to[-–])?(\d{1,3})\s+((?:[a-z-]+\s+)?(?:vote|decision"
                    r"|ruling|opinion|majority|margin|verdict)s?)\b"
                    r"|\b(?:passed|voted|approved|rejected|confirmed|defeated|adopted) "
                    r"(\d{1,3}) to (\d{1,3})\b"
                    r"|\bvote (?:was|is|of) (\d{1,3})[-–](?:to[-–])?(\d{1,3})\b", re.I)


def dated_mentions(span: SpanRef) -> list[FigureMention]:
    """Dates ("the April 20 deadline") and durations in words ("a one-month halt") of a span.

    A date that only says when someone spoke ("said on March 5") is not a figure.
    These are for the key-figures table; they are not compared across sources.
    """
    text = fold(span.quote)
    out = []
    for m in _DATE.finditer(text):
        before = text[:m.start()]
        if re.search(r"\b(?:said|says|saying|told|announced|stated)\s+(?:on\s+)?$", before):
            continue
        value = (_MONTH_NAMES.index(m.group(1).lower()) + 1) * 100 + int(m.group(2))
        dates = _around(before, text[m.end():])
        if dates:  # not "From January 1 to July 11": a date that says of what is no figure
            out.append(FigureMention(span.quote[m.start():m.end()], value, "", "date", dates,
                                     span))
    for m in _TALLY.finditer(text):
        # "285-120 vote", "passed 364 to 62" or "the vote was 222-190"
        ayes = 1 if m.group(1) else 4 if m.group(4) else 6
        tail = _CLAUSE_BREAK.split(text[m.end():], maxsplit=1)[0].split()
        what = _phrase([*(m.group(3) or "").split(), *tail]) if ayes == 1 else "vote"
        out.append(FigureMention(span.quote[m.start(ayes):m.end(ayes + 1)],
                                 float(m.group(ayes)), "", "tally", what, span))
    for m in _DURATION.finditer(text):
        if _NOT_A_COUNT.match(text[m.end():]) or (m.group()[len(m.group(1))] == "-"
                                                  and _WINDOW.match(text[m.end():])):
            continue  # "a five-year-old", "the seven-day average"
        value = _WORD_NUMBERS[m.group(1).lower()] * _DAYS[m.group(2).lower()]
        qualifier = _QUALIFIER.search(text[max(0, m.start() - 20):m.start()])
        start = m.start() - len(qualifier.group()) if qualifier else m.start()
        out.append(FigureMention(span.quote[start:m.end()], value, "", "duration",
                                 _around(text[:start], text[m.end():], timed=True), span))
    return out


def _around(before: str, after: str, timed: bool = False) -> str:
    """What a date or duration is of: the words after it, else the words before it."""
    tail = _CLAUSE_BREAK.split(after, maxsplit=1)[0].split()
    if tail and (tail[0].lower() not in _NOT_IN_NOUN | {"and", "then"} or tail[0] == "of"):
        return _phrase(tail)
    return _timed(before, after) if timed else _words_before(before)


_LEADING_IN = {"on", "in", "by", "the", "of", "next", "a", "over", "for", "at", "within",
               "until", "past", "last", "during", "since", "after", "before", "to", "some",
               "across", "into", "coming", "from"}
_OPENERS = {"for", "over", "in", "after", "during", "within", "since", "across", "throughout"}
_FROM_VERB = 5  # words from a verb in "-ing" to the date, at least, to start there


def _words_before(before: str) -> str:
    """The words of its clause before a date or span of time, up to six, or from the verb
    in "-ing" that opens them ("… hosting Russian President Vladimir Putin in Alaska")."""
    clauses = _CLAUSE_BREAK.split(before)
    head = clauses.pop().split()
    while head and (head[-1].lower() in _LEADING_IN or [w.lower() for w in head[-3:]] in (
            ["over", "the", "course"], ["in", "the", "course"], ["during", "the", "course"])):
        del head[-3 if head[-1].lower() == "course" else -1:]  # "… over the course of the next"
    if not head and len(clauses) >= 2 and re.fullmatch(r"\s*[A-Z][\w.]*\s*", clauses[-1]):
        head = clauses[-2].split()  # "will meet in Geneva, Switzerland, on June 16": the
        # clause before, past a place's name
    verbs = [i for i, w in enumerate(head) if _FROM_VERB <= len(head) - i <= 10
             and re.fullmatch(r"[a-z]+ing", w)]
    first = verbs[-1] if len(head) > 6 and verbs else max(0, len(head) - 6)
    words = head[first:]
    words[:1] = [w.lstrip("\"“‘'") for w in words[:1]]
    return ("… " if first else "") + " ".join(words)


def _timed(before: str, after: str) -> str:
    """What a span of time measures when the words after it do not say: the words before
    it ("a prison sentence of up to 30 years"), or, when it ends the sentence's opening
    phrase ("For over two years, Canada has been involved …"), the clause after it."""
    opening = before.split()[:1]
    if (not _CLAUSE_BREAK.search(before) and after.lstrip().startswith(",")
            and opening and opening[0].lower() in _OPENERS):
        main = re.split(r"[;:!?()—–]", after.lstrip()[1:])[0].rstrip(". ").split()
        main[:1] = [w.lstrip("\"“‘'") for w in main[:1]]
        return " ".join(main[:8]) + (" …" if len(main) > 8 else "")
    return _words_before(before)

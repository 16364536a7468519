"""An opinion piece, as its publisher marks it: a column is its writer's view, not a report.

Publishers say so in the address ("/opinion/", "/commentary/"), in the title
("Opinion | …", "Editorial: …") or in the name they give the outlet ("New York Post
(Opinion)"). A title that passes its own verdict ("Biden's Dishonest Sales Pitch",
"Oversight Board Is Wrong to Uphold …") marks a column as plainly, wherever it runs.
A brief names such a source as an opinion piece wherever it cites it, and opens an
event on what the reports say before what the columns do.

A lede can be a column's too, wherever it runs: one that speaks to the reader, or one
that only points to what follows, is not news a brief states.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from brief import lexicon
from brief.schema import Article, Event
from brief.text import figures_in, outside_quotes

_WORDS = r"opinions?|commentary|editorials?|op-?eds?|columns?|columnists?"
_SECTION = re.compile(rf"/(?:{_WORDS})(?:/|$|[-_.])", re.I)
_TITLE = re.compile(rf"^\W*(?:{_WORDS})\s*[:|\u2014\u2013]", re.I)
_OUTLET = re.compile(rf"\b(?:{_WORDS})\b", re.I)


def is_opinion(article: Article) -> bool:
    """True when the article's address, title or outlet marks it as opinion, or its
    title judges in its own voice."""
    path = urlsplit(article.url).path if article.url else ""
    return bool(_SECTION.search(path) or _TITLE.match(article.title or "")
                or _OUTLET.search(article.outlet or "")
                or lexicon.judging(article.title or ""))


def marked_outlet(article: Article) -> str | None:
    """The outlet as a brief names it: "(opinion)" added where the article is one and
    its outlet's name does not say so already."""
    if not is_opinion(article):
        return article.outlet
    if article.outlet and _OUTLET.search(article.outlet):
        return article.outlet
    return f"{article.outlet} (opinion)" if article.outlet else "opinion piece, outlet not stated"


def whose_view(articles: list[Article]) -> str:
    """For a line of a brief that only opinion pieces bear out, whose view it is
    ("opinion: New York Post"); "" when a report bears it out too."""
    if not articles or not all(is_opinion(a) for a in articles):
        return ""
    # "New York Post (Opinion)" is named "New York Post": the label says opinion once
    outlets = dict.fromkeys(re.sub(r"\s*\((?:" + _WORDS + r")\)\s*$", "", a.outlet or "",
                                   flags=re.I).strip() for a in articles)
    named = sorted(o for o in outlets if o)
    return "opinion: " + ", ".join(named) if named else "opinion piece"


def opinions_only(event: Event, articles: dict[str, Article]) -> bool:
    """True when every article of `event` is marked as opinion: with its writers' views
    held back, an event may rightly state nothing as reported fact."""
    return all(is_opinion(articles[a]) for a in event.article_ids if a in articles)


COLUMN_OPENING = ("it speaks to the reader (or asks them) and no one is said to say it: "
                  "a column's words, not news")
TEASER = ("it points to what follows and says nothing itself: it opens on \"It\", \"That\", "
          "\"This\" or \"They\", names no one and gives no figure")
_TO_THE_READER = re.compile(r"\b(?:you|your)\b", re.I)
_POINTER = re.compile(r"^(?:It|This|That|They)(?:['’]s)?\b")
_CAPITAL = re.compile(r"(?<=\s)[A-Z]")
_SAID = re.compile(r"\b(?:says?|said|according to|told|tells|asks?|asked|wrote)\b", re.I)


def column_opening(claim: str) -> bool:
    """A columnist's opening, not news: it speaks to the reader, or asks them ("In the
    market for a new car this year?"), and no one is said to say it ("Time tends to warp
    …, so you may have forgotten …")."""
    plain = outside_quotes(claim)  # "your" in a quoted question is the speaker's
    return bool(_TO_THE_READER.search(plain) or "?" in plain) and not _SAID.search(claim)


def teaser(claim: str) -> bool:
    """A lede that only sets up what follows ("It is a number that once seemed
    unimaginable.", "It felt like a gut punch.", "This was the week of consumer angst."):
    it opens on "It", "This", "That" or "They", names no one and gives no figure. Alone
    in a brief it says nothing; "It took 93 years for the Academy to …" does. (Asked of
    an article's first sentence: further down, "It" has a sentence before it.)"""
    return bool(_POINTER.match(claim)) and not figures_in(claim) and not _CAPITAL.search(
        claim)


def not_news(claim: str, *, lede: bool = True) -> str | None:
    """Why `claim` is a column's words and not news a brief states, or None: it speaks
    to the reader, or, as an article's first sentence (`lede`), only points to what
    follows."""
    if column_opening(claim):
        return COLUMN_OPENING
    return TEASER if lede and teaser(claim) else None

"""An opinion piece, as its publisher marks it: a column is its writer's view, not a report.

Publishers say so in the address ("/opinion/", "/commentary/"), in the title
("Opinion | …", "Editorial: …") or in the name they give the outlet ("New York Post
(Opinion)"). A title that passes its own verdict ("Biden's Dishonest Sales Pitch",
"Oversight Board Is Wrong to Uphold …") marks a column as plainly, wherever it runs.
A brief names such a source as an opinion piece wherever it cites it, and opens an
event on what the reports say before what the columns do.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from brief import lexicon
from brief.schema import Article, Event

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


def opinions_only(event: Event, articles: dict[str, Article]) -> bool:
    """True when every article of `event` is marked as opinion: with its writers' views
    held back, an event may rightly state nothing as reported fact."""
    return all(is_opinion(articles[a]) for a in event.article_ids if a in articles)

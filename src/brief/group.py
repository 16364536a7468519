"""Group: copies (one text in several wordings) and events (one happening).

Copies: most sentences of the shorter text have a close counterpart in the other
(token-set ratio ≥ 70) — robust to machine rewording, unlike whole-text cosine.
Events: copies, plus articles whose TF-IDF cosine passes a threshold and whose dates
lie within a few days of each other (single link). Event ids derive from the
founding article, so they stay put while an event grows with later articles.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer

from .schema import Article
from .text import fold, split_sentences

COPY_SENTENCE_SCORE = 70
COPY_SHARE = 0.5
EVENT_COSINE = 0.35
EVENT_MAX_DAYS = 3
COPY_MIN_COSINE = 0.25  # cheap pre-filter before the sentence-level comparison


@dataclass
class Event:
    """A group of articles about one happening; `copy_of` maps a copy to its original."""

    id: str
    title: str
    article_ids: list[str]
    copy_of: dict[str, str] = field(default_factory=dict)
    first_date: date | None = None
    last_date: date | None = None

    @property
    def independent_sources(self) -> int:
        return len(self.article_ids) - len(self.copy_of)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = sorted((self.find(i), self.find(j)))
        self.parent[b] = a


def _close_in_time(a: Article, b: Article) -> bool:
    if a.published is None or b.published is None:
        return True
    return abs((a.published - b.published).days) <= EVENT_MAX_DAYS


def is_copy(a: Article, b: Article) -> bool:
    """True when the shorter text is mostly the other one reworded."""
    sa, sb = _sentences(a), _sentences(b)
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if not short or not long_:
        return False
    matched = sum(
        1
        for s in short
        if (hit := process.extractOne(s, long_, scorer=fuzz.token_set_ratio)) is not None
        and hit[1] >= COPY_SENTENCE_SCORE
    )
    return matched / len(short) >= COPY_SHARE


def _sentences(a: Article) -> list[str]:
    folded = fold(a.text).lower()
    return [folded[s.start:s.end] for s in split_sentences(a.text)]


def _order(a: Article) -> tuple[date, str]:
    return (a.published or date.max, a.id)


def group_articles(articles: list[Article]) -> list[Event]:
    """Group articles into events, heaviest first (independent sources, then recency)."""
    arts = sorted(articles, key=_order)
    if not arts:
        return []
    n = len(arts)
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [f"{a.title or ''}\n{a.text}" for a in arts]
    )
    cosine = (matrix @ matrix.T).tocoo()
    events, copies = _Union(n), _Union(n)
    for i, j, score in zip(cosine.row, cosine.col, cosine.data, strict=True):
        if i >= j or not _close_in_time(arts[i], arts[j]):
            continue
        if score >= COPY_MIN_COSINE and is_copy(arts[i], arts[j]):
            copies.join(i, j)
            events.join(i, j)
        elif score >= EVENT_COSINE:
            events.join(i, j)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(events.find(i), []).append(i)
    result = [_event([arts[i] for i in idx], {arts[i].id: arts[copies.find(i)].id
                                               for i in idx if copies.find(i) != i})
              for idx in members.values()]
    result.sort(key=lambda e: (-e.independent_sources, -(e.last_date or date.min).toordinal(),
                               e.id))
    return result


def _event(arts: list[Article], copy_of: dict[str, str]) -> Event:
    founder = arts[0]
    dates = [a.published for a in arts if a.published]
    titled = next((a.title for a in arts if a.title), None)
    return Event(
        id="e" + hashlib.sha256(founder.id.encode()).hexdigest()[:9],
        title=titled or _headline(founder.text),
        article_ids=[a.id for a in arts],
        copy_of=copy_of,
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
    )


def _headline(text: str, words: int = 10) -> str:
    first = text.split("\n", 1)[0].split()
    return " ".join(first[:words]) + ("…" if len(first) > words else "")

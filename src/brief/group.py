"""Group: events (one happening) and, inside them, copies (one text in several wordings).

Events, in two passes over each article's title and first sentences (where news
states who, what, where):
1. link articles whose TF-IDF cosine, less DAY_PENALTY per day between them, passes
   LINK_THRESHOLD and whose dates are at most EVENT_MAX_DAYS apart, and cluster
   them by average link (on the same lessened similarity). Similarity is only
   computed between articles a date window apart (sparse, blocked by day), and
   average link runs per connected component, so cost grows with the articles
   and their same-day neighbours, not with the square of the collection.
2. re-weight words inside each group (a word common to the group says nothing
   about which of its events an article is about) and split the group in two
   when the articles of the two halves are much less alike across than within
   (SPLIT_RATIO), once more per half. Two events of one kind in one group — two
   rehab stays, two title fights — come apart here. Two halves that are also
   apart in time (every article of one dated no later than every article of the
   other) split at a looser ratio (APART_SPLIT_RATIO): a story's next happening,
   reported over the days after it, as its outlets' reports arrive.
3. split off what came after a group's first day when the first day's reports and
   the later ones are much less alike across than within (DAY_SPLIT_RATIO), again
   for the later part: a running story's next happening (an offer, then the talks
   abandoned; a week's jobless claims, then the next week's) is an event of its
   own, while a follow-up that reports the same happening stays. Each side needs
   two articles, so a single follow-up always stays with its event.

Copies: within an event, most sentences of the shorter text have a close
counterpart in the other (token-set ratio ≥ 70).

The thresholds were chosen on half of the public dev sets' topics and checked on
the other half (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

import numpy as np
from rapidfuzz import fuzz, process
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

from brief.kind import is_opinion, not_news
from brief.schema import Article, Event
from brief.text import fold, split_sentences, without_signpost

LEAD_SENTENCES = 3
LINK_THRESHOLD = 0.06
EVENT_MAX_DAYS = 6  # a follow-up may come days later: a week of news is one window
DAY_PENALTY = 0.01  # similarity taken off per day between two articles
SPLIT_RATIO = 0.4
SPLIT_MIN_ARTICLES = 4
SPLIT_DEPTH = 2
APART_SPLIT_RATIO = 0.6  # the split ratio for two halves apart in time
DAY_SPLIT_RATIO = 0.55
MAX_BLOCK = 1000  # articles clustered at once (memory grows with its square)
COPY_SENTENCE_SCORE = 70  # token sort ratio of two sentences' own words
COPY_SHARE = 0.7  # of the shorter text's sentences (at least two, when it has two)
COPY_MIN_WORDS = 4  # a sentence with fewer words of its own says nothing of who wrote it


def lead(article: Article) -> str:
    """Title and first sentences: the part of a news text that names its event."""
    text = article.text
    first = " ".join(text[s.start:s.end] for s in split_sentences(text)[:LEAD_SENTENCES])
    title = article.title or ""
    return first if not title or first.startswith(title[:40]) else f"{title}\n{first}"


def _vectors(texts: list[str]) -> csr_matrix:
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        return csr_matrix(vectorizer.fit_transform(texts))
    except ValueError:  # nothing but stop words: no article is like another
        return csr_matrix((len(texts), 1))


def _day(article: Article) -> int | None:
    return article.published.toordinal() if article.published else None


def _candidate_similarity(arts: list[Article], matrix: csr_matrix) -> csr_matrix:
    """Cosine between articles at most EVENT_MAX_DAYS apart (undated: with all), sparse."""
    n = len(arts)
    days = [_day(a) for a in arts]
    by_day: dict[int, list[int]] = {}
    undated = []
    for i, d in enumerate(days):
        if d is None:
            undated.append(i)
        else:
            by_day.setdefault(d, []).append(i)
    rows, cols, vals = [], [], []
    day_of = np.array([-1 if d is None else d for d in days])

    def add(left: list[int], right: list[int]) -> None:
        block = (matrix[left] @ matrix[right].T).tocoo()
        a, b = np.asarray(left)[block.row], np.asarray(right)[block.col]
        dated = (day_of[a] >= 0) & (day_of[b] >= 0)
        data = block.data - DAY_PENALTY * np.where(dated, np.abs(day_of[a] - day_of[b]), 0)
        keep = data >= LINK_THRESHOLD
        rows.extend(a[keep])
        cols.extend(b[keep])
        vals.extend(data[keep])

    for d, members in by_day.items():
        near = [j for k in range(d - EVENT_MAX_DAYS, d + EVENT_MAX_DAYS + 1)
                for j in by_day.get(k, [])]
        add(members, near)
    if undated:  # one direction is enough: components are taken as undirected
        add(undated, list(range(n)))
    return csr_matrix((vals, (rows, cols)), shape=(n, n))


def _average_link(similarity: np.ndarray, threshold: float) -> np.ndarray:
    if len(similarity) == 1:
        return np.array([1])
    distance = np.clip(1.0 - similarity, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    distance = (distance + distance.T) / 2
    labels = fcluster(linkage(squareform(distance, checks=False), "average"),
                      1.0 - threshold, "distance")
    return np.asarray(labels, dtype=int)


def _masked_similarity(matrix: csr_matrix, left: np.ndarray, right: np.ndarray,
                       days: np.ndarray) -> np.ndarray:
    """Cosine of `left` × `right`, zero where both are dated and too far apart."""
    dense = (matrix[left] @ matrix[right].T).toarray()
    a, b = days[left][:, None], days[right][None, :]
    dated = (a >= 0) & (b >= 0)
    gap = np.where(dated, np.abs(a - b), 0)
    dense = np.clip(dense - DAY_PENALTY * gap, 0.0, None)
    dense[(gap > EVENT_MAX_DAYS) & dated] = 0.0
    return np.asarray(dense)


def _cluster_exact(matrix: csr_matrix, members: np.ndarray, days: np.ndarray) -> list[np.ndarray]:
    labels = _average_link(_masked_similarity(matrix, members, members, days), LINK_THRESHOLD)
    return [members[labels == label] for label in np.unique(labels)]


def _cluster_large(matrix: csr_matrix, members: np.ndarray, days: np.ndarray) -> list[np.ndarray]:
    """A component too large to cluster at once: by blocks of days, then stitched.

    Average link cannot join articles more than EVENT_MAX_DAYS apart, so blocks cut
    at day boundaries lose only clusters that straddle a cut; those are joined when
    their average similarity passes the threshold. Undated members then join the
    cluster they are most like, or cluster among themselves.
    """
    dated, undated = members[days[members] >= 0], members[days[members] < 0]
    blocks: list[list[int]] = [[]]
    for i in dated:  # `members` is in date order
        if len(blocks[-1]) >= MAX_BLOCK and days[i] != days[blocks[-1][-1]]:
            blocks.append([])
        blocks[-1].append(int(i))
    clusters: list[np.ndarray] = []
    for block in blocks:
        found = _cluster_exact(matrix, np.array(block, dtype=int), days) if block else []
        if clusters and found:
            found = _stitch(matrix, clusters, found, days)
        clusters.extend(found)
    leftover = []
    if len(undated) and clusters:
        scores = _mean_similarity(matrix, [np.array([i]) for i in undated], clusters, days)
        best = scores.argmax(axis=1)
        joined: dict[int, list[int]] = {}
        for row, i in enumerate(undated):
            if scores[row, best[row]] >= LINK_THRESHOLD:
                joined.setdefault(int(best[row]), []).append(int(i))
            else:
                leftover.append(int(i))
        for k, extra in joined.items():
            clusters[k] = np.concatenate([clusters[k], np.array(extra, dtype=int)])
    else:
        leftover = [int(i) for i in undated]
    if leftover:
        clusters.extend(_cluster_exact(matrix, np.array(leftover, dtype=int), days))
    return clusters


def _mean_similarity(matrix: csr_matrix, left: list[np.ndarray], right: list[np.ndarray],
                     days: np.ndarray) -> np.ndarray:
    """Average masked similarity between each cluster of `left` and each of `right`."""
    a, b = np.concatenate(left), np.concatenate(right)
    pairs = _masked_similarity(matrix, a, b, days)
    to_left = np.repeat(np.arange(len(left)), [len(c) for c in left])
    to_right = np.repeat(np.arange(len(right)), [len(c) for c in right])
    sums = np.zeros((len(left), len(right)))
    np.add.at(sums, (to_left[:, None], to_right[None, :]), pairs)
    sizes = np.outer([len(c) for c in left], [len(c) for c in right])
    return np.asarray(sums / sizes)


def _stitch(matrix: csr_matrix, before: list[np.ndarray], after: list[np.ndarray],
            days: np.ndarray) -> list[np.ndarray]:
    """Join clusters of the next block into the previous block's, where they belong."""
    edge = int(max(days[c].max() for c in before))
    recent = [k for k, c in enumerate(before) if days[c].max() >= edge - EVENT_MAX_DAYS]
    near = [k for k, c in enumerate(after) if days[c].min() <= edge + EVENT_MAX_DAYS]
    if not recent or not near:
        return after
    scores = _mean_similarity(matrix, [after[k] for k in near], [before[k] for k in recent],
                              days)
    joined = set()
    for row, k in enumerate(near):
        best = int(scores[row].argmax())
        if scores[row, best] >= LINK_THRESHOLD:
            target = recent[best]
            before[target] = np.concatenate([before[target], after[k]])
            joined.add(k)
    return [c for k, c in enumerate(after) if k not in joined]


def _first_pass(arts: list[Article], matrix: csr_matrix) -> list[list[int]]:
    # Average link can only join articles connected by links above the threshold,
    # so it runs per connected component, on that component's full similarities.
    count, component = connected_components(_candidate_similarity(arts, matrix),
                                            directed=False)
    days = np.array([_day(a) or -1 for a in arts])
    groups: list[list[int]] = []
    for c in range(count):
        members = np.flatnonzero(component == c)
        parts = (_cluster_exact(matrix, members, days) if len(members) <= MAX_BLOCK
                 else _cluster_large(matrix, members, days))
        groups.extend(sorted(int(i) for i in part) for part in parts)
    return groups


def _mean_within(similarity: np.ndarray, part: np.ndarray) -> float:
    block = similarity[np.ix_(part, part)]
    return float((block.sum() - np.trace(block)) / (len(part) * (len(part) - 1)))


def _ratio(similarity: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """Mean similarity across `a` and `b`, over the mean of their means within."""
    within = (_mean_within(similarity, a) + _mean_within(similarity, b)) / 2
    return float(similarity[np.ix_(a, b)].mean()) / within if within > 0 else 1.0


def _group_similarity(leads: list[str], members: list[int]) -> np.ndarray:
    """Cosine of the members' leads, their words weighted within the group."""
    matrix = _vectors([leads[i] for i in members])
    return np.asarray((matrix @ matrix.T).toarray())


def _split(leads: list[str], days: list[int], members: list[int], depth: int
           ) -> list[list[int]]:
    """Split `members` in two when they are much less alike across than within (the
    bar lower for two halves apart in time: `days` holds each article's, -1 undated)."""
    if len(members) < SPLIT_MIN_ARTICLES or depth == 0:
        return [members]
    similarity = _group_similarity(leads, members)
    labels = fcluster(
        linkage(squareform(np.clip(1 - similarity, 0, 1) * (1 - np.eye(len(members))),
                           checks=False), "average"), 2, "maxclust")
    a, b = np.flatnonzero(labels == 1), np.flatnonzero(labels != 1)
    if len(a) < 2 or len(b) < 2:
        return [members]
    bar = APART_SPLIT_RATIO if _apart([days[members[i]] for i in a],
                                      [days[members[i]] for i in b]) else SPLIT_RATIO
    if _ratio(similarity, a, b) >= bar:
        return [members]
    return (_split(leads, days, [members[i] for i in a], depth - 1)
            + _split(leads, days, [members[i] for i in b], depth - 1))


def _apart(one: list[int], other: list[int]) -> bool:
    """Every article of one side dated no later than every article of the other."""
    if min(one + other) < 0:
        return False
    return max(one) <= min(other) or max(other) <= min(one)


def _split_days(arts: list[Article], leads: list[str], members: list[int]) -> list[list[int]]:
    """Split off the articles after the group's first day when they report another
    happening: the two sides much less alike across than within (DAY_SPLIT_RATIO).
    Undated members go with the side they are more like."""
    days = np.array([_day(arts[i]) or -1 for i in members])
    dated = days[days >= 0]
    if len(dated) < 4 or dated.min() == dated.max():
        return [members]
    first, later = np.flatnonzero(days == dated.min()), np.flatnonzero(days > dated.min())
    if len(first) < 2 or len(later) < 2:
        return [members]
    similarity = _group_similarity(leads, members)
    if _ratio(similarity, first, later) >= DAY_SPLIT_RATIO:
        return [members]
    undated = np.flatnonzero(days < 0)
    closer = (similarity[np.ix_(undated, first)].mean(axis=1)
              >= similarity[np.ix_(undated, later)].mean(axis=1))
    head = sorted([*first, *undated[closer]])
    tail = sorted([*later, *undated[~closer]])
    return [[members[i] for i in head], *_split_days(arts, leads, [members[i] for i in tail])]


def cluster_articles(articles: list[Article]) -> list[list[Article]]:
    """Articles grouped by event (each group sorted by date, then id)."""
    arts = sorted(articles, key=_order)
    if not arts:
        return []
    leads = [lead(a) for a in arts]
    days = [_day(a) or -1 for a in arts]
    groups = [day_part for group in _first_pass(arts, _vectors(leads))
              for part in _split(leads, days, group, SPLIT_DEPTH)
              for day_part in _split_days(arts, leads, part)]
    return [[arts[i] for i in sorted(g)] for g in groups]


def is_copy(a: Article, b: Article) -> bool:
    """True when the shorter text is mostly the other one, lightly edited.

    Sentences are compared on the reporter's own words: independent outlets quote the
    same statement word for word, and a shared quotation is not a copied text (AllSides'
    outlets of one story: docs/BENCHMARKS.md, Copies).
    """
    sa, sb = _own_sentences(a), _own_sentences(b)
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if not short or not long_:
        return False
    matched = sum(
        1
        for s in short
        if (hit := process.extractOne(s, long_, scorer=fuzz.token_sort_ratio)) is not None
        and hit[1] >= COPY_SENTENCE_SCORE
    )
    return matched >= min(2, len(short)) and matched / len(short) >= COPY_SHARE


_QUOTED = re.compile(r'"[^"]*"')


def _own_words(sentence: str) -> str:
    """`sentence` (folded) without its quotations: the words its writer chose.

    A quotation running on from, or into, a neighbouring sentence is left out too.
    """
    text = _QUOTED.sub(" ", sentence)
    if '"' in text:
        at = text.index('"')
        opens = at == 0 or text[at - 1] in " (["
        text = text[:at] if opens else text[at + 1:]
    return " ".join(text.split())


def _own_sentences(a: Article) -> list[str]:
    folded = fold(a.text).lower()
    own = (_own_words(folded[s.start:s.end]) for s in split_sentences(a.text))
    return [s for s in own if len(re.findall(r"\w+", s)) >= COPY_MIN_WORDS]


def copies_of(arts: list[Article]) -> dict[str, str]:
    """copy id → the earliest article it copies (within one event)."""
    copy_of: dict[str, str] = {}
    for j, later in enumerate(arts):
        for earlier in arts[:j]:
            if earlier.id not in copy_of and is_copy(earlier, later):
                copy_of[later.id] = earlier.id
                break
    return copy_of


def _order(a: Article) -> tuple[date, str]:
    return (a.published or date.max, a.id)


def group_articles(
    articles: list[Article], previous: Mapping[str, str] | None = None
) -> list[Event]:
    """Events of `articles`, heaviest first (independent sources, then recency).

    `previous` maps article id → the event id it had before: an event keeps the
    id most of its earlier articles had, so ids stay put while events grow.
    """
    events = [_event(group) for group in cluster_articles(articles)]
    _keep_ids(events, previous or {})
    events.sort(key=lambda e: (-e.independent_sources,
                               -(e.last_date or date.min).toordinal(), e.id))
    return events


def _keep_ids(events: Iterable[Event], previous: Mapping[str, str]) -> None:
    """Give each event the id most of its articles had; new events keep their own."""
    taken: set[str] = set()
    fresh: list[Event] = []
    for event in sorted(events, key=lambda e: (-len(e.article_ids), e.id)):
        votes = Counter(previous[a] for a in event.article_ids if a in previous)
        old = next((i for i, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
                    if i not in taken), None)
        if old is None:
            fresh.append(event)
        else:
            event.id = old
            taken.add(old)
    for event in fresh:
        while event.id in taken:
            event.id = "e" + hashlib.sha256(event.id.encode()).hexdigest()[:9]
        taken.add(event.id)


def within(event: Event, keep: set[str]) -> Event | None:
    """`event` with only the articles in `keep` (None if it keeps none). A kept copy
    of an article left out is still a copy: it is not another source."""
    ids = [a for a in event.article_ids if a in keep]
    if not ids:
        return None
    if len(ids) == len(event.article_ids):
        return event
    return Event(event.id, event.title, ids,
                 {c: o for c, o in event.copy_of.items() if c in keep},
                 event.first_date, event.last_date)


def _event(arts: list[Article]) -> Event:
    founder = arts[0]
    dates = [a.published for a in arts if a.published]
    # a report's title names the event; a column's ("Biden's Dishonest Sales Pitch") only
    # when no report has one
    titled = next((a.title for a in sorted(arts, key=is_opinion) if a.title), None)
    return Event(
        id="e" + hashlib.sha256(founder.id.encode()).hexdigest()[:9],
        title=titled or _headline(founder.text),
        article_ids=[a.id for a in arts],
        copy_of=copies_of(arts),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
    )


def _headline(text: str, words: int = 10) -> str:
    """An untitled article's first words, from its first sentence that says something
    (not a lede that only points to what follows, nor one that speaks to the reader)."""
    start = next((s.start for s in split_sentences(text)
                  if not not_news(text[s.start:s.end])), 0)
    first = without_signpost(text[start:].split("\n", 1)[0]).split()
    return " ".join(first[:words]) + ("…" if len(first) > words else "")

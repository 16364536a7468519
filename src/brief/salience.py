"""Rank: which sentences of an event matter, decided without the model.

Every sentence of an event's articles is a candidate. Its salience is a linear score
over features a policy analyst looks for: the lead, what several independent sources
report (centrality across the event's articles), figures, decisions and commitments,
stated positions of named actors and dated next steps; background clauses ("who is
in charge of …") count against. The weights are fitted on the editors' neutral
summaries of AllSides stories (`benchmarks/salience.py`, half 0) and reported on the
other half.

The ranking decides what the model is asked to state, so coverage does not rest on a
small model's pick, and the number asked for grows with the article.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from brief.schema import Fact
from brief.text import cut_off, figures_in, fold, split_sentences

# Fitted by `python benchmarks/salience.py fit ../shared/eval/allsides_stories_dev.jsonl`
# on half 0 (ridge regression on each sentence's ROUGE-2 precision against the summary).
WEIGHTS = {
    "background": -0.031, "central": 0.51, "decision": 0.008, "figure": -0.012,
    "fragment": 0.026, "lead": 0.01, "length": -0.041, "names": 0.086, "next_step": 0.018,
    "position": 0.016, "position_taken": 0.021, "short": -0.013,
}
SHARE = 0.35  # of an article's sentences asked about (at least MIN_ASKED, at most MAX_ASKED)
MIN_ASKED, MAX_ASKED, COPY_ASKED = 2, 12, 2

_DECISION = re.compile(
    r"\b(?:agreed?|agreement|decided?|decision|approved?|announced?|pledged?|committed|"
    r"commitment|signed|launched?|passed|rejected|ruled? out|vetoed|voted|ordered|banned|"
    r"imposed|lifted|promised|vowed|confirmed|dismissed|refused|denied|denies|accepted|deploy\w*|"
    r"sanctions?|guarantees?|will)\b", re.I)
_POSITION = re.compile(
    r"\b(?:said|says|urged|calls? for|called for|warned|argued|insisted|supports?|opposes?|"
    r"wants?|demanded|criticized|criticised|praised|told|according to|stated)\b", re.I)
_NEXT = re.compile(
    r"\b(?:expected to|will|next (?:week|month|year)|this week|deadline|is set to|are set to|"
    r"plans? to|planned|upcoming|by (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
    r"\.? \d{1,2}|later this)\b", re.I)
_BACKGROUND = re.compile(
    r"\b(?:who is in charge of|is responsible for|who heads|for years|has long|since \d{4}|"
    r"was founded|is known for|in recent years|background)\b", re.I)
_WHO_CLAUSE = re.compile(r",?\s+who\b[^,.;]*(?:[,.;]|$)", re.I)
# "heads the agency" says who someone is; "leads the primary by ten points" is news.
_WHO_SOMEONE_IS = re.compile(
    r"\b(?:is|are|was|were) (?:in charge of|responsible for|known for)\b"
    r"|\b(?:heads|leads) the\b(?!(?:\s+[\w-]+){0,3}?\s+(?:race|primary|contest|polls?|field|"
    r"vote|count|tally|standings|league|pack)\b)|\bhas (?:long|for years)\b"
    r"|\b(?:is|was) \d+ years old\b", re.I)  # "Hayes was 25 years old in grad school"
_ROLE = (r"(?:chief of staff|chief executive|secretary|minister|director|spokes(?:man|woman|"
         r"person)|chair(?:man|woman|person)?|head|leader|president|governor|senator|mayor|"
         r"ceo|founder|editor|judge|attorney general|professor|member|ambassador|"
         r"commissioner|official|adviser|advisor|aide|executive|owner|host|author|anchor)")
# "Tina Flournoy is the chief of staff for Vice President Kamala Harris": a name, "is",
# a role, and nothing it did ("… is the first president to recognise …" is news).
_IS_A_ROLE = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){0,5}[A-Z][\w.'’-]*\s+(?:is|was|has been|serves as|served as)\s+"
    r"(?:the|a|an|his|her|its|their)\s+(?:[\w.'’-]+\s+){0,3}?" + _ROLE
    + r"\b(?![^.]*\b(?:to|who|that|after|when|because|since|until)\b)")


def is_background(claim: str) -> bool:
    """A claim that says who someone is, not what happened ("X is in charge of Y").

    A relative clause about a person ("…, according to X, who is in charge of Y") does
    not make the rest of the claim background.
    """
    return bool(_WHO_SOMEONE_IS.search(_WHO_CLAUSE.sub(" ", claim)) or _IS_A_ROLE.match(claim))


_YEAR = re.compile(r"(?<!since )\b(?:19|20)\d\d\b")
_LAST_YEAR = re.compile(r"(?<!since )\blast year\b", re.I)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# When the article's own week is the time of what a claim says: "today", "this week",
# "said on Wednesday" (not "on Super Tuesday in March 2020").
_THESE_DAYS = re.compile(
    r"\b(?:today|tonight|yesterday|now|this (?:week|month|year)|last (?:week|night)|"
    r"(?:earlier|later) this)\b|\b(?:said|says|announced|reported|told|released|declared|"
    r"confirmed|ruled|voted|signed)\b(?:\s+\w+){0,3}?\s+(?:on\s+)?" + _WEEKDAY + r"\b", re.I)


def tells_earlier(claim: str, published: date | None) -> bool:
    """A claim about an earlier time than its article's: it names only years before the
    article's ("… in the 2020 presidential primary", "last year"; not "since"), and does
    not say it was told in the article's week ("said on Wednesday"). It is the story's
    past, not its news."""
    if published is None or this_week(claim):
        return False
    years = [int(y) for y in _YEAR.findall(claim)]
    if any(y >= published.year for y in years):
        return False
    return bool(years) or bool(_LAST_YEAR.search(claim))


def this_week(claim: str) -> bool:
    """Whether the claim dates what it says to the article's week ("said on Tuesday")."""
    return bool(_THESE_DAYS.search(claim)) or (
        re.search(r"\b" + _WEEKDAY + r"\b", claim, re.I) is not None
        and not _YEAR.search(claim) and not _LAST_YEAR.search(claim))


_PRONOUN_OPENING = re.compile(r"^(?:He|She|They|His|Her|Their)\b")


def opens_with_pronoun(claim: str) -> bool:
    """A claim that opens on a pronoun ("He embarked on …"): it does not say whom it is
    about, so it cannot open a section."""
    return bool(_PRONOUN_OPENING.match(claim.lstrip("\"'\u201c\u2018")))


# "A recent article published by Politico … also discussed a new plan", "The story
# mentioned that …": a piece of writing and what it says (not "A report by the
# inspector general found …", whose finding is news)
_ABOUT_AN_ARTICLE = re.compile(
    r"^(?:\S+\s+){0,5}?(?:article|story|op-ed|column|piece|editorial)s?\b.*?\b(?:discuss|"
    r"mention|address|describ|talk|focus|explor|examin|highlight|not(?:e|ed|es)\b)", re.I)


def about_an_article(claim: str) -> bool:
    """A claim whose subject is a piece of writing and what it discusses: the coverage,
    not the development, so it cannot open a section."""
    return bool(_ABOUT_AN_ARTICLE.match(claim))


# "This fell to 340,000": the subject is in the sentence before (not "This week …",
# "That morning …").
_BACK = re.compile(r"^(?:This|That|These|Those)\s+(?!(?:week|weekend|year|month|morning|"
                   r"afternoon|evening|night|time|summer|spring|fall|autumn|winter|season)\b)"
                   r"[a-z]")
# "… to vote against it.", "It allows people to sue …": "it" is what the section is about
_ENDS_ON_IT = re.compile(r"\b(?:it|them)[.!?]?$|^It\s+[a-z]")


# "That's because the few Americans testing positive are often young": the cause of
# what the sentence before said; "As a result, the company was forced …", "For that,
# Biden has Roosevelt to thank": its consequence; "It's a date that …", "It was the
# first GOP filibuster …": what the thing it named is (not "It is hard to …", "It was
# a good week for …", "It was not clear if …", whose "it" is what follows)
_BACK_CLAUSE = re.compile(
    r"^(?:This|That|It)(?:['’]s|\s+is|\s+was)\s+(?:because|why)\b"
    r"|^(?:This|That)['’]s\s+[a-z]"
    r"|^(?:As a result|For that|Because of (?:this|that)|Despite (?:this|that)|"
    r"On top of that|After that|Before that),"
    r"|^It(?:['’]s|\s+is|\s+was)\s+(?:a|an|the)\s+(?!(?:[\w-]+\s+){1,2}(?:to|for)\s"
    r"|(?:\w+\s+)?(?:time|day|week|month|year|night)s?\b)")


def refers_back(claim: str) -> bool:
    """A claim whose subject is a pronoun for something its article's sentence before
    named ("This fell to 340,000, the lowest since …" after "… the four-week average"):
    on its own, or after another sentence, it says something of the wrong thing. (A
    quotation's "This" is its speaker's: "“This is all about building the foundations
    …,” said Starmer" is stated where it falls.)"""
    # "That's our red line," he said (a straight mark after a space opens a quotation)
    inside_a_quotation = re.match(r"[^“\"]*(?:”|(?<=\S)\")", claim)
    return bool(_BACK.match(claim) or (_BACK_CLAUSE.match(claim) and not inside_a_quotation))


def ends_on_it(claim: str) -> bool:
    """A claim that ends on "it" ("Sen. Josh Hawley is the only senator to vote against
    it.") or opens on it ("It allows people to sue platforms …", of the law the section
    is about): among the event's sentences it is read, but it cannot open them."""
    return bool(_ENDS_ON_IT.search(claim.rstrip()))


_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+(?: [A-Z][a-z]+)*")


@dataclass
class RankedSentence:
    article_id: str
    number: int  # 1-based, as the extraction prompt numbers it
    start: int
    end: int
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)


def features(texts: dict[str, str], copy_of: dict[str, str] | None = None
             ) -> list[RankedSentence]:
    """Every sentence of an event's articles with its salience features.

    `texts` maps article id to text; `copy_of` maps a copy to its original, so a
    republished text does not count as a second source repeating a sentence.
    """
    copy_of = copy_of or {}
    out: list[RankedSentence] = []
    for article_id, text in texts.items():
        for index, s in enumerate(split_sentences(text)):
            sentence = text[s.start:s.end]
            words = len(sentence.split())
            out.append(RankedSentence(article_id, s.number, s.start, s.end, features={
                "lead": float(index == 0),
                "position": 1.0 / (1 + index),
                "figure": float(bool(figures_in(sentence))),
                "decision": float(bool(_DECISION.search(sentence))),
                "position_taken": float(bool(_POSITION.search(sentence))),
                "next_step": float(bool(_NEXT.search(sentence))),
                "names": min(len(_NAME.findall(fold(sentence))), 3) / 3,
                "length": min(words, 40) / 40,
                "short": float(words < 8),
                "background": float(bool(_BACKGROUND.search(sentence))),
                "fragment": float(_fragment(sentence)),
            }))
    _centrality(out, texts, copy_of)
    return out


def _fragment(sentence: str) -> bool:
    """A piece of a quotation cut off from its speaker, or a line that is not prose."""
    stripped = fold(sentence).strip()
    return (stripped[:1] == '"' and not _POSITION.search(stripped)) or not re.search(
        r"[a-z]{3}", stripped)


def _centrality(ranked: list[RankedSentence], texts: dict[str, str],
                copy_of: dict[str, str]) -> None:
    """Mean over the other independent sources of the best cosine to one of their sentences."""
    sources = {copy_of.get(a, a) for a in texts}
    for r in ranked:
        r.features["central"] = 0.0
    if len(sources) < 2 or not ranked:
        return
    sentences = [texts[r.article_id][r.start:r.end] for r in ranked]
    try:
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            sentences)
    except ValueError:  # nothing but stop words
        return
    similarity = cosine_similarity(vectors)
    source_of = [copy_of.get(r.article_id, r.article_id) for r in ranked]
    for i, r in enumerate(ranked):
        best: dict[str, float] = {}
        for j, other in enumerate(source_of):
            if other != source_of[i]:
                best[other] = max(best.get(other, 0.0), float(similarity[i, j]))
        r.features["central"] = sum(best.values()) / (len(sources) - 1)


def rank(texts: dict[str, str], copy_of: dict[str, str] | None = None,
         weights: dict[str, float] | None = None) -> list[RankedSentence]:
    """Every sentence of the event, most salient first (ties: article order, position)."""
    weights = weights or WEIGHTS
    ranked = features(texts, copy_of)
    for r in ranked:
        r.score = sum(weights.get(k, 0.0) * v for k, v in r.features.items())
    order = {a: i for i, a in enumerate(texts)}
    return sorted(ranked, key=lambda r: (-r.score, order[r.article_id], r.number))


def asked_count(sentences: int, *, copy: bool = False) -> int:
    """How many sentences of an article the model is asked to state."""
    if copy:
        return min(COPY_ASKED, sentences)
    return min(sentences, MAX_ASKED, max(MIN_ASKED, math.ceil(SHARE * sentences)))


def chosen(texts: dict[str, str], copy_of: dict[str, str] | None = None,
           ranked: list[RankedSentence] | None = None) -> dict[str, list[int]]:
    """Per article, the sentence numbers the model is asked about, most salient first.

    Each article's lead is always among them; a copy gets few (it repeats its original).
    A sentence an excerpt cuts off ("…limited the type...") comes after every whole one:
    what it was going to say is not there to state. `ranked` is `rank(texts, copy_of)`
    when the caller has it already.
    """
    copy_of = copy_of or {}
    ranked = ranked if ranked is not None else rank(texts, copy_of)
    picks: dict[str, list[int]] = {a: [] for a in texts}
    totals = {a: len(split_sentences(t)) for a, t in texts.items()}
    for r in ranked:
        if r.features["lead"] and r.number not in picks[r.article_id]:
            picks[r.article_id].append(r.number)
    for r in sorted(ranked, key=lambda r: cut_off(texts[r.article_id][r.start:r.end])):
        wanted = asked_count(totals[r.article_id], copy=r.article_id in copy_of)
        if len(picks[r.article_id]) < wanted and r.number not in picks[r.article_id]:
            picks[r.article_id].append(r.number)
    scores = {(r.article_id, r.number): r.score for r in ranked}
    return {a: [n for _, n in sorted((-scores[(a, n)], n) for n in numbers)]
            for a, numbers in picks.items()}


def fact_salience(fact: Fact, scores: dict[tuple[str, int], float]) -> float:
    """A fact's salience: the best score of the sentences it cites (0 when unknown)."""
    return max((scores.get((fact.article_id, n), 0.0) for n in fact.sentence_ids),
               default=0.0)


def salience(ranked: list[RankedSentence]) -> dict[tuple[str, int], float]:
    """(article id, sentence number) → salience score, for ordering what was stated."""
    return {(r.article_id, r.number): r.score for r in ranked}

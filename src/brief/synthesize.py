"""Synthesize: per event, the LLM writes sentences that each name the facts they rest on.

Only verified facts are offered. A sentence keeps only fact ids that exist; a
sentence left with none is dropped, and so is one whose figures or names are not
borne out by the spans of the facts it cites.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from . import prompts
from .group import Event
from .llm import StructuredLLM
from .schema import Article, EventBriefOut, Fact
from .text import split_sentences
from .verify import check_claim, context_of

log = logging.getLogger(__name__)

MAX_SENTENCES = 5
MAX_FACTS_PER_EVENT = 24


@dataclass
class BriefSentence:
    text: str
    fact_ids: list[str]


@dataclass
class Dropped:
    text: str
    reason: str


@dataclass
class EventSection:
    event: Event
    title: str
    sentences: list[BriefSentence]
    dropped: list[Dropped] = field(default_factory=list)


def synthesize_event(
    llm: StructuredLLM,
    event: Event,
    facts: list[Fact],
    articles: dict[str, Article],
    *,
    topic: str = "",
) -> EventSection:
    """Write the section for `event` from its verified facts. Raises LLMError on failure."""
    usable = [f for f in facts if f.status == "verified"][:MAX_FACTS_PER_EVENT]
    if not usable:
        return EventSection(event, event.title, [])
    labels = {f"F{i}": f for i, f in enumerate(usable, 1)}
    messages = prompts.render(
        "synthesize",
        topic=prompts.as_data(topic, "facts"),
        facts=[
            {"label": label, "claim": prompts.as_data(f.claim, "facts"),
             "source": prompts.as_data(_source(articles[f.article_id]), "facts")}
            for label, f in labels.items()
        ],
        max_sentences=MAX_SENTENCES,
    )
    reply = llm.complete(messages, EventBriefOut, prompt_version=prompts.version("synthesize"))
    section = EventSection(event, _title(reply.obj.title) or event.title, [])
    for out in reply.obj.sentences:
        text = " ".join(out.text.split())
        cited = [labels[i.strip()] for i in out.fact_ids if i.strip() in labels]
        if not text:
            continue
        if not cited:
            section.dropped.append(Dropped(text, "rests on no verified fact"))
            continue
        problems = sentence_problems(text, cited, articles)
        if problems:
            section.dropped.append(Dropped(text, "; ".join(problems)))
            continue
        ids = list(dict.fromkeys(f.id for f in cited))
        section.sentences.append(BriefSentence(text, ids))
    return section


def sentence_problems(text: str, cited: list[Fact], articles: dict[str, Article]) -> list[str]:
    """Why `text` is not borne out by the spans of `cited` (empty when it is)."""
    spans: list[str] = []
    context: list[str] = []
    for fact in cited:
        article = articles[fact.article_id]
        spans.extend(s.quote for s in fact.spans)
        context.append(context_of(fact.spans, article.text, split_sentences(article.text)))
    near = "\n".join(context)
    # The article text passed is the context itself: a name must be near a cited span.
    return check_claim(text, [], "\n".join(spans), near, near).fatal


def _source(article: Article) -> str:
    return article.outlet or article.title or article.id


def _title(raw: str) -> str:
    title = re.sub(r"\s+", " ", raw).strip().strip("#*\"' ")
    return title[:100]

"""The generate run: select → group → extract → verify → synthesize → render → write.

Facts are stored per article as soon as they are extracted, and every model reply
is cached, so a run that stops part-way resumes where it was on the next run.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from . import prompts
from .deliver import write_brief
from .errors import LLMOutputError
from .extract import extract_facts
from .group import Event, group_articles
from .llm import StructuredLLM
from .render import BriefInputs, render_brief
from .schema import Article, Fact
from .store import Store
from .synthesize import EventSection, synthesize_event
from .text import fold
from .window import Window

log = logging.getLogger(__name__)


@dataclass
class GenerateResult:
    markdown: str
    path: Path | None
    evidence_path: Path | None
    events: list[Event]
    undated: list[Article]
    failures: list[str] = field(default_factory=list)


def matches_topic(article: Article, topic: str) -> bool:
    """At least half the topic's content words occur (by stem) in the article."""
    words = [
        w for w in re.findall(r"[a-z]{3,}", fold(topic).lower()) if w not in ENGLISH_STOP_WORDS
    ]
    if not words:
        return True
    hay = fold(f"{article.title or ''} {article.text}").lower()
    found = sum(1 for w in words if re.search(r"\b" + re.escape(w[:5]), hay))
    return found * 2 >= len(words)


def brief_path(out_dir: Path, window: Window, topic: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-")[:60]
    return out_dir / (window.label + (f"-{slug}" if slug else "") + ".md")


def generated_at() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat()


def generate(
    store: Store,
    llm: StructuredLLM,
    window: Window,
    *,
    topic: str = "",
    output: Path | None,
) -> GenerateResult:
    """Make a brief for `window`; write it to `output` unless None. Raises LLMError."""
    run_id = uuid.uuid4().hex[:12]
    store.start_run(run_id, "generate")
    inside, undated = window.select(store.articles())
    if topic:
        inside = [a for a in inside if matches_topic(a, topic)]
    for article in undated:
        log.warning("no known date, left out of the period: %s [%s]", article.path, article.id)
    events = group_articles(inside, store.previous_events())
    store.save_events(events)
    articles = {a.id: a for a in inside}
    log.info("%d articles in %s to %s, %d events", len(inside), window.since, window.until,
             len(events))
    facts, failures = _extract_all(store, llm, [a for e in events for a in e.article_ids],
                                   articles)
    sections: list[EventSection] = []
    for n, event in enumerate(events, 1):
        log.info("[%d/%d] writing section for event %s", n, len(events), event.id)
        members = set(event.article_ids)
        event_facts = [f for f in facts.values() if f.article_id in members]
        sections.append(synthesize_event(llm, event, event_facts, articles, topic=topic))
    inputs = BriefInputs(window, topic, sections, facts, articles, undated)
    inputs.meta = _front_matter(inputs, llm, events, failures)
    markdown, evidence = render_brief(inputs)
    evidence_path = write_brief(output, markdown, evidence) if output else None
    store.finish_run(run_id, "done", {
        "brief": str(output) if output else None, "usage": llm.usage.as_dict(),
        "model": llm.label, "failures": failures,
    })
    u = llm.usage
    log.info("model calls: %d (%d answered from cache), tokens in/out: %d/%d",
             u.calls, u.cached, u.prompt_tokens, u.completion_tokens)
    return GenerateResult(markdown, output, evidence_path, events, undated, failures)


def _extract_all(
    store: Store, llm: StructuredLLM, article_ids: list[str], articles: dict[str, Article]
) -> tuple[dict[str, Fact], list[str]]:
    facts: dict[str, Fact] = {}
    failures: list[str] = []
    for n, article_id in enumerate(article_ids, 1):
        article = articles[article_id]
        log.info("[%d/%d] extracting facts from %s [%s]", n, len(article_ids), article.path,
                 article.id)
        try:
            found = extract_facts(llm, article)
        except LLMOutputError as e:
            failures.append(f"{article.path} [{article.id}]: {e}")
            log.error("extraction failed for %s [%s]: %s", article.path, article.id, e)
            continue
        store.replace_facts(article.id, found)
        facts.update((f.id, f) for f in found)
    return facts, failures


def _front_matter(
    inputs: BriefInputs, llm: StructuredLLM, events: list[Event], failures: list[str]
) -> dict[str, object]:
    verified = sum(1 for f in inputs.facts.values() if f.status == "verified")
    meta: dict[str, object] = {
        "period": {"since": inputs.window.since.isoformat(),
                   "until": inputs.window.until.isoformat()},
    }
    if inputs.topic:
        meta["topic"] = inputs.topic
    meta.update({
        "generated_at": generated_at(),
        "backend": llm.backend.name,
        "model": llm.backend.model,
        "prompts": {"extract": prompts.version("extract"),
                    "synthesize": prompts.version("synthesize")},
        "counts": {
            "articles": sum(len(e.article_ids) for e in events),
            "events": len(events),
            "facts": len(inputs.facts),
            "facts_verified": verified,
            "sentences": sum(len(s.sentences) for s in inputs.sections),
            "sentences_dropped": sum(len(s.dropped) for s in inputs.sections),
            "undated_articles": len(inputs.undated),
            "extraction_failures": len(failures),
        },
        "tokens": {"prompt": llm.content_usage.prompt_tokens,
                   "completion": llm.content_usage.completion_tokens},
    })
    return meta

"""The generate run: select → group → extract → verify → synthesize → analyse → render.

Facts are stored per article as soon as they are extracted, and every model reply
is cached, so a run that stops part-way resumes where it was on the next run.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from brief import prompts
from brief.analyse.brief import BriefInputs, analyse_brief
from brief.analyse.changes import find_previous, load_evidence
from brief.config import Config, Price
from brief.deliver.files import write_brief
from brief.errors import BriefError, BudgetExceeded, ConfigError, LLMOutputError
from brief.extract import extract_facts, extraction_requests
from brief.group import EVENT_MAX_DAYS, group_articles, within
from brief.judge import judge_facts
from brief.kind import opinions_only
from brief.llm import StructuredLLM, Usage, cost_of
from brief.llm.limits import Budget, RateLimiter
from brief.period import Window
from brief.progress import Progress
from brief.render.brief import render_brief
from brief.salience import chosen, rank, salience
from brief.schema import Article, Event, EventSection, Fact
from brief.store import Store
from brief.synthesize import section_request, synthesize_event
from brief.text import matchable, mentions, stems

log = logging.getLogger(__name__)


@dataclass
class BriefOptions:
    """What a brief is made with: `brief generate` and `brief weekly` take the same."""

    topic: str = ""
    out_dir: Path = Path("briefs")
    output: Path | None = None  # None: in out_dir, named for the period and the topic
    to_stdout: bool = False  # write no file; the result holds the Markdown
    previous: Path | None = None  # None: the latest earlier brief in out_dir on the topic
    compare: bool = True  # mark events new, developing or unchanged since `previous`
    template: Path | None = None
    judge: bool = False
    concurrency: int = 1
    max_tokens: int | None = None
    max_cost: float | None = None
    rpm: float | None = None


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
    wanted = stems(topic)
    if not wanted:
        return True
    hay = matchable(f"{article.title or ''} {article.text}")
    return sum(1 for w in wanted if mentions(w, hay)) * 2 >= len(wanted)


def brief_path(out_dir: Path, window: Window, topic: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-")[:60]
    return out_dir / (window.label + (f"-{slug}" if slug else "") + ".md")


def generated_at() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat()


def make_brief(store: Store, llm: StructuredLLM, config: Config, window: Window,
               options: BriefOptions) -> GenerateResult:
    """The brief of `window` as `options` say: limits set on `llm`, the brief's path,
    the earlier brief it is compared with and the model's prices found, then generated.
    Raises ConfigError for a budget in dollars without a price, LLMError from the model."""
    price = config.price_of(llm.backend.name, llm.backend.model)
    concurrency = set_limits(llm, price, options)
    target = None if options.to_stdout else (
        options.output or brief_path(options.out_dir, window, options.topic))
    previous = options.previous
    if previous is None and options.compare:
        previous = find_previous(options.out_dir, window.until.isoformat(), options.topic)
    if previous is not None:
        log.info("comparing with the earlier brief %s", previous)
    return generate(store, llm, window, topic=options.topic, output=target, previous=previous,
                    template=options.template, price=price, judge=options.judge,
                    concurrency=concurrency)


def set_limits(llm: StructuredLLM, price: Price | None, options: BriefOptions) -> int:
    """Put the budget and rate limit on `llm`; return the concurrency to use."""
    if options.max_cost is not None and price is None:
        raise ConfigError(f"--max-cost: no price for model {llm.backend.model!r}: add "
                          f'[prices."{llm.backend.model}"] prompt/completion to the config file')
    if options.max_tokens is not None or options.max_cost is not None:
        llm.budget = Budget(options.max_tokens, options.max_cost, price)
    if options.rpm is not None:
        llm.limiter = RateLimiter(options.rpm)
    if options.concurrency > 1 and llm.backend.name == "embedded":
        log.info("the embedded model answers one request at a time: --concurrency ignored")
        return 1
    return options.concurrency


def generate(
    store: Store,
    llm: StructuredLLM,
    window: Window,
    *,
    topic: str = "",
    output: Path | None,
    previous: Path | None = None,
    template: Path | None = None,
    price: Price | None = None,
    judge: bool = False,
    concurrency: int = 1,
) -> GenerateResult:
    """Make a brief for `window`; write it to `output` unless None. Raises LLMError.

    With `previous` (an earlier brief), each event is marked new, developing or
    unchanged since then.
    """
    run_id = uuid.uuid4().hex[:12]
    store.start_run(run_id, "generate")
    try:
        result = _generate(store, llm, window, topic, output, previous, template, price,
                           judge, concurrency)
    except BriefError as e:
        store.finish_run(run_id, "stopped" if isinstance(e, BudgetExceeded) else "failed",
                         {"error": str(e), "usage": llm.usage.as_dict(), "model": llm.label})
        raise
    store.finish_run(run_id, "done", {
        "brief": str(output) if output else None, "usage": llm.usage.as_dict(),
        "model": llm.label, "failures": result.failures,
    })
    u = llm.usage
    log.info("model calls: %d (%d answered from cache), tokens in/out: %d/%d",
             u.calls, u.cached, u.prompt_tokens, u.completion_tokens)
    return result


def _generate(
    store: Store, llm: StructuredLLM, window: Window, topic: str, output: Path | None,
    previous: Path | None, template: Path | None, price: Price | None, judge: bool,
    concurrency: int,
) -> GenerateResult:
    earlier = load_evidence(previous) if previous else None
    events, inside, undated = events_of(store, window, topic)
    for article in undated:
        log.warning("no known date, left out of the period: %s [%s]", article.path, article.id)
    articles = {a.id: a for a in inside}
    log.info("%d articles in %s to %s, %d events", len(inside), window.since, window.until,
             len(events))
    texts = {e.id: {a: articles[a].text for a in e.article_ids} for e in events}
    ranked = {e.id: rank(texts[e.id], e.copy_of) for e in events}
    asked = {a: n for e in events
             for a, n in chosen(texts[e.id], e.copy_of, ranked[e.id]).items()}
    order = [a for e in events for a in e.article_ids]
    if llm.batcher:  # every extraction request in one batch, then every section's
        llm.prefetch([r for a in order for r in extraction_requests(articles[a], asked.get(a))])
    copies = {a for e in events for a in e.copy_of}
    facts, failures = _extract_all(store, llm, order, articles, judge, concurrency, asked,
                                   copies)
    scores = {k: v for e in events for k, v in salience(ranked[e.id]).items()}
    event_of = {a: e.id for e in events for a in e.article_ids}
    by_event: dict[str, list[Fact]] = {e.id: [] for e in events}
    for fact in facts.values():
        by_event[event_of[fact.article_id]].append(fact)
    if llm.batcher:
        llm.prefetch([r for e in events
                      if (r := section_request(by_event[e.id], topic=topic, salience=scores))])

    def section(event: Event) -> EventSection:
        progress.step(f"event {event.id}")
        try:
            return synthesize_event(llm, event, by_event[event.id], articles, topic=topic,
                                    salience=scores)
        finally:
            progress.finished()

    with Progress("writing sections", len(events), unit="event") as progress:
        if concurrency > 1:
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                sections = list(pool.map(section, events))
        else:
            sections = [section(event) for event in events]
    for s in sections:
        if not s.sentences and opinions_only(s.event, articles):
            log.warning("event %s: opinion pieces only, and nothing in them could be stated "
                        "as reported fact; see Needs review", s.event.id)
        elif not s.sentences:  # its articles' facts were all held back, or none was found
            log.error("event %s: no checked fact could be stated (%d of its facts "
                      "extracted, none verified); see Needs review", s.event.id,
                      len(by_event[s.event.id]))
    inputs = BriefInputs(window, topic, sections, facts, articles, undated,
                         previous=earlier, template=template, salience=scores)
    inputs.meta = _front_matter(inputs, llm, events, failures, price)
    if previous:
        inputs.meta["compared_with"] = previous.name
    markdown, evidence = render_brief(inputs, analyse_brief(inputs))
    evidence_path = write_brief(output, markdown, evidence) if output else None
    return GenerateResult(markdown, output, evidence_path, events, undated, failures)


def events_of(store: Store, window: Window, topic: str = ""
              ) -> tuple[list[Event], list[Article], list[Article]]:
    """(events, articles inside, undated articles) of the window, events saved.

    The stored articles of the days just before the window are grouped with it, so
    a follow-up joins the event it continues — with that event's id — and a text
    republished from an earlier article is its copy, not another source; those
    earlier articles are then left out of the window's events.
    """
    stored = store.articles()
    inside, undated = window.select(stored)
    before = Window(window.since - timedelta(days=EVENT_MAX_DAYS),
                    window.since - timedelta(days=1)).select(stored)[0]
    if topic:
        inside = [a for a in inside if matches_topic(a, topic)]
        before = [a for a in before if matches_topic(a, topic)]
    keep = {a.id for a in inside}
    grouped = group_articles(inside + before, store.previous_events())
    events = [e for e in (within(e, keep) for e in grouped) if e is not None]
    store.save_events(events)
    return events, inside, undated


def _extract_all(
    store: Store, llm: StructuredLLM, article_ids: list[str], articles: dict[str, Article],
    judge: bool, concurrency: int = 1, asked: dict[str, list[int]] | None = None,
    copies: set[str] | None = None,
) -> tuple[dict[str, Fact], list[str]]:
    """Facts of every article, stored as each finishes (in article order).

    With `concurrency` > 1, that many articles are sent to the model at once; the
    results are taken in article order, so the brief is the same either way. When
    the budget runs out, what finished is stored and BudgetExceeded says how far
    the run got.
    """
    facts: dict[str, Fact] = {}
    failures: list[str] = []

    def one(article: Article) -> list[Fact]:
        found = extract_facts(llm, article, (asked or {}).get(article.id),
                              copy=article.id in (copies or set()))
        return judge_facts(llm, found, article) if judge else found

    done = 0
    pool = ThreadPoolExecutor(max_workers=concurrency) if concurrency > 1 else None
    futures = [pool.submit(one, articles[a]) for a in article_ids] if pool else []
    progress = Progress("extracting facts", len(article_ids), unit="article")
    try:
        with progress:
            for n, article_id in enumerate(article_ids, 1):
                article = articles[article_id]
                progress.step(f"{article.path} [{article.id}]")
                try:
                    found = futures[n - 1].result() if pool else one(article)
                except LLMOutputError as e:
                    failures.append(f"{article.path} [{article.id}]: {e}")
                    log.error("extraction failed for %s [%s]: %s", article.path, article.id, e)
                    continue
                finally:
                    progress.finished()
                with llm.lock:  # workers use the same store for the reply cache
                    store.replace_facts(article.id, found)
                facts.update((f.id, f) for f in found)
                done += 1
    except BudgetExceeded as e:
        raise BudgetExceeded(
            f"stopped before the budget ran out ({e}): facts of {done} of "
            f"{len(article_ids)} articles extracted and kept, no brief written; run again "
            "with a larger budget to go on (finished articles come from the cache)"
        ) from e
    finally:
        if pool:
            pool.shutdown(wait=True, cancel_futures=True)
    return facts, failures


def brief_run_id(inputs: BriefInputs, llm: StructuredLLM, moment: str) -> str:
    """Names this brief's run: the same inputs, model and moment give the same id."""
    parts = [moment, inputs.window.label, inputs.topic, llm.label,
             prompts.version("extract"), prompts.version("synthesize"),
             *sorted(a.content_hash for a in inputs.articles.values())]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def _tokens(used: Usage) -> dict[str, int]:
    """Tokens the brief's replies used; the batch part, when there is one, besides."""
    out = {"prompt": used.prompt_tokens, "completion": used.completion_tokens}
    if used.batch_prompt_tokens or used.batch_completion_tokens:
        out.update(batch_prompt=used.batch_prompt_tokens,
                   batch_completion=used.batch_completion_tokens)
    return out


def _front_matter(
    inputs: BriefInputs, llm: StructuredLLM, events: list[Event], failures: list[str],
    price: Price | None,
) -> dict[str, object]:
    verified = sum(1 for f in inputs.facts.values() if f.status == "verified")
    unstated = [s.event for s in inputs.sections if not s.sentences]
    opinion_only = sum(opinions_only(e, inputs.articles) for e in unstated)
    meta: dict[str, object] = {
        "period": {"since": inputs.window.since.isoformat(),
                   "until": inputs.window.until.isoformat()},
    }
    if inputs.topic:
        meta["topic"] = inputs.topic
    moment = generated_at()
    tokens = llm.content_usage
    meta.update({
        "run_id": brief_run_id(inputs, llm, moment),
        "generated_at": moment,
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
            "events_unstated": len(unstated) - opinion_only,
            "events_opinion_only": opinion_only,
            "undated_articles": len(inputs.undated),
            "extraction_failures": len(failures),
            "section_failures": sum(s.failed for s in inputs.sections),
        },
        "tokens": _tokens(tokens),
        # What the brief's model calls cost at the configured price, answered from the
        # cache or not (so a rerun gives the same brief); None: no price configured.
        "cost_usd": round(cost_of(price, tokens), 6)
        if price else None,
    })
    return meta

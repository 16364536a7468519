"""The one narrow LLM interface every stage uses.

A `Backend` turns messages plus a JSON schema into raw text. `StructuredLLM` wraps
any backend with what must be the same for all of them: the response cache,
pydantic validation, a bounded re-ask that shows the model its error, and token
accounting over every attempt. Retrying transient failures is the backend's job
(only the network adapters have transient failures), and happens there only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from brief.errors import LLMOutputError, LLMRequestError
from brief.llm.limits import Budget, RateLimiter, estimate_prompt_tokens
from brief.llm.types import (
    Backend,
    Batcher,
    BatchItem,
    Cache,
    Completion,
    Message,
    RawReply,
    Request,
    ScoringBackend,
    T,
    Usage,
)

log = logging.getLogger(__name__)

@dataclass
class StructuredLLM:
    """complete(messages, schema) → validated object, through cache and re-asks."""

    backend: Backend
    cache: Cache | None = None
    max_reasks: int = 2
    usage: Usage = field(default_factory=Usage)  # spent by this process
    content_usage: Usage = field(default_factory=Usage)  # what the replies used cost
    budget: Budget | None = None
    limiter: RateLimiter | None = None
    batcher: Batcher | None = None  # with one, `prefetch` sends requests as a batch
    # Workers may share one instance: the cache, the counters and the budget check
    # are used under this lock; the model call itself is not.
    lock: threading.RLock = field(default_factory=threading.RLock)
    _reserved: Usage = field(default_factory=Usage)

    @property
    def label(self) -> str:
        return f"{self.backend.name}:{self.backend.model}"

    def complete(
        self, messages: list[Message], schema: type[T], *, prompt_version: str
    ) -> Completion[T]:
        """Return a `schema` instance. Raises LLMOutputError after the last re-ask."""
        json_schema = schema.model_json_schema()
        key = cache_key(self.backend.model, prompt_version, messages, json_schema)
        with self.lock:
            hit = self.cache.cache_get(key) if self.cache else None
        if hit is not None:
            try:
                obj = schema.model_validate_json(hit["response"])
            except ValidationError:
                log.warning("ignoring a cached reply that no longer fits %s", schema.__name__)
            else:
                used = Usage(cached=1)
                with self.lock:
                    self.usage.add(used)
                    self.content_usage.add(_hit_usage(hit))
                return Completion(obj, used, cached=True)
        obj, text, used = self._ask(list(messages), schema, json_schema)
        with self.lock:
            self.content_usage.add(used)
            if self.cache:
                self.cache.cache_put(
                    key, self.backend.model, prompt_version, text,
                    (used.prompt_tokens, used.completion_tokens),
                )
        return Completion(obj, used, cached=False)

    @property
    def scores(self) -> bool:
        """True when the backend gives token probabilities (see `yes_odds`)."""
        return (callable(getattr(self.backend, "yes_no", None))
                and getattr(self.backend, "gives_logprobs", True))

    def yes_odds(self, messages: list[Message], *, prompt_version: str) -> float:
        """Log-odds that the model answers `messages` Yes rather than No, cached like
        replies. Raises LLMError; LLMRequestError when the backend cannot score."""
        if not self.scores:
            raise LLMRequestError(f"{self.label} gives no token probabilities")
        key = cache_key(self.backend.model, prompt_version, messages, {"answer": "yes/no"})
        with self.lock:
            hit = self.cache.cache_get(key) if self.cache else None
        if hit is not None:
            with self.lock:
                self.usage.add(Usage(cached=1))
                self.content_usage.add(Usage(1, 0, hit["prompt_tokens"], 0))
            return float(hit["response"])
        backend = cast("ScoringBackend", self.backend)
        reply = self._call(messages, partial(backend.yes_no, messages), 1)
        try:
            odds = float(reply.text)
        except ValueError as e:
            raise LLMOutputError(f"{self.label} gave no log-odds ({reply.text[:40]!r})",
                                 attempts=1, last_output=reply.text, usage=reply.usage) from e
        with self.lock:
            self.content_usage.add(reply.usage)
            if self.cache:
                self.cache.cache_put(key, self.backend.model, prompt_version, repr(odds),
                                     (reply.usage.prompt_tokens, 0))
        return odds

    def prefetch(self, requests: Sequence[Request[Any]]) -> None:
        """Send the requests the cache cannot answer as one batch, and cache each reply
        that fits its schema, so the stage's own `complete` calls find it there.

        Does nothing without a batcher. A request left without a usable reply (the
        batch failed it, it expired, the reply does not fit) is made as an ordinary
        call when the stage asks for it, re-asks and all. Within a budget, only as
        many requests as it allows go into the batch (counted at batch prices).
        """
        if self.batcher is None or self.cache is None or not requests:
            return
        todo: dict[str, tuple[Request[Any], BatchItem]] = {}
        for r in requests:
            json_schema = r.schema.model_json_schema()
            key = cache_key(self.backend.model, r.prompt_version, r.messages, json_schema)
            if key not in todo and not self._answered(key, r.schema):
                todo[key] = (r, BatchItem(key, list(r.messages), json_schema,
                                          r.schema.__name__))
        items = [item for _, item in todo.values()]
        while items:
            fit = self._affordable(items)
            if not fit:
                return  # the stage's own calls stop at the budget, saying so
            self._batch(items[:fit], todo)
            items = items[fit:]

    def _affordable(self, items: list[BatchItem]) -> int:
        """How many of `items` the budget allows in one batch, at the most they may cost
        (a batch that fills only part of that leaves room for another)."""
        if self.budget is None:
            return len(items)

        most = getattr(self.backend, "max_output_tokens", 4096)
        with self.lock:
            fit = self.budget.affordable(
                self.usage, [(estimate_prompt_tokens(i.messages), most) for i in items])
        if fit < len(items):
            log.warning("the budget allows %d of the %d requests in a batch at most they "
                        "could cost; the rest wait for its replies (a larger budget sends "
                        "them together)", fit, len(items))
        return fit

    def _batch(self, items: list[BatchItem],
               todo: dict[str, tuple[Request[Any], BatchItem]]) -> None:
        assert self.batcher is not None and self.cache is not None
        outcome = self.batcher.run(items)
        unusable = dict(outcome.failures)
        for key, reply in outcome.replies.items():
            if key not in todo:
                continue
            request, used = todo[key][0], reply.usage.batched()
            with self.lock:
                self.usage.add(used)
            try:
                request.schema.model_validate_json(reply.text)
            except ValidationError as e:
                unusable[key] = describe_validation_error(e)
                continue
            with self.lock:  # what it cost is counted when the stage reads it
                self.cache.cache_put(key, self.backend.model, request.prompt_version,
                                     reply.text, (used.prompt_tokens, used.completion_tokens),
                                     batched=True)
        if unusable:
            reasons = sorted(set(unusable.values()))
            log.warning("%d of %d batch requests got no usable reply (%s); they are made "
                        "as ordinary calls", len(unusable), len(items),
                        "; ".join(reasons[:3]) + ("; …" if len(reasons) > 3 else ""))
        if outcome.stopped:
            raise LLMRequestError(outcome.stopped)

    def _answered(self, key: str, schema: type[BaseModel]) -> bool:
        """True when the cache holds a reply under `key` that still fits `schema`."""
        with self.lock:
            hit = self.cache.cache_get(key) if self.cache else None
        if hit is None:
            return False
        try:
            schema.model_validate_json(hit["response"])
        except ValidationError:
            return False
        return True

    def _call(self, messages: list[Message], run: Callable[[], RawReply],
              limit: int) -> RawReply:
        """One backend call, within the budget (its worst case reserved while it runs)."""
        reserve = Usage()
        if self.budget is not None:

            with self.lock:
                spent = Usage()
                spent.add(self.usage)
                spent.add(self._reserved)
                self.budget.check(spent, messages, limit)
                reserve = Usage(0, 0, estimate_prompt_tokens(messages), limit)
                self._reserved.add(reserve)
        try:
            if self.limiter is not None:
                self.limiter.wait()
            reply = run()
        finally:
            with self.lock:
                self._reserved.add(Usage(0, 0, -reserve.prompt_tokens,
                                         -reserve.completion_tokens))
        with self.lock:
            self.usage.add(reply.usage)
        return reply

    def _ask(
        self, messages: list[Message], schema: type[T], json_schema: dict[str, Any]
    ) -> tuple[T, str, Usage]:
        used = Usage()
        attempts = 0
        while True:
            attempts += 1
            reply = self._call(
                messages, partial(self.backend.generate, messages, json_schema, schema.__name__),
                getattr(self.backend, "max_output_tokens", 4096))
            used.add(reply.usage)
            try:
                return schema.model_validate_json(reply.text), reply.text, used
            except ValidationError as e:
                problem = describe_validation_error(e)
            if attempts > self.max_reasks:
                raise LLMOutputError(
                    f"{self.label} returned output that does not fit {schema.__name__} "
                    f"after {attempts} attempts: {problem}",
                    attempts=attempts, last_output=reply.text, usage=used,
                )
            log.info("re-asking %s: %s", self.label, problem)
            # A new list each time: the caller's messages are never changed.
            messages = [
                *messages,
                {"role": "assistant", "content": reply.text},
                {"role": "user", "content": reask_text(problem)},
            ]


def _hit_usage(hit: Any) -> Usage:
    """What a cached reply cost when it was made (in a batch or not)."""
    prompt, completion = hit["prompt_tokens"], hit["completion_tokens"]
    batched = bool(hit["batched"])
    return Usage(1, 0, prompt, completion, prompt if batched else 0,
                 completion if batched else 0)


def reask_text(problem: str) -> str:
    return (
        f"Your reply could not be used: {problem}\n"
        "Reply again with only a JSON object that follows the schema."
    )


def describe_validation_error(error: ValidationError) -> str:
    """Validation errors in words: 'facts.0.kind: Input should be …'."""
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(p) for p in item["loc"]) or "reply"
        if item["type"] == "json_invalid":
            parts.append("the reply is not valid JSON")
        else:
            parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def cache_key(
    model: str, prompt_version: str, messages: list[Message], schema: dict[str, Any]
) -> str:
    """sha256 over everything that decides the reply (never credentials)."""
    payload = json.dumps(
        {"model": model, "prompt": prompt_version, "messages": messages, "schema": schema},
        sort_keys=True, ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()

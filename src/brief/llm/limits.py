"""Limits on model calls: a spending budget and one rate limiter for all workers.

The budget is checked *before* each call that is not answered from the cache: the
call goes ahead only if what was spent, plus its prompt (estimated at one token
per 3 bytes, more than real tokenisers count for text) plus the most it may reply
(the backend's output limit), stays within the limit. So a run never crosses it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

from brief.errors import BudgetExceeded
from brief.llm.types import Message, Usage


class Priced(Protocol):
    def cost(self, prompt_tokens: int, completion_tokens: int) -> float: ...

    def batch_cost(self, prompt_tokens: int, completion_tokens: int) -> float: ...


def cost_of(price: Priced, usage: Usage) -> float:
    """US dollars for `usage`: its batch part at batch prices, the rest at the list price."""
    return (price.cost(usage.prompt_tokens - usage.batch_prompt_tokens,
                       usage.completion_tokens - usage.batch_completion_tokens)
            + price.batch_cost(usage.batch_prompt_tokens, usage.batch_completion_tokens))


def estimate_prompt_tokens(messages: list[Message]) -> int:
    return sum(len(m["content"].encode("utf-8")) // 3 + 8 for m in messages)


@dataclass
class Budget:
    max_tokens: int | None = None
    max_cost: float | None = None  # US dollars at `price`
    price: Priced | None = None

    def check(self, spent: Usage, messages: list[Message], max_output: int) -> None:
        """Raise BudgetExceeded when the next call could cross a limit."""
        prompt = estimate_prompt_tokens(messages)
        used = spent.prompt_tokens + spent.completion_tokens
        if self.max_tokens is not None and used + prompt + max_output > self.max_tokens:
            raise BudgetExceeded(
                f"token budget: {used:,} of {self.max_tokens:,} tokens spent; the next call "
                f"could take up to {prompt + max_output:,} more")
        if self.max_cost is not None and self.price is not None:
            cost = cost_of(self.price, spent)
            worst = self.price.cost(prompt, max_output)
            if cost + worst > self.max_cost:
                raise BudgetExceeded(
                    f"cost budget: ${cost:.4f} of ${self.max_cost:.4f} spent; the next call "
                    f"could cost up to ${worst:.4f} more")


    def affordable(self, spent: Usage, requests: list[tuple[int, int]]) -> int:
        """How many of these batch requests (estimated prompt, most output), taken in
        order, fit within the limits on top of what was spent."""
        tokens = spent.prompt_tokens + spent.completion_tokens
        dollars = cost_of(self.price, spent) if self.price is not None else 0.0
        for n, (prompt, most) in enumerate(requests):
            tokens += prompt + most
            if self.price is not None:
                dollars += self.price.batch_cost(prompt, most)
            if self.max_tokens is not None and tokens > self.max_tokens:
                return n
            if self.max_cost is not None and self.price is not None and dollars > self.max_cost:
                return n
        return len(requests)


@dataclass
class RateLimiter:
    """At most `per_minute` request starts per minute, shared by every worker thread."""

    per_minute: float
    _next: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + 60.0 / self.per_minute
        if start > now:
            time.sleep(start - now)

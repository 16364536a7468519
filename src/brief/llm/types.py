"""The LLM layer's data: messages, usage, requests, and what a backend or batcher provides.

Every other module of `llm/` (and the stages that call a model) takes its types from
here; nothing here imports the rest of brief.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Literal, Protocol, TypedDict, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)


class Message(TypedDict):
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass
class Usage:
    """Tokens and calls, summed over attempts (retries and re-asks included)."""

    calls: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    # The part of the tokens above spent in a batch (billed at batch prices).
    batch_prompt_tokens: int = 0
    batch_completion_tokens: int = 0

    def add(self, other: Usage) -> None:
        self.calls += other.calls
        self.cached += other.cached
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.batch_prompt_tokens += other.batch_prompt_tokens
        self.batch_completion_tokens += other.batch_completion_tokens

    def batched(self) -> Usage:
        """The same usage, all of it spent in a batch."""
        return Usage(self.calls, self.cached, self.prompt_tokens, self.completion_tokens,
                     self.prompt_tokens, self.completion_tokens)

    def as_dict(self) -> dict[str, int]:
        out = {
            "calls": self.calls,
            "cached": self.cached,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
        }
        if self.batch_prompt_tokens or self.batch_completion_tokens:
            out["batch_prompt_tokens"] = self.batch_prompt_tokens
            out["batch_completion_tokens"] = self.batch_completion_tokens
        return out


@dataclass
class RawReply:
    text: str
    usage: Usage


class Backend(Protocol):
    """What a model vendor must provide. `generate` raises LLMError subclasses."""

    name: str
    model: str

    def generate(
        self, messages: list[Message], schema: dict[str, Any], schema_name: str
    ) -> RawReply: ...


class ScoringBackend(Backend, Protocol):
    """A backend that can also read its model's next-token probabilities.

    `yes_no` returns a RawReply whose text is the log-odds of the model's answer to
    `messages` being Yes rather than No (a decimal number).
    """

    def yes_no(self, messages: list[Message]) -> RawReply: ...


class Cache(Protocol):
    def cache_get(self, key: str) -> Any: ...

    def cache_put(
        self, key: str, model: str, prompt_version: str, response: str, usage: tuple[int, int],
        *, batched: bool = False,
    ) -> None: ...


@dataclass(frozen=True)
class Request(Generic[T]):
    """One structured request a stage will make: what `StructuredLLM.complete` takes."""

    messages: list[Message]
    schema: type[T]
    prompt_version: str


@dataclass(frozen=True)
class BatchItem:
    """One request as a batch carries it: `key` is its cache key."""

    key: str
    messages: list[Message]
    schema: dict[str, Any]
    schema_name: str


@dataclass
class BatchOutcome:
    """Replies by cache key; why each other item has none; and, when the batch ended
    unfinished and the run must stop, why."""

    replies: dict[str, RawReply] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    stopped: str | None = None


class Batcher(Protocol):
    """Answers many requests at once, later and cheaper (the Batch API). `run` raises
    LLMError when the batch as a whole is refused, BatchPending when it is still
    running after the wait allowed."""

    def run(self, items: list[BatchItem]) -> BatchOutcome: ...


@dataclass
class Completion(Generic[T]):
    obj: T
    usage: Usage
    cached: bool

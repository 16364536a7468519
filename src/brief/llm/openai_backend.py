"""OpenAI-compatible endpoints (OpenAI, Azure, vLLM, Ollama, llama.cpp servers).

The only module that imports `openai`. The SDK's own retries are off
(`max_retries=0`): transient failures are retried here, once, with tenacity.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, cast

import openai
from tenacity import (
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from brief.errors import LLMAuthError, LLMRequestError, LLMUnavailableError
from brief.llm.strict import strict_schema
from brief.llm.types import Message, RawReply, Usage

log = logging.getLogger(__name__)

ResponseFormat = Literal["json_schema", "json_object"]


class NotACompletion(Exception):
    """HTTP 200 with a body that is not a chat completion (a proxy's HTML page, say)."""


TRANSIENT = (
    openai.APITimeoutError,
    openai.APIConnectionError,
    openai.RateLimitError,
    openai.InternalServerError,
    NotACompletion,
)
KEY_ENV = "OPENAI_API_KEY"
AZURE_KEY_ENV = "AZURE_OPENAI_API_KEY"  # the names the openai SDK reads for Azure


@dataclass
class RetryPolicy:
    attempts: int = 5
    wait_multiplier: float = 1.0
    wait_max: float = 30.0


@dataclass(frozen=True)
class AzureTarget:
    """An Azure OpenAI resource: its endpoint and the api-version to call it with."""

    endpoint: str
    api_version: str


class OpenAIBackend:
    """Backend over the Chat Completions API with schema-constrained output.

    With `azure`, the SDK's AzureOpenAI client is used: `model` is the deployment's
    name, and the key is sent as Azure expects it (the `api-key` header).
    """

    name = "openai"

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None,
        api_key: str | None,
        response_format: ResponseFormat = "json_schema",
        timeout: float = 120.0,
        max_output_tokens: int = 2048,
        retry: RetryPolicy | None = None,
        azure: AzureTarget | None = None,
    ) -> None:
        self.model = model
        self.base_url = azure.endpoint if azure else base_url or "https://api.openai.com/v1"
        self.key_env = AZURE_KEY_ENV if azure else KEY_ENV
        self.response_format = response_format
        self.max_output_tokens = max_output_tokens
        self.retry = retry or RetryPolicy()
        self._secret = api_key or ""
        self.gives_logprobs = True  # until the endpoint answers a yes/no without them
        # Local servers need no key, but the SDK insists on one.
        self.client: openai.OpenAI = openai.AzureOpenAI(
            azure_endpoint=azure.endpoint, api_version=azure.api_version,
            api_key=api_key or "not-needed", max_retries=0, timeout=timeout,
        ) if azure else openai.OpenAI(
            base_url=self.base_url, api_key=api_key or "not-needed",
            max_retries=0, timeout=timeout,
        )
        if azure:
            self.name = "azure"

    def generate(
        self, messages: list[Message], schema: dict[str, Any], schema_name: str
    ) -> RawReply:
        """One completion, retried on transient failures only. Raises LLMError subclasses."""
        response = self._request(self._create, messages, schema, schema_name)
        choice = response.choices[0] if response.choices else None
        text = (choice.message.content or "") if choice else ""
        if choice is not None and choice.finish_reason == "length":
            log.warning("%s: reply cut off at the output token limit", self.model)
        return RawReply(text=text, usage=_usage(response))

    def yes_no(self, messages: list[Message]) -> RawReply:
        """Log-odds of a Yes rather than a No as the reply's first token, from the
        endpoint's top log-probabilities. LLMRequestError when it sends none."""
        response = self._request(self._create_yes_no, messages)
        choice = response.choices[0] if response.choices else None
        content = getattr(getattr(choice, "logprobs", None), "content", None) or []
        top = getattr(content[0], "top_logprobs", None) or [] if content else []
        odds = _yes_no_odds([(t.token, t.logprob) for t in top])
        if odds is None:
            self.gives_logprobs = False
            raise LLMRequestError(f"{self.base_url}: model {self.model!r} sent no "
                                  "log-probabilities for Yes or No")
        return RawReply(text=f"{odds:.4f}", usage=_usage(response))

    def _request(self, create: Callable[..., Any], *args: Any, completion: bool = True) -> Any:
        """`create(*args)`, retried on transient failures; errors as LLMError subclasses.
        With `completion` False, the reply need not be a chat completion (the Batch
        API's files and batches)."""
        retrying = Retrying(
            retry=retry_if_exception_type(TRANSIENT),
            wait=wait_random_exponential(
                multiplier=self.retry.wait_multiplier, max=self.retry.wait_max
            ),
            stop=stop_after_attempt(self.retry.attempts),
            before_sleep=lambda rs: log.warning(
                "%s: %s; retrying (attempt %d of %d)", self.base_url,
                _describe(rs.outcome.exception() if rs.outcome else None),
                rs.attempt_number + 1, self.retry.attempts,
            ),
            reraise=True,
        )
        def attempt() -> Any:
            response = create(*args)
            if completion and not isinstance(getattr(response, "choices", None), list):
                raise NotACompletion("the reply is not a chat completion (not JSON?)")
            return response

        try:
            return retrying(attempt)
        except openai.AuthenticationError as e:
            raise LLMAuthError(
                f"{self.base_url} rejected the API key (HTTP 401): check {self.key_env}"
            ) from e
        except openai.PermissionDeniedError as e:
            raise LLMAuthError(
                f"{self.base_url} refused access (HTTP 403) for model {self.model!r}: "
                f"check {self.key_env} and the model name"
            ) from e
        except openai.NotFoundError as e:
            raise LLMRequestError(
                f"{self.base_url} has no model {self.model!r} (HTTP 404): check --model"
                if completion else
                f"{self.base_url} answered HTTP 404 to a Batch API request: this endpoint "
                "has no Batch API (run without --batch)"
            ) from e
        except TRANSIENT as e:
            raise LLMUnavailableError(
                f"{self.base_url}: {_describe(e)}, still failing after "
                f"{self.retry.attempts} attempts"
            ) from e
        except openai.BadRequestError as e:
            said = self._redact(str(e.message))[:300]
            if re.search(r"schema|response_format|json_schema", said, re.I):
                raise LLMRequestError(
                    f"{self.base_url} refused the response schema (HTTP 400): {said} — "
                    "try --response-format json_object for this endpoint") from e
            raise LLMRequestError(f"{self.base_url} rejected the request (HTTP 400): {said}"
                                  ) from e
        except openai.APIStatusError as e:
            raise LLMRequestError(
                f"{self.base_url} rejected the request (HTTP {e.status_code}): "
                f"{self._redact(str(e.message))[:300]}"
            ) from e
        except openai.OpenAIError as e:
            raise LLMRequestError(f"{self.base_url}: {self._redact(str(e))[:300]}") from e

    def _create_yes_no(self, messages: list[Message]) -> Any:
        return self.client.chat.completions.create(
            model=self.model, messages=cast(Any, messages), temperature=0, max_tokens=1,
            logprobs=True, top_logprobs=20,
        )

    def _create(self, messages: list[Message], schema: dict[str, Any], schema_name: str) -> Any:
        return self.client.chat.completions.create(
            **self.request_body(messages, schema, schema_name))

    def request_body(self, messages: list[Message], schema: dict[str, Any],
                     schema_name: str) -> dict[str, Any]:
        """The chat completion request for `messages` (also a Batch API line's body)."""
        if self.response_format == "json_schema":
            fmt: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": strict_schema(schema),
                                "strict": True},
            }
        else:  # llama-cpp-python's server: json_object with the schema beside it
            fmt = {"type": "json_object", "schema": schema}
        return {"model": self.model, "messages": messages, "response_format": fmt,
                "temperature": 0, "max_tokens": self.max_output_tokens}

    def _redact(self, text: str) -> str:
        return text.replace(self._secret, "[redacted]") if self._secret else text


def _usage(response: Any) -> Usage:
    usage = Usage(calls=1)
    if getattr(response, "usage", None) is not None:
        usage.prompt_tokens = response.usage.prompt_tokens or 0
        usage.completion_tokens = response.usage.completion_tokens or 0
    return usage


def _yes_no_odds(top: list[tuple[str, float]]) -> float | None:
    """log P(yes) − log P(no) over the tokens that read as each. A side missing from
    the list is given the most it can have: no more than the least likely token
    listed, nor than the probability the list leaves over. None if neither is there."""
    sides: dict[str, list[float]] = {"yes": [], "no": []}
    for token, logprob in top:
        word = token.strip().lower()
        if word in sides:
            sides[word].append(logprob)
    if not sides["yes"] and not sides["no"]:
        return None
    left_over = max(1.0 - sum(math.exp(lp) for _, lp in top), 1e-9)
    floor = min(min(lp for _, lp in top), math.log(left_over))
    yes, no = (math.log(sum(math.exp(lp) for lp in sides[k])) if sides[k] else floor
               for k in ("yes", "no"))
    return yes - no


def _describe(error: BaseException | None) -> str:
    if isinstance(error, openai.APITimeoutError):
        return "request timed out"
    if isinstance(error, openai.APIConnectionError):
        return "connection failed"
    if isinstance(error, openai.APIStatusError):
        return f"HTTP {error.status_code}"
    if isinstance(error, NotACompletion):
        return str(error)
    return type(error).__name__

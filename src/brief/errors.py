"""One exception hierarchy. The CLI turns these into one-line messages."""

from __future__ import annotations

from typing import Any


class BriefError(Exception):
    """Base of every error brief raises on purpose."""


class ConfigError(BriefError):
    """The configuration is wrong or incomplete; fixing a setting fixes it."""


class InputError(BriefError):
    """An input (file, date, option value) cannot be used; the message names it."""


class StoreError(BriefError):
    """The SQLite store cannot be opened or is inconsistent."""


class LLMError(BriefError):
    """A model call failed."""


class LLMAuthError(LLMError):
    """The endpoint rejected the credentials; never retried."""


class LLMRequestError(LLMError):
    """The endpoint rejected the request itself (HTTP 4xx other than 401/429)."""


class LLMUnavailableError(LLMError):
    """Transient failures (timeouts, 429, 5xx, resets) outlasted the retries."""


class LLMOutputError(LLMError):
    """The model kept answering with output that does not fit the schema.

    Carries what a caller needs to report or resume: how many attempts were made,
    the last raw output, and the token usage summed over every attempt.
    """

    def __init__(self, message: str, *, attempts: int, last_output: str, usage: Any) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.last_output = last_output
        self.usage = usage


class BudgetExceeded(LLMError):
    """The next model call could cross --max-tokens or --max-cost; nothing was spent on it."""


class BatchPending(LLMError):
    """A batch is still running at the endpoint; the same command picks it up later."""

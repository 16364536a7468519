"""Greedy sampling under a grammar, checking only the chosen token.

llama-cpp-python applies a grammar to every token of the vocabulary at every step
(151k tokens for Qwen2.5), which costs more than the model's own forward pass on a
small CPU. For greedy decoding the answer is the highest-scoring token the grammar
allows, so we take the plain argmax, ask the grammar about that one token, and
only when it is refused run the full-vocabulary pass. The tokens produced are the
same; the cost is one grammar check per step. (llama.cpp's own server samples
the same way.)
"""

from __future__ import annotations

import ctypes
from typing import Any

import llama_cpp
import numpy as np
from llama_cpp import Llama
from llama_cpp.llama_grammar import LlamaGrammar

_TOKEN_DTYPE = np.dtype([("id", np.intc), ("logit", np.single), ("p", np.single)], align=True)


class CheckedGreedySampler:
    """The `sample(ctx, idx)` interface Llama.generate expects, with a grammar."""

    def __init__(self, llama: Llama, grammar: LlamaGrammar) -> None:
        self.n_vocab = llama.n_vocab()
        self.grammar = llama_cpp.llama_sampler_init_grammar(
            llama._model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        self._one = (llama_cpp.llama_token_data * 1)()
        self._all = (llama_cpp.llama_token_data * self.n_vocab)()
        self._all_view = np.ctypeslib.as_array(self._all).view(_TOKEN_DTYPE)
        self.fallbacks = 0

    def _apply(self, data: Any, size: int) -> None:
        array = llama_cpp.llama_token_data_array(data=data, size=size, selected=-1, sorted=False)
        llama_cpp.llama_sampler_apply(self.grammar, ctypes.byref(array))

    def sample(self, ctx: Any, idx: int = -1) -> int:
        pointer = llama_cpp.llama_get_logits_ith(ctx.ctx, idx)
        logits = np.ctypeslib.as_array(pointer, shape=(self.n_vocab,))
        token = int(np.argmax(logits))
        self._one[0] = llama_cpp.llama_token_data(token, float(logits[token]), 0.0)
        self._apply(self._one, 1)
        if not np.isfinite(self._one[0].logit):
            self.fallbacks += 1
            view = self._all_view
            view["id"] = np.arange(self.n_vocab, dtype=np.intc)
            view["logit"] = logits
            view["p"] = 0.0
            self._apply(self._all, self.n_vocab)
            token = int(view["id"][int(np.argmax(view["logit"]))])
        llama_cpp.llama_sampler_accept(self.grammar, token)
        return token

    def close(self) -> None:
        if self.grammar is not None:
            llama_cpp.llama_sampler_free(self.grammar)
            self.grammar = None

    def __del__(self) -> None:
        self.close()


class GrammarFastLlama(Llama):
    """Llama whose greedy, grammar-constrained generation uses CheckedGreedySampler."""

    def _init_sampler(self, *args: Any, **kwargs: Any) -> Any:
        grammar = kwargs.get("grammar")
        greedy = kwargs.get("temp") == 0.0 and not kwargs.get("logits_processor")
        neutral = (kwargs.get("repeat_penalty", 1.0), kwargs.get("frequency_penalty", 0.0),
                   kwargs.get("presence_penalty", 0.0)) == (1.0, 0.0, 0.0)
        if grammar is not None and greedy and neutral and not args:
            return CheckedGreedySampler(self, grammar)
        return super()._init_sampler(*args, **kwargs)

"""Extract: one schema-constrained LLM call per article (per chunk when long).

The model sees the article as numbered sentences and cites them by number, so a
fact's span is exact by construction and the reply stays short.
"""

from __future__ import annotations

import logging

from . import prompts
from .llm import StructuredLLM
from .schema import Article, ExtractionOut, Fact
from .text import split_sentences
from .verify import verify_fact

log = logging.getLogger(__name__)

MAX_FACTS = 5
CHUNK_SENTENCES = 40


def extract_facts(
    llm: StructuredLLM, article: Article, *, max_facts: int = MAX_FACTS
) -> list[Fact]:
    """Facts of `article`, each verified against its span. Raises LLMError on failure."""
    sentences = split_sentences(article.text)
    numbered = [(s.number, article.text[s.start:s.end]) for s in sentences]
    facts: dict[str, Fact] = {}
    for first in range(0, len(numbered), CHUNK_SENTENCES):
        chunk = numbered[first:first + CHUNK_SENTENCES]
        messages = prompts.render(
            "extract",
            title=prompts.as_data(article.title or "", "article"),
            sentences=[(n, prompts.as_data(s, "article")) for n, s in chunk],
            max_facts=max_facts,
        )
        reply = llm.complete(messages, ExtractionOut, prompt_version=prompts.version("extract"))
        for out in reply.obj.facts[:max_facts]:
            fact = verify_fact(out, article, sentences)
            facts.setdefault(fact.id, fact)
    return list(facts.values())

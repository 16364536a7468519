"""The LLM judge: a schema-constrained verdict on a claim against evidence sentences.

It is one signal among the deterministic checks, never a way round them: a claim the
checks reject stays rejected, and a claim they pass is held back (as *partial*)
when the judge calls it unsupported or contradicted. `brief eval verify --judge`
measures both ways of combining on FRANK (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from . import prompts
from .errors import LLMError
from .llm import StructuredLLM
from .schema import Article, Fact
from .text import split_sentences

log = logging.getLogger(__name__)

Verdict = Literal["supported", "partial", "unsupported", "contradicted"]
VERDICTS = ("supported", "partial", "unsupported", "contradicted")
MAX_EVIDENCE_CHARS = 2400


class JudgeOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    evidence: list[int] = Field(max_length=4)
    missing: list[str] = Field(max_length=4)
    verdict: Verdict


@dataclass
class Judgement:
    verdict: Verdict
    evidence: list[int]  # 1-based positions in the sentences given
    missing: list[str]  # details of the claim the judge did not find

    @property
    def rejects(self) -> bool:
        return self.verdict in ("unsupported", "contradicted")


def judge_claim(llm: StructuredLLM, claim: str, sentences: list[str]) -> Judgement:
    """Ask the model whether `sentences` support `claim`. Raises LLMError."""
    shown: list[tuple[int, str]] = []
    used = 0
    for n, sentence in enumerate(sentences, 1):
        text = " ".join(sentence.split())
        if used + len(text) > MAX_EVIDENCE_CHARS and shown:
            break
        shown.append((n, prompts.as_data(text, "evidence")))
        used += len(text)
    messages = prompts.render("judge", sentences=shown,
                              claim=prompts.as_data(" ".join(claim.split()), "claim"))
    reply = llm.complete(messages, JudgeOut, prompt_version=prompts.version("judge"))
    return Judgement(reply.obj.verdict,
                     [n for n in reply.obj.evidence if 1 <= n <= len(shown)],
                     [" ".join(m.split())[:80] for m in reply.obj.missing])


def judge_facts(llm: StructuredLLM, facts: list[Fact], article: Article) -> list[Fact]:
    """Hold back (as partial) each verified fact the judge rejects; the rest unchanged.

    The judge sees the fact's sentences with the sentence before and after each.
    A judge that fails to answer leaves the deterministic status as it is.
    """
    sentences = split_sentences(article.text)
    out = []
    for fact in facts:
        if fact.status != "verified":
            out.append(fact)
            continue
        around = sorted({n for i in fact.sentence_ids for n in (i - 1, i, i + 1)
                         if 1 <= n <= len(sentences)})
        try:
            said = judge_claim(llm, fact.claim, [
                article.text[sentences[n - 1].start:sentences[n - 1].end] for n in around])
        except LLMError as e:
            log.warning("judge gave no verdict on %s: %s", fact.id, e)
            out.append(fact)
            continue
        if said.verdict in ("unsupported", "contradicted"):
            missing = f" (not in the text: {', '.join(said.missing)})" if said.missing else ""
            fact = fact.model_copy(update={
                "status": "partial", "reasons": [*fact.reasons, f"judge: {said.verdict}{missing}"]})
        out.append(fact)
    return out

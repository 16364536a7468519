"""The LLM judge: does the model read a claim as stated by its evidence?

Two ways to ask, by what the backend offers:
- **log-odds** (the embedded model, and endpoints that return log-probabilities):
  one forward pass over "is every detail of the claim stated in the text?", and the
  log-odds of the answer's first token being Yes rather than No. Small models that
  answer "supported" to nearly everything still rank claims usefully this way.
- **verdict** (other backends): a schema-constrained verdict — supported, partial,
  unsupported, contradicted — with the evidence sentence numbers and the details
  it did not find.

In a brief the judge is one signal among the deterministic checks, never a way
round them: a claim the checks reject stays rejected, and a claim they pass is held
back (as *partial*) when the judge rejects it. For a claim against a whole document
(`brief eval verify --judge`) the log-odds and the checks' word coverage are added
into one score. The thresholds were fitted on half 0 of FRANK's documents (a
logistic fit, each dataset and label weighted equally) and are reported on half 1
(docs/BENCHMARKS.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from brief import prompts
from brief.errors import LLMError
from brief.llm import StructuredLLM
from brief.schema import Article, Fact
from brief.text import split_sentences

log = logging.getLogger(__name__)

Verdict = Literal["supported", "partial", "unsupported", "contradicted"]
VERDICTS = ("supported", "partial", "unsupported", "contradicted")
MAX_EVIDENCE_CHARS = 2400
MAX_TEXT_CHARS = 3000  # evidence shown for log-odds
JUDGE_THRESHOLD = 0.9  # log-odds of Yes below which the judge rejects a claim
COVERAGE_WEIGHT = 5.7  # claim against a document: log-odds + weight × coverage …
COMBINED_THRESHOLD = 5.5  # … must pass this


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


def support_odds(llm: StructuredLLM, claim: str, evidence: list[str]) -> float:
    """Log-odds that the model reads `claim` as stated by `evidence`. Raises LLMError."""
    text = "\n".join(" ".join(sentence.split()) for sentence in evidence)[:MAX_TEXT_CHARS]
    messages = prompts.render("entail", evidence=_fenced(text),
                              claim=_fenced(" ".join(claim.split())))
    return llm.yes_odds(messages, prompt_version=prompts.version("entail"))


def combined_support(odds: float, coverage: float) -> bool:
    """A claim against a document: the judge's log-odds and the checks' coverage."""
    return odds + COVERAGE_WEIGHT * coverage > COMBINED_THRESHOLD


def _fenced(text: str) -> str:
    """Untrusted text that cannot close the <<< >>> fences it sits between."""
    while "<<<" in text or ">>>" in text:
        text = text.replace("<<<", "<< <").replace(">>>", ">> >")
    return text


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
        shown = [article.text[sentences[n - 1].start:sentences[n - 1].end] for n in around]
        try:
            reason = _reason(llm, fact.claim, shown)
        except LLMError as e:
            log.warning("judge gave no verdict on %s: %s", fact.id, e)
            reason = None
        if reason:
            fact = fact.model_copy(update={
                "status": "partial", "reasons": [*fact.reasons, f"judge: {reason}"]})
        out.append(fact)
    return out


def weakest_odds(llm: StructuredLLM, claims: list[str], evidence: list[str]) -> float | None:
    """The lowest log-odds over `claims`, or None when the model gives none: an
    endpoint that turns out to send no log-probabilities is asked for verdicts from
    then on. Raises LLMError."""
    if not llm.scores or not claims:
        return None
    try:
        return min(support_odds(llm, claim, evidence) for claim in claims)
    except LLMError:
        if llm.scores:
            raise
        log.warning("%s sends no log-probabilities: asking for verdicts", llm.label)
        return None


def _reason(llm: StructuredLLM, claim: str, shown: list[str]) -> str | None:
    """Why the judge rejects `claim`, or None."""
    odds = weakest_odds(llm, [claim], shown)
    if odds is None:
        return _verdict_reason(llm, claim, shown)
    if odds >= JUDGE_THRESHOLD:
        return None
    return f"the model doubts the text states this (log-odds {odds:+.2f} < {JUDGE_THRESHOLD})"


def _verdict_reason(llm: StructuredLLM, claim: str, shown: list[str]) -> str | None:
    said = judge_claim(llm, claim, shown)
    if not said.rejects:
        return None
    return said.verdict + (f" (not in the text: {', '.join(said.missing)})"
                           if said.missing else "")

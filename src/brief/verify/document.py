"""Claim against a whole document: find the evidence, then rule on support.

For a free-text claim with no citation (an edited brief sentence, a summary under
evaluation): each of its sentences is matched to the two document sentences that
share most of its content words, then checked deterministically —
- coverage: at least COVERAGE of its content words stand in that evidence;
- novelty: at most NOVEL_WORDS of its content words appear nowhere in the document;
- figures: every number it states appears in the document;
- negation: a negated claim needs negated evidence.
Thresholds were chosen on half of the FRANK dev documents (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from brief.schema import Span
from brief.text import NEGATION, figures_in, matchable, split_sentences, stems

COVERAGE = 0.8
NOVEL_WORDS = 1
RESTATEMENT = 0.9


@dataclass
class DocumentVerdict:
    """Whether the document supports the claim, why not, and the evidence used."""

    supported: bool
    coverage: float
    novel_words: list[str]
    reasons: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)


def claim_sentences(claim: str) -> list[str]:
    pieces = [claim[s.start:s.end] for s in split_sentences(claim)]
    # Tokenised text ("word . next") is split on its free-standing full stops too.
    return [p.strip() for piece in pieces for p in re.split(r"\s\.\s", piece) if p.strip()]


def check_in_document(claim: str, document: str) -> DocumentVerdict:
    """Rule on `claim` against `document`; never raises."""
    sentences = split_sentences(document)
    by_sentence = [stems(document[s.start:s.end]) for s in sentences]
    everywhere = set().union(*by_sentence) if by_sentence else set()
    document_figures = figures_in(document)
    verdict = DocumentVerdict(supported=True, coverage=1.0, novel_words=[])
    for part in claim_sentences(claim):
        wanted = stems(part)
        if not wanted:
            continue
        best = sorted(range(len(sentences)), key=lambda k: (-len(wanted & by_sentence[k]), k))[:2]
        found = set().union(*(by_sentence[k] for k in best)) if best else set()
        verdict.coverage = min(verdict.coverage, len(wanted & found) / len(wanted))
        verdict.novel_words.extend(sorted(wanted - everywhere))
        verdict.evidence.extend(
            Span(start=sentences[k].start, end=sentences[k].end,
                 quote=document[sentences[k].start:sentences[k].end]) for k in sorted(best))
        for figure in sorted(figures_in(part) - document_figures):
            verdict.reasons.append(f"figure {figure} is not in the document")
        if best:
            top = sentences[best[0]]
            close = len(wanted & by_sentence[best[0]]) >= RESTATEMENT * len(wanted)
            problem = _negation_problem(part, document[top.start:top.end], close)
            if problem:
                verdict.reasons.append(problem)
    if verdict.coverage < COVERAGE:
        verdict.reasons.append(f"only {verdict.coverage:.0%} of its words are in the evidence")
    if len(verdict.novel_words) > NOVEL_WORDS:
        verdict.reasons.append("words found nowhere in the document: "
                               + ", ".join(verdict.novel_words[:8]))
    verdict.supported = not verdict.reasons
    return verdict


def _negation_problem(part: str, evidence: str, restates: bool) -> str | None:
    """A claim must not add a negation its evidence lacks, nor drop one from a
    sentence it restates (`restates`: nearly all its words are in that sentence)."""
    claim_negated = bool(NEGATION.search(matchable(part)))
    evidence_negated = bool(NEGATION.search(matchable(evidence)))
    if claim_negated and not evidence_negated:
        return f"negated, but its evidence is not: {part!r}"
    if evidence_negated and not claim_negated and restates:
        return f"its evidence is negated, the claim is not: {part!r}"
    return None

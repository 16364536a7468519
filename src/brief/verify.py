"""Verify: tie each fact to character offsets in its article and check it against them.

A fact is *verified* when its span is found and every figure, named actor and
negation in its claim is borne out by the span (or the sentence next to it);
*partial* when the span was only found fuzzily or a name occurs only elsewhere
in the article; *unsupported* otherwise. Every non-verified status carries reasons.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .schema import Alignment, Article, Fact, FactOut, Span, Status
from .text import Sentence, figures_in, fold, lower_same_length

FUZZY_MIN_SCORE = 90.0
_NEGATION = re.compile(r"\b(not|no|never|none|nobody|neither|nor|without|cannot)\b|n't\b")
_ALIASES = {
    "united states": ("u.s.", "us ", "america", "washington", "white house"),
    "united kingdom": ("u.k.", "uk ", "britain", "british"),
    "european union": ("eu ", "brussels"),
}
_NOT_NAMES = {
    "the", "a", "an", "he", "she", "it", "they", "we", "this", "that", "these", "those",
    "but", "and", "in", "on", "at", "as", "after", "before", "during", "while", "if",
    "his", "her", "their", "its", "our", "prime", "minister", "president", "defense",
    "defence", "foreign", "secretary", "general", "lt", "mr", "mrs", "ms", "dr",
}

_NOT_A_NAME = _NOT_NAMES | ENGLISH_STOP_WORDS


@dataclass
class Finding:
    """What a check found: fatal problems make a claim unsupported, minor ones partial."""

    fatal: list[str] = field(default_factory=list)
    minor: list[str] = field(default_factory=list)


def _matchable(text: str) -> str:
    """Folded, lower-case, newlines as spaces: same length as `text`."""
    return lower_same_length(fold(text)).replace("\n", " ")


def align_quote(quote: str, text: str) -> tuple[int, int, Alignment] | None:
    """Find `quote` in `text`: (start, end, method) with method exact/normalised/fuzzy."""
    quote = quote.strip().strip("\"'“”‘’ ")
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote), "exact"
    hay, needle = _matchable(text), " ".join(_matchable(quote).split())
    at = hay.find(needle)
    if at >= 0:
        return at, at + len(needle), "normalised"
    hit = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=FUZZY_MIN_SCORE)
    if hit is None:
        return None
    start, end = hit.dest_start, hit.dest_end
    while start > 0 and hay[start - 1].isalnum():
        start -= 1
    while end < len(hay) and hay[end].isalnum():
        end += 1
    return start, end, "fuzzy"


def sentence_spans(ids: list[int], text: str, sentences: list[Sentence]) -> list[Span]:
    """Spans for cited sentence numbers; adjacent sentences merge into one span."""
    valid = sorted({i for i in ids if 1 <= i <= len(sentences)})
    runs: list[list[int]] = []
    for i in valid:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    spans = []
    for run in runs:
        start, end = sentences[run[0] - 1].start, sentences[run[-1] - 1].end
        spans.append(Span(start=start, end=end, quote=text[start:end]))
    return spans


def context_of(spans: list[Span], text: str, sentences: list[Sentence]) -> str:
    """The spans widened by one sentence each side (attribution often sits there)."""
    parts = []
    for span in spans:
        inside = [i for i, s in enumerate(sentences) if s.end > span.start and s.start < span.end]
        if not inside:
            parts.append(span.quote)
            continue
        lo, hi = max(inside[0] - 1, 0), min(inside[-1] + 1, len(sentences) - 1)
        parts.append(text[sentences[lo].start:sentences[hi].end])
    return "\n".join(parts)


def names_in(claim: str) -> list[str]:
    """Runs of capitalised words in a claim ("United States", "Keir Starmer").

    A sentence's first word is capitalised anyway, so it is dropped from its run
    and left to the actors list.
    """
    names = []
    folded = fold(claim)
    for m in re.finditer(r"[A-Z][\w'.-]*\w(?:\s+[A-Z][\w'.-]*\w)*", folded):
        words = m.group().split()
        before = folded[: m.start()].rstrip()
        if not before or before[-1] in ".!?:\"'":
            words = words[1:]
        words = [w.removesuffix("'s") for w in words]
        kept = [w for w in words if w.lower() not in _NOT_A_NAME]
        if kept:
            names.append(" ".join(words if len(kept) == len(words) else kept))
    return names


def _found(name: str, text: str) -> bool:
    hay = " " + _matchable(text) + " "
    key = _matchable(name).strip()
    if key in _ALIASES and (key in hay or any(a in hay for a in _ALIASES[key])):
        return True
    tokens = [t for t in re.findall(r"[\w.]+", key) if t not in _NOT_NAMES and len(t) > 1]
    # A name counts as found when any distinctive token's stem is there
    # ("Canada"/"Canadian", "Keir Starmer"/"Starmer").
    return any(re.search(r"(?<![\w])" + re.escape(t[:5]), hay) for t in tokens)


def check_claim(
    claim: str, actors: list[str], span_text: str, context: str, article_text: str
) -> Finding:
    """Figures, names and negation of `claim` against its span, context and article."""
    finding = Finding()
    near = span_text + "\n" + context
    span_figures, near_figures = figures_in(span_text), figures_in(near)
    for figure in sorted(figures_in(claim)):
        if figure in span_figures:
            continue
        if figure in near_figures:
            finding.minor.append(f"figure {figure} is in the next sentence, not the span")
        else:
            finding.fatal.append(f"figure {figure} is not in the cited text")
    for name in dict.fromkeys([*actors, *names_in(claim)]):
        if _found(name, near):
            continue
        if _found(name, article_text):
            finding.minor.append(f"{name!r} is named in the article but not near the span")
        else:
            finding.fatal.append(f"{name!r} does not appear in the article")
    if _NEGATION.search(_matchable(claim)) and not _NEGATION.search(_matchable(near)):
        finding.fatal.append("the claim is negated but the cited text is not")
    return finding


def verify_fact(out: FactOut, article: Article, sentences: list[Sentence]) -> Fact:
    """Align one extracted fact to its article and check it; never raises."""
    text = article.text
    reasons: list[str] = []
    spans = sentence_spans(out.sentence_ids, text, sentences)
    alignment: Alignment = "sentences" if spans else "none"
    bad_ids = sorted({i for i in out.sentence_ids if not 1 <= i <= len(sentences)})
    if bad_ids:
        reasons.append(f"cites sentence(s) {bad_ids} that the article does not have")
    fatal = False
    if out.quote.strip():
        found = align_quote(out.quote, text)
        if found is None:
            reasons.append("the quote is not found in the article")
            fatal = True
        else:
            start, end, alignment = found
            spans = [Span(start=start, end=end, quote=text[start:end])]
    if not spans:
        if not fatal:
            reasons.append("no span of the article is cited")
        fatal = True
    finding = Finding()
    if spans:
        span_text = "\n".join(s.quote for s in spans)
        finding = check_claim(
            out.claim, out.actors, span_text, context_of(spans, text, sentences), text
        )
        near = figures_in(span_text + "\n" + context_of(spans, text, sentences))
        stated = figures_in(out.claim)
        for figure in out.figures:
            missing = figures_in(figure.value) - near - stated
            if missing:
                finding.fatal.append(
                    f"figure {figure.value} {figure.unit} is not in the cited text"
                )
    reasons.extend(finding.fatal + finding.minor)
    if alignment == "fuzzy":
        reasons.append("the quote matches the article only approximately")
    status: Status = (
        "unsupported" if fatal or finding.fatal
        else "partial" if reasons else "verified"
    )
    return Fact(
        id=fact_id(article.id, out.claim, spans),
        article_id=article.id,
        claim=out.claim.strip(),
        kind=out.kind,
        actors=out.actors,
        figures=out.figures,
        time=out.time,
        sentence_ids=out.sentence_ids,
        spans=spans,
        alignment=alignment,
        status=status,
        reasons=list(dict.fromkeys(reasons)),
    )


def fact_id(article_id: str, claim: str, spans: list[Span]) -> str:
    key = f"{article_id}|{claim.strip()}|" + ",".join(f"{s.start}-{s.end}" for s in spans)
    return "f" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:9]

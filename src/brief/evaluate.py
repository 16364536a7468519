"""Evaluation harnesses on labelled data.

Grouping rows: {"id", "date", "title", "text", "cluster_id"} (+ "topic_id"), scored by
B-cubed. Verification rows: {"id", "doc", "claim", "label"} (+ "source_dataset",
"doc_id"), scored by balanced accuracy per source dataset. `half` keeps one half
of the topics (or documents), by hash: choose settings on one half, report the other.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brief.errors import InputError, LLMError
from brief.group import cluster_articles
from brief.llm import StructuredLLM
from brief.schema import Article
from brief.text import content_hash

if TYPE_CHECKING:
    from brief.verify.document import DocumentVerdict

log = logging.getLogger(__name__)


@dataclass
class GroupingScore:
    articles: int
    precision: float
    recall: float
    f1: float
    clusters: int
    gold_clusters: int
    seconds: float


def bcubed(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against gold labels."""
    by_pred: dict[str, set[int]] = defaultdict(set)
    by_gold: dict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    n = len(gold)
    precision = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_pred[predicted[i]])
                    for i in range(n)) / n
    recall = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]])
                 for i in range(n)) / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def _jsonl(path: Path, required: tuple[str, ...], half_key: tuple[str, str],
           half: int | None) -> list[dict[str, Any]]:
    """Rows of a JSONL file that have `required` fields; `half` keeps one half of them,
    by a hash of the first of `half_key` present. Raises InputError naming a bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from e
    rows = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            missing = [k for k in required if row.get(k) is None]
        except (json.JSONDecodeError, AttributeError) as e:
            raise InputError(f"{path}:{lineno}: not a JSON object ({e})") from e
        if missing:
            raise InputError(f"{path}:{lineno}: not a row with {', '.join(required)} "
                             f"(missing {', '.join(missing)})")
        if row.get("date") is not None and _day(row["date"]) is None:
            log.warning("%s:%d: %r is not a date; the row is left undated", path, lineno,
                        row["date"])
            row["date"] = None
        key = str(row.get(half_key[0]) or row[half_key[1]])
        if half is None or int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2 == half:
            rows.append(row)
    return rows


def _day(value: object) -> date | None:
    """The day an ISO date or date-time names, or None ("2013-03-46" names none)."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def load_rows(path: Path, half: int | None = None) -> list[dict[str, Any]]:
    """Grouping rows; `half` keeps one half of the topics (topic_id, else cluster_id)."""
    return _jsonl(path, ("id", "text", "cluster_id"), ("topic_id", "cluster_id"), half)


def as_article(row: dict[str, Any]) -> Article:
    return Article(
        id=str(row["id"]), content_hash=content_hash(row["text"]), text=row["text"],
        title=row.get("title"), path=str(row["id"]), ingested_at="",
        published=_day(row["date"]) if row.get("date") else None,
    )


def evaluate_grouping(rows: list[dict[str, Any]]) -> GroupingScore:
    """Group the rows as brief groups articles; score against their cluster_id."""
    articles = [as_article(r) for r in rows]
    start = time.perf_counter()
    groups = cluster_articles(articles)
    seconds = time.perf_counter() - start
    label = {a.id: str(n) for n, group in enumerate(groups) for a in group}
    gold = [str(r["cluster_id"]) for r in rows]
    precision, recall, f1 = bcubed([label[a.id] for a in articles], gold)
    return GroupingScore(len(rows), precision, recall, f1, len(groups), len(set(gold)), seconds)


@dataclass
class VerificationScore:
    dataset: str
    pairs: int
    balanced_accuracy: float
    ms_per_pair: float
    judge_only: float | None = None  # the LLM judge alone
    combined: float | None = None  # deterministic checks, then the judge may hold back


def balanced_accuracy(predicted: list[bool], gold: list[bool]) -> float:
    """Mean of the recall on supported and on unsupported pairs (0.5 = chance)."""
    pos = [p for p, g in zip(predicted, gold, strict=True) if g]
    neg = [not p for p, g in zip(predicted, gold, strict=True) if not g]
    rates = [sum(x) / len(x) for x in (pos, neg) if x]
    return sum(rates) / len(rates)


def load_pairs(path: Path, half: int | None = None) -> list[dict[str, Any]]:
    """(doc, claim, label) rows; `half` keeps one half of the documents."""
    return _jsonl(path, ("doc", "claim", "label"), ("doc_id", "doc"), half)


def sample_rows(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """`n` rows spread evenly over the file, the same ones every time."""
    if n >= len(rows):
        return rows
    step = len(rows) / n
    return [rows[int(i * step)] for i in range(n)]


def evaluate_verification(rows: list[dict[str, Any]], llm: StructuredLLM | None = None,
                          progress: bool = False) -> list[VerificationScore]:
    """Balanced accuracy per source_dataset, then their mean; with `llm`, also the judge."""
    from brief.verify.document import check_in_document

    by_dataset: dict[str, list[tuple[bool, bool, bool, bool]]] = defaultdict(list)
    start = time.perf_counter()
    for n, row in enumerate(rows, 1):
        verdict = check_in_document(row["claim"], row["doc"])
        judged = combined = verdict.supported
        if llm is not None:
            judged, combined, said = _judge_pair(llm, row["claim"], verdict)
            if progress:
                log.info("[%d/%d] %s: %s", n, len(rows), row.get("id"), said)
        by_dataset[str(row.get("source_dataset") or "all")].append(
            (verdict.supported, judged, combined, bool(int(row["label"]))))
    ms = (time.perf_counter() - start) * 1000 / max(len(rows), 1)
    scores = []
    for name, pairs in sorted(by_dataset.items()):
        gold = [p[3] for p in pairs]
        score = VerificationScore(name, len(pairs),
                                  balanced_accuracy([p[0] for p in pairs], gold), ms)
        if llm is not None:
            score.judge_only = balanced_accuracy([p[1] for p in pairs], gold)
            score.combined = balanced_accuracy([p[2] for p in pairs], gold)
        scores.append(score)
    if len(scores) > 1:
        def mean(values: list[float | None]) -> float | None:
            return None if None in values else sum(v or 0 for v in values) / len(values)
        scores.append(VerificationScore(
            "mean", len(rows), sum(s.balanced_accuracy for s in scores) / len(scores), ms,
            mean([s.judge_only for s in scores]), mean([s.combined for s in scores])))
    return scores


def _judge_pair(llm: StructuredLLM, claim: str, verdict: DocumentVerdict) -> tuple[bool, bool, str]:
    """(judge alone, checks + judge, what the judge said) for a claim against a document.

    With log-odds, the claim's weakest sentence counts, and the combination adds the
    checks' coverage (judge.combined_support); with verdicts, both must pass. A judge
    that does not answer leaves the pair to the checks alone.
    """
    from brief.judge import JUDGE_THRESHOLD, combined_support, judge_claim, weakest_odds
    from brief.verify.document import claim_sentences

    evidence = [q for _, q in sorted({(s.start, s.quote) for s in verdict.evidence})]
    try:
        odds = weakest_odds(llm, claim_sentences(claim), evidence)
        if odds is not None:
            return (odds > JUDGE_THRESHOLD, combined_support(odds, verdict.coverage),
                    f"log-odds {odds:+.2f}")
        said = judge_claim(llm, claim, evidence).verdict
    except LLMError as e:  # no verdict: the pair is scored on the checks alone
        return verdict.supported, verdict.supported, f"no verdict ({e})"
    return said == "supported", verdict.supported and said == "supported", said

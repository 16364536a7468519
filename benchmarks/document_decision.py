"""One learned decision for a claim against its document, against the thresholds.

The claim-against-document checks (`brief.verify.document`) decide by thresholds on
coverage, novel words, figures and negation. This fits a logistic regression over
the same signals instead (each dataset and label weighted equally, so it aims at
mean balanced accuracy), chooses the feature set and regularisation by 5-fold
cross-validation on FRANK's half 0 (folds by document), and scores the chosen one
once on half 1, beside the thresholds.

    python benchmarks/document_decision.py ../shared/eval/frank_valid.jsonl
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from brief.evaluate import balanced_accuracy, load_pairs
from brief.text import split_sentences, stems
from brief.verify.document import check_in_document, claim_sentences

FEATURES = ["coverage (weakest sentence)", "coverage (mean)", "best sentence alone",
            "novel words", "novel share", "figures missing", "negation problems",
            "log words", "sentences"]
SETS = {"all signals": list(range(9)), "coverage and novelty": [0, 1, 2, 3, 4]}


def signals(claim: str, document: str) -> tuple[list[float], bool]:
    """The features of a (claim, document) pair, and what the thresholds decide."""
    verdict = check_in_document(claim, document)
    sentences = split_sentences(document)
    by_sentence = [stems(document[s.start:s.end]) for s in sentences]
    everywhere = set().union(*by_sentence) if by_sentence else set()
    cover, alone, novel, total = [], [], 0, 0
    for part in claim_sentences(claim):
        wanted = stems(part)
        if not wanted or not sentences:
            continue
        total += len(wanted)
        novel += len(wanted - everywhere)
        best = sorted(range(len(sentences)), key=lambda k: -len(wanted & by_sentence[k]))[:2]
        found = set().union(*(by_sentence[k] for k in best))
        cover.append(len(wanted & found) / len(wanted))
        alone.append(len(wanted & by_sentence[best[0]]) / len(wanted))
    figures = sum(r.startswith("figure") for r in verdict.reasons)
    negation = sum("negated" in r for r in verdict.reasons)
    row = [min(cover or [1.0]), float(np.mean(cover or [1.0])), min(alone or [1.0]),
           novel, novel / max(total, 1), figures, negation, float(np.log1p(total)),
           len(claim_sentences(claim))]
    return [float(x) for x in row], verdict.supported


def load(path: Path, half: int) -> dict[str, Any]:
    rows = load_pairs(path, half)
    pairs = [signals(r["claim"], r["doc"]) for r in rows]
    return {"X": np.array([p[0] for p in pairs]), "rule": np.array([p[1] for p in pairs]),
            "y": np.array([bool(int(r["label"])) for r in rows]),
            "dataset": np.array([str(r.get("source_dataset") or "all") for r in rows]),
            "doc": np.array([str(r.get("doc_id") or r["doc"][:80]) for r in rows])}


def weights(y: np.ndarray, dataset: np.ndarray) -> np.ndarray:
    w = np.ones(len(y))
    for name in set(dataset):
        for label in (False, True):
            part = (dataset == name) & (y == label)
            if part.any():
                w[part] = 1.0 / part.sum()
    return np.asarray(w * len(y) / w.sum())


def score(predicted: np.ndarray, data: dict[str, Any]) -> dict[str, float]:
    out = {name: balanced_accuracy(list(predicted[data["dataset"] == name]),
                                   list(data["y"][data["dataset"] == name]))
           for name in sorted(set(data["dataset"]))}
    out["mean"] = float(np.mean(list(out.values())))
    return out


def fit(data: dict[str, Any], columns: list[int], c: float,
        rows: np.ndarray | None = None) -> LogisticRegression:
    rows = np.arange(len(data["y"])) if rows is None else rows
    model = LogisticRegression(C=c, max_iter=1000)
    return model.fit(data["X"][rows][:, columns], data["y"][rows],
                     sample_weight=weights(data["y"][rows], data["dataset"][rows]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    train, held_out = load(args.path, 0), load(args.path, 1)

    def row(label: str, s: dict[str, float]) -> str:
        return f"| {label} | " + " | ".join(f"{v:.3f}" for v in s.values()) + " |"

    names = list(score(train["rule"], train))
    print("| half 0, 5-fold cross-validation | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    print(row("thresholds (shipped)", score(train["rule"], train)))
    best: tuple[float, str, float] = (-1.0, "", 0.0)
    for name, columns in SETS.items():
        for c in (0.1, 1.0, 10.0):
            predicted = np.zeros(len(train["y"]), dtype=bool)
            for fold, test in GroupKFold(5).split(train["X"], train["y"], train["doc"]):
                predicted[test] = fit(train, columns, c, fold).predict(
                    train["X"][test][:, columns])
            s = score(predicted, train)
            print(row(f"logistic, {name}, C={c}", s))
            best = max(best, (s["mean"], name, c))
    _, name, c = best
    model = fit(train, SETS[name], c)
    print(f"\nchosen on half 0: {name}, C={c}\n")
    print("| half 1 (held out) | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    print(row("thresholds (shipped)", score(held_out["rule"], held_out)))
    print(row(f"logistic, {name}, C={c}",
              score(model.predict(held_out["X"][:, SETS[name]]), held_out)))


if __name__ == "__main__":
    main()

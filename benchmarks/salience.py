"""Which sentences a brief should state: the salience ranking against the editors' summary.

AllSides stories hold 2–3 outlets' leads of one story and the editors' neutral summary.
`fit` fits the ranking's weights on half 0 (ridge regression on each sentence's ROUGE-2
precision against the summary); `eval` scores, on the other half, the sentences the
ranking puts first against lead baselines measured in the same run, with the same
number of sentences:

    python benchmarks/salience.py fit ../shared/eval/allsides_stories_dev.jsonl
    python benchmarks/salience.py eval --half 1 ../shared/eval/allsides_stories_dev.jsonl

Needs `rouge-score` (`pip install -e ".[bench]"`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge
from sklearn.metrics.pairwise import cosine_similarity

from brief import salience as rank
from brief.text import split_sentences

FEATURES = sorted(rank.WEIGHTS)
SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
REDUNDANT = 0.6  # cosine above which a sentence repeats one already chosen


def stories(path: Path, half: int | None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [r for r in rows if half is None or
            int(hashlib.sha256(str(r["story_id"]).encode()).hexdigest(), 16) % 2 == half]


def texts_of(story: dict[str, Any]) -> dict[str, str]:
    return {a["id"]: a["text"] for a in story["articles"] if a.get("text", "").strip()}


def sentences_of(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def fit(rows: list[dict[str, Any]]) -> dict[str, float]:
    x, y = [], []
    for story in rows:
        texts = texts_of(story)
        for r in rank.features(texts):
            sentence = texts[r.article_id][r.start:r.end]
            x.append([r.features[k] for k in FEATURES])
            y.append(SCORER.score(story["reference_summary"], sentence)["rouge2"].precision)
    model = Ridge(alpha=1.0).fit(x, y)
    return {k: round(float(w), 3) for k, w in zip(FEATURES, model.coef_, strict=True)}


def ranked_extract(texts: dict[str, str], count: int,
                   weights: dict[str, float] | None = None) -> list[str]:
    """The `count` most salient sentences, skipping one that repeats a sentence chosen."""
    ordered = [texts[r.article_id][r.start:r.end] for r in rank.rank(texts, weights=weights)]
    if not ordered:
        return []
    vectors = TfidfVectorizer(stop_words="english").fit_transform(ordered)
    similarity = cosine_similarity(vectors)
    picked: list[int] = []
    for i in range(len(ordered)):
        if all(similarity[i, j] < REDUNDANT for j in picked):
            picked.append(i)
        if len(picked) == count:
            break
    return [ordered[i] for i in picked]


def systems(story: dict[str, Any], weights: dict[str, float] | None) -> dict[str, list[str]]:
    texts = texts_of(story)
    leads = {a: sentences_of(t)[:2] for a, t in texts.items()}
    center = next((a for a in texts if a.endswith("-center")), next(iter(texts)))
    each = [s for a in texts for s in leads[a]]
    return {
        "lead-2 of the center outlet": leads[center],
        "lead-2 of each outlet": each,
        "ranking (same count as lead-2 of each)": ranked_extract(texts, len(each), weights),
        "ranking, 2 sentences": ranked_extract(texts, 2, weights),
        # what the model is asked to state, each as written: the most a brief could say
        # of the ranking's choice, word for word
        "the sentences asked about, as written": _asked(texts, weights),
    }


def _asked(texts: dict[str, str], weights: dict[str, float] | None) -> list[str]:
    picks = rank.chosen(texts, ranked=rank.rank(texts, weights=weights))
    return [sentences_of(texts[a])[n - 1] for a in texts for n in sorted(picks[a])]


Scores = dict[str, dict[str, list[float]]]


def add_score(scores: Scores, name: str, reference: str, text: str) -> None:
    """ROUGE-1/2/L F of `text` against `reference`, and its words, under `name`."""
    got = SCORER.score(reference, text)
    row = scores.setdefault(name, {"rouge1": [], "rouge2": [], "rougeL": [], "words": []})
    for metric in ("rouge1", "rouge2", "rougeL"):
        row[metric].append(got[metric].fmeasure)
    row["words"].append(len(text.split()))


def print_table(scores: Scores) -> None:
    print("| system | ROUGE-1 F | ROUGE-2 F | ROUGE-L F | words (mean) |")
    print("|---|---:|---:|---:|---:|")
    for name, row in scores.items():
        print(f"| {name} | {statistics.mean(row['rouge1']):.3f} | "
              f"{statistics.mean(row['rouge2']):.3f} | {statistics.mean(row['rougeL']):.3f} | "
              f"{statistics.mean(row['words']):.0f} |")


def evaluate(rows: list[dict[str, Any]], weights: dict[str, float] | None) -> None:
    scores: Scores = {}
    for story in rows:
        for name, sentences in systems(story, weights).items():
            add_score(scores, name, story["reference_summary"], " ".join(sentences))
    print(f"{len(rows)} stories")
    print_table(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["fit", "eval"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--half", type=int, default=None, help="0 or 1 (eval)")
    parser.add_argument("--fitted", action="store_true",
                        help="eval with weights fitted on half 0 now, not the shipped ones")
    args = parser.parse_args()
    if args.command == "fit":
        print(json.dumps(fit(stories(args.path, 0))))
        return
    weights = fit(stories(args.path, 0)) if args.fitted else None
    evaluate(stories(args.path, args.half), weights)


if __name__ == "__main__":
    sys.exit(main())

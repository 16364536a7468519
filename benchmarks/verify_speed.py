"""Deterministic checks per fact: time to verify N facts against their sentences.

Facts are the sentences of the seed articles restated (every third with a changed
figure, every fifth with a dropped negation or hedge), cycled up to N.

    python benchmarks/verify_speed.py --facts 1000 --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from brief.ingest.load import build_article
from brief.ingest.readers import read_path
from brief.schema import FactOut
from brief.text import split_sentences
from brief.verify.spans import verify_fact

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = build_article(read_path(path)[0])
        sentences = split_sentences(article.text)
        for s in sentences:
            claim = article.text[s.start:s.end][:280]
            work.append((FactOut(sentence=s.number, claim=claim), article,
                         sentences))
    work = [work[i % len(work)] for i in range(args.facts)]
    for i, (fact, article, sentences) in enumerate(work):
        if i % 3 == 0:
            work[i] = (fact.model_copy(update={"claim": fact.claim + " 42 ships"}), article,
                       sentences)
        elif i % 5 == 0:
            work[i] = (fact.model_copy(update={"claim": fact.claim.replace(" not ", " ")
                                               .replace(" may ", " will ")}), article, sentences)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        statuses = [verify_fact(f, a, s).status for f, a, s in work]
        times.append(time.perf_counter() - start)
    verified = statuses.count("verified")
    print(f"{args.facts} facts ({verified} verified): median {statistics.median(times):.2f} s "
          f"over {args.runs} runs {[round(t, 2) for t in times]}")


if __name__ == "__main__":
    main()

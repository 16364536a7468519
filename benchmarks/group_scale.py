"""Grouping time and peak memory at 1k / 5k / 10k articles.

The synthetic collection is made at run time from the AllSides dev rows in
../shared/eval (nothing is copied into the project): row i of replica k is the
same lead with its date moved k × 33 days later, so stories keep their shape
while the collection spans about a year at ~20 articles a day; 2 % of articles
lose their date, to exercise the undated path. Each size runs in a fresh process
so its peak RSS is its own.

    python benchmarks/group_scale.py --sizes 1000 5000 10000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "allsides_dev.jsonl"


def synthetic(n: int) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    out: list[dict[str, object]] = []
    for i in range(n):
        row, replica = rows[i % len(rows)], i // len(rows)
        day = date.fromisoformat(row["date"]) + timedelta(days=33 * replica)
        out.append({"id": f"{row['id']}#{replica}", "title": row["title"], "text": row["text"],
                    "date": None if i % 50 == 49 else day.isoformat(),
                    "cluster_id": f"{row['cluster_id']}#{replica}"})
    return out


def measure(n: int) -> None:
    from brief.evaluate import as_article, bcubed
    from brief.group import cluster_articles

    rows = synthetic(n)
    articles = [as_article(r) for r in rows]
    start = time.perf_counter()
    groups = cluster_articles(articles)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = {a.id: str(k) for k, group in enumerate(groups) for a in group}
    f1 = bcubed([label[a.id] for a in articles], [str(r["cluster_id"]) for r in rows])[2]
    print(json.dumps({"n": n, "seconds": seconds, "peak_mb": peak_mb, "groups": len(groups),
                      "f1": f1}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure(args.one)
        return
    print("| articles | seconds (median) | seconds per 1k | peak RSS MB | events | B3 F1 |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        results = [json.loads(subprocess.run([sys.executable, __file__, "--one", str(n)],
                                             check=True, capture_output=True,
                                             text=True).stdout)
                   for _ in range(args.runs)]
        seconds = statistics.median(r["seconds"] for r in results)
        peak = max(r["peak_mb"] for r in results)
        print(f"| {n:,} | {seconds:.1f} | {seconds / n * 1000:.2f} | {peak:.0f} "
              f"| {results[0]['groups']:,} | {results[0]['f1']:.3f} |")


if __name__ == "__main__":
    main()

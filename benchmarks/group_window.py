"""How many days apart two articles of one event may be: B³ F1 per window, on the
dev sets as they are and on a stream built from AllSides in which each story's
articles arrive over several days (as a week of news does).

The stream: each article of a story is dated its story's day plus 0 to --spread days
(by a hash of its id), so follow-ups come days later, and neighbouring days' stories
overlap. Settings are compared on half 0 and reported on half 1, as for grouping.

    python benchmarks/group_window.py --spread 4 ../shared/eval/allsides_dev.jsonl \
        ../shared/eval/ecbplus_dev.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from brief import group
from brief.evaluate import evaluate_grouping, load_rows


def spread(rows: list[dict[str, Any]], days: int) -> list[dict[str, Any]]:
    """The rows with each article moved 0..`days` days after its story's first day."""
    first: dict[str, date] = {}
    for row in rows:
        if row.get("date"):
            day = date.fromisoformat(str(row["date"])[:10])
            key = str(row["cluster_id"])
            first[key] = min(first.get(key, day), day)
    out = []
    for row in rows:
        key = str(row["cluster_id"])
        if key not in first:
            out.append(row)
            continue
        shift = int(hashlib.sha256(str(row["id"]).encode()).hexdigest(), 16) % (days + 1)
        out.append({**row, "date": (first[key] + timedelta(days=shift)).isoformat()})
    return out


def dense(rows: list[dict[str, Any]], factor: int) -> list[dict[str, Any]]:
    """The rows with their days packed `factor` times closer (day d → d // factor): a
    half of a dev set, at the density of the whole set."""
    out = []
    for row in rows:
        if not row.get("date"):
            out.append(row)
            continue
        day = date.fromisoformat(str(row["date"])[:10]).toordinal()
        out.append({**row, "date": date.fromordinal(day // factor).isoformat()})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--spread", type=int, nargs="+", default=[4])
    parser.add_argument("--windows", type=int, nargs="+", default=[1, 2, 3, 4, 5, 7])
    parser.add_argument("--penalties", type=float, nargs="+", default=[0.0])
    parser.add_argument("--split-ratios", type=float, nargs="+", default=[group.SPLIT_RATIO],
                        help="the second pass's split ratio (docs/BENCHMARKS.md, Density)")
    parser.add_argument("--day-split-ratios", type=float, nargs="+",
                        default=[group.DAY_SPLIT_RATIO],
                        help="the third pass's ratio (0: no day split; docs/BENCHMARKS.md)")
    parser.add_argument("--dense", type=int, default=1,
                        help="pack each half's days this many times closer (2: a half at "
                             "the density of the whole set)")
    args = parser.parse_args()
    sets: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for path in args.paths:
        for half in (0, 1):
            rows = dense(load_rows(path, half), args.dense)
            sets.setdefault(path.name, {})[half] = rows
            if "allsides" in path.name:
                for days in args.spread:
                    sets.setdefault(f"{path.name} stream +{days} d", {})[half] = spread(
                        rows, days)
    print("| window (days) | penalty / day | split ratio | day split | "
          + " | ".join(f"{name} h{h}" for name in sets for h in (0, 1)) + " |")
    print("|---:|---:|---:|---:|" + "---:|" * (2 * len(sets)))
    for window in args.windows:
        for penalty in args.penalties:
            for ratio in args.split_ratios:
                for day_ratio in args.day_split_ratios:
                    group.EVENT_MAX_DAYS, group.DAY_PENALTY = window, penalty
                    group.SPLIT_RATIO, group.DAY_SPLIT_RATIO = ratio, day_ratio
                    cells = []
                    for halves in sets.values():
                        for h in (0, 1):
                            score = evaluate_grouping(halves[h])
                            cells.append(
                                f"{score.f1:.3f} ({score.precision:.2f}/{score.recall:.2f})")
                    print(f"| {window} | {penalty} | {ratio} | {day_ratio} | "
                          + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

"""The seeds brief with the embedded default model, from an empty store: time, memory, facts.

Each run is a fresh `brief generate` process (model load included) in an empty folder.
`--src` may name several source trees (e.g. a checkout of the previous commit), run in
turn, so a baseline is measured in the same run on the same machine:

    git worktree add /tmp/base HEAD~1
    python benchmarks/seeds_brief.py --runs 3 --src src /tmp/base/src

Prints, per tree: wall seconds, extraction seconds per article, the seconds of the sections
and of all else (model load, grouping, tables), facts per article (and verified), brief
sentences, the share of `tests/developments.py` the brief states,
key figures and peak memory; medians over the runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from developments import SEEDS_DEVELOPMENTS, developments_stated

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run_once(src: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(SEEDS, work / "seeds")
        env = {**os.environ, "PYTHONPATH": str(src.resolve()), "SOURCE_DATE_EPOCH": "0"}
        start = time.perf_counter()
        marks: dict[str, float] = {}
        process = subprocess.Popen(
            [sys.executable, "-m", "brief", "generate", "--since", "2025-01-01", "--until",
             "2026-01-31", "seeds/"], cwd=work, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        assert process.stderr is not None and process.stdout is not None
        took: dict[str, float] = {}  # newer trees log a stage's duration when it ends:
        for line in process.stderr:  # "extracting facts: 5 of 5 in 2:04"
            done = re.search(r"(extracting facts|writing sections): \d+ of \d+ in ([\d:]+)",
                             line)
            if done:
                took[done.group(1)] = sum(
                    int(p) * 60 ** i for i, p in enumerate(reversed(done.group(2).split(":"))))
            if "extracting facts" in line and "extract" not in marks:
                marks["extract"] = time.perf_counter()
            if "writing section" in line and "sections" not in marks:
                marks["sections"] = time.perf_counter()
        out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{src}: brief generate failed")
        end = time.perf_counter()
        wall = end - start
        brief = (work / out.strip()).read_text(encoding="utf-8")
    extraction = took.get("extracting facts", marks["sections"] - marks["extract"])
    sections = took.get("writing sections", end - marks["sections"])
    meta = yaml.safe_load(brief.split("\n---\n", 1)[0].removeprefix("---\n"))
    counts = meta["counts"]
    articles = counts["articles"]
    figures = brief.split("## Key figures", 1)[1].split("\n## ", 1)[0] \
        if "## Key figures" in brief else ""
    return {
        "wall s": wall,
        "extraction s/article": extraction / articles,
        "sections s": sections,  # the model's sections and their checks
        "other s": wall - extraction - sections,  # model load, grouping, tables, rendering
        "facts/article": counts["facts"] / articles,
        "verified/article": counts["facts_verified"] / articles,
        "sentences": counts["sentences"],
        "developments": len(developments_stated(brief)[0]) / len(SEEDS_DEVELOPMENTS),
        "key figures": len(re.findall(r"^\| (?!Figure|---)", figures, re.M)),
        "peak GB": usage.ru_maxrss / 1e6,  # kB on Linux
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", type=Path, nargs="+", default=[Path("src")])
    args = parser.parse_args()
    results: dict[Path, list[dict[str, float]]] = {s: [] for s in args.src}
    for n in range(args.runs):
        for src in args.src:  # alternate, so drift on the machine hits every tree alike
            results[src].append(run_once(src))
            print(f"run {n + 1} {src}: {results[src][-1]}", file=sys.stderr)
    keys = list(next(iter(results.values()))[0])
    print("| tree | " + " | ".join(keys) + " |")
    print("|---|" + "---:|" * len(keys))
    for src, rows in results.items():
        cells = [f"{statistics.median(r[k] for r in rows):.2f}" for k in keys]
        print(f"| {src} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

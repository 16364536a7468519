"""Extraction speed and grounding of the embedded model on seeds/.

Runs extraction (no response cache) over every seed article, several times, and
prints a Markdown table of medians per article: seconds, prompt and output tokens,
facts, and the share of facts verified against their sentence.

    python benchmarks/embedded_extract.py --tier default --runs 3
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

from brief.extract import extract_facts
from brief.ingest.load import build_article
from brief.ingest.readers import read_path
from brief.llm import StructuredLLM, weights
from brief.llm.embedded import EmbeddedBackend

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run_once(backend: EmbeddedBackend, paths: list[Path]) -> dict[str, list[float]]:
    llm = StructuredLLM(backend)  # no cache: every call reaches the model
    rows: dict[str, list[float]] = {}
    for path in paths:
        article = build_article(read_path(path)[0])
        before = (llm.usage.prompt_tokens, llm.usage.completion_tokens, llm.usage.calls)
        start = time.perf_counter()
        facts = extract_facts(llm, article)
        seconds = time.perf_counter() - start
        verified = sum(f.status == "verified" for f in facts)
        rows[path.name[:3]] = [
            seconds,
            llm.usage.prompt_tokens - before[0],
            llm.usage.completion_tokens - before[1],
            llm.usage.calls - before[2],
            len(facts),
            verified / len(facts) if facts else 0.0,
        ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tier", default="default", choices=sorted(weights.TIERS))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tier = weights.tier(args.tier)
    path = weights.pull(tier)
    start = time.perf_counter()
    backend = EmbeddedBackend(path, model=tier.model)
    load = time.perf_counter() - start
    paths = sorted(SEEDS.glob("*.txt"))
    runs = [run_once(backend, paths) for _ in range(args.runs)]
    print(f"{tier.model} on {platform.machine()}, {args.runs} runs, model load {load:.1f} s\n")
    print("| seed | s/article | tokens in | tokens out | calls | facts | verified |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    totals = []
    for name in runs[0]:
        med = [statistics.median(r[name][i] for r in runs) for i in range(6)]
        totals.append(med)
        print(f"| {name} | {med[0]:.1f} | {med[1]:.0f} | {med[2]:.0f} | {med[3]:.0f} "
              f"| {med[4]:.0f} | {med[5]:.0%} |")
    facts = sum(t[4] for t in totals)
    verified = sum(t[4] * t[5] for t in totals)
    print(f"| **median / total** | **{statistics.median(t[0] for t in totals):.1f}** "
          f"| {sum(t[1] for t in totals):.0f} | {sum(t[2] for t in totals):.0f} "
          f"| {sum(t[3] for t in totals):.0f} | {facts:.0f} "
          f"| {verified / facts if facts else 0:.0%} |")


if __name__ == "__main__":
    main()

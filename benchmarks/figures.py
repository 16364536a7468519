"""The key figures each sentence of the AllSides dev set gives, and how two trees differ.

A figure is shown as the Key figures table shows it: as written, and what it counts
(`figure_mentions` and `dated_mentions`). Write each tree's figures, then read every
sentence where they differ (or a random sample):

    PYTHONPATH=/tmp/base/src python benchmarks/figures.py dump \
        ../shared/eval/allsides_stories_dev.jsonl > /tmp/before.tsv
    python benchmarks/figures.py dump ../shared/eval/allsides_stories_dev.jsonl > /tmp/now.tsv
    python benchmarks/figures.py compare /tmp/before.tsv /tmp/now.tsv --sample 40
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from speakers import compare, dump_or_compare

from brief.analyse.mentions import SpanRef, dated_mentions, figure_mentions
from brief.text import split_sentences


def dump(path: Path) -> None:
    out = csv.writer(sys.stdout, delimiter="\t")
    for line in path.read_text(encoding="utf-8").splitlines():
        for article in json.loads(line)["articles"]:
            text = article.get("text") or ""
            for s in split_sentences(text):
                ref = SpanRef(article["id"], s.start, s.end, text[s.start:s.end])
                shown = [f"{m.written} = {m.measures or m.kind}"
                         for m in [*figure_mentions(ref), *dated_mentions(ref)]]
                out.writerow([article["id"], s.number, " | ".join(shown),
                              " ".join(ref.quote.split())])


def main() -> None:
    args = dump_or_compare(__doc__.split("\n")[0])[0].parse_args()
    if args.command == "dump":
        dump(args.path)
    else:
        compare(args.before, args.now, args.sample, args.seed, label="with a figure")


if __name__ == "__main__":
    main()

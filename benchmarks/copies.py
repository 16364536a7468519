"""Which texts brief takes for copies of one another (`brief.group.is_copy`).

A copy is one source: its sentences are not asked about again and it does not count
as a second outlet. Two sets of pairs:

- independent reports of one happening — the 2–3 outlets of each AllSides story, and
  the articles of each ECB+ event: none should be taken for a copy (AllSides' outlets
  are independent by construction; ECB+'s may hold a few real wire copies);
- republished texts — each AllSides outlet's text lightly edited (every eighth word
  dropped in each sentence, "said" made "told reporters", the last sentence cut when
  there are four or more): each should be.

    python benchmarks/copies.py ../shared/eval/allsides_stories_dev.jsonl \\
        ../shared/eval/ecbplus_dev.jsonl
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import defaultdict
from pathlib import Path

from brief.evaluate import as_article, load_rows
from brief.group import is_copy
from brief.schema import Article
from brief.text import split_sentences


def republished(text: str) -> str:
    """`text` lightly edited, as a site that republishes a wire story edits it: in each
    sentence every eighth word dropped (never its last, nor a quotation mark) and "said" made "told
    reporters"; the last sentence cut when there are four or more."""
    sentences = [text[s.start:s.end] for s in split_sentences(text)]
    if len(sentences) >= 4:
        sentences = sentences[:-1]
    out = []
    for sentence in sentences:
        words = sentence.replace(" said", " told reporters").split()
        out.append(" ".join(w for i, w in enumerate(words, 1)
                            if i % 8 or i == len(words) or set(w) & set('"“”')))
    return "\n".join(out)


def article(key: str, text: str) -> Article:
    return as_article({"id": key, "text": text, "date": None})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("stories", type=Path, help="allsides_stories_dev.jsonl")
    parser.add_argument("grouping", type=Path, nargs="*", help="e.g. ecbplus_dev.jsonl")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.stories.read_text().splitlines() if line]
    outlets = [[(a["id"], a["text"]) for a in r["articles"] if a.get("text")] for r in rows]
    sets: dict[str, list[list[tuple[str, str]]]] = {"AllSides outlets of one story": outlets}
    for path in args.grouping:
        events: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in load_rows(path):
            events[str(row["cluster_id"])].append((str(row["id"]), row["text"]))
        sets[f"{path.stem}: articles of one event"] = list(events.values())
    print("| set | pairs | taken for copies | share |\n|---|---:|---:|---:|")
    for name, groups in sets.items():
        pairs = taken = 0
        for group in groups:
            for (ka, ta), (kb, tb) in itertools.combinations(group, 2):
                pairs += 1
                taken += is_copy(article(ka, ta), article(kb, tb))
        print(f"| {name} | {pairs} | {taken} | {taken / max(pairs, 1):.3f} |")
    texts = [(k, t) for group in outlets for k, t in group if len(split_sentences(t)) >= 2]
    found = sum(is_copy(article(k, t), article(k + "-again", republished(t)))
                for k, t in texts)
    print(f"| AllSides texts and their republished edit | {len(texts)} | {found} | "
          f"{found / max(len(texts), 1):.3f} |")


if __name__ == "__main__":
    main()

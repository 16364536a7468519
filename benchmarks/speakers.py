"""Who each sentence of the AllSides dev set is attributed to, and how two trees differ.

The speaker is what the Key figures table shows under *Who says* and what a quotation
stated as written is given; with `--positions`, the dump holds instead who the
*Positions* table gives a sentence's position to (`actor_of`; "" for a sentence that
states no one's). Write each tree's attributions, then read a random sample of the
sentences where they differ:

    PYTHONPATH=/tmp/base/src python benchmarks/speakers.py dump \
        ../shared/eval/allsides_stories_dev.jsonl > /tmp/before.tsv
    python benchmarks/speakers.py dump ../shared/eval/allsides_stories_dev.jsonl > /tmp/now.tsv
    python benchmarks/speakers.py compare /tmp/before.tsv /tmp/now.tsv --sample 40 --seed 1
    # the same with `dump --positions` (who holds a position) or `dump --watch` (whether
    # a sentence is a next step)
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

from brief.analyse import positions
from brief.text import split_sentences

holder = getattr(positions, "holder", None)
try:
    from brief.verify.speakers import speaker_near
except ImportError:  # a tree from before the module (b69be2c and earlier)
    from brief.analyse.compare import speaker_near  # type: ignore[attr-defined]


def dump(path: Path, holders: bool, watch: bool = False) -> None:
    out = csv.writer(sys.stdout, delimiter="\t")
    for line in path.read_text(encoding="utf-8").splitlines():
        for article in json.loads(line)["articles"]:
            text = article.get("text") or ""
            for s in split_sentences(text):
                sentence = text[s.start:s.end]
                quoted = sentence.lstrip().startswith(("“", '"'))
                who = (_watched(sentence) if watch else _holder(sentence, text) if holders
                       else speaker_near(text, s.start, quoted))
                out.writerow([article["id"], s.number, who, " ".join(sentence.split())])


def _watched(sentence: str) -> str:
    """"next step" when *What to watch* would take the sentence as one (its words)."""
    try:
        from brief.analyse import watch
        step, none = watch._NEXT, watch._NO_STEP
    except ImportError:  # a tree from before the module (422127d and earlier)
        step, none = positions._NEXT, positions._NO_PLANS  # type: ignore[attr-defined]
    return "next step" if step.search(sentence) and not none.search(sentence) else ""


def _holder(sentence: str, text: str) -> str:
    if holder is not None:
        return str(holder(sentence, text))
    # a tree from before `holder` (86aa818 and earlier): the same rule, as positions() had it
    if not positions._STANCE.search(sentence) or positions._BACKGROUND.search(sentence):
        return ""
    return str(positions.actor_of(sentence))


def compare(before: Path, now: Path, sample: int, seed: int,
            label: str = "a speaker named") -> None:
    """The sentences two dumps read differently, a random sample of them printed."""
    def rows(p: Path) -> list[list[str]]:
        return list(csv.reader(p.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    old, new = rows(before), rows(now)
    assert [r[:2] for r in old] == [r[:2] for r in new], "not the same sentences"
    changed = [(o[2], n[2], n[3]) for o, n in zip(old, new, strict=True) if o[2] != n[2]]
    print(f"{len(new)} sentences; {label}: before {sum(bool(r[2]) for r in old)}, "
          f"now {sum(bool(r[2]) for r in new)}; changed {len(changed)}")
    for was, now_, sentence in random.Random(seed).sample(changed, min(sample, len(changed))):
        print(f"{was!r} -> {now_!r} :: {sentence[:200]}")


def dump_or_compare(description: str) -> tuple[argparse.ArgumentParser,
                                                 argparse.ArgumentParser]:
    """A parser with `dump PATH` and `compare BEFORE NOW`, and its `dump` subparser."""
    parser = argparse.ArgumentParser(description=description)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("path", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("now", type=Path)
    c.add_argument("--sample", type=int, default=40)
    c.add_argument("--seed", type=int, default=1)
    return parser, d


def main() -> None:
    parser, d = dump_or_compare(__doc__.split("\n")[0])
    d.add_argument("--positions", action="store_true",
                   help="who the Positions table gives the sentence to, not its speaker")
    d.add_argument("--watch", action="store_true",
                   help="whether What to watch takes the sentence as a next step")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.path, args.positions, args.watch)
    else:
        compare(args.before, args.now, args.sample, args.seed)


if __name__ == "__main__":
    main()

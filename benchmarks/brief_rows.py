"""What a set of briefs states: sentences, key points, table rows, and loose sentences.

Reads the briefs `benchmarks/synthesis.py --keep DIR` leaves (DIR/<story>/briefs/*.md)
and counts, over all of them: the sentences of the event sections (bottom lines
included), the key points, the rows of *Positions*, *What to watch*, *Key figures* and
*Where sources disagree*, the *Needs review* entries, and the section sentences with
words of their own — words besides names and "said" that none of the spans their
footnotes quote has (at least one; at least two).

    python benchmarks/brief_rows.py /tmp/synth/h1 /tmp/synth/h0
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from brief.render.layout import without_line_note
from brief.text import SPEECH, predicate, stems

TABLES = ("Positions", "What to watch", "Key figures", "Where sources disagree")
NOT_SECTIONS = {"Key points", "Timeline", "Sources", "Needs review", *TABLES}
_NOTE = re.compile(r"^\[\^(\d+)\]: “(.*)” — ", re.M)
_REF = re.compile(r"\[\^(\d+)\]")


def count(brief: str, totals: Counter[str]) -> None:
    body = brief.split("\n---\n", 1)[1]
    notes = dict(_NOTE.findall(body))
    for part in re.split(r"\n## ", body)[1:]:
        name, _, text = part.partition("\n")
        lines = text.splitlines()
        if name == "Key points":
            totals["key points"] += sum(ln.startswith("- ") for ln in lines)
        elif name in TABLES:
            totals[name] += sum(ln.startswith("| ") and not ln.startswith(
                ("| Who", "| Next", "| Figure", "| What |")) for ln in lines)
        elif name == "Needs review":
            totals[name] += sum(ln.startswith("- ") for ln in lines)
        elif name not in NOT_SECTIONS:
            for line in (ln for ln in lines if _REF.search(ln) and not ln.startswith("[^")):
                totals["sentences stated"] += 1
                said = _REF.sub("", without_line_note(line).removeprefix("**Bottom line:** "))
                quoted = " ".join(notes.get(n, "") for n in _REF.findall(line))
                own = predicate(said) - stems(quoted) - SPEECH
                totals["with a word of their own"] += len(own) >= 1
                totals["with two words of their own"] += len(own) >= 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", type=Path, nargs="+", help="folders synthesis.py --keep wrote")
    args = parser.parse_args()
    totals: Counter[str] = Counter()
    briefs = sorted(p for d in args.dirs for p in d.glob("*/briefs/*.md"))
    for path in briefs:
        count(path.read_text(encoding="utf-8"), totals)
    print(f"| {len(briefs)} briefs | count |\n|---|---:|")
    for key in ("sentences stated", "with a word of their own", "with two words of their own",
                "key points", *TABLES, "Needs review"):
        print(f"| {key} | {totals[key]} |")


if __name__ == "__main__":
    main()

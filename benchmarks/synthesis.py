"""A brief of each AllSides story, scored against the editors' neutral summary.

Per story: its 2–3 outlets' texts are ingested into an empty store and briefed with the
embedded model (loaded once); the brief's prose — bottom lines and section sentences,
without footnotes — is scored with ROUGE-1/2/L against `reference_summary`, side by
side with lead baselines from the same stories. `brief check` must pass every brief
(every footnote verbatim, every sentence checked), and a brief that states nothing is
counted. Report the held-out half:

    python benchmarks/synthesis.py --half 1 ../shared/eval/allsides_stories_dev.jsonl
    python benchmarks/synthesis.py --half 1 --limit 20 ../shared/eval/allsides_stories_dev.jsonl
    python benchmarks/synthesis.py --half 1 --skip 24 --limit 24 \
        ../shared/eval/allsides_stories_dev.jsonl

With `--keep DIR`, each story's store stays in DIR/<story id>, so a second run answers
unchanged model calls from its cache (to compare settings that only change what is
done with the replies).

Needs `rouge-score` (`pip install -e ".[bench]"`). Slow on a CPU: about a minute per
outlet with the default tier.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from salience import Scores, add_score, print_table, sentences_of, stories, texts_of

from brief.cli import cli
from brief.kind import is_opinion
from brief.llm import factory, weights
from brief.llm.embedded import EmbeddedBackend
from brief.render.escape import md_plain
from brief.render.layout import without_line_note
from brief.schema import Article


def prose(markdown: str) -> str:
    """Bottom lines and section sentences, as a reader sees them, without footnotes."""
    body = markdown.split("\n---\n", 1)[1]
    out, inside = [], False
    for line in body.splitlines():
        if line.startswith("## "):
            inside = line[3:].strip() not in {
                "Key points", "Positions", "What to watch", "Timeline", "Key figures",
                "Where sources disagree", "Needs review", "Undated articles", "Sources"}
            continue
        line = line.removeprefix("**Bottom line:** ")  # (the meta line is all italics)
        if inside and line.strip() and not line.startswith(("*", "[^", "|")):
            out.append(md_plain(re.sub(r"\[\^\d+\]", "", without_line_note(line))))
    return " ".join(out)


def brief_of(story: dict[str, Any], work: Path) -> tuple[str, int]:
    """(the brief's prose, `brief check` exit code) for one story."""
    day = str(story["date"])[:10]
    rows = [{"id": a["id"], "title": a.get("title"), "outlet": _outlet(a),
             "url": a.get("url"), "date": day, "text": a["text"]}
            for a in story["articles"] if a.get("text")]
    source = work / "story.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["generate", "--no-previous", "--since", day, "--until", day,
                                 str(source)])
    if result.exit_code != 0:
        raise SystemExit(f"story {story['story_id']}: {result.stderr}{result.exception!r}")
    brief = work / result.stdout.strip()
    check = runner.invoke(cli, ["check", str(brief)])
    if check.exit_code != 0:
        print(f"story {story['story_id']}: brief check found\n{check.stdout}", file=sys.stderr)
    return prose(brief.read_text(encoding="utf-8")), check.exit_code


def _outlet(row: dict[str, Any]) -> str:
    """The outlet's name as AllSides gives it ("New York Post (Opinion)"), as a feed would;
    else the story's side."""
    return str(row.get("source") or row["id"].rsplit("-", 1)[-1])


def _article(row: dict[str, Any]) -> Article:
    return Article(id=row["id"], content_hash="", text=row.get("text") or "", path="",
                   ingested_at="", title=row.get("title"), url=row.get("url"),
                   outlet=_outlet(row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--half", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--skip", type=int, default=0,
                        help="leave out the half's first N stories (a further sample)")
    parser.add_argument("--tier", default="default", choices=sorted(weights.TIERS))
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep each story's store (and its cache) under this folder")
    parser.add_argument("--opinion", action="store_true",
                        help="only the stories with an outlet whose address, title or "
                             "name marks it as an opinion piece")
    parser.add_argument("--per-story", action="store_true",
                        help="also print each story's ROUGE-2 F and words, per system")
    args = parser.parse_args()
    rows = stories(args.path, args.half)
    if args.opinion:
        rows = [r for r in rows if any(is_opinion(_article(a)) for a in r["articles"])]
    rows = rows[args.skip:][:args.limit]
    tier = weights.tier(args.tier)
    backend = EmbeddedBackend(weights.pull(tier), model=tier.model)
    factory.make_backend = lambda settings: backend  # one model load for every story
    scores: Scores = {}
    empty = failed_checks = 0
    start = time.perf_counter()
    for n, story in enumerate(rows, 1):
        texts = texts_of(story)
        leads = {a: sentences_of(t)[:2] for a, t in texts.items()}
        center = next((a for a in texts if a.endswith("-center")), next(iter(texts)))
        with tempfile.TemporaryDirectory() as tmp:
            work = args.keep.resolve() / str(story["story_id"]) if args.keep else Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            os.chdir(work)
            text, checked = brief_of(story, work)
        empty += not text
        failed_checks += checked != 0
        systems = {"brief prose": text, "lead-2 of the center outlet": " ".join(leads[center]),
                   "lead-2 of each outlet": " ".join(s for a in texts for s in leads[a])}
        for name, candidate in systems.items():
            add_score(scores, name, story["reference_summary"], candidate)
        if args.per_story:
            print(f"story {story['story_id']} (summary: "
                  f"{len(story['reference_summary'].split())} words): " + "; ".join(
                      f"{name} {scores[name]['rouge2'][-1]:.3f} ({len(text.split())} words)"
                      for name, text in systems.items()))
        print(f"[{n}/{len(rows)}] {time.perf_counter() - start:.0f} s", file=sys.stderr)
    print(f"{len(rows)} stories (half {args.half}{', with an opinion piece' * args.opinion}, "
          f"numbers {args.skip + 1}–"
          f"{args.skip + len(rows)}); briefs stating nothing: {empty}; "
          f"briefs failing brief check: {failed_checks}")
    print_table(scores)


if __name__ == "__main__":
    main()

"""Every *Where sources disagree* quote row the AllSides dev stories give, to read.

Each story's outlets are compared as one event (`quote_variants`, with the copies
grouping finds among them, `copies_of`); each row is printed
with its story, its heading and the two quotations, then the count. Run it on two
trees and read what changed:

    PYTHONPATH=/tmp/base/src python benchmarks/quote_variants.py \
        ../shared/eval/allsides_stories_dev.jsonl > /tmp/before.txt
    python benchmarks/quote_variants.py ../shared/eval/allsides_stories_dev.jsonl > /tmp/now.txt
    diff /tmp/before.txt /tmp/now.txt
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from brief.analyse.compare import quote_variants
from brief.group import copies_of
from brief.schema import Article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    rows = 0
    for line in parser.parse_args().path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        articles = [Article(id=a["id"], content_hash=a["id"], text=a.get("text") or "",
                            path=a["id"], ingested_at="-") for a in story["articles"]]
        for row in quote_variants(articles, copies_of(articles)):
            rows += 1
            print(f"{story['story_id']}\t{row.what}\n  {row.one.quote}\n  {row.other.quote}")
    print(f"{rows} rows")


if __name__ == "__main__":
    main()

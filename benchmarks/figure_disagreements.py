"""Every *Where sources disagree* figure row the AllSides dev stories give, to read.

Each story's outlets report one event on one day, so a row is a disagreement only when
the outlets really give two values for one count. Every sentence of each outlet is
compared as if it were a verified fact (`figure_disagreements`, copies found by
`copies_of` counted as one source); each row is printed with its story, its heading,
its reading and the two sentences, then the count. Run it on two trees and read what
changed:

    PYTHONPATH=/tmp/base/src python benchmarks/figure_disagreements.py \
        ../shared/eval/allsides_stories_dev.jsonl > /tmp/before.txt
    python benchmarks/figure_disagreements.py ../shared/eval/allsides_stories_dev.jsonl \
        > /tmp/now.txt
    diff /tmp/before.txt /tmp/now.txt
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from salience import stories, texts_of

from brief.analyse.compare import figure_disagreements
from brief.group import copies_of
from brief.schema import Article, Fact, Span
from brief.text import split_sentences


def facts_of(article: Article) -> list[Fact]:
    """Each sentence of `article` as a verified fact that cites it."""
    text = article.text
    return [Fact(id=f"{article.id}:{s.number}", article_id=article.id,
                 claim=text[s.start:s.end], kind="statement", actors=[], figures=[], time="",
                 sentence_ids=[s.number], spans=[Span(start=s.start, end=s.end,
                                                      quote=text[s.start:s.end])],
                 alignment="exact", status="verified",
                 reasons=[])
            for s in split_sentences(text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    rows = 0
    for story in stories(parser.parse_args().path, None):
        day = date.fromisoformat(str(story["date"])[:10])
        articles = {a: Article(id=a, content_hash=a, text=text, path=a, ingested_at="-",
                               published=day) for a, text in texts_of(story).items()}
        root = copies_of(list(articles.values()))
        facts = [f for a in articles.values() for f in facts_of(a)]
        for row in figure_disagreements(facts, articles, root, dict.fromkeys(articles, "e")):
            rows += 1
            print(f"{story['story_id']}\t{row.what}\t{row.reading}\n  {row.one.quote}\n"
                  f"  {row.other.quote}")
    print(f"{rows} rows")


if __name__ == "__main__":
    main()

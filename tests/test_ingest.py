"""Ingest: idempotence, chrome stripping, metadata with provenance, bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.store import Store

CHROME = [
    "Listen to this article", "Average 4 minutes", "Related Articles", "Leave a Reply",
    "Back to top button", "Log in to write a comment", "This audio is created with AI assistance",
    "Your email address will not be published", "The audio version of this article",
]


def ingest(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["ingest", *args])
    return result.exit_code, result.stdout, result.stderr


def stored() -> Store:
    return Store(Path(".brief/brief.db"))


def test_ingesting_twice_stores_once(seeds: Path) -> None:
    assert ingest(str(seeds))[0] == 0
    code, out, _ = ingest(str(seeds))
    assert code == 0
    assert out.startswith("0 new, 5 already stored")
    assert len(stored().articles()) == 5


def test_first_ingest_reports_five_new(seeds: Path) -> None:
    code, out, _ = ingest(str(seeds))
    assert (code, out.strip()) == (0, "5 new, 0 already stored, 0 updated, 0 skipped, 0 failed, "
                                      "0 without a date")


def test_page_chrome_is_stripped_from_the_seeds(seeds: Path) -> None:
    ingest(str(seeds))
    for article in stored().articles():
        for chrome in CHROME:
            assert chrome not in article.text, (article.path, chrome)
        assert article.text.split("\n")[-1] not in {"Comments", "World News"}


def test_stated_metadata_and_its_provenance(seeds: Path) -> None:
    ingest(str(seeds))
    by_name = {Path(a.path).name[:3]: a for a in stored().articles()}
    assert by_name["000"].published == date(2025, 3, 6)
    assert by_name["000"].provenance["published"] == "dateline"
    assert by_name["001"].title is not None and by_name["001"].title.startswith(
        "The Ukrainian Coalition")
    assert by_name["001"].provenance["title"] == "first line"
    assert by_name["002"].title is not None and by_name["002"].title.startswith(
        "Canada studies how to join")
    assert by_name["003"].title is None  # it states none; none is invented
    assert by_name["004"].published == date(2025, 8, 24)
    assert by_name["004"].provenance["published"].startswith("sidecar")
    assert all(a.outlet is None for a in by_name.values())


def test_a_dateless_article_is_reported_and_can_be_dated(seeds: Path) -> None:
    (seeds / "004_067fbcc8ee42f194.txt.meta.yaml").unlink()
    code, out, err = ingest(str(seeds))
    assert code == 0
    assert "1 without a date" in out
    assert "no date for" in err and "004_067fbcc8ee42f194.txt" in err

    code, out, _ = ingest("--date", "2025-08-24", str(seeds / "004_067fbcc8ee42f194.txt"))
    assert code == 0 and "1 updated" in out
    article = next(a for a in stored().articles() if a.path.endswith("004_067fbcc8ee42f194.txt"))
    assert article.published == date(2025, 8, 24)
    assert article.provenance["published"] == "--date option"


def test_undated_articles_are_listed_in_the_brief_not_dropped(
    seeds: Path, fake_model: object
) -> None:
    (seeds / "004_067fbcc8ee42f194.txt.meta.yaml").unlink()
    result = CliRunner().invoke(cli, ["generate", "--since", "2025-01-01", str(seeds)])
    assert result.exit_code == 0, result.stderr
    brief = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert "## Undated articles" in brief
    assert "004_067fbcc8ee42f194.txt" in brief.split("## Undated articles")[1]
    assert "no known date, left out of the period" in result.stderr


def test_markdown_front_matter_and_same_text_with_other_quotes(tmp_path: Path) -> None:
    body = "Ministers agreed on a \u201cfirm\u201d plan on Monday. It takes effect in May."
    (tmp_path / "a.md").write_text(
        "---\ntitle: Plan agreed\noutlet: The Daily\ndate: 2025-05-02\n"
        "url: https://example.org/plan\n---\n" + body + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(body.replace("\u201c", '"').replace("\u201d", '"'),
                                    encoding="utf-8")
    code, out, _ = ingest(str(tmp_path / "a.md"), str(tmp_path / "b.txt"))
    assert code == 0 and out.startswith("1 new, 1 already stored, 0 updated")
    [article] = stored().articles()
    assert (article.title, article.outlet, article.url) == (
        "Plan agreed", "The Daily", "https://example.org/plan")
    assert article.provenance["outlet"] == "front matter"
    assert "\u201cfirm\u201d" in article.text  # the source's own characters are kept


def test_bad_inputs_are_named_and_the_rest_is_kept(seeds: Path, tmp_path: Path) -> None:
    ingest(str(seeds))
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_text("Comments\n\n", encoding="utf-8")
    (tmp_path / "export.jsonl").write_text(
        json.dumps({"title": "T", "text": "Leaders met in Paris on Tuesday to sign it.",
                    "date": "2026-01-06"}) + "\n{broken\n", encoding="utf-8")
    code, out, err = ingest(str(tmp_path / "bin.txt"), str(tmp_path / "empty.txt"),
                            str(tmp_path / "export.jsonl"), str(tmp_path / "missing.txt"))
    assert code == 1
    assert "1 new" in out and "3 failed" in out
    assert "bin.txt: looks like a binary file" in err
    assert "empty.txt" in err and "empty after removing page chrome" in err
    assert "export.jsonl:2: skipped" in err
    assert "missing.txt: no such file or directory" in err
    assert len(stored().articles()) == 6


@pytest.mark.parametrize("value", ["2025-13-01", "yesterday"])
def test_a_bad_date_option_is_a_usage_error(seeds: Path, value: str) -> None:
    code, _, err = ingest("--date", value, str(seeds))
    assert code == 2
    assert value in err


def test_html_page_gives_text_and_metadata(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Plan agreed - The Daily</title>"
        '<meta property="og:site_name" content="The Daily">'
        '<meta property="og:title" content="Plan agreed">'
        '<meta property="article:published_time" content="2025-05-02T09:00:00Z">'
        "</head><body><nav>Home | World | Back to top</nav><article><h1>Plan agreed</h1>"
        "<p>Ministers agreed on a firm plan for the ceasefire on Monday in Paris, officials "
        "said after the talks had ended late in the evening.</p>"
        "<p>The plan takes effect in May and covers monitoring of the line of contact.</p>"
        "</article><footer>Leave a Reply</footer></body></html>", encoding="utf-8")
    code, _, err = ingest(str(page))
    assert code == 0, err
    [article] = stored().articles()
    assert article.title == "Plan agreed"
    assert article.outlet == "The Daily"
    assert article.published == date(2025, 5, 2)
    assert article.provenance["published"] == "html metadata"
    assert "takes effect in May" in article.text
    assert "Home | World" not in article.text


@pytest.mark.parametrize("stated", ["1985-05-01", "2999-01-01"])
def test_an_implausible_date_is_flagged_not_trusted(tmp_path: Path, stated: str) -> None:
    (tmp_path / "a.md").write_text(f"---\ndate: {stated}\n---\nMinisters met in Paris on "
                                   "Tuesday to agree the plan.\n", encoding="utf-8")
    code, out, err = ingest(str(tmp_path / "a.md"))
    assert code == 0 and "1 without a date" in out
    assert f"date {stated} (from front matter) is implausible; left undated" in err
    assert stored().articles()[0].published is None


BODY = ("Ministers agreed on Monday to expand the mission, officials said after the meeting.\n\n"
        "The first troops are expected to arrive in the spring.\n")


@pytest.mark.parametrize(("top", "day", "where"), [
    ("date 2026-01-08 ", "2026-01-08", "dateline"),
    ("Ministers expand the mission\n\ndate 2026-01-08\n\n", "2026-01-08", "dateline, line 2"),
    ("Ministers expand the mission\n\nPublished 8 January 2026\n\n", "2026-01-08",
     "dateline, line 2"),
    ("Ministers expand the mission\nBy Jane Doe\nPublished: Jan. 8, 2026, 10:32 GMT\n\n",
     "2026-01-08", "dateline, line 3"),
    ("Ministers expand the mission\n\nPublished January 8, 2026\nUpdated: January 9, 2026\n\n",
     "2026-01-08", "dateline, line 2"),
    ("Ministers expand the mission\n\nUpdated: 9 Sept 2025\n\n", "2025-09-09",
     "dateline, line 2, the updated date"),
])
def test_a_dateline_below_the_title_dates_the_article(tmp_path: Path, top: str, day: str,
                                                      where: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text(top + BODY, encoding="utf-8")
    code, _, err = ingest(str(path))
    assert code == 0, err
    (article,) = stored().articles()
    assert article.published == date.fromisoformat(day)
    assert article.provenance["published"] == where
    assert article.text.startswith("Ministers agreed on Monday")  # the dateline is not text
    if top.startswith("Ministers"):
        assert article.title == "Ministers expand the mission"


@pytest.mark.parametrize("top", [
    "January 8, 2026 was the day ministers met, officials recalled in their statement.\n\n",
    "Ministers expand the mission\n\nThe talks began long ago. Published 8 January 2026\n\n",
])
def test_a_date_in_the_text_is_not_a_dateline(tmp_path: Path, top: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text(top + BODY, encoding="utf-8")
    code, _, err = ingest(str(path))
    (article,) = stored().articles()
    assert article.published is None
    assert "without a date" in err or "undated" in err.lower() or code == 0

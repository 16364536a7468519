"""Opinion pieces: named as such wherever cited, after the reports, their verdicts held back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.kind import is_opinion, whose_view
from brief.schema import Article

from conftest import ScriptedModel

REPORT = ("Senators approved the infrastructure bill on Tuesday, sending the measure to the "
          "House of Representatives for a vote.\n"
          "Majority Leader Ann Lee said the House would take up the infrastructure bill "
          "before the August recess.")
COLUMN = ("The Senate's $1.2 trillion infrastructure bill, approved 52 to 48 on Tuesday by "
          "Majority Leader Ann Lee and 18 Republicans, is the costliest bill since 2009.\n"
          "Worse was the dishonesty of the sales pitch for the infrastructure bill in the "
          "Senate this week.")


def _brief(tmp_path: Path, column_url: str, report_url: str = "https://wire.example/"
           "politics/senate-infrastructure", report: str = REPORT, column: str = COLUMN) -> str:
    rows = [
        {"id": "col", "title": "The bill nobody read", "outlet": "The Daily Ledger",
         "url": column_url, "date": "2026-01-06", "text": column},
        {"id": "rep", "title": "Senate passes infrastructure bill", "outlet": "Wire Service",
         "url": report_url, "date": "2026-01-06", "text": report},
    ]
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", "--no-previous", "--since", "2026-01-06",
                                      "--until", "2026-01-06", str(export)])
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1]).read_text(encoding="utf-8")


def _cited_by_bottom_line(brief: str) -> str:
    line = next(ln for ln in brief.splitlines() if ln.startswith("**Bottom line:**"))
    note = re.search(r"\[\^(\d+)\]", line)
    assert note, line
    return next(ln for ln in brief.splitlines() if ln.startswith(f"[^{note.group(1)}]:"))


def test_a_column_is_named_as_opinion_and_follows_the_report(
        tmp_path: Path, fake_model: ScriptedModel) -> None:
    brief = _brief(tmp_path, "https://ledger.example/opinion/2026/01/06/the-bill-nobody-read")
    sources = brief.split("## Sources", 1)[1]
    assert re.search(r"The Daily Ledger \(opinion\), \*The bill nobody read\*", sources)
    assert "Wire Service, *Senate passes" in sources
    assert "Wire Service (opinion)" not in brief
    # the event opens on what the report says, and is named by its title, not the column's
    assert "Senate passes infrastructure bill" in _cited_by_bottom_line(brief)
    assert "\n## Senate passes infrastructure bill\n" in brief
    # the column's account is stated in the event, not among the key points
    points = brief.split("## Key points", 1)[1].split("\n## ", 1)[0]
    section = brief.split("\n## Senate passes infrastructure bill\n", 1)[1].split("\n## ")[0]
    assert "costliest bill since 2009" in section
    assert "costliest" not in points and "Majority Leader Ann Lee said" in points, points
    # a line only the column bears out says whose view it is; the report's lines do not
    lines = [ln for ln in section.splitlines() if "[^" in ln]
    column = next(ln for ln in lines if "costliest" in ln)
    assert column.endswith("] *(opinion: The Daily Ledger)*"), column
    assert not [ln for ln in lines if "opinion" in ln and "costliest" not in ln], lines
    assert not [ln for ln in lines if re.search(r"\]\w", ln)], lines  # one line each
    path = next((tmp_path / "briefs").glob("*.md"))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.stdout
    # a draft that drops the note states the column's view as reported: the gate fails it
    path.write_text(brief.replace(" *(opinion: The Daily Ledger)*", ""), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code != 0
    assert "only opinion pieces bear this out: say whose view it is" in result.stdout

def test_an_unmarked_column_is_not_called_opinion(
        tmp_path: Path, fake_model: ScriptedModel) -> None:
    brief = _brief(tmp_path, "https://ledger.example/politics/the-bill-nobody-read")
    assert "(opinion)" not in brief
    assert "The bill nobody read" in _cited_by_bottom_line(brief)
    assert "\n## The bill nobody read\n" in brief


def test_a_columns_verdict_is_not_stated_as_the_briefs(
        tmp_path: Path, fake_model: ScriptedModel) -> None:
    brief = _brief(tmp_path, "https://ledger.example/opinion/the-bill-nobody-read")
    body, review = brief.split("## Needs review", 1)
    assert "dishonesty" not in body
    assert "Worse was the dishonesty" in review
    assert "a judgment ('dishonesty') stated in the brief's voice" in review


CALL = ("The Senate's $1.2 trillion infrastructure bill, approved 52 to 48 on Tuesday by "
        "Majority Leader Ann Lee and 18 Republicans, is the costliest bill since 2009.\n"
        "It is time for the House to reject the infrastructure bill the Senate passed this "
        "week, and to start over.")


@pytest.mark.parametrize("url", ["https://ledger.example/opinion/the-bill-nobody-read",
                                 "https://ledger.example/politics/the-bill-nobody-read"])
def test_a_columns_call_is_not_stated_as_the_briefs(
        tmp_path: Path, fake_model: ScriptedModel, url: str) -> None:
    """A column calls for something in its own voice ("It is time for the House to reject
    …"): a view, held back; a text not marked as opinion is not read that way."""
    brief = _brief(tmp_path, url, column=CALL)
    body, review = brief.split("## Needs review", 1) if "## Needs review" in brief else (
        brief, "")
    marked = "/opinion/" in url
    assert ("It is time for the House to reject" in body) is not marked
    assert ("a call ('It is time for the House to') in an opinion piece's own voice"
            in review) is marked
    assert "costliest bill since 2009" in body


MUSING = ("My husband and I will watch the infrastructure bill debate in the Senate on "
          "Tuesday with our children.\n"
          "We have waited for this infrastructure bill in the Senate since our first child "
          "was born in 2009.")
MUSING_TOO = ("I think our Senate spent too long on the infrastructure bill this week, and my "
              "readers wrote to say so on Tuesday.\n"
              "We should ask what the infrastructure bill in the Senate means for our towns "
              "and for my own street.")


def test_an_event_of_columns_whose_views_are_all_held_back(
        tmp_path: Path, fake_model: ScriptedModel) -> None:
    brief = _brief(tmp_path, "https://ledger.example/opinion/the-bill-nobody-read",
                   "https://wire.example/opinion/our-wait", MUSING, MUSING_TOO)
    front, body = brief.split("\n---\n", 1)
    assert "events_opinion_only: 1" in front and "events_unstated: 0" in front
    assert "*Opinion pieces only: their writers' views are not stated as fact" in body
    assert "No checked fact about this event could be stated" not in body
    assert "My husband" not in body.split("## Needs review", 1)[0]
    # the gate knows the notice as a line brief writes
    result = CliRunner().invoke(cli, ["check", next(str(p) for p in (tmp_path / "briefs")
                                                    .glob("*.md"))])
    assert result.exit_code == 0, result.stdout


def test_an_event_of_reports_that_states_nothing_is_still_a_failure(
        tmp_path: Path, fake_model: ScriptedModel) -> None:
    brief = _brief(tmp_path, "https://ledger.example/politics/the-bill-nobody-read",
                   "https://wire.example/politics/our-wait", MUSING, MUSING_TOO)
    front, body = brief.split("\n---\n", 1)
    assert "events_unstated: 1" in front and "events_opinion_only: 0" in front
    assert "No checked fact about this event could be stated" in body


@pytest.mark.parametrize(("url", "title", "outlet", "opinion"), [
    ("https://news.example/opinion/2021/07/01/case.html", "A case", "Times", True),
    ("https://news.example/news/opinion-the-amendment-stands", "A case", "Wire", True),
    ("https://news.example/columnists/ann/2021/06/19/x", "A case", "Hall", True),
    ("https://news.example/2021/05/28/x", "Opinion: What a true holiday looks like", None, True),
    ("https://news.example/2021/05/28/x", "Opinion | The bill", None, True),
    ("https://news.example/2021/07/01/x", "A case", "New York Post (Opinion)", True),
    ("https://opinion.example/world/x", "Talks resume", "Wire", False),
    ("https://news.example/politics/columbus-opinion-poll", "Poll: a tie", "Wire", False),
    ("https://news.example/politics/x", "Opinion polls show a tie", "Wire", False),
    (None, "Senate passes bill", None, False),
    # a title that passes its own verdict is a column's, wherever it runs
    ("https://review.example/2021/04/sales-pitch/", "Biden’s Dishonest Sales Pitch", "Review",
     True),
    (None, "Oversight Board Is Wrong to Uphold Facebook’s Suspension of Trump", None, True),
    # a verdict a title reports is someone else's
    (None, "Republicans Slam Biden’s ‘Dishonest’ Sales Pitch", None, False),
    (None, "Senator says the ruling is wrong", None, False),
])
def test_what_marks_an_opinion_piece(url: str | None, title: str, outlet: str | None,
                                     opinion: bool) -> None:
    article = Article(id="a", content_hash="h", text="x", title=title, outlet=outlet,
                      url=url, path="x", ingested_at="t")
    assert is_opinion(article) is opinion


def test_whose_view_names_each_column_once_in_one_order() -> None:
    """The note a line gets, and the one `brief check` asks for, whatever order the line
    cites its columns in; a report among them means no note."""
    def piece(outlet: str, url: str) -> Article:
        return Article(id=outlet, content_hash="", text="", path="", ingested_at="",
                       outlet=outlet, url=url)
    post = piece("New York Post (Opinion)", "https://nypost.example/2021/07/02/a")
    times = piece("New York Times", "https://nytimes.example/opinion/b")
    wire = piece("Wire Service", "https://wire.example/politics/c")
    assert whose_view([post, times]) == whose_view([times, post, post]) == (
        "opinion: New York Post, New York Times")
    assert whose_view([post, wire]) == "" and whose_view([]) == ""

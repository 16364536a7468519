"""Two weeks of the weekly routine, end to end, on servers started here: a feed and
its pages (pytest-httpserver) and an SMTP server (aiosmtpd)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from brief import cli as cli_module
from brief.cli import cli
from smtp_server import Recorder

from briefcheck import fresh_checkout
from conftest import ScriptedModel

STORIES = {
    # path: (title, date, text)
    "/a1.html": ("Ministers agree to fund the Riverside water treaty", "2026-03-06",
                 "Ministers from the four Riverside nations agreed on Friday to fund the "
                 "Riverside water treaty with 300 million dollars over five years. The "
                 "Riverside water treaty sets shares of the river for farms and cities in "
                 "each of the four nations. Parliaments must ratify the Riverside water "
                 "treaty before the money can be spent, the ministers said."),
    "/b1.html": ("Rail link between Arden and Brill opens to freight", "2026-03-05",
                 "The rail link between Arden and Brill opened to freight trains on Thursday "
                 "after six years of building work. The Arden and Brill rail link will carry "
                 "up to 40 freight trains a day, the operator said. Passenger trains on the "
                 "Arden and Brill line are due to start running in the autumn."),
    # Week 2: a follow-up of the treaty, the rail story republished, a new story.
    "/a2.html": ("Riverside water treaty ratified by first parliament", "2026-03-10",
                 "The parliament of Lowmark ratified the Riverside water treaty on Tuesday, "
                 "days after ministers of the four Riverside nations agreed to fund it. The "
                 "Riverside water treaty now needs ratification by three more parliaments "
                 "before its 300 million dollars can be spent."),
    "/b1-again.html": ("Arden-Brill rail link opens to freight", "2026-03-11",
                       "The rail link between Arden and Brill opened to freight trains last "
                       "Thursday after six years of building work. The Arden and Brill rail "
                       "link will carry up to 40 freight trains a day, its operator said. "
                       "Passenger trains on the Arden and Brill line are due to start running "
                       "in the autumn."),  # /b1.html republished, lightly edited
    "/c1.html": ("Harbour pilots strike over pensions in Corvo", "2026-03-12",
                 "Harbour pilots in the port of Corvo went on strike on Thursday over changes "
                 "to their pensions, halting ship traffic for twelve hours. The pilots' union "
                 "said the strike would resume next week if talks with the port authority "
                 "fail to reach an agreement."),
}
WEEK1 = ["/a1.html", "/b1.html"]
WEEK2 = [*WEEK1, "/a2.html", "/b1-again.html", "/c1.html"]
READERS = ["a@example.org", "b@example.org"]


def page(path: str) -> str:
    title, _, text = STORIES[path]
    paragraphs = "".join(f"<p>{s}.</p>" for s in text.rstrip(".").split(". "))
    return (f"<html lang='en'><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>{paragraphs}</article></body></html>")


def feed(server: HTTPServer, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>{STORIES[p][0]}</title><link>{server.url_for(p)}</link>"
        f"<pubDate>{date.fromisoformat(STORIES[p][1]).strftime('%a, %d %b %Y')} 09:00:00 "
        "+0000</pubDate></item>" for p in paths)
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
            f"<link>{server.url_for('/')}</link>{items}</channel></rss>")


def serve(server: HTTPServer, paths: list[str]) -> None:
    server.clear()
    server.expect_request("/feed.xml").respond_with_data(feed(server, paths),
                                                         content_type="application/rss+xml")
    for path in paths:
        server.expect_request(path).respond_with_data(page(path), content_type="text/html")


def week(monkeypatch: pytest.MonkeyPatch, today: str, *args: str) -> tuple[str, str]:
    monkeypatch.setattr(cli_module, "_today", lambda: date.fromisoformat(today))
    runner = CliRunner()
    pulled = runner.invoke(cli, ["ingest", "--sources"])
    assert pulled.exit_code == 0, pulled.stderr
    result = runner.invoke(cli, ["weekly", "--list", "readers", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip(), result.stderr


def evidence(path: Path) -> dict[str, object]:
    return dict(json.loads(path.with_suffix(".evidence.json").read_text(encoding="utf-8")))


def test_two_weeks_of_the_routine(httpserver: HTTPServer, smtp: Recorder,
                                  fake_model: ScriptedModel, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    Path("brief.toml").write_text(
        f'[[sources]]\nurl = "{httpserver.url_for("/feed.xml")}"\n\n'
        '[email]\nfrom = "briefs@example.org"\n[email.lists]\n'
        f"readers = {json.dumps(READERS)}\n", encoding="utf-8")
    serve(httpserver, WEEK1)
    sent, _ = week(monkeypatch, "2026-03-09", "--since", "2026-03-02")
    assert sent == "2 sent, 0 already sent, 0 refused"
    first = Path("briefs/2026-03-02_2026-03-09.md")
    one = evidence(first)
    treaty = next(e for e in one["events"] if "water treaty" in e["title"])  # type: ignore[attr-defined,index]

    sent, _ = week(monkeypatch, "2026-03-09")  # the same week again: a cron firing twice
    assert sent == "0 sent, 2 already sent, 0 refused"
    assert len(smtp.received) == 2

    serve(httpserver, WEEK2)
    sent, _ = week(monkeypatch, "2026-03-16", "--since", "2026-03-09")
    assert sent == "2 sent, 0 already sent, 0 refused"
    assert sorted(r for rcpts, _ in smtp.received[2:] for r in rcpts) == READERS
    second = Path("briefs/2026-03-09_2026-03-16.md")
    two = evidence(second)
    events = {e["id"]: e for e in two["events"]}  # type: ignore[attr-defined]
    url_of = {a: r["url"] for a, r in two["articles"].items()}  # type: ignore[attr-defined]
    by_url = {u.rsplit("/", 1)[1]: a for a, u in url_of.items()}
    follow = events[treaty["id"]]  # the follow-up keeps the week-1 event's id …
    assert by_url["a2.html"] in follow["articles"]
    assert follow["change"].startswith("developing")  # … and is developing
    rail = next(e for e in events.values() if by_url["b1-again.html"] in e["articles"])
    assert rail["copy_of"] == {by_url["b1-again.html"]: one_id(one, "b1.html")}
    strike = next(e for e in events.values() if by_url["c1.html"] in e["articles"])
    assert strike["change"].startswith("new")
    text = second.read_text(encoding="utf-8")
    assert "Riverside water treaty ratified" in text or "parliament of Lowmark" in text

    # The week-2 brief in a fresh checkout: no store, no feed, no network.
    brief = fresh_checkout(second, tmp_path / "checkout")
    fresh = brief.parent
    httpserver.clear()

    def check() -> tuple[int, list[dict[str, object]]]:
        result = CliRunner().invoke(cli, ["--db", str(fresh / "none.db"), "check",
                                          "--format", "json", str(brief)])
        return result.exit_code, json.loads(result.stdout)["findings"]

    assert check() == (0, [])
    for old, new in [
        ("300 million dollars", "800 million dollars"),  # an edited number
        ("\n## Sources", "\n*The treaty is sure to fail.*\n\n## Sources"),  # an italic line
        (re.search(r"^\| 2026-03-1\d \|", text, re.M)[0],  # type: ignore[index]
         "| 2026-03-02 |"),  # an edited table cell
    ]:
        assert old in text, old
        brief.write_text(text.replace(old, new, 1), encoding="utf-8")
        line = text[:text.index(old)].count("\n") + 1 + (1 if old.startswith("\n") else 0)
        code, findings = check()
        assert code == 1 and any(f["line"] == line and f["severity"] == "error"
                                 for f in findings), (old, findings)


def one_id(evidence: dict[str, object], page_name: str) -> str:
    articles = evidence["articles"]
    assert isinstance(articles, dict)
    return next(a for a, r in articles.items() if r["url"].endswith("/" + page_name))

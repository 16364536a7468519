"""Feeds, pages and bad input, served by a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from brief.cli import cli
from brief.store import Store

BODY = ("<p>Defence ministers from the coalition met in Paris on Tuesday and agreed on a plan "
        "to monitor a ceasefire along the line of contact, officials said after the talks.</p>"
        "<p>The plan sets out how troops would be rotated, who would command them and how "
        "long the first deployment would last, according to a draft seen by reporters.</p>")


def page(title: str, body: str = BODY, extra_head: str = "") -> str:
    return (f"<html lang='en'><head><title>{title}</title>{extra_head}</head><body>"
            f"<nav>Home | World</nav><article><h1>{title}</h1>{body}<p>{title} ends here "
            "with one more sentence about the plan.</p></article></body></html>")


def rss2(server: HTTPServer, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{server.url_for(p)}</link>"
        f"<pubDate>Tue, 06 Jan 2026 18:30:00 +0100</pubDate><author>a@x.org (Ann Lee)</author>"
        f"<description>Short teaser.</description></item>" for t, p in items)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Daily Wire Service</title>"
            f"<link>{server.url_for('/')}</link><language>en-gb</language>{entries}"
            "</channel></rss>")


def atom(server: HTTPServer, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<entry><title>{t}</title><link href='{server.url_for(p)}'/><id>{p}</id>"
        f"<updated>2026-01-06T17:30:00Z</updated></entry>" for t, p in items)
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Daily Wire Service</title><id>urn:x</id><updated>2026-01-06T17:30:00Z"
            f"</updated>{entries}</feed>")


def rdf(server: HTTPServer, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item rdf:about='{server.url_for(p)}'><title>{t}</title><link>{server.url_for(p)}"
        f"</link><dc:date>2026-01-06T17:30:00Z</dc:date></item>" for t, p in items)
    return ("<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-"
            "ns#' xmlns='http://purl.org/rss/1.0/' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
            f"<channel rdf:about='{server.url_for('/')}'><title>Daily Wire Service</title>"
            f"<link>{server.url_for('/')}</link></channel>{entries}</rdf:RDF>")


ITEMS = [("Plan agreed in Paris", "/a1.html"), ("Troops to rotate", "/a2.html")]


def serve_pages(server: HTTPServer) -> None:
    for title, path in ITEMS:
        server.expect_request(path).respond_with_data(page(title), content_type="text/html")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["ingest", *args])
    return result.exit_code, result.stdout, result.stderr


def stored() -> Store:
    return Store(Path(".brief/brief.db"))


@pytest.mark.parametrize("make_feed", [rss2, atom, rdf])
def test_feed_entries_are_ingested_with_metadata(httpserver: HTTPServer, make_feed: object) -> None:
    assert callable(make_feed)
    httpserver.expect_request("/feed.xml").respond_with_data(
        make_feed(httpserver, ITEMS), content_type="application/rss+xml")
    serve_pages(httpserver)
    code, out, err = run(httpserver.url_for("/feed.xml"))
    assert code == 0, err
    assert out.startswith("2 new")
    articles = {a.title: a for a in stored().articles()}
    assert set(articles) == {"Plan agreed in Paris", "Troops to rotate"}
    first = articles["Plan agreed in Paris"]
    assert first.outlet == "Daily Wire Service"
    assert first.url == httpserver.url_for("/a1.html")
    assert first.published == date(2026, 1, 6)
    assert first.provenance["published"] == "feed entry"
    assert first.provenance["outlet"] == "feed"
    assert "line of contact" in first.text and "Home | World" not in first.text


def test_rss_dates_are_normalised_to_utc(httpserver: HTTPServer) -> None:
    late = rss2(httpserver, ITEMS[:1]).replace(
        "Tue, 06 Jan 2026 18:30:00 +0100", "Wed, 07 Jan 2026 00:30:00 +0200")
    httpserver.expect_request("/feed.xml").respond_with_data(late, content_type="text/xml")
    serve_pages(httpserver)
    assert run(httpserver.url_for("/feed.xml"))[0] == 0
    [article] = stored().articles()
    assert article.published == date(2026, 1, 6)  # 22:30 UTC on the 6th
    assert article.author == "a@x.org (Ann Lee)" and article.language == "en-gb"


def test_conditional_get_and_stored_urls_skip_work(httpserver: HTTPServer) -> None:
    feed = rss2(httpserver, ITEMS)
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        feed, content_type="application/rss+xml", headers={"ETag": '"v1"'})
    serve_pages(httpserver)
    assert run(httpserver.url_for("/feed.xml"))[1].startswith("2 new")

    def not_modified(request: Request) -> Response:
        assert request.headers.get("If-None-Match") == '"v1"'
        return Response(status=304)

    httpserver.clear()
    httpserver.expect_request("/feed.xml").respond_with_handler(not_modified)
    code, out, _ = run(httpserver.url_for("/feed.xml"))
    assert code == 0 and "0 new" in out and "1 skipped" in out
    assert len(httpserver.log) == 1  # the feed only; no page was fetched

    httpserver.clear()
    grown = rss2(httpserver, [*ITEMS, ("New talks", "/a3.html")])
    httpserver.expect_request("/feed.xml").respond_with_data(
        grown, content_type="application/rss+xml", headers={"ETag": '"v2"'})
    httpserver.expect_request("/a3.html").respond_with_data(page("New talks"),
                                                            content_type="text/html")
    code, out, _ = run(httpserver.url_for("/feed.xml"))
    assert out.startswith("1 new") and "2 skipped" in out
    assert [r.path for r, _ in httpserver.log] == ["/feed.xml", "/a3.html"]
    assert len(stored().articles()) == 3


def test_a_web_page_with_its_metadata(httpserver: HTTPServer) -> None:
    head = ('<meta property="og:site_name" content="The Ledger">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"headline": "Plan agreed in Paris", "datePublished": "2026-01-06T10:00:00Z", '
            '"author": {"@type": "Person", "name": "Ann Lee"}}</script>')
    httpserver.expect_request("/story").respond_with_data(
        page("Plan agreed in Paris", extra_head=head), content_type="text/html")
    code, _, err = run(httpserver.url_for("/story"))
    assert code == 0, err
    [article] = stored().articles()
    assert (article.title, article.outlet, article.published) == (
        "Plan agreed in Paris", "The Ledger", date(2026, 1, 6))
    assert article.provenance["published"] == "html metadata"
    assert article.language == "en"
    assert article.url == httpserver.url_for("/story")


def test_entry_text_is_used_when_its_page_fails(httpserver: HTTPServer) -> None:
    long_entry = ("<item><title>Long</title><link>{}</link><description><![CDATA[{}]]>"
                  "</description></item>").format(httpserver.url_for("/gone1"), BODY * 2)
    short_entry = ("<item><title>Short</title><link>{}</link><description>Teaser only."
                   "</description></item>").format(httpserver.url_for("/gone2"))
    feed = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>W</title>"
            f"{long_entry}{short_entry}</channel></rss>")
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="text/xml")
    httpserver.expect_request("/gone1").respond_with_data("", status=404)
    httpserver.expect_request("/gone2").respond_with_data("", status=404)
    code, out, err = run(httpserver.url_for("/feed.xml"))
    assert code == 1
    assert out.startswith("1 new") and "1 failed" in out
    assert "used the feed entry's own text" in err
    assert f"{httpserver.url_for('/gone2')}: HTTP 404 NOT FOUND, and the feed entry holds" in err


# --- bad input: each named, and nothing stored before is lost -----------------
@pytest.fixture
def stocked(seeds: Path) -> int:
    assert run(str(seeds))[0] == 0
    return len(stored().articles())


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/missing", 404, "HTTP 404 NOT FOUND"),
    ("/broken", 500, "HTTP 500 INTERNAL SERVER ERROR"),
])
def test_http_errors(httpserver: HTTPServer, stocked: int, path: str, status: int,
                     message: str) -> None:
    httpserver.expect_request(path).respond_with_data("nope", status=status)
    serve_pages(httpserver)
    code, out, err = run(httpserver.url_for(path), httpserver.url_for("/a1.html"))
    assert code == 1 and out.startswith("1 new") and "1 failed" in out
    assert f"{httpserver.url_for(path)}: {message}" in err
    assert len(stored().articles()) == stocked + 1


def test_a_redirect_loop(httpserver: HTTPServer, stocked: int) -> None:
    httpserver.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/loop")})
    code, _, err = run(httpserver.url_for("/loop"))
    assert code == 1 and "/loop: more than 5 redirects" in err
    assert len(stored().articles()) == stocked


def test_a_timeout(httpserver: HTTPServer, stocked: int,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(page("Late"), content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    monkeypatch.setenv("BRIEF_HTTP_TIMEOUT", "0.2")
    code, _, err = run(httpserver.url_for("/slow"))
    assert code == 1 and f"{httpserver.url_for('/slow')}: timed out" in err
    assert len(stored().articles()) == stocked


def test_a_malformed_feed(httpserver: HTTPServer, stocked: int) -> None:
    httpserver.expect_request("/bad.xml").respond_with_data(
        "<?xml version='1.0'?><rss><channel><title>x</ti", content_type="application/rss+xml")
    code, _, err = run(httpserver.url_for("/bad.xml"))
    assert code == 1 and "/bad.xml: not a valid RSS/Atom feed" in err
    assert len(stored().articles()) == stocked


def test_a_page_without_article_text(httpserver: HTTPServer, stocked: int) -> None:
    httpserver.expect_request("/empty").respond_with_data(
        "<html><body><nav>Home</nav></body></html>", content_type="text/html")
    code, _, err = run(httpserver.url_for("/empty"))
    assert code == 1 and "/empty: no article text found in the HTML" in err
    assert len(stored().articles()) == stocked


def test_non_utf8_text_is_detected(tmp_path: Path, stocked: int) -> None:
    text = ("Ministers said the plan \u2019s first phase would begin in May, and that the "
            "monitors would report every week to the coalition\u2019s council in Paris.")
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    code, out, err = run(str(tmp_path / "latin.txt"))
    assert code == 0 and out.startswith("1 new")
    assert "not UTF-8; decoded as" in err
    assert any("coalition\u2019s council" in a.text for a in stored().articles())


def test_a_huge_file_is_refused_by_name(tmp_path: Path, stocked: int) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("w") as handle:
        handle.write(("All work and no play. " * 1000 + "\n") * 2300)  # ≈ 50 MB
    code, _, err = run(str(huge))
    assert code == 1 and "huge.txt" in err and "over the 5,000,000-byte limit" in err
    assert len(stored().articles()) == stocked


def test_sources_from_the_config_file(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss2(httpserver, ITEMS), content_type="application/rss+xml")
    serve_pages(httpserver)
    Path("brief.toml").write_text(
        f'[[sources]]\nurl = "{httpserver.url_for("/feed.xml")}"\noutlet = "The Wire"\n')
    code, out, err = run("--sources")
    assert code == 0, err
    assert out.startswith("2 new")
    assert {a.outlet for a in stored().articles()} == {"The Wire"}


@pytest.mark.parametrize(("toml", "message"), [
    ('[[sources]]\nurl = "ftp://x"\n', "sources.0.url: Value error, must start with http"),
    ('[[sources]]\nlink = "https://x"\n', "sources.0.url: Field required"),
    ("[[sources]\n", "cannot read the config"),
])
def test_a_bad_config_is_explained(toml: str, message: str) -> None:
    Path("brief.toml").write_text(toml)
    code, _, err = run("--sources")
    assert code == 1 and message in err

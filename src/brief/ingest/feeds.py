"""Ingest from the web: RSS/Atom feeds and article pages, incrementally.

A feed is polled with its ETag / Last-Modified; an entry whose URL is already stored
is skipped without fetching it. An entry's page is fetched for its full text; if
that fails, the entry's own text is used when it is long enough to be an article.
Feed validators are saved only when every entry was handled, so a failed entry is
tried again on the next poll.
"""

from __future__ import annotations

import calendar
import logging
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import feedparser

from brief.errors import InputError
from brief.ingest.fetch import Fetched, Fetcher
from brief.ingest.load import IngestReport, ingest_paths, store_doc
from brief.ingest.readers import RawDoc, decode, from_html
from brief.store import Store

log = logging.getLogger(__name__)

MIN_ENTRY_TEXT = 400  # below this an entry's summary is a teaser, not an article
FEED_TYPES = ("rss", "atom", "application/xml", "text/xml", "application/rdf")


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def ingest_url(store: Store, fetcher: Fetcher, url: str, report: IngestReport,
               *, date_override: date | None = None, outlet: str | None = None) -> None:
    """Ingest a feed or a page at `url`; problems go into `report`, never raised."""
    etag, modified = store.feed_validators(url)
    try:
        fetched = fetcher.get(url, etag=etag, last_modified=modified)
    except InputError as e:
        report.failed.append((url, str(e).removeprefix(f"{url}: ")))
        return
    if fetched.status == 304:
        report.skipped.append((url, "feed not modified since the last poll"))
        return
    if _looks_like_feed(fetched):
        _ingest_feed(store, fetcher, url, fetched, report, outlet)
        return
    try:
        doc = _page(fetched, url)
    except InputError as e:
        report.failed.append((url, str(e).removeprefix(f"{url}: ")))
        return
    if outlet:
        doc.meta["outlet"] = (outlet, "config")
    _store(store, doc, date_override, report)


def _looks_like_feed(fetched: Fetched) -> bool:
    kind = fetched.content_type.lower()
    if any(t in kind for t in FEED_TYPES):
        return True
    head = fetched.body[:500].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def _page(fetched: Fetched, url: str) -> RawDoc:
    text, _ = decode(fetched.body, url)
    doc = from_html(text, url)
    doc.meta.setdefault("url", (fetched.url, "request URL"))
    return doc


def _ingest_feed(store: Store, fetcher: Fetcher, url: str, fetched: Fetched,
                 report: IngestReport, outlet: str | None) -> None:
    parsed: Any = feedparser.parse(fetched.body)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None) or "no entries"
        report.failed.append((url, f"not a valid RSS/Atom feed ({reason})"))
        return
    if parsed.bozo:
        report.warnings.append(f"{url}: feed is malformed but readable "
                               f"({parsed.bozo_exception}); its entries were used")
    feed_title = outlet or parsed.feed.get("title")
    language = parsed.feed.get("language")
    failures = len(report.failed)
    for entry in parsed.entries:
        link = entry.get("link")
        if link and store.has_url(link):
            report.skipped.append((link, "already stored"))
            continue
        doc = _entry_doc(fetcher, entry, url, report)
        if doc is None:
            continue
        for name, value in (("outlet", feed_title), ("language", language)):
            if value:
                doc.meta[name] = (str(value), "feed")
        _store(store, doc, None, report)
    if len(report.failed) == failures:
        store.save_feed_validators(url, fetched.etag, fetched.last_modified)


def _entry_doc(fetcher: Fetcher, entry: Any, feed_url: str,
               report: IngestReport) -> RawDoc | None:
    link = entry.get("link")
    origin = link or f"{feed_url}#{entry.get('id') or entry.get('title')}"
    doc: RawDoc | None = None
    problem = "the entry has no link"
    if link:
        try:
            doc = _page(fetcher.get(link), link)
        except InputError as e:
            problem = str(e).removeprefix(f"{link}: ")
    if doc is None:
        body = _entry_text(entry)
        if len(body) < MIN_ENTRY_TEXT:
            report.failed.append((origin, f"{problem}, and the feed entry holds only "
                                          f"{len(body)} characters of text"))
            return None
        doc = RawDoc(text=body, origin=origin)
        if link:
            doc.meta["url"] = (link, "feed entry")
            report.warnings.append(f"{link}: {problem}; used the feed entry's own text")
    for name, value in (("title", entry.get("title")), ("author", entry.get("author")),
                        ("date", _entry_date(entry))):
        if value:
            doc.meta[name] = (str(value), "feed entry")
    return doc


def _entry_text(entry: Any) -> str:
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    html = "\n".join(p for p in parts if p)
    if not html.strip():
        return ""
    try:
        return from_html(f"<html><body><article>{html}</article></body></html>", "entry").text
    except InputError:
        return ""


def _entry_date(entry: Any) -> str | None:
    """The entry's published (or updated) time in UTC, ISO 8601."""
    for key in ("published_parsed", "updated_parsed"):
        stamp = entry.get(key)
        if stamp:
            return datetime.fromtimestamp(calendar.timegm(stamp), UTC).isoformat()
    return None


def _store(store: Store, doc: RawDoc, date_override: date | None,
           report: IngestReport) -> None:
    report.warnings.extend(doc.warnings)
    try:
        store_doc(store, doc, date_override, report)
    except InputError as e:
        report.failed.append((doc.origin, str(e).removeprefix(f"{doc.origin}: ")))


def ingest_inputs(
    store: Store,
    inputs: list[str],
    *,
    sources: list[tuple[str, str | None]] | None = None,
    date_override: date | None = None,
    file_time_as_date: bool = False,
) -> IngestReport:
    """Ingest files, directories, URLs and configured (url, outlet) sources; one report."""
    urls: list[tuple[str, str | None]] = [(i, None) for i in inputs if is_url(i)]
    urls += sources or []
    paths = [Path(i) for i in inputs if not is_url(i)]
    report = ingest_paths(store, paths, date_override=date_override,
                          file_time_as_date=file_time_as_date)
    if urls:
        fetcher = Fetcher(timeout=float(os.environ.get("BRIEF_HTTP_TIMEOUT", "20")))
        try:
            for n, (url, outlet) in enumerate(urls, 1):
                log.info("[%d/%d] fetching %s", n, len(urls), url)
                ingest_url(store, fetcher, url, report, date_override=date_override,
                           outlet=outlet)
        finally:
            fetcher.close()
    return report

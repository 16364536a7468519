"""The SQLite store: articles, events, facts, runs and the LLM response cache.

One file (WAL mode). Every multi-row change happens inside one transaction, so a
crash leaves either the old state or the new one, never half of a run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from brief.errors import StoreError
from brief.schema import Article, Event, Fact

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    title TEXT, outlet TEXT, url TEXT, author TEXT,
    published TEXT,
    path TEXT NOT NULL,
    provenance TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    first_date TEXT, last_date TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_articles (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id),
    copy_of TEXT,
    PRIMARY KEY (event_id, article_id)
);
CREATE TABLE IF NOT EXISTS facts (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS facts_article ON facts(article_id);
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS feed_state (
    url TEXT PRIMARY KEY,
    etag TEXT, last_modified TEXT,
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sent_log (
    brief_hash TEXT NOT NULL,
    recipient TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (brief_hash, recipient)
);
CREATE TABLE IF NOT EXISTS deliveries (
    period TEXT NOT NULL,
    recipient TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (period, recipient, content_hash)
);
CREATE TABLE IF NOT EXISTS llm_cache (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    response TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS llm_batches (
    batch_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    keys TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (endpoint, batch_id)
);
"""


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Store:
    """Access to the SQLite file. Methods raise StoreError naming the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=5000")
            self.db.executescript(SCHEMA)
            self._migrate()
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"{path}: cannot open the store ({e})") from e

    def _migrate(self) -> None:
        """Columns added after a store was first made."""
        columns = {r["name"] for r in self.db.execute("PRAGMA table_info(articles)")}
        if "language" not in columns:
            self.db.execute("ALTER TABLE articles ADD COLUMN language TEXT")
        self.db.execute("CREATE INDEX IF NOT EXISTS articles_url ON articles(url)")
        cached = {r["name"] for r in self.db.execute("PRAGMA table_info(llm_cache)")}
        if "batched" not in cached:
            self.db.execute(
                "ALTER TABLE llm_cache ADD COLUMN batched INTEGER NOT NULL DEFAULT 0")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # articles ------------------------------------------------------------
    def article_by_hash(self, content_hash: str) -> Article | None:
        row = self.db.execute(
            "SELECT * FROM articles WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return _article(row) if row else None

    def put_article(self, article: Article) -> None:
        """Insert or replace one article (replacing keeps its id: same content)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO articles (id, content_hash, text, title, outlet, url, author,"
                " published, path, provenance, ingested_at, language)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET title=excluded.title, outlet=excluded.outlet,"
                " url=excluded.url, author=excluded.author, published=excluded.published,"
                " path=excluded.path, provenance=excluded.provenance,"
                " language=excluded.language",
                (
                    article.id, article.content_hash, article.text, article.title,
                    article.outlet, article.url, article.author,
                    article.published.isoformat() if article.published else None,
                    article.path, json.dumps(article.provenance, sort_keys=True),
                    article.ingested_at, article.language,
                ),
            )

    def has_url(self, url: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone()
        return row is not None

    def feed_validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute(
            "SELECT etag, last_modified FROM feed_state WHERE url = ?", (url,)
        ).fetchone()
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def save_feed_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO feed_state (url, etag, last_modified, checked_at)"
            " VALUES (?,?,?,?)", (url, etag, last_modified, now_iso()),
        )

    def articles(self) -> list[Article]:
        rows = self.db.execute("SELECT * FROM articles ORDER BY published, id").fetchall()
        return [_article(r) for r in rows]

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article(row) if row else None

    # facts ---------------------------------------------------------------
    def replace_facts(self, article_id: str, facts: list[Fact]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM facts WHERE article_id = ?", (article_id,))
            db.executemany(
                "INSERT INTO facts (id, article_id, body) VALUES (?,?,?)",
                [(f.id, article_id, f.model_dump_json()) for f in facts],
            )

    def facts_for(self, article_ids: list[str]) -> list[Fact]:
        marks = ",".join("?" * len(article_ids))
        rows = self.db.execute(
            f"SELECT body FROM facts WHERE article_id IN ({marks}) ORDER BY article_id, id",
            article_ids,
        ).fetchall()
        return [Fact.model_validate_json(r["body"]) for r in rows]

    # events --------------------------------------------------------------
    def save_events(self, events: list[Event]) -> None:
        """Upsert events and their membership (one transaction)."""
        with self.transaction() as db:
            for ev in events:
                db.execute(
                    "INSERT INTO events (id, title, first_date, last_date, updated_at)"
                    " VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title=excluded.title,"
                    " first_date=excluded.first_date, last_date=excluded.last_date,"
                    " updated_at=excluded.updated_at",
                    (ev.id, ev.title, _iso(ev.first_date), _iso(ev.last_date), now_iso()),
                )
                # An event's earlier articles (outside this window) stay its members.
                db.executemany("DELETE FROM event_articles WHERE article_id = ?",
                               [(a,) for a in ev.article_ids])
                db.executemany(
                    "INSERT INTO event_articles (event_id, article_id, copy_of) VALUES (?,?,?)",
                    [(ev.id, a, ev.copy_of.get(a)) for a in ev.article_ids],
                )

    def previous_events(self) -> dict[str, str]:
        """article id → the event id it was last grouped under."""
        rows = self.db.execute("SELECT article_id, event_id FROM event_articles").fetchall()
        return {r["article_id"]: r["event_id"] for r in rows}

    def event_article_ids(self, event_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT article_id FROM event_articles WHERE event_id = ? ORDER BY article_id",
            (event_id,),
        ).fetchall()
        return [r["article_id"] for r in rows]

    # runs ----------------------------------------------------------------
    def start_run(self, run_id: str, command: str) -> None:
        self.db.execute(
            "INSERT INTO runs (id, command, started_at, status) VALUES (?,?,?,'running')",
            (run_id, command, now_iso()),
        )

    def finish_run(self, run_id: str, status: str, detail: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at = ?, status = ?, detail = ? WHERE id = ?",
            (now_iso(), status, json.dumps(detail, sort_keys=True), run_id),
        )

    # email ---------------------------------------------------------------
    def delivered(self, period: str, recipient: str) -> set[str]:
        """Content hashes of the versions of `period`'s brief already sent to `recipient`."""
        rows = self.db.execute(
            "SELECT content_hash FROM deliveries WHERE period = ? AND recipient = ?",
            (period, recipient.lower())).fetchall()
        return {r[0] for r in rows}

    def mark_delivered(self, period: str, recipient: str, content_hash: str,
                       message_id: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO deliveries VALUES (?,?,?,?,?)",
                        (period, recipient.lower(), content_hash, message_id, now_iso()))

    def last_run(self, command: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT * FROM runs WHERE command = ? AND status = 'done'"
            " ORDER BY finished_at DESC, rowid DESC LIMIT 1", (command,)).fetchone()
        return dict(row) if row else None

    # LLM cache -----------------------------------------------------------
    def cache_get(self, key: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute(
            "SELECT * FROM llm_cache WHERE key = ?", (key,)
        ).fetchone()
        return row

    def cache_put(
        self, key: str, model: str, prompt_version: str, response: str, usage: tuple[int, int],
        *, batched: bool = False,
    ) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO llm_cache (key, model, prompt_version, response,"
            " prompt_tokens, completion_tokens, created_at, batched)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (key, model, prompt_version, response, usage[0], usage[1], now_iso(),
             int(batched)),
        )

    # Batches sent to a Batch API: what each asks, until its replies are read ----
    def batch_record(self, endpoint: str, batch_id: str, keys: list[str], status: str
                     ) -> None:
        self.db.execute(
            "INSERT INTO llm_batches VALUES (?,?,?,?,?,?) ON CONFLICT(endpoint, batch_id)"
            " DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
            (batch_id, endpoint, json.dumps(keys), status, now_iso(), now_iso()))

    def batches_open(self, endpoint: str) -> list[tuple[str, list[str]]]:
        """(id, cache keys) of each batch sent to `endpoint` whose replies are not read."""
        rows = self.db.execute(
            "SELECT batch_id, keys FROM llm_batches WHERE endpoint = ? AND status != 'read'"
            " ORDER BY created_at, rowid", (endpoint,)).fetchall()
        return [(r["batch_id"], json.loads(r["keys"])) for r in rows]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        content_hash=row["content_hash"],
        text=row["text"],
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        author=row["author"],
        published=row["published"],
        path=row["path"],
        provenance=json.loads(row["provenance"]),
        ingested_at=row["ingested_at"],
        language=row["language"],
    )

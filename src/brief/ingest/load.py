"""Ingest: read articles, strip page chrome, find metadata, store each text once."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from brief.errors import InputError
from brief.ingest.readers import SUFFIXES, RawDoc, read_path
from brief.schema import Article
from brief.store import Store, now_iso
from brief.text import clean_whitespace, content_hash, fold

log = logging.getLogger(__name__)

# Whole lines that are page furniture, not article text (matched on folded text).
_CHROME = re.compile(
    r"^(?:"
    r"listen to this article|average \d+ minutes?( read)?|\d+ min(ute)?s? read"
    r"|(this|the) audio( version of this article)? (is|was) created (with|by) .*"
    r"|it can be mispronounced\..*|we are working with our partners to .*"
    r"|related( articles?| stories| content)?|leave a reply.*|leave a comment.*"
    r"|your email address will not be published.*|required fields are marked.*"
    r"|back to top( button)?|comments?( \(\d+\))?|log in to (write|post) a comment.*"
    r"|share( this( article)?)?|advertisement|skip to (main )?content"
    r"|(watch|listen|read more|related|video) ?\|.*"
    r")$",
    re.I,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^(?P<label>date|published|posted|updated|last updated|first published)?"
    r"(?:\s+on)?\s*:?\s*"
    rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}\b)?)?"
    r"(?![\w-])[\s:|-]*(?P<rest>.*)$", re.I
)
DATELINE_LINES = 4  # non-empty lines at the top where a dateline may stand
_END_PUNCT = tuple('.!?:"\'”’)')


@dataclass
class IngestReport:
    """What an ingest did, per input. Nothing here is silent: the CLI prints it."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.added)} new, {len(self.duplicates)} already stored, "
            f"{len(self.updated)} updated, {len(self.skipped)} skipped, "
            f"{len(self.failed)} failed, "
            f"{len(self.undated)} without a date"
        )


def display_path(path: Path) -> str:
    """`path` relative to the working directory when under it (briefs travel)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def iter_files(paths: Iterable[Path]) -> Iterable[Path | tuple[Path, str]]:
    """Files to read, sorted; a path that cannot be used yields (path, reason)."""
    for path in paths:
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                hidden = any(p.startswith(".") for p in f.relative_to(path).parts)
                if f.is_file() and f.suffix.lower() in SUFFIXES and not hidden:
                    yield f
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                yield path, f"unsupported file type {path.suffix or '(none)'}"
        else:
            yield path, "no such file or directory"


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    date_override: date | None = None,
    file_time_as_date: bool = False,
) -> IngestReport:
    """Read and store every article under `paths`; failures are reported, not raised."""
    report = IngestReport()
    for item in iter_files(paths):
        if isinstance(item, tuple):
            report.failed.append((str(item[0]), item[1]))
            continue
        try:
            docs = read_path(item, display_path(item))
        except InputError as e:
            report.failed.append((str(item), str(e).removeprefix(f"{item}: ")))
            continue
        for doc in docs:
            report.warnings.extend(doc.warnings)
            if file_time_as_date and "date" not in doc.meta:
                stamp = datetime.fromtimestamp(item.stat().st_mtime, UTC).date()
                doc.meta["date"] = (stamp.isoformat(), "file time")
            try:
                store_doc(store, doc, date_override, report)
            except InputError as e:
                report.failed.append((doc.origin, str(e)))
    return report


def store_doc(store: Store, doc: RawDoc, date_override: date | None, report: IngestReport) -> None:
    """Clean `doc` and store it once (by content hash); record what happened in `report`."""
    article = build_article(doc, date_override)
    existing = store.article_by_hash(article.content_hash)
    if existing is not None:
        merged = _merge(existing, article)
        if merged == existing:
            report.duplicates.append(doc.origin)
        else:
            store.put_article(merged)
            report.updated.append(doc.origin)
        article = merged
    else:
        store.put_article(article)
        report.added.append(doc.origin)
    if article.published is None:
        report.undated.append(f"{article.id} ({doc.origin})")


def _merge(old: Article, new: Article) -> Article:
    """Keep the stored article; newly stated metadata fills gaps or overrides."""
    updates: dict[str, object] = {}
    provenance = dict(old.provenance)
    for name in ("title", "outlet", "url", "author", "published", "language"):
        value = getattr(new, name)
        if value is not None and value != getattr(old, name):
            updates[name] = value
            provenance[name] = new.provenance[name]
    if not updates:
        return old
    return old.model_copy(update={**updates, "provenance": provenance})


def build_article(doc: RawDoc, date_override: date | None = None) -> Article:
    """Clean a raw document into an Article. Raises InputError if no text is left."""
    meta = dict(doc.meta)
    lines = clean_whitespace(doc.text).split("\n")
    lines = _take_byline(_take_dateline(lines, meta), meta)
    lines = [ln for ln in lines if not _CHROME.match(fold(ln))]
    lines = _take_title(lines, meta)
    body = clean_whitespace("\n".join(lines))
    if not body:
        raise InputError(f"{doc.origin}: empty after removing page chrome")
    if date_override is not None:
        meta["date"] = (date_override.isoformat(), "--date option")
    published = _parse_date(meta, doc.origin)
    digest = content_hash(body)
    return Article(
        id=digest[:12],
        content_hash=digest,
        text=body,
        title=_value(meta, "title"),
        outlet=_value(meta, "outlet"),
        url=_value(meta, "url"),
        author=_value(meta, "author"),
        published=published,
        path=doc.origin,
        provenance={
            ("published" if k == "date" else k): src
            for k, (_, src) in meta.items()
            if k != "date" or published is not None
        },
        ingested_at=now_iso(),
        language=_value(meta, "language"),
    )


def _value(meta: dict[str, tuple[str, str]], name: str) -> str | None:
    return meta[name][0] if name in meta else None


def _take_dateline(lines: list[str], meta: dict[str, tuple[str, str]]) -> list[str]:
    """A dateline at the top gives the date; the rest of its line is kept.

    It may stand on the first line ("date 2025-03-06 …") or below a title or byline
    ("Published 8 January 2026", "Updated: Jan. 9, 2026, 10:30 GMT"). A published
    date wins over an updated one. Where it was found is recorded with the date.
    """
    found: list[tuple[int, int, re.Match[str]]] = []  # (line index, nth non-empty, match)
    nth = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        nth += 1
        m = _DATELINE.match(line.strip())
        iso = m is not None and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.group("date")))
        if m and (m.group("label") or iso or not m.group("rest")):
            found.append((i, nth, m))
        elif nth >= DATELINE_LINES or line.rstrip().endswith((".", "!", "?")):
            break  # body text has begun
    if not found:
        return lines
    updated = [f for f in found if (f[2].group("label") or "").lower() == "updated"]
    i, nth, m = next((f for f in found if f not in updated), found[0])
    day = _dateline_day(m.group("date"))
    if day is None:
        return lines
    where = "dateline" + (f", line {nth}" if nth > 1 else "") + (
        ", the updated date" if (m.group("label") or "").lower() == "updated" else "")
    meta.setdefault("date", (day, where))
    drop = {f[0] for f in found}
    return [m.group("rest") if j == i else line for j, line in enumerate(lines)
            if j not in drop or j == i]


_BYLINE = re.compile(r"^By\s+([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|,))*)$")


def _take_byline(lines: list[str], meta: dict[str, tuple[str, str]]) -> list[str]:
    """A "By Jane Doe" line among the first lines names the author; it is not text."""
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        m = _BYLINE.match(line.strip())
        if m and len(line.split()) <= 8:
            meta.setdefault("author", (m.group(1), "byline"))
            return [*lines[:i], *lines[i + 1:]]
        if seen >= DATELINE_LINES:
            break
    return lines


def _dateline_day(raw: str) -> str | None:
    """The ISO day of a dateline's date ("8 January 2026", "Jan. 8, 2026", "2026-01-08")."""
    text = " ".join(raw.replace(".", " ").replace(",", " ").split())
    text = re.sub(r"(?i)\bsept\b", "Sep", text)
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _take_title(lines: list[str], meta: dict[str, tuple[str, str]]) -> list[str]:
    """In plain text, a short first line without closing punctuation is the title.

    A line of one to three words just before it ("World News") is a section label.
    """
    body = [ln for ln in lines if ln]
    if len(body) < 2:
        return lines
    first, second = body[0], body[1]
    candidates = [(first, [first])]
    if len(first.split()) <= 3 and not first.endswith(_END_PUNCT):
        candidates.append((second, [first, second]))
    for title, drop in reversed(candidates):
        words = len(title.split())
        if 4 <= words <= 25 and not title.endswith(_END_PUNCT):
            if "title" not in meta:
                meta["title"] = (title, "first line")
            rest = list(lines)
            for d in drop:
                rest.remove(d)
            return rest
    return lines


def _parse_date(meta: dict[str, tuple[str, str]], origin: str) -> date | None:
    if "date" not in meta:
        return None
    raw, source = meta["date"]
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
        for fmt in ("%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%a, %d %b %Y %H:%M:%S %z"):
            try:
                parsed = datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        log.warning("%s: cannot read the date %r (from %s); left undated", origin, raw, source)
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    day = parsed.date()
    if day.year < 1990 or day > datetime.now(UTC).date():
        log.warning("%s: date %s (from %s) is implausible; left undated", origin, day, source)
        return None
    return day

"""Read one input file into raw documents: text plus the metadata it states.

Each reader returns `RawDoc`s whose `meta` maps a field (title, outlet, url, author,
date) to a `(value, source)` pair, so the store can say where every value came from.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import charset_normalizer
import yaml

from brief.errors import InputError

log = logging.getLogger(__name__)

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"}
SIDECAR_SUFFIX = ".meta.yaml"
MIN_PAGE_WORDS = 25
MAX_BYTES = 5_000_000  # an article is far smaller; a bigger file is refused, named

Meta = dict[str, tuple[str, str]]


@dataclass
class RawDoc:
    """A document as read: body text, stated metadata, and where it was read from."""

    text: str
    origin: str
    meta: Meta = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


EXPORTS = (".json", ".jsonl")  # files that may hold many articles; any other holds one


def read_path(path: Path, origin: str | None = None) -> list[RawDoc]:
    """Read one file; `origin` is how documents name it (default: the path as given).

    Raises InputError naming the file when it cannot be used.
    """
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    origin = origin or str(path)
    if suffix in {".html", ".htm"}:
        docs = [_from_html(_decode(data, path), origin)]
    elif suffix == ".json":
        docs = _from_json_file(_decode(data, path), origin)
    elif suffix == ".jsonl":
        docs = _from_jsonl(_decode(data, path), origin)
    else:
        docs = [_from_text(_decode(data, path), origin, markdown=suffix != ".txt")]
    sidecar = _read_sidecar(path)
    for doc in docs:
        doc.meta.update(sidecar)
    return docs


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size:,} bytes is over the {MAX_BYTES:,}-byte limit")
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e


def decode(data: bytes, origin: str) -> tuple[str, str | None]:
    """Text of `data` and, when it was not UTF-8, the encoding detected.

    Raises InputError when the bytes are not text at all.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise InputError(f"{origin}: looks like a binary file, not an article")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(f"{origin}: not text in any encoding brief can detect")
    return str(best), best.encoding


def _decode(data: bytes, path: Path) -> str:
    text, encoding = decode(data, str(path))
    if encoding:
        log.warning("%s: not UTF-8; decoded as %s", path, encoding)
    return text


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)
_FIELD_ALIASES = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "site_name", "publisher"),
    "url": ("url", "link", "canonical"),
    "author": ("author", "byline"),
    "date": ("date", "published", "published_at", "pubdate"),
    "language": ("language", "lang"),
}


def _pick(mapping: dict[str, Any], source: str) -> Meta:
    meta: Meta = {}
    for name, aliases in _FIELD_ALIASES.items():
        for alias in aliases:
            value = mapping.get(alias)
            if value not in (None, ""):
                meta[name] = (str(value).strip(), source)
                break
    return meta


def _from_text(text: str, origin: str, *, markdown: bool) -> RawDoc:
    meta: Meta = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            front = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as e:
            raise InputError(f"{origin}: front matter is not valid YAML ({e})") from e
        if not isinstance(front, dict):
            raise InputError(f"{origin}: front matter must be a mapping of key: value")
        meta = _pick(front, "front matter")
        text = text[match.end():]
    if markdown and "title" not in meta:
        heading = re.match(r"\s*#\s+(.+)\n", text)
        if heading:
            meta["title"] = (heading.group(1).strip(), "heading")
            text = text[heading.end():]
    return RawDoc(text=text, origin=origin, meta=meta)


def from_html(html: str, origin: str) -> RawDoc:
    """Main text and metadata of a web page (title, site, author, date, URL, language).

    Raises InputError when the page has no article text.
    """
    return _from_html(html, origin)


def _from_html(html: str, origin: str) -> RawDoc:
    import trafilatura  # heavy import, only for HTML input

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    found: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = found.get("text") or ""
    if len(text.split()) < MIN_PAGE_WORDS:  # navigation or a cookie notice, not an article
        raise InputError(f"{origin}: no article text found in the HTML")
    meta = _pick(
        {
            "title": found.get("title"),
            "outlet": found.get("sitename") or found.get("hostname"),
            "url": found.get("url"),
            "author": found.get("author"),
            "date": found.get("date"),
            "language": found.get("language") or _html_lang(html),
        },
        "html metadata",
    )
    return RawDoc(text=text, origin=origin, meta=meta)


def _html_lang(html: str) -> str | None:
    match = re.search(r"<html[^>]*\slang=[\"']?([A-Za-z-]{2,10})", html[:5000], re.I)
    return match.group(1).lower() if match else None


def _from_record(record: Any, origin: str) -> RawDoc:
    if not isinstance(record, dict):
        raise InputError(f"{origin}: expected an object with a 'text' field")
    body = next((record[k] for k in ("text", "body", "content") if record.get(k)), None)
    if not isinstance(body, str) or not body.strip():
        raise InputError(f"{origin}: no 'text', 'body' or 'content' field with text")
    return RawDoc(text=body, origin=origin, meta=_pick(record, "json field"))


def _from_json_file(text: str, path: str) -> list[RawDoc]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}: not valid JSON (line {e.lineno}: {e.msg})") from e
    records = data if isinstance(data, list) else [data]
    return [_from_record(r, f"{path}#{i}") for i, r in enumerate(records)]


def _from_jsonl(text: str, path: str) -> list[RawDoc]:
    docs: list[RawDoc] = []
    problems: list[str] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            docs.append(_from_record(json.loads(line), f"{path}:{lineno}"))
        except (json.JSONDecodeError, InputError) as e:
            problems.append(f"{path}:{lineno}: skipped ({getattr(e, 'msg', e)})")
    if not docs and problems:
        raise InputError(f"{path}: no usable lines ({len(problems)} broken)")
    if docs:
        docs[0].warnings.extend(problems)
    return docs


def _read_sidecar(path: Path) -> Meta:
    """Metadata from `NAME.meta.yaml` beside the file: what a user states about it."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise InputError(f"{sidecar}: cannot read sidecar metadata ({e})") from e
    if not isinstance(data, dict):
        raise InputError(f"{sidecar}: sidecar must be a mapping of key: value")
    return _pick(data, f"sidecar {sidecar.name}")

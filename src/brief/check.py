"""Review: re-check a (possibly hand-edited) brief against its evidence and sources.

`check_brief` reads the Markdown, the evidence JSON beside it and each cited
source (from the store, or re-read from the path the evidence records) and
reports, with line numbers: body sentences without a citation (lost, or added),
footnotes that are missing, unused or quote text their source does not hold,
sources that changed since the brief was made, and cited sentences whose numbers,
names or negations their spans do not bear out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz

from brief.errors import InputError
from brief.ingest.load import build_article
from brief.ingest.readers import read_path
from brief.kind import whose_view
from brief.render.escape import md_plain
from brief.render.layout import (
    CLAIM_CELLS,
    QUOTED,
    REF,
    SECTIONS,
    TABLES,
    BodySentence,
    body_sentences,
    footnote_quotes,
    footnotes,
    record_line_numbers,
    table_rows,
    without_line_note,
)
from brief.schema import Article, Span
from brief.text import figures_in, split_sentences, text_hash
from brief.verify.spans import SENTENCE_SHARE, align_quote, check_claim, context_of

Severity = Literal["error", "warning"]


@dataclass
class Finding:
    line: int
    severity: Severity
    message: str


def _check_records(lines: list[str], evidence: dict[str, Any]) -> list[Finding]:
    """Each line of a record section is one brief wrote (a line may be deleted)."""
    if "records" not in evidence:  # a brief made before the evidence listed them
        return []
    findings = []
    for section, found in record_line_numbers(lines).items():
        written = list(evidence["records"].get(section, []))
        for number, text in found:
            if text in written:
                written.remove(text)
                continue
            where = f"under {section}" if section else "above the first section"
            findings.append(Finding(number, "error", (
                f"line {where} is not one brief wrote: “{md_plain(text)[:60]}” — "
                "these lines are brief's records, not claims; state a claim as a cited "
                "sentence")))
    return findings


SourceText = Callable[[str], str | None]


def source_reader(evidence: dict[str, Any], store_text: SourceText) -> SourceText:
    """Text of each cited article: from the store, else re-read from its recorded path,
    else as the evidence carries it (an article that is no file of the checkout)."""
    cache: dict[str, str | None] = {}

    def read(article_id: str) -> str | None:
        if article_id not in cache:
            text = store_text(article_id)
            record = evidence.get("articles", {}).get(article_id, {})
            if text is None and record.get("path") and Path(record["path"]).is_file():
                try:
                    articles = [build_article(d) for d in read_path(Path(record["path"]))]
                except InputError:
                    articles = []
                same = [a.text for a in articles if a.id == article_id]
                # A file of one article that was edited is still that article, changed.
                text = same[0] if same else articles[0].text if len(articles) == 1 else None
            if text is None and isinstance(record.get("text"), str):
                text = record["text"]
            cache[article_id] = text
        return cache[article_id]

    return read


def check_brief(path: Path, store_text: SourceText) -> list[Finding]:
    """Findings for the brief at `path`. Raises InputError when it cannot be checked."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from e
    evidence_path = path.with_suffix(".evidence.json")
    try:
        evidence = json.loads(evidence_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise InputError(f"{evidence_path}: cannot read the evidence ({e})") from e
    source = source_reader(evidence, store_text)
    missing = [a for a in evidence.get("articles", {}) if source(a) is None]
    if missing:
        raise InputError(f"{path}: sources not found for {', '.join(missing)}: ingest them "
                         "or check out the files the evidence names")
    notes = footnotes(lines)
    sentences = body_sentences(lines)
    in_tables = {r for name in TABLES for _, cells in table_rows(lines, name)
                 for c in cells for r in map(int, REF.findall(c))}
    findings = _check_sources(evidence, source)
    findings += _check_footnotes(notes, sentences, in_tables, evidence, source)
    findings += _check_sentences(sentences, notes, evidence, source)
    findings += _check_views(sentences, lines, evidence)
    findings += _check_figures(table_rows(lines, "Key figures"), notes, evidence)
    findings += _check_sentences(table_claims(lines), notes, evidence, source)
    findings += _check_headings(lines, evidence) + _check_source_lines(lines, evidence)
    findings += _check_records(lines, evidence)
    return sorted(findings, key=lambda f: (f.line, f.severity, f.message))


def table_claims(lines: list[str]) -> list[BodySentence]:
    """The claim cells of the Positions and What to watch tables, with their citations."""
    out = []
    for section, column in CLAIM_CELLS:
        for line, cells in table_rows(lines, section):
            refs = [int(r) for c in cells for r in REF.findall(c)]
            if len(cells) > column:
                out.append(BodySentence(line, cells[column], refs))
    return out


def _check_headings(lines: list[str], evidence: dict[str, Any]) -> list[Finding]:
    """A heading is a title brief wrote — the brief's, an event's or a section's — once."""
    allowed = [*SECTIONS, *(e.get("title", "") for e in evidence.get("events", []))]
    findings = []
    for number, raw in enumerate(lines, 1):
        if raw.startswith("# ") and md_plain(raw[2:]).startswith("Policy brief"):
            continue
        if not raw.startswith("#"):
            continue
        title = md_plain(raw.lstrip("#").strip())
        if title in allowed and raw.startswith("## "):
            allowed.remove(title)
            continue
        findings.append(Finding(number, "error", (
            f"a second “{title[:60]}” heading" if title in SECTIONS else
            f"heading “{title[:60]}” is not a title brief wrote") +
            ": headings are titles, not claims — state it as a cited sentence"))
    return findings


def _check_source_lines(lines: list[str], evidence: dict[str, Any]) -> list[Finding]:
    """Each line under Sources names a source of the evidence, by its id."""
    known = set(evidence.get("articles", {}))
    findings, inside = [], False
    for number, raw in enumerate(lines, 1):
        if raw.startswith("## "):
            inside = raw[3:].strip() == "Sources"
        elif inside and raw.strip() and not raw.startswith("[^"):
            ids = set(re.findall(r"\[([0-9a-f]{12})\]", raw))
            if not ids or not ids <= known:
                findings.append(Finding(number, "error", "line under Sources names no source "
                                        f"of the evidence: “{md_plain(raw)[:60]}”"))
    return findings


def _check_sources(evidence: dict[str, Any], source: SourceText) -> list[Finding]:
    findings = []
    for article_id, record in evidence.get("articles", {}).items():
        text = source(article_id)
        if text is not None and record.get("text_hash") not in (None, text_hash(text)):
            findings.append(Finding(1, "error", f"source {article_id} ({record.get('path')}) "
                                    "changed since the brief was made"))
    return findings


def _facts_by_note(evidence: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    """Footnote number → what it rests on: {"article_id", "spans"} (a fact, or a quote)."""
    if "footnotes" in evidence:
        return {int(n): [note] for n, note in evidence["footnotes"].items()}
    by_note: dict[int, list[dict[str, Any]]] = {}
    for sentence in evidence.get("sentences", []):
        for fact_id, note in zip(sentence["facts"], sentence["footnotes"], strict=False):
            fact = evidence["facts"].get(fact_id)
            if fact is not None:
                by_note.setdefault(note, []).append(fact)
    return by_note


def _check_footnotes(notes: dict[int, tuple[int, str]], sentences: list[BodySentence],
                     in_tables: set[int], evidence: dict[str, Any],
                     source: SourceText) -> list[Finding]:
    findings = []
    cited = {r for s in sentences for r in s.refs} | in_tables
    for sentence in sentences:
        for ref in sentence.refs:
            if ref not in notes:
                findings.append(Finding(sentence.line, "error",
                                        f"cites [^{ref}], which has no footnote"))
    by_note = _facts_by_note(evidence)
    for number, (line, text) in notes.items():
        if number not in cited:
            findings.append(Finding(line, "warning", f"footnote [^{number}] is not cited"))
        facts = by_note.get(number, [])
        if not facts:
            findings.append(Finding(line, "error", f"footnote [^{number}] is not in the "
                                    "evidence: it cannot be traced to a source"))
            continue
        quotes = QUOTED.findall(text)
        article_text = source(facts[0]["article_id"]) or ""
        for quote in quotes:
            if quote not in article_text:
                findings.append(Finding(line, "error", f"footnote [^{number}] "
                                        f"{_how_quote_differs(quote, article_text)}: "
                                        f"“{quote[:60]}…”"))
        for span in facts[0]["spans"]:
            if article_text[span["start"]:span["end"]] != span["quote"]:
                findings.append(Finding(line, "error", f"footnote [^{number}]: the source "
                                        "no longer has the quote at its recorded offsets"))
            elif span["quote"] not in footnote_quotes(text):
                findings.append(Finding(line, "error", f"footnote [^{number}]: its quote was "
                                        "edited; the evidence quotes "
                                        f"“{span['quote'][:60]}…”"))
    return findings


def _how_quote_differs(quote: str, source: str) -> str:
    found = align_quote(quote, source)
    if found is None:
        return "quotes text its source does not hold"
    if found[2] == "normalised":
        return "differs from its source in typography, case or spacing"
    return "rewords its source"


def _check_sentences(sentences: list[BodySentence], notes: dict[int, tuple[int, str]],
                     evidence: dict[str, Any], source: SourceText) -> list[Finding]:
    findings = []
    known = [s["text"] for s in evidence.get("sentences", [])]
    by_note = _facts_by_note(evidence)
    for sentence in sentences:
        if not sentence.refs:
            was_cited = any(fuzz.ratio(sentence.text, k) >= 90 for k in known)
            findings.append(Finding(sentence.line, "error", (
                "sentence lost its citation" if was_cited else
                "sentence has no citation (added?)") + f": “{sentence.text[:70]}”"))
            continue
        facts = [f for r in sentence.refs for f in by_note.get(r, [])]
        if not facts:
            continue  # its footnotes are reported already
        spans: list[str] = []
        context: list[str] = []
        texts: list[str] = []
        for fact in facts:
            text = source(fact["article_id"]) or ""
            spans.extend(s["quote"] for s in fact["spans"])
            span_models = [Span(**s) for s in fact["spans"]]
            context.append(context_of(span_models, text, split_sentences(text)))
            texts.append(text)
        problem = check_claim(sentence.text, [], "\n".join(spans), "\n".join(context),
                              "\n".join(texts), share=SENTENCE_SHARE)
        # A figure taken from the sentence next to the span is a changed number here.
        names_off = [m for m in problem.minor
                     if "not in the span" in m or m.startswith(("modality", "figure"))]
        for message in problem.fatal + names_off:
            findings.append(Finding(sentence.line, "error",
                                    f"not borne out by its cited spans: {message}"))
    return findings


def _check_views(sentences: list[BodySentence], lines: list[str],
                 evidence: dict[str, Any]) -> list[Finding]:
    """A line that only opinion pieces bear out says whose view it is, as brief wrote it
    ("*(opinion: New York Post)*"): without it, a column's view reads as reported."""
    records = evidence.get("articles", {})
    by_note = _facts_by_note(evidence)
    findings = []
    for sentence in sentences:
        cited = {f["article_id"] for r in sentence.refs for f in by_note.get(r, [])}
        articles = [Article(id=a, content_hash="", text="", path="", ingested_at="",
                            title=records[a].get("title"), outlet=records[a].get("outlet"),
                            url=records[a].get("url")) for a in cited if a in records]
        view = whose_view(articles)
        line = lines[sentence.line - 1]
        if view and view not in line[len(without_line_note(line)):]:
            findings.append(Finding(sentence.line, "error", (
                f"only opinion pieces bear this out: say whose view it is (*({view})*): "
                f"“{sentence.text[:70]}”")))
    return findings


def _check_figures(rows: list[tuple[int, list[str]]], notes: dict[int, tuple[int, str]],
                   evidence: dict[str, Any]) -> list[Finding]:
    """Each figure of the Key figures table must stand in the span its row cites."""
    findings = []
    by_note = _facts_by_note(evidence)
    for line, cells in rows:
        refs = [int(r) for c in cells for r in REF.findall(c)]
        if not refs:
            findings.append(Finding(line, "error", "key figure has no citation"))
            continue
        spans = " ".join(s["quote"] for r in refs for f in by_note.get(r, [])
                         for s in f["spans"])
        if not spans:
            continue  # the footnote is reported already
        missing = sorted(figures_in(cells[0]) - figures_in(spans))
        if missing:
            findings.append(Finding(line, "error", f"key figure {', '.join(missing)} is not "
                                    "in the span it cites"))
    return findings


def report(findings: list[Finding], path: Path, fmt: str) -> str:
    """Findings as a Markdown PR comment, GitHub annotations, or JSON."""
    if fmt == "json":
        return json.dumps({"brief": str(path), "findings": [asdict(f) for f in findings]},
                          indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(f"::{f.severity} file={path},line={f.line}::{f.message}"
                         for f in findings)
    errors = sum(f.severity == "error" for f in findings)
    if not findings:
        return f"**brief check** `{path}`: every sentence is cited and checked. ✅"
    rows = "\n".join(f"| {f.line} | {f.severity} | {_cell(f.message)} |" for f in findings)
    return (f"**brief check** `{path}`: {errors} error(s), {len(findings) - errors} "
            f"warning(s)\n\n| line | severity | finding |\n|---:|---|---|\n{rows}")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")

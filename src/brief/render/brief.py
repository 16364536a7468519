"""Render: the brief as Markdown (Jinja2) and its evidence as JSON.

Every body sentence ends with footnotes; each footnote holds the verbatim span of
the source it rests on. The evidence JSON maps sentence → facts → spans, with the
hash of each article's text so later edits to a source can be detected.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import markupsafe
import yaml

from brief.analyse.brief import Analysis, BriefInputs, event_records
from brief.analyse.figures import TimelineRow
from brief.analyse.mentions import SpanRef
from brief.errors import InputError
from brief.ingest.readers import EXPORTS
from brief.kind import marked_outlet, opinions_only, whose_view
from brief.render.escape import Markdown, cell, link_target, md_code, md_text
from brief.render.layout import in_quotes, record_lines
from brief.schema import AS_WRITTEN_NOTE, Article, BriefSentence, Event, Fact, Span
from brief.text import text_hash
from brief.verify.hostile import defang

TEMPLATES = Path(__file__).parent / "templates"


class _Footnotes:
    """Footnote numbers in order of first citation; each holds verbatim spans of one source.

    A footnote rests on a fact (its spans) or, in *Where sources disagree*, on a
    quoted stretch of an article that no fact covers.
    """

    def __init__(self, facts: dict[str, Fact], articles: dict[str, Article]) -> None:
        self.facts, self.articles = facts, articles
        self.numbers: dict[str, int] = {}
        self.spans: dict[str, tuple[str, list[Span], str | None]] = {}

    def refs(self, fact_ids: list[str]) -> tuple[Markdown, list[int]]:
        keys = []
        for f in fact_ids:  # two facts of one sentence cite it with one footnote
            fact = self.facts[f]
            keys.append(_key(fact.article_id, fact.spans))
            self.spans.setdefault(keys[-1], (fact.article_id, fact.spans, f))
        numbers = list(dict.fromkeys(self.numbers.setdefault(k, len(self.numbers) + 1)
                                     for k in keys))
        return Markdown("".join(f"[^{n}]" for n in numbers)), numbers

    def span_ref(self, ref: SpanRef) -> Markdown:
        if ref.fact_id:
            return self.refs([ref.fact_id])[0]
        spans = [Span(start=ref.start, end=ref.end, quote=ref.quote)]
        key = _key(ref.article_id, spans)
        self.spans.setdefault(key, (ref.article_id, spans, None))
        return Markdown(f"[^{self.numbers.setdefault(key, len(self.numbers) + 1)}]")

    def notes(self) -> list[dict[str, Any]]:
        notes = []
        for key, n in self.numbers.items():
            article_id, spans, _ = self.spans[key]
            quote = " … ".join(in_quotes(md_text(s.quote)) for s in spans)
            label = source_label(self.articles[article_id])
            notes.append({"n": n, "text": Markdown(f"{quote} — {label}")})
        return notes

    def evidence(self) -> dict[str, Any]:
        return {str(n): {"article_id": self.spans[k][0], "fact": self.spans[k][2],
                         "spans": [s.model_dump() for s in self.spans[k][1]]}
                for k, n in self.numbers.items()}


def _key(article_id: str, spans: list[Span]) -> str:
    return f"{article_id}:" + ",".join(f"{s.start}-{s.end}" for s in spans)


def source_label(article: Article) -> Markdown:
    """Outlet, *title*, date and id of `article`, as escaped Markdown."""
    outlet = marked_outlet(article)
    parts = [md_text(outlet)] if outlet else []
    if article.title:
        parts.append(f"*{md_text(article.title)}*")
    parts.append(article.published.isoformat() if article.published else "undated")
    return Markdown(", ".join(parts) + f" [{article.id}]")


def _plural(n: int) -> str:
    return f"{n} independent source" + ("" if n == 1 else "s")


def render_brief(inputs: BriefInputs, analysis: Analysis) -> tuple[str, dict[str, Any]]:
    """Return (Markdown text, evidence dict) for a brief: `analysis` formatted and cited."""
    notes = _Footnotes(inputs.facts, inputs.articles)
    evidence_sentences: list[dict[str, Any]] = []

    def cite(sentence: BriefSentence, where: str, event: Event) -> dict[str, Any]:
        refs, numbers = notes.refs(sentence.fact_ids)
        count = analysis.sources_of(sentence, event, inputs.facts)
        evidence_sentences.append({
            "id": f"s{len(evidence_sentences) + 1}", "section": where,
            "text": sentence.text, "facts": sentence.fact_ids, "footnotes": numbers,
            "independent_sources": count,
        })
        view = whose_view([inputs.articles[inputs.facts[i].article_id]
                           for i in sentence.fact_ids if i in inputs.facts])
        return {"text": sentence.text, "refs": refs, "sources": _plural(count),
                "view": view}

    def cite_facts(facts: list[Fact]) -> Markdown:
        return notes.refs([f.id for f in facts])[0]

    key_points = [cite(b, "key-points", s.event) for b, s in analysis.key_points]
    sections = []
    for s in inputs.sections:
        cited = [cite(b, s.event.id, s.event) for b in s.sentences]
        change = analysis.changes.get(s.event.id)
        sections.append({
            "title": s.title,
            "dates": _dates(s.event.first_date, s.event.last_date),
            "sources": _plural(s.event.independent_sources)
            + (f" ({len(s.event.copy_of)} more as copies)" if s.event.copy_of else ""),
            "change": change.summary(analysis.since) if change else "",
            "bottom_line": cited[0] if cited else None,
            "sentences": cited[1:],
            "opinion_only": not cited and opinions_only(s.event, inputs.articles),
        })
    stances = [{"actor": cell(r.actor), "position": cell(r.position), "date": r.date,
                "ref": cite_facts(r.facts)} for r in analysis.positions]
    watch = [{"step": cell(r.step), "reported": r.reported, "ref": cite_facts(r.facts)}
             for r in analysis.what_to_watch]
    figures = [{"figure": cell(r.figure), "measures": cell(r.measures), "who": cell(r.who),
                "date": r.date, "ref": _refs(r.refs, notes)} for r in analysis.key_figures]
    disagreements = [
        {"what": cell(d.what), "one": _side(d.one, notes, inputs),
         "other": _side(d.other, notes, inputs), "reading": cell(d.reading)}
        for d in analysis.disagreements
    ]
    used_articles = sorted(
        {a for s in inputs.sections for a in s.event.article_ids},
        key=lambda a: (inputs.articles[a].published or date.max, a),
    )
    markdown = _template(inputs.template).render(
        front_matter=Markdown(
            yaml.safe_dump(inputs.meta, sort_keys=False, allow_unicode=True).strip()),
        title=f"Policy brief: {inputs.topic}" if inputs.topic else "Policy brief",
        period_line=f"Articles dated {inputs.window.since} to {inputs.window.until}.",
        key_points=key_points,
        sections=sections,
        timeline=[_timeline_row(r) for r in analysis.timeline],
        key_figures=figures,
        positions=stances,
        what_to_watch=watch,
        disagreements=disagreements,
        needs_review=_needs_review(inputs, analysis),
        undated=[Markdown(f"{md_code(a.path)} [{a.id}]") for a in inputs.undated],
        sources=[_source_line(inputs.articles[a]) for a in used_articles],
        footnotes=notes.notes(),
    )
    events = event_records(inputs, analysis.event_facts)
    for record in events:
        if record["id"] in analysis.changes:
            record["change"] = analysis.changes[record["id"]].summary(analysis.since)
    evidence = {
        "period": {"since": inputs.window.since.isoformat(),
                   "until": inputs.window.until.isoformat()},
        "topic": inputs.topic,
        "sentences": evidence_sentences,
        "footnotes": notes.evidence(),
        "facts": {f.id: f.model_dump(mode="json", exclude={"id"}) for f in inputs.facts.values()},
        "articles": {a: _article_record(inputs.articles[a]) for a in used_articles},
        "events": events,
        "disagreements": [{"what": d.what, "reading": d.reading} for d in analysis.disagreements],
        "dropped_sentences": [
            {"event": s.event.id, "text": d.text, "reason": d.reason}
            for s in inputs.sections for d in s.dropped
        ],
        "records": record_lines(markdown.splitlines()),
    }
    return markdown, evidence


def _refs(refs: list[SpanRef], notes: _Footnotes) -> Markdown:
    """Footnote references to each span once (spans of one fact share its footnote)."""
    return Markdown("".join(dict.fromkeys(notes.span_ref(r) for r in refs)))


def _timeline_row(row: TimelineRow) -> dict[str, str]:
    count = f"{row.independent} independent" + (f" + {row.copies} copy" if row.copies else "")
    outlets = f" ({cell(', '.join(row.outlets))})" if row.outlets else ""
    return {"date": row.date, "event": cell(row.event), "sources": Markdown(count + outlets)}


def _template(path: Path | None) -> jinja2.Template:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(TEMPLATES)]
    if path is not None:
        loaders.insert(0, jinja2.FileSystemLoader(path.parent))
    # Escaping by default: whatever a template outputs is Markdown-escaped unless brief
    # made it (Markdown) or the template says so with `|safe`.
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
        finalize=_escaped,
    )
    try:
        return env.get_template(path.name if path else "brief.md.j2")
    except jinja2.TemplateError as e:
        raise InputError(f"{path}: not a usable template ({e})") from e


def _escaped(value: object) -> str:
    if isinstance(value, (Markdown, markupsafe.Markup)):
        return str(value)
    return md_text(str(value))


def _side(ref: SpanRef, notes: _Footnotes, inputs: BriefInputs) -> str:
    article = inputs.articles[ref.article_id]
    when = article.published.isoformat() if article.published else "undated"
    quote = ref.quote if len(ref.quote) <= 160 else ref.quote[:157] + "…"
    outlet = marked_outlet(article)
    return Markdown(cell(in_quotes(quote)) + notes.span_ref(ref) + " " + cell(
        f"({outlet + ', ' if outlet else ''}{when})"))


def _needs_review(inputs: BriefInputs, analysis: Analysis) -> list[dict[str, str]]:
    """What the checks held back, each text once (the same sentence with and without
    its closing quote mark, a fact and the model's sentence of it), and not a text the
    brief states after all (from another fact that bears it out)."""
    items: list[dict[str, Any]] = []
    stated = {_words(b.text) for section in inputs.sections for b in section.sentences}
    seen: set[tuple[str, str]] = set()
    # a sentence held back → its entry, its status and the reasons it gives
    held: dict[tuple[str, tuple[int, ...]], tuple[dict[str, Any], str, list[str]]] = {}
    for section in inputs.sections:
        for fact_id in analysis.event_facts[section.event.id]:
            fact = inputs.facts[fact_id]
            key = (fact.article_id, _words(fact.claim))
            if fact.status == "verified" or key in seen or key[1] in stated:
                continue
            seen.add(key)
            sentence = (fact.article_id, tuple(fact.sentence_ids))
            tried = [r for r in fact.reasons if not r.startswith(AS_WRITTEN_NOTE)]
            if sentence in held and len(tried) < len(fact.reasons):
                # the sentence as written, tried after the model's claim of it failed:
                # one entry, with what the sentence itself failed on too
                item, status, reasons = held[sentence]
                reasons.extend(r for r in tried if r not in reasons)
                item["reason"] = f"{status}: " + "; ".join(reasons)
                continue
            item = {"text": defang(fact.claim),
                    "reason": f"{fact.status}: " + "; ".join(fact.reasons),
                    "source": Markdown(f"[{fact.article_id}]")}
            held[sentence] = (item, fact.status, list(fact.reasons))
            items.append(item)
        listed = {words for _, words in seen}
        for dropped in section.dropped:
            words = _words(dropped.text)
            if words in listed or words in stated:
                continue
            listed.add(words)
            items.append({"text": defang(dropped.text),
                          "reason": "sentence dropped: " + dropped.reason,
                          "source": Markdown(section.event.id)})
    return items


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _dates(first: date | None, last: date | None) -> str:
    if first is None or last is None:
        return "date unknown"
    return first.isoformat() if first == last else f"{first} to {last}"


def _source_line(article: Article) -> Markdown:
    """One line of *Sources*; the source's own address is the only link brief makes."""
    url = article.url or ""
    dest = link_target(url)
    shown = re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", dest)
    where = f"[{shown}]({dest})" if url.startswith(("http://", "https://")) else (
        md_code(article.path))
    dated = md_text(f"date from {article.provenance.get('published', 'unknown')}")
    outlet = "" if marked_outlet(article) else "outlet not stated, "
    return Markdown(f"{outlet}{source_label(article)} — {where} ({dated})")


def _article_record(article: Article) -> dict[str, Any]:
    record = {
        "title": article.title, "outlet": article.outlet, "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "path": article.path, "content_hash": article.content_hash,
        "text_hash": text_hash(article.text), "provenance": article.provenance,
    }
    if not own_file(article.path):
        record["text"] = article.text  # so `brief check` needs no store or network
    return record


def own_file(path: str) -> bool:
    """True when `path` is a file of one article inside the working tree (a checkout
    has it); not a URL, a feed item, an export of many, or a file outside."""
    parts = PurePosixPath(path.replace("\\", "/"))
    if re.match(r"^[a-z][a-z0-9+.-]*://", path, re.I) or re.search(r":\d+$", path):
        return False  # a URL, or a row of an export (export.jsonl:3)
    return (not parts.is_absolute()
            and ".." not in parts.parts and parts.suffix.lower() not in EXPORTS)

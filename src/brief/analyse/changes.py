"""Week over week: what changed in each event since an earlier brief.

Both sides are evidence JSON (the file written beside each brief). An event is
*new* when the earlier brief did not have its id, *developing* when it gained
articles or checked facts, *unchanged* otherwise. A fact is the same fact when it
rests on the same verbatim spans of the same article, so a reworded claim about an
unchanged sentence is not news.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from brief.errors import InputError

ChangeStatus = Literal["new", "developing", "unchanged"]


@dataclass
class EventChange:
    event_id: str
    title: str
    status: ChangeStatus
    new_articles: list[str] = field(default_factory=list)
    new_facts: list[str] = field(default_factory=list)
    gone_facts: list[str] = field(default_factory=list)

    def summary(self, since: str) -> str:
        if self.status == "new":
            return f"new since the brief of {since}"
        if self.status == "unchanged":
            return f"unchanged since the brief of {since}"
        parts = []
        if self.new_articles:
            parts.append(_count(len(self.new_articles), "new article"))
        if self.new_facts:
            parts.append(_count(len(self.new_facts), "new checked fact"))
        return f"developing: {', '.join(parts)} since the brief of {since}"


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def load_evidence(path: Path) -> dict[str, Any]:
    """The evidence of a brief, given the brief (.md) or its evidence file."""
    target = path if path.name.endswith(".evidence.json") else path.with_suffix(
        ".evidence.json")
    try:
        data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise InputError(f"{target}: cannot read the evidence ({e})") from e
    return data


def period_label(evidence: dict[str, Any]) -> str:
    period = evidence.get("period", {})
    return f"{period.get('since', '?')} to {period.get('until', '?')}"


def find_previous(out_dir: Path, until: str, topic: str) -> Path | None:
    """The latest brief in `out_dir` on the same topic whose period ends before `until`."""
    best: tuple[str, str, Path] | None = None
    for path in sorted(out_dir.glob("*.evidence.json")):
        try:
            data = load_evidence(path)
        except InputError:
            continue
        period = data.get("period", {})
        end = str(period.get("until", ""))
        if data.get("topic", "") != topic or not end or end >= until:
            continue
        key = (end, str(period.get("since", "")), path)
        if best is None or key > best:
            best = key
    return best[2] if best else None


def _fact_keys(evidence: dict[str, Any], fact_ids: list[str]) -> dict[str, str]:
    """Identity (article + spans) → claim, for the verified facts among `fact_ids`."""
    keys = {}
    for fact_id in fact_ids:
        fact = evidence.get("facts", {}).get(fact_id)
        if fact and fact.get("status") == "verified":
            spans = ";".join(f"{s['start']}-{s['end']}" for s in fact.get("spans", []))
            keys[f"{fact['article_id']}:{spans}"] = " ".join(fact["claim"].split())
    return keys


def _event_facts(evidence: dict[str, Any], event: dict[str, Any]) -> list[str]:
    if "facts" in event:
        return list(event["facts"])
    members = set(event.get("articles", []))
    return [f for f, v in evidence.get("facts", {}).items() if v.get("article_id") in members]


def compare(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[EventChange],
                                                                 list[dict[str, Any]]]:
    """Each event of `new` with its change since `old`, and the events `new` no longer has."""
    before = {e["id"]: e for e in old.get("events", [])}
    titles = {a: (r.get("title") or a) for a, r in new.get("articles", {}).items()}
    changes = []
    for event in new.get("events", []):
        now = _fact_keys(new, _event_facts(new, event))
        prior = before.get(event["id"])
        if prior is None:
            changes.append(EventChange(event["id"], event["title"], "new",
                                       [titles.get(a, a) for a in event["articles"]],
                                       list(now.values())))
            continue
        then = _fact_keys(old, _event_facts(old, prior))
        added = [titles.get(a, a) for a in event["articles"] if a not in prior["articles"]]
        new_facts = [claim for key, claim in now.items() if key not in then]
        gone = [claim for key, claim in then.items() if key not in now]
        status: ChangeStatus = "developing" if added or new_facts else "unchanged"
        changes.append(EventChange(event["id"], event["title"], status, added, new_facts,
                                   gone))
    current = {e["id"] for e in new.get("events", [])}
    return changes, [e for e in old.get("events", []) if e["id"] not in current]


def diff_report(old_path: Path, new_path: Path) -> str:
    """`brief diff`: the changes between two briefs, as Markdown."""
    old, new = load_evidence(old_path), load_evidence(new_path)
    changes, gone = compare(old, new)
    lines = [f"# Changes from {old_path.name} to {new_path.name}", "",
             f"Periods: {period_label(old)} → {period_label(new)}.", ""]
    counts = {s: sum(c.status == s for c in changes) for s in ("new", "developing",
                                                                "unchanged")}
    lines += [f"{counts['new']} new, {counts['developing']} developing, "
              f"{counts['unchanged']} unchanged, {len(gone)} no longer in the brief.", ""]
    for status, heading in (("new", "New events"), ("developing", "Developing"),
                            ("unchanged", "Unchanged")):
        picked = [c for c in changes if c.status == status]
        if not picked:
            continue
        lines += [f"## {heading}", ""]
        for change in picked:
            lines.append(f"- **{change.title}** [{change.event_id}]")
            if status != "unchanged":
                lines += [f"  - new article: {a}" for a in change.new_articles]
                lines += [f"  - new fact: {f}" for f in change.new_facts]
                lines += [f"  - no longer stated: {f}" for f in change.gone_facts]
        lines.append("")
    if gone:
        lines += ["## No longer in the brief", ""]
        lines += [f"- **{e['title']}** [{e['id']}]" for e in gone] + [""]
    return "\n".join(lines)

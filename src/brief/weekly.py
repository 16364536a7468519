"""The weekly job and email delivery: recipients, the period, sending or a dry run."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from brief.analyse.changes import load_evidence
from brief.config import Config
from brief.deliver.files import atomic_write
from brief.deliver.mail import compose
from brief.deliver.smtp import SendReport, SmtpSettings, send_brief
from brief.errors import ConfigError, InputError
from brief.llm import StructuredLLM
from brief.period import Window
from brief.pipeline import BriefOptions, make_brief
from brief.store import Store


@dataclass
class Mailing:
    sender: str
    recipients: list[str]
    subject: str | None


def mailing(config: Config, to: tuple[str, ...], list_name: str | None,
            sender: str | None, subject: str | None) -> Mailing:
    """Who gets the brief, from whom. Raises ConfigError when that is not set."""
    recipients = list(to)
    if list_name:
        if list_name not in config.email.lists:
            known = ", ".join(config.email.lists) or "none"
            raise ConfigError(f"no mailing list {list_name!r} in the config (lists: {known})")
        recipients += config.email.lists[list_name]
    if not recipients:
        recipients = list(config.email.to)
    if not recipients:
        raise ConfigError("no recipients: give --to, --list, or [email] to in brief.toml")
    sender = sender or config.email.sender or os.environ.get("BRIEF_EMAIL_FROM")
    if not sender:
        raise ConfigError("no sender: give --from, BRIEF_EMAIL_FROM or [email] from")
    return Mailing(sender, list(dict.fromkeys(recipients)), subject or config.email.subject)


def deliver(store: Store, config: Config, brief: Path, how: Mailing,
            dry_run: bool, resend: bool = False) -> SendReport | Path:
    """Send `brief` (once per recipient), or write it as an .eml file with `dry_run`."""
    text = brief.read_text(encoding="utf-8")
    links = source_links(brief)
    if dry_run:
        message = compose(text, sender=how.sender, recipients=how.recipients,
                          subject=how.subject, links=links)
        target = brief.with_suffix(".eml")
        atomic_write(target, message.as_string())
        return target
    return send_brief(store, SmtpSettings.from_env(config.smtp), text, sender=how.sender,
                      recipients=how.recipients, subject=how.subject, links=links,
                      resend=resend)


def source_links(brief: Path) -> list[str]:
    """Each source's own address, from the evidence beside `brief` (none without it).

    These are the only links the email keeps besides its footnote anchors.
    """
    try:
        evidence = load_evidence(brief)
    except InputError:
        return []
    return [a["url"] for a in evidence.get("articles", {}).values()
            if isinstance(a, dict) and isinstance(a.get("url"), str)]


def weekly_window(store: Store, since: str | None, today: date) -> Window:
    """From --since, else from the day the last weekly run finished, else 7 days back.

    A run on the day of the last one (a cron that fires twice, a person re-running it)
    covers that run's period again, so it writes the same brief and mails nothing new.
    """
    if since is None:
        last = store.last_run("weekly")
        detail = json.loads(last["detail"]) if last else {}
        if last and detail.get("until") == today.isoformat() and detail.get("since"):
            return Window.parse(detail["since"], detail["until"], today=today)
        since = (datetime.fromisoformat(last["finished_at"]).date().isoformat()
                 if last else "7d")
    return Window.parse(since, None, today=today)


def run_weekly(store: Store, llm: StructuredLLM, config: Config, how: Mailing, *,
               since: str | None, options: BriefOptions, today: date,
               dry_run: bool, resend: bool = False) -> tuple[Path, SendReport | Path]:
    """Generate the period's brief (as `brief generate` would with `options`), then
    deliver it; the run is recorded when done."""
    window = weekly_window(store, since, today)
    result = make_brief(store, llm, config, window,
                        replace(options, output=None, to_stdout=False))
    assert result.path is not None  # a file, always: it is what is mailed
    path = result.path
    outcome = deliver(store, config, path, how, dry_run, resend)
    if isinstance(outcome, SendReport):  # the run is recorded with what it sent
        run_id = uuid.uuid4().hex[:12]
        store.start_run(run_id, "weekly")
        store.finish_run(run_id, "done", {
            "brief": str(path), "since": window.since.isoformat(),
            "until": window.until.isoformat(), **outcome.as_dict()})
    return path, outcome

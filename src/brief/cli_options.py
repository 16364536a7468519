"""The options commands share, and what they turn into: the store, the model, the
brief's options. Parsing only; the commands in `cli` and `cli_admin` use these."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from brief.llm import ModelSettings, StructuredLLM, factory
from brief.pipeline import BriefOptions
from brief.store import Store

log = logging.getLogger("brief")


def store_of(ctx: click.Context) -> Store:
    store = Store(ctx.obj["db"])
    ctx.call_on_close(store.close)
    return store


def duration(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """A duration: 90, 90s, 30m or 2h, in seconds."""
    if value is None:
        return None
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", value)
    if not found:
        raise click.BadParameter(f"{value!r}: give seconds, or a number with s, m or h")
    return float(found[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[found[2]]


def model_options(f: Callable[..., Any]) -> Callable[..., Any]:
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
        click.option("--batch-wait", callback=duration, envvar="BRIEF_BATCH_WAIT",
                     help="Stop waiting for a batch after this long (90s, 30m, 2h; exit "
                          "status 75); the same command picks the batch up later."),
        click.option("--batch-poll", type=click.FloatRange(min=0.01), default=30.0,
                     envvar="BRIEF_BATCH_POLL", show_default=True,
                     help="Seconds between checks of a batch's status."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def brief_options(f: Callable[..., Any]) -> Callable[..., Any]:
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


def take_brief_options(given: dict[str, Any]) -> BriefOptions:
    """Take the `brief_options` values out of a command's keyword arguments."""
    values = {k: given.pop(k) for k in _BRIEF_KEYS}
    values["compare"] = not values.pop("no_previous")
    return BriefOptions(**values)


def make_llm(store: Store, options: dict[str, Any]) -> StructuredLLM:
    azure = options.get("backend") == "azure" or (options.get("backend") == "auto"
                                                  and options.get("azure_endpoint"))
    key = os.environ.get("AZURE_OPENAI_API_KEY" if azure else "OPENAI_API_KEY")
    settings = ModelSettings(api_key=key, **options)
    chosen = factory.make_backend(settings)
    log.info("model: %s %s", chosen.name, chosen.model)
    return StructuredLLM(chosen, cache=store,
                         batcher=factory.make_batcher(settings, chosen, store))


def mail_options(f: Callable[..., Any]) -> Callable[..., Any]:
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

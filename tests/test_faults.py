"""Faults in the model endpoint, injected by a local server: each run completes or
stops with one clear line, and a rerun resumes from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.store import Store
from fake_openai import FakeOpenAI

from briefcheck import assert_cited_brief

BRIEF = Path("briefs/2025-01-01_2026-06-30.md")
CALLS = 5 + 4  # one extraction per seed article, one section per event


@pytest.fixture(autouse=True)
def endpoint_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEF_MODEL", "fake-remote")
    monkeypatch.setenv("BRIEF_LLM_TIMEOUT", "1")
    monkeypatch.setenv("BRIEF_LLM_RETRY_WAIT", "0.05")


def generate(server: FakeOpenAI, seeds: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [
        "generate", "--since", "2025-01-01", "--until", "2026-06-30", "--base-url", server.url,
        *args, str(seeds)])
    return result.exit_code, result.stderr


# fault, the requests it hits, what the run does about it (as the docs' table says)
TRANSIENT = [
    ("429 burst", {1: "429", 2: "429", 3: "429"}, "retried with backoff"),
    ("500s", {1: "500", 4: "500"}, "retried"),
    ("timeout", {2: "timeout"}, "retried"),
    ("connection reset", {1: "reset", 5: "reset"}, "retried"),
    ("truncated body", {3: "truncated"}, "retried"),
    ("non-JSON body", {1: "not_json"}, "retried"),
    ("JSON that breaks the schema", {1: "schema", 6: "schema"}, "re-asked"),
    ("reply cut off by max_tokens", {2: "length"}, "re-asked"),
]


@pytest.mark.parametrize(("fault", "plan", "handling"), TRANSIENT, ids=[t[0] for t in TRANSIENT])
def test_a_passing_fault_costs_a_retry_not_the_run(seeds: Path, fault: str, plan: dict[int, str],
                                                   handling: str) -> None:
    with FakeOpenAI(plan, hang=2.5) as server:
        code, err = generate(server, seeds)
    assert code == 0, err
    assert_cited_brief(BRIEF, Store(Path(".brief/brief.db")))
    assert server.count() == CALLS  # every call answered once, after its faults
    assert len(server.requests) == CALLS + len(plan)
    word = "re-asking" if handling == "re-asked" else "retrying"
    assert word in err


def test_a_lasting_outage_stops_cleanly_and_the_rerun_resumes(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEF_LLM_RETRIES", "2")
    with FakeOpenAI(lambda n: "500" if n >= 3 else None) as server:
        code, err = generate(server, seeds)
    assert code == 1
    assert err.strip().splitlines()[-1].startswith("Error: http://127.0.0.1:")
    assert "HTTP 500, still failing after 2 attempts" in err
    assert "Traceback" not in err
    assert not BRIEF.exists()
    store = Store(Path(".brief/brief.db"))
    assert store.last_run("generate") is None  # the run is recorded as failed, not done
    with_facts = {f.article_id for f in store.facts_for([a.id for a in store.articles()])}
    assert len(with_facts) == 2  # the two articles finished before the outage are kept

    with FakeOpenAI() as healthy:
        code, err = generate(healthy, seeds)
    assert code == 0, err
    assert healthy.count("ExtractionOut") == 3  # only the articles not yet done
    assert_cited_brief(BRIEF, Store(Path(".brief/brief.db")))


def test_a_model_that_never_fits_the_schema_loses_only_that_article(seeds: Path) -> None:
    with FakeOpenAI(lambda n: "schema" if n <= 3 else None) as server:
        code, err = generate(server, seeds)
    assert code == 0, err
    assert "extraction failed for" in err and "after 3 attempts" in err
    markdown = BRIEF.read_text(encoding="utf-8")
    assert "extraction_failures: 1" in markdown


def test_a_section_reply_that_never_fits_loses_no_event(seeds: Path) -> None:
    """The first event's section reply never fits the schema (requests 6–8, after the five
    extractions): the brief is still written, that event stated from its checked facts."""
    with FakeOpenAI(lambda n: "schema" if 6 <= n <= 8 else None) as server:
        code, err = generate(server, seeds)
    assert code == 0, err
    assert "after 3 attempts" in err and "its most salient checked facts are stated" in err
    markdown = BRIEF.read_text(encoding="utf-8")
    assert "section_failures: 1" in markdown and "events_unstated: 0" in markdown
    assert_cited_brief(BRIEF, Store(Path(".brief/brief.db")))


def test_the_wrong_key_is_one_line_and_never_retried(seeds: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong-0123456789")
    with FakeOpenAI(api_key="sk-right") as server:
        code, err = generate(server, seeds)
    assert code == 1
    assert "rejected the API key (HTTP 401): check OPENAI_API_KEY" in err
    assert len(server.requests) == 1
    assert "sk-wrong" not in err

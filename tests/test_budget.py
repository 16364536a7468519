"""Budgets and throughput controls: --max-tokens, --max-cost, --concurrency, --rpm."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.store import Store
from fake_openai import FakeOpenAI
from smtp_server import Recorder

BRIEF = Path("briefs/2025-01-01_2026-06-30.md")


@pytest.fixture(autouse=True)
def endpoint_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEF_MODEL", "fake-remote")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def generate(server: FakeOpenAI, *args: str, db: str = ".brief/brief.db",
             out: str = "briefs") -> tuple[int, str]:
    result = CliRunner().invoke(cli, [
        "--db", db, "generate", "--since", "2025-01-01", "--until", "2026-06-30",
        "--base-url", server.url, "--out-dir", out, *args, "seeds"])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("limit", [
    ["--max-tokens", "3700"],
    ["--max-cost", "0.00055"],  # at $0.10 / $0.20 per million tokens
])
def test_a_budget_stops_the_run_before_it_is_crossed(seeds: Path, limit: list[str]) -> None:
    Path("brief.toml").write_text('[prices."fake-remote"]\nprompt = 0.10\ncompletion = 0.20\n',
                                  encoding="utf-8")
    with FakeOpenAI() as server:
        code, err = generate(server, *limit)
    assert code == 3, err
    made = len(server.requests)
    assert 1 <= made < 9
    spent_tokens = made * 120  # the fake bills 100 prompt + 20 completion per call
    if limit[0] == "--max-tokens":
        assert spent_tokens <= 3700
    else:
        assert made * (100 * 0.10 + 20 * 0.20) / 1e6 <= 0.00055
    line = err.strip().splitlines()[-1]
    assert line.startswith("Error: stopped before the budget ran out")
    assert f"facts of {made} of 5 articles extracted and kept, no brief written" in line
    assert not BRIEF.exists()
    store = Store(Path(".brief/brief.db"))
    kept = {f.article_id for f in store.facts_for([a.id for a in store.articles()])}
    assert len(kept) == made

    with FakeOpenAI() as server:  # no budget: the rest, and only the rest
        code, err = generate(server)
    assert code == 0, err
    assert server.count("ExtractionOut") == 5 - made
    assert BRIEF.exists()


def test_a_cost_limit_needs_a_price(seeds: Path) -> None:
    with FakeOpenAI() as server:
        code, err = generate(server, "--max-cost", "1")
    assert code == 1
    assert "--max-cost: no price for model 'fake-remote'" in err
    assert not server.requests


def test_concurrency_overlaps_requests_and_gives_the_same_brief(seeds: Path) -> None:
    with FakeOpenAI(delay=0.3) as one:
        assert generate(one, "--concurrency", "1", db="a.db", out="a")[0] == 0
    with FakeOpenAI(delay=0.3) as four:
        assert generate(four, "--concurrency", "4", db="b.db", out="b")[0] == 0
    assert one.max_in_flight == 1
    assert four.max_in_flight == 4
    a, b = (Path(d, BRIEF.name).read_text(encoding="utf-8") for d in ("a", "b"))
    assert a == b


def test_one_rate_limit_over_all_workers(seeds: Path) -> None:
    with FakeOpenAI() as server:
        code, err = generate(server, "--concurrency", "4", "--rpm", "600")
    assert code == 0, err
    # 600 per minute: one start every 0.1 s (give or take the network's jitter)
    starts = server.started
    assert starts[-1] - starts[0] >= 0.1 * (len(starts) - 1) * 0.9
    gaps = sorted(b - a for a, b in itertools.pairwise(starts))
    assert gaps[len(gaps) // 2] >= 0.09, gaps


def test_the_front_matter_cost_uses_the_configured_price(seeds: Path) -> None:
    Path("brief.toml").write_text('[prices."fake-remote"]\nprompt = 1\ncompletion = 4\n',
                                  encoding="utf-8")
    with FakeOpenAI() as server:
        assert generate(server)[0] == 0
    front = BRIEF.read_text(encoding="utf-8").split("\n---\n")[0]
    assert re.search(r"^cost_usd: 0\.00162$", front, re.M)  # 9 × (100×1 + 20×4) / 1e6


def test_weekly_takes_the_same_budget_and_topic_as_generate(seeds: Path, smtp: Recorder) -> None:
    """`brief weekly` runs the one pipeline `generate` runs: its budget stops the run
    before the limit (nothing mailed), and its topic names and filters the brief."""
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "seeds"]).exit_code == 0
    weekly = ["weekly", "--since", "2025-01-01", "--to", "a@example.org",
              "--from", "briefs@example.org"]
    with FakeOpenAI() as server:
        stopped = runner.invoke(cli, [*weekly, "--base-url", server.url, "--max-tokens", "3700"])
    assert stopped.exit_code == 3, stopped.stderr
    assert "stopped before the budget ran out" in stopped.stderr
    assert 1 <= len(server.requests) < 9  # as with generate, above
    assert not smtp.received

    with FakeOpenAI() as server:
        done = runner.invoke(cli, [*weekly, "--base-url", server.url, "--topic", "Starmer",
                                   "--rpm", "600"])
    assert done.exit_code == 0, done.stderr
    assert done.stdout.strip() == "1 sent, 0 already sent, 0 refused"
    sent = list(Path("briefs").glob("*-starmer.md"))
    assert len(sent) == 1
    assert "topic: Starmer" in sent[0].read_text(encoding="utf-8")

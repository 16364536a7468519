"""--batch: a run's requests through the Batch API (`/files` + `/batches`), against a
local fake that completes, expires, fails items, is cancelled or refuses."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from brief.cli import cli
from fake_batch import FakeBatchAPI
from fake_openai import FakeOpenAI

BRIEF = Path("briefs/2025-01-01_2026-06-30.md")
PRICES = ('[prices."fake-remote"]\nprompt = 0.10\ncompletion = 0.20\n'
          "batch_prompt = 0.04\nbatch_completion = 0.08\n")


@pytest.fixture(autouse=True)
def endpoint_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEF_MODEL", "fake-remote")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("BRIEF_BATCH_POLL", "0.01")
    Path("brief.toml").write_text(PRICES, encoding="utf-8")


def generate(server: FakeOpenAI, *args: str, out: str = "briefs") -> tuple[int, str]:
    result = CliRunner().invoke(cli, [
        "generate", "--since", "2025-01-01", "--until", "2026-06-30", "--base-url",
        server.url, "--out-dir", out, *args, "seeds"])
    return result.exit_code, result.stderr


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def meta(path: Path) -> dict[str, object]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]))


def direct_brief(seeds: Path) -> str:
    """The brief the same fake model writes through ordinary calls, in its own store."""
    shutil.copytree(seeds, Path("direct/seeds"))
    with FakeOpenAI() as server, contextlib.chdir("direct"):
        code, err = generate(server)
        assert code == 0, err
        return body(BRIEF)


def test_a_batch_run_writes_the_brief_ordinary_calls_write_at_batch_prices(
        seeds: Path) -> None:
    with FakeBatchAPI() as server:
        code, err = generate(server, "--batch")
    assert code == 0, err
    assert server.count() == 0  # no ordinary call: every reply came from a batch
    assert [p.rsplit("/", 1)[-1] for p in server.paths if p.startswith("POST")] == [
        "files", "batches", "files", "batches"]  # extraction, then the sections
    kinds = [line["body"]["response_format"]["json_schema"]["name"]
             for line in server.lines_sent()]
    assert set(kinds) == {"ExtractionOut", "EventBriefOut"}
    assert all(line["url"] == "/v1/chat/completions" for line in server.lines_sent())
    assert body(BRIEF) == direct_brief(seeds)
    front = meta(BRIEF)
    calls = len(kinds)
    assert front["tokens"] == {"prompt": 100 * calls, "completion": 20 * calls,
                               "batch_prompt": 100 * calls, "batch_completion": 20 * calls}
    assert front["cost_usd"] == pytest.approx(calls * (100 * 0.04 + 20 * 0.08) / 1e6,
                                              abs=1e-6)  # direct: 2.5 times as much
    assert "batch_1: completed" in err and "min" in err  # progress, with elapsed time
    assert CliRunner().invoke(cli, ["check", str(BRIEF)]).exit_code == 0


def test_failed_and_unfit_items_are_made_as_ordinary_calls(seeds: Path) -> None:
    with FakeBatchAPI("partial") as server:
        code, err = generate(server, "--batch")
    assert code == 0, err
    # In each batch the fake fails every third request and garbles the first reply.
    failed = sum(1 for b in server.batches.values()
                 for n in range(b["request_counts"]["total"]) if n % 3 == 1 or n == 0)
    assert server.count() == failed > 0
    assert "got no usable reply" in err and "HTTP 500" in err
    assert body(BRIEF) == direct_brief(seeds)


def test_an_expired_batch_keeps_its_replies_and_the_rest_are_ordinary_calls(
        seeds: Path) -> None:
    with FakeBatchAPI("expired") as server:
        code, err = generate(server, "--batch")
    assert code == 0, err
    assert "expired" in err
    unanswered = sum(b["request_counts"]["failed"] for b in server.batches.values())
    assert server.count() == unanswered > 0
    assert body(BRIEF) == direct_brief(seeds)


def test_a_cancelled_batch_stops_the_run_and_keeps_what_it_answered(seeds: Path) -> None:
    with FakeBatchAPI("cancelled") as server:
        code, err = generate(server, "--batch")
        counts = server.batches["batch_1"]["request_counts"]
    assert code == 1
    assert "batch_1 was cancelled" in err and "replies are kept" in err
    assert server.count() == 0 and not BRIEF.exists()
    with FakeBatchAPI() as server:  # the next run sends only what is left
        code, err = generate(server, "--batch")
    assert code == 0, err
    extraction = [line for line in server.lines_sent()
                  if line["body"]["response_format"]["json_schema"]["name"] == "ExtractionOut"]
    assert counts["completed"] > 0
    assert len(extraction) == counts["total"] - counts["completed"]
    assert server.count() == 0


def test_a_refused_batch_is_reported_with_the_endpoints_words(seeds: Path) -> None:
    with FakeBatchAPI("failed") as server:
        code, err = generate(server, "--batch")
    assert code == 1
    assert "refused batch batch_1" in err and "does not support batches" in err
    assert server.count() == 0 and not BRIEF.exists()


def test_a_run_stopped_while_its_batch_is_pending_picks_it_up_again(seeds: Path) -> None:
    with FakeBatchAPI(polls=2) as server:
        server.hold.set()
        code, err = generate(server, "--batch", "--batch-wait", "0.05")
        assert code == 75, err
        assert "batch_1 is still in_progress" in err and "run the same command again" in err
        assert not BRIEF.exists()
        server.hold.clear()
        code, err = generate(server, "--batch")
        assert code == 0, err
    uploads = [p for p in server.paths if p.endswith("/files")]
    assert len(uploads) == 2  # the extraction batch once, then the sections'
    assert "picking up batch batch_1" in err
    assert server.count() == 0


def test_a_pending_batch_is_picked_up_when_more_articles_came_in(seeds: Path) -> None:
    later = Path("later")
    later.mkdir()
    for path in seeds.glob("000_*"):  # one article, with its date sidecar, comes later
        path.rename(later / path.name)
    with FakeBatchAPI(polls=2) as server:
        server.hold.set()
        code, err = generate(server, "--batch", "--batch-wait", "0.05")
        assert code == 75, err
        first = len(server.lines_sent())
        for path in later.iterdir():
            path.rename(seeds / path.name)
        server.hold.clear()
        code, err = generate(server, "--batch")
        assert code == 0, err
    assert "picking up batch batch_1" in err
    extraction = [b for b in server.batches.values() if b["_lines"]
                  and "ExtractionOut" in b["_lines"][0]]
    assert len(extraction) == 2  # the pending one, and one for what it does not hold
    assert extraction[1]["request_counts"]["total"] == 1 < first  # the new article only
    assert server.count() == 0
    assert body(BRIEF) == direct_brief(seeds)


def test_azure_batches_go_to_its_paths_with_the_deployment(seeds: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "sk-azure-secret")
    with FakeBatchAPI() as server:
        root = server.url.removesuffix("/v1")
        result = CliRunner().invoke(cli, [
            "generate", "--since", "2025-01-01", "--until", "2026-06-30",
            "--azure-endpoint", root, "--api-version", "2024-10-21", "--model",
            "brief-batch-deployment", "--batch", "seeds"])
    assert result.exit_code == 0, result.stderr
    assert "POST /openai/files" in server.paths and "POST /openai/batches" in server.paths
    lines = server.lines_sent()
    assert {line["url"] for line in lines} == {"/chat/completions"}
    assert {line["body"]["model"] for line in lines} == {"brief-batch-deployment"}
    assert {b["endpoint"] for b in server.batches.values()} == {"/chat/completions"}
    assert "sk-azure-secret" not in json.dumps(lines) + result.stderr


def test_batch_without_an_endpoint_says_what_it_needs(seeds: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEF_MODEL")
    result = CliRunner().invoke(cli, ["generate", "--since", "2025-01-01", "--batch",
                                      "--backend", "embedded", "seeds"])
    assert result.exit_code == 1
    assert "--batch needs an endpoint with a Batch API" in result.stderr


def test_a_budget_sends_one_batch_after_another_while_it_allows(seeds: Path) -> None:
    # Each request may cost its prompt and 2,048 tokens of reply: 4,200 tokens hold
    # one at a time, and what the replies really cost leaves room for the next.
    with FakeBatchAPI() as server:
        code, err = generate(server, "--batch", "--max-tokens", "4200")
    assert code == 0, err
    assert "the budget allows 1 of the 5 requests in a batch" in err
    sent = len(server.lines_sent())
    assert sent == len(server.batches) == 9 and server.count() == 0
    assert meta(BRIEF)["tokens"]["prompt"] + meta(BRIEF)["tokens"]["completion"] <= 4200


def test_a_budget_too_small_for_one_request_sends_nothing(seeds: Path) -> None:
    with FakeBatchAPI() as server:
        code, err = generate(server, "--batch", "--max-tokens", "2000")
    assert code == 3, err
    assert err.strip().splitlines()[-1].startswith("Error: stopped before the budget ran out")
    assert server.paths == [] and server.count() == 0

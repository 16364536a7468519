"""The judge by log-odds: read off an endpoint's log-probabilities (a real local
server), combined with the checks, cached, and replaced by verdicts where the
endpoint sends no log-probabilities."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.llm import Message, factory
from brief.llm.types import RawReply, Usage
from fake_openai import FakeOpenAI

from briefcheck import body_lines, sections
from conftest import ScriptedModel, seed_responder

DOC = (
    "Canada is ready to join a peacekeeping mission in Ukraine, Defence Minister Bill Blair "
    "said on March 5. A meeting of commanders from 28 nations was held last week in the "
    "United Kingdom. The Kremlin has said it will not accept Western troops in Ukraine."
)
ROWS = [
    {"id": "1", "doc": DOC, "claim": "Blair said Canada is ready to join the mission.",
     "label": 1, "source_dataset": "a"},
    {"id": "2", "doc": DOC, "claim": "Blair said Canada is ready to lead the mission.",
     "label": 0, "source_dataset": "a"},
    {"id": "3", "doc": DOC, "claim": "The commanders met in the United Kingdom. "
     "They agreed to send troops.", "label": 0, "source_dataset": "a"},
]


def reader(messages: list[dict[str, str]]) -> float:
    """log P(Yes): high when every word of the fenced claim is in the fenced text."""
    text, claim = re.findall(r"<<<\n(.*?)\n>>>", messages[1]["content"], re.S)
    words = set(re.findall(r"\w+", text.lower()))
    return -0.05 if set(re.findall(r"\w+", claim.lower())) <= words else -4.0


@pytest.fixture(autouse=True)
def endpoint_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEF_MODEL", "fake-remote")
    monkeypatch.setenv("BRIEF_LLM_TIMEOUT", "2")


def verify(server: FakeOpenAI, data: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["eval", "verify", "--judge", "--base-url", server.url,
                                      str(data)])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_eval_verify_reads_the_judges_log_odds_and_caches_them(tmp_path: Path) -> None:
    data = tmp_path / "pairs.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in ROWS), encoding="utf-8")
    with FakeOpenAI(yes_no=reader) as server:
        lines = verify(server, data)
        # Checks alone pass "lead" (its words are in the document) and the two-sentence
        # claim (its last sentence's words are there too); the judge rejects both:
        # it is asked about each sentence, and the weakest one counts.
        assert lines[2].startswith("| pairs.jsonl | a | 3 | 0.750 | 1.000 | 1.000 |"), lines
        assert server.count("yes/no") == 4
        assert server.count() == 4  # no verdicts asked for
        again = verify(server, data)
        assert again[2].rsplit("|", 2)[0] == lines[2].rsplit("|", 2)[0]
        assert server.count() == 4  # the rerun is served from the cache


def test_an_endpoint_without_log_probabilities_is_asked_for_verdicts(tmp_path: Path) -> None:
    data = tmp_path / "pairs.jsonl"
    data.write_text(json.dumps(ROWS[0]), encoding="utf-8")
    with FakeOpenAI(yes_no=lambda messages: None) as server:
        lines = verify(server, data)
        assert lines[2].startswith("| pairs.jsonl | a | 1 | 1.000 | 1.000 | 1.000 |"), lines
        assert server.count("yes/no") == 1  # asked once, then never again
        assert server.count("JudgeOut") == 1


class ScoringModel(ScriptedModel):
    """A scripted backend that also gives log-odds: it doubts one word."""

    def yes_no(self, messages: list[Message]) -> RawReply:
        self.calls.append((list(messages), "yes/no"))
        claim = messages[1]["content"].split("Claim:")[1]
        odds = -2.0 if "skepticism" in claim else 3.0
        return RawReply(f"{odds:.4f}", Usage(calls=1, prompt_tokens=90))


def test_generate_holds_back_a_fact_the_judge_doubts(seeds: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fake = ScoringModel(responder=seed_responder)
    monkeypatch.setattr(factory, "make_backend", lambda settings: fake)
    result = CliRunner().invoke(cli, ["generate", "--since", "2025-01-01", "--until",
                                      "2026-06-30", "--judge", str(seeds)])
    assert result.exit_code == 0, result.stderr
    brief = Path(result.stdout.strip())
    markdown = brief.read_text(encoding="utf-8")
    review = "\n".join(sections(markdown)["Needs review"])
    assert "judge: the model doubts the text states this (log-odds -2.00 < 0.9)" in review
    evidence = json.loads(brief.with_suffix(".evidence.json").read_text(encoding="utf-8"))
    assert "skepticism" not in "\n".join(body_lines(markdown, evidence))
    names = [name for _, name in fake.calls]
    facts = evidence["facts"].values()
    passed_checks = [f for f in facts if f["status"] == "verified"
                     or any(r.startswith("judge:") for r in f["reasons"])]
    assert names.count("yes/no") == len(passed_checks)  # every fact the checks verified
    assert "JudgeOut" not in names


def test_log_odds_from_top_log_probabilities() -> None:
    from brief.llm.openai_backend import _yes_no_odds

    assert _yes_no_odds([("Yes", math.log(0.6)), (" yes", math.log(0.2)),
                         ("No", math.log(0.1))]) == pytest.approx(math.log(8))
    # a side missing from the list gets the most it can have: the least likely token
    # listed, or what the list leaves over when that is less
    assert _yes_no_odds([("No", math.log(0.9)), ("Maybe", math.log(0.02))]) == pytest.approx(
        math.log(0.02 / 0.9))
    assert _yes_no_odds([("Yes", math.log(0.99))]) == pytest.approx(math.log(99))
    assert _yes_no_odds([("Perhaps", -0.1)]) is None

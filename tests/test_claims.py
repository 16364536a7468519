"""A free-text claim against a whole document, and the verification harness."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.llm import Message, factory
from brief.verify.document import check_in_document

from conftest import ScriptedModel

DOC = (
    "Canada is ready to join a peacekeeping mission in Ukraine, Defence Minister Bill Blair "
    "said on March 5. A meeting of commanders from 28 nations was held last week in the "
    "United Kingdom. The Kremlin has said it will not accept Western troops in Ukraine."
)


@pytest.mark.parametrize(("claim", "supported", "reason"), [
    ("Bill Blair said Canada is ready to join a peacekeeping mission in Ukraine.", True, None),
    ("commanders from 28 nations met in the united kingdom last week .", True, None),
    ("Commanders from 35 nations met in the United Kingdom.", False, "figure 35"),
    ("The Kremlin has said it will accept Western troops in Ukraine.", False,
     "its evidence is negated, the claim is not"),
    ("Canada is not ready to join a peacekeeping mission.", False, "negated"),
    ("Justin Trudeau promised Canadian warships and submarines for Ukraine.", False,
     "words found nowhere in the document"),
])
def test_claims_against_the_document(claim: str, supported: bool, reason: str | None) -> None:
    verdict = check_in_document(claim, DOC)
    assert verdict.supported is supported, verdict.reasons
    if reason:
        assert any(reason in r for r in verdict.reasons), verdict.reasons
    for span in verdict.evidence:
        assert DOC[span.start:span.end] == span.quote


def test_eval_verify_prints_balanced_accuracy_per_dataset(tmp_path: Path) -> None:
    rows = [
        {"id": "1", "doc": DOC, "claim": "Blair said Canada is ready to join the mission.",
         "label": 1, "source_dataset": "a"},
        {"id": "2", "doc": DOC, "claim": "Commanders from 35 nations met.", "label": 0,
         "source_dataset": "a"},
        {"id": "3", "doc": DOC, "claim": "Canada is not ready to join.", "label": 0,
         "source_dataset": "b"},
    ]
    data = tmp_path / "pairs.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "verify", str(data)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2].startswith("| pairs.jsonl | a | 2 | 1.000 |")
    assert lines[3].startswith("| pairs.jsonl | b | 1 | 1.000 |")
    assert lines[4].startswith("| pairs.jsonl | mean | 3 | 1.000 |")


def test_eval_verify_with_the_judge_reports_it_alone_and_combined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        {"id": "1", "doc": DOC, "claim": "Blair said Canada is ready to join the mission.",
         "label": 1, "source_dataset": "a"},
        {"id": "2", "doc": DOC, "claim": "Blair said Canada is ready to lead the mission.",
         "label": 0, "source_dataset": "a"},
        {"id": "3", "doc": DOC, "claim": "Commanders from 35 nations met.", "label": 0,
         "source_dataset": "a"},
    ]
    data = tmp_path / "pairs.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")

    def judge(messages: list[Message], schema_name: str) -> str:
        assert schema_name == "JudgeOut"
        claim = re.search(r"<claim>(.*)</claim>", messages[1]["content"])
        assert claim and "<evidence>" in messages[1]["content"]
        lead = "lead" in claim.group(1)
        return json.dumps({"evidence": [1], "missing": ["lead"] if lead else [],
                           "verdict": "contradicted" if lead else "supported"})

    fake = ScriptedModel(responder=judge)
    monkeypatch.setattr(factory, "make_backend", lambda settings: fake)
    result = CliRunner().invoke(cli, ["eval", "verify", "--judge", str(data)])
    assert result.exit_code == 0, result.stderr
    header, _, line = result.stdout.splitlines()
    assert "| judge alone | checks + judge |" in header
    # The checks alone pass "lead" (its words are all in the document); the judge
    # alone passes the wrong figure; together they get all three right.
    assert line.startswith("| pairs.jsonl | a | 3 | 0.750 | 0.750 | 1.000 |"), line
    assert len(fake.calls) == 3

"""End to end on seeds/: ingest, group, extract, verify, synthesize, render, write."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.llm import Message, factory
from brief.store import Store

from briefcheck import assert_cited_brief, body_lines, sections
from conftest import PLANTED_CLAIM, ScriptedModel, seed_responder


def _generate(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["generate", "--since", "2025-01-01",
                                      "--until", "2026-06-30", *args])
    return result.exit_code, result.stdout, result.stderr


def test_generate_writes_a_cited_brief_from_seeds(seeds: Path, fake_model: ScriptedModel) -> None:
    code, out, err = _generate(str(seeds))
    assert code == 0, err
    brief = Path(out.strip())
    assert brief == Path("briefs/2025-01-01_2026-06-30.md")
    markdown, evidence = assert_cited_brief(brief, Store(Path(".brief/brief.db")))
    # One section per event: 001 and 003 are one event, the other three one each.
    assert len(evidence["events"]) == 4

    # The planted fact (its figure and place are not in the article) is held back.
    stated = "\n".join(body_lines(markdown, evidence))
    review = "\n".join(sections(markdown)["Needs review"])
    assert PLANTED_CLAIM in review
    assert "figure 5000 is not in the cited text" in review
    assert "'Kyiv' does not appear in the article" in review
    assert "5,000" not in stated
    # So is the sentence the model wrote without citing any fact.
    assert "Observers expect a breakthrough soon." in review
    assert "Observers expect" not in stated


def test_second_run_on_unchanged_input_makes_no_model_calls(
    seeds: Path, fake_model: ScriptedModel
) -> None:
    assert _generate(str(seeds))[0] == 0
    first_calls = len(fake_model.calls)
    assert first_calls == 5 + 4  # one extraction per article, one section per event
    first = Path("briefs/2025-01-01_2026-06-30.md").read_text(encoding="utf-8")

    code, _, err = _generate(str(seeds))
    assert code == 0, err
    assert len(fake_model.calls) == first_calls
    assert "model calls: 0 (9 answered from cache)" in err
    second = Path("briefs/2025-01-01_2026-06-30.md").read_text(encoding="utf-8")
    strip = re.compile(r"^(generated_at|run_id): .*$", re.M)
    assert strip.sub("", first) == strip.sub("", second)


def test_brief_can_be_printed_instead_of_written(seeds: Path, fake_model: ScriptedModel) -> None:
    code, out, _ = _generate(str(seeds), "-o", "-")
    assert code == 0
    assert out.startswith("---\nperiod:")
    assert not Path("briefs").exists()


def test_topic_and_relative_window(seeds: Path, fake_model: ScriptedModel) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(seeds)]).exit_code == 0
    result = runner.invoke(cli, ["generate", "--since", "7d", "--until", "2026-01-10",
                                 "--topic", "Ukraine security guarantees"])
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.name == "2026-01-03_2026-01-10-ukraine-security-guarantees.md"
    evidence = json.loads(path.with_suffix(".evidence.json").read_text(encoding="utf-8"))
    # Only the 6 January declaration (seeds 001 and 003) falls in that week.
    assert len(evidence["events"]) == 1
    assert len(evidence["events"][0]["articles"]) == 2


def test_events_and_facts_commands(seeds: Path, fake_model: ScriptedModel) -> None:
    runner = CliRunner()
    assert _generate(str(seeds))[0] == 0
    listing = runner.invoke(cli, ["events", "--since", "2025-01-01", "--until", "2026-06-30"])
    assert listing.exit_code == 0
    assert "(copy of " in listing.stdout
    event_ids = re.findall(r"^(e[0-9a-f]{9}) ", listing.stdout, re.M)
    assert len(event_ids) == 4
    shown = runner.invoke(cli, ["facts", event_ids[0]])
    assert shown.exit_code == 0
    assert "verified" in shown.stdout
    assert re.search(r"^\s+\d+-\d+: “", shown.stdout, re.M)

    missing = runner.invoke(cli, ["facts", "e000000000"])
    assert missing.exit_code == 1
    assert "no event 'e000000000'" in missing.stderr


def test_no_model_configured_is_one_clear_line(seeds: Path) -> None:
    code, _, err = _generate(str(seeds), "--backend", "openai")
    assert code == 1
    assert "no model name" in err
    assert "Traceback" not in err


def test_same_inputs_and_cache_give_a_byte_identical_brief(
    seeds: Path, fake_model: ScriptedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert _generate(str(seeds))[0] == 0
    brief = Path("briefs/2025-01-01_2026-06-30.md")
    first = (brief.read_bytes(), brief.with_suffix(".evidence.json").read_bytes())
    assert _generate(str(seeds))[0] == 0
    assert (brief.read_bytes(), brief.with_suffix(".evidence.json").read_bytes()) == first
    assert b"generated_at: '2026-01-01T00:00:00+00:00'" in first[0]


def test_the_judge_can_hold_a_checked_fact_back(seeds: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    def responder(messages: list[Message], schema_name: str) -> str:
        if schema_name != "JudgeOut":
            return seed_responder(messages, schema_name)
        claim = re.search(r"<claim>(.*)</claim>", messages[1]["content"], re.S)
        assert claim
        doubted = "skepticism" in claim.group(1)
        return json.dumps({"evidence": [1], "missing": ["internationally"] if doubted else [],
                           "verdict": "contradicted" if doubted else "supported"})

    fake = ScriptedModel(responder=responder)
    monkeypatch.setattr(factory, "make_backend", lambda settings: fake)
    code, out, err = _generate(str(seeds), "--judge")
    assert code == 0, err
    markdown = Path(out.strip()).read_text(encoding="utf-8")
    review = "\n".join(sections(markdown)["Needs review"])
    assert "judge: contradicted (not in the text: internationally)" in review
    assert "skepticism" not in "\n".join(body_lines(
        markdown, json.loads(Path(out.strip()).with_suffix(".evidence.json").read_text())))
    judged = sum(1 for _, name in fake.calls if name == "JudgeOut")
    facts = json.loads(Path(out.strip()).with_suffix(".evidence.json").read_text())["facts"]
    passed_checks = [f for f in facts.values() if f["status"] == "verified"
                     or any(r.startswith("judge:") for r in f["reasons"])]
    assert judged == len(passed_checks)  # every fact the checks verified, and no other

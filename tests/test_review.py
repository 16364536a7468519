"""brief check: the pull-request gate, on a generated brief and edits to it."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli

from briefcheck import fresh_checkout
from conftest import ScriptedModel

BRIEF = Path("briefs/2025-01-01_2026-06-30.md")
ANNOUNCEMENT = ("This announcement came during a joint press conference with Ukrainian "
                "President Volodymyr Zelenskyy after their bilateral discussions.")
SKEPTICISM = "The idea of a peacekeeping force has been met with skepticism"


@pytest.fixture
def brief(seeds: Path, fake_model: ScriptedModel) -> Path:
    result = CliRunner().invoke(cli, ["generate", "--since", "2025-01-01", "--until",
                                      "2026-06-30", str(seeds)])
    assert result.exit_code == 0, result.stderr
    return BRIEF


def check(*args: str) -> tuple[int, str, str]:
    # An empty store: sources are re-read from the files the evidence names, as in a PR.
    result = CliRunner().invoke(cli, ["--db", "fresh.db", "check", *args])
    return result.exit_code, result.stdout, result.stderr


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` with `new`; return the line number of the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text[:at].count("\n") + 1


def test_a_generated_brief_is_clean(brief: Path) -> None:
    code, out, _ = check(str(brief))
    assert code == 0
    assert "every sentence is cited and checked" in out


def test_the_committed_example_brief_is_clean(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    examples = sorted((root / "briefs").glob("*.md"))
    if not examples:
        pytest.skip("no example brief committed")
    shutil.copytree(root / "briefs", tmp_path / "briefs", dirs_exist_ok=True)
    shutil.copytree(root / "seeds", tmp_path / "seeds", dirs_exist_ok=True)
    for example in examples:
        code, out, err = check(f"briefs/{example.name}")
        assert code == 0, out + err


def _line_starting(text: str, start: str) -> str:
    return next(ln for ln in text.splitlines() if ln.startswith(start))


def _note_quoting(text: str, quote: str) -> str:
    return next(ln for ln in text.splitlines() if ln.startswith("[^") and quote in ln)


# (what, edit: brief text -> (old, new), expected finding on the edited line)
EDITS: list[tuple[str, Callable[[str], tuple[str, str]], str]] = [
    ("delete a citation",
     lambda t: (_line_starting(t, ANNOUNCEMENT), ANNOUNCEMENT),
     "sentence lost its citation"),
    ("change a number",
     lambda t: ("more than 30 countries", "more than 45 countries"),
     "figure 45 is not in the cited text"),
    ("reword a quote",
     lambda t: (line := _note_quoting(t, ANNOUNCEMENT[:40]),
                line.replace("joint press", "secret press")),
     "rewords its source"),
    ("retype a quote",
     lambda t: (line := _note_quoting(t, "Ukraine\u2019s military"),
                line.replace("Ukraine\u2019s military", "Ukraine's military")),
     "differs from its source in typography, case or spacing"),
    ("invent a quote",
     lambda t: (line := _note_quoting(t, ANNOUNCEMENT[:40]),
                line.replace(ANNOUNCEMENT[:-1], "Ministers agreed to send 900 tanks by May")),
     "quotes text its source does not hold"),
    ("add an uncited sentence",
     lambda t: (line := _line_starting(t, ANNOUNCEMENT),
                line + " NATO will deploy 40,000 troops to Kyiv in March."),
     "sentence has no citation (added?)"),
    ("change a key figure",
     lambda t: (line := _line_starting(t, "| more than 30 countries"),
                line.replace("30", "35", 1)),
     "key figure 35 is not in the span it cites"),
    ("drop a key figure's source",
     lambda t: (line := _line_starting(t, "| more than 30 countries"),
                re.sub(r"\[\^\d+\]", "", line)),
     "key figure has no citation"),
    ("add an uncited sentence under a table",
     lambda t: ("| Date | Event |", "NATO will deploy 40,000 troops to Kyiv.\n\n| Date | Event |"),
     "sentence has no citation (added?)"),
    ("say more than the span",
     lambda t: (ANNOUNCEMENT, ANNOUNCEMENT[:-1] + ", as Moscow recalled its envoys and "
                "shelled power plants across western regions overnight."),
     "the cited text does not say this"),
    ("flip a meaning",
     lambda t: ("will not accept Western troops", "will not reject Western troops"),
     "the claim says 'reject' where the cited text says 'accept'"),
    ("turn a bound",
     lambda t: ("more than 30 countries", "fewer than 30 countries"),
     "bounds 30 the other way ('fewer than')"),
    ("swap a name",
     lambda t: ("President Volodymyr Zelenskyy after", "President Keir Starmer after"),
     "the claim names 'Keir Starmer' where the cited text names 'Volodymyr Zelenskyy'"),
    ("contradict the span",
     lambda t: (SKEPTICISM, SKEPTICISM.replace("has been", "has not been")),
     "the claim is negated but the cited text is not"),
    ("add an italic sentence",
     lambda t: (line := _line_starting(t, ANNOUNCEMENT),
                "*NATO will deploy 40,000 troops to Kyiv in March.*\n\n" + line),
     "sentence has no citation (added?)"),
    ("add a sentence as a heading",
     lambda t: ("## Timeline", "## NATO will deploy 40,000 troops to Kyiv\n\n## Timeline"),
     "is not a title brief wrote"),
    ("add a second Needs review heading",
     lambda t: ("## Sources", "## Needs review\n\nNATO will deploy troops.\n\n## Sources"),
     "a second “Needs review” heading"),
    ("change a timeline date",
     lambda t: (line := next(ln for ln in t.splitlines() if re.match(r"\| 20\d\d-", ln)),
                re.sub(r"20\d\d-\d\d-\d\d", "2024-12-31", line, count=1)),
     "line under Timeline is not one brief wrote"),
    ("add a line above the first section",
     lambda t: ("## Key points", "NATO will deploy 40,000 troops.\n\n## Key points"),
     "line above the first section is not one brief wrote"),
    ("add an item under Needs review",
     lambda t: ("Held back from", "- NATO will deploy troops.\n\nHeld back from"),
     "line under Needs review is not one brief wrote"),
    ("change a disagreement cell",
     lambda t: (line := _line_starting(
         t, next(ln for ln in t.split("## Where sources disagree", 1)[1].splitlines()
                 if ln.startswith("| ") and not ln.startswith("| What"))),
                line.replace("|", "| not", 2).replace("| not", "|", 1)),
     "line under Where sources disagree is not one brief wrote"),
    ("slip a verdict into a cited sentence",
     lambda t: ("joint press conference", "farcical joint press conference"),
     "a judgment ('farcical') stated in the brief's voice"),
    ("add a line under Sources",
     lambda t: (line := _line_starting(t, "1. "), "NATO will deploy 40,000 troops.\n" + line),
     "line under Sources names no source of the evidence"),
]


@pytest.mark.parametrize(("what", "change", "finding"), EDITS, ids=[e[0] for e in EDITS])
def test_edits_are_reported_at_their_line(brief: Path, what: str,
                                          change: Callable[[str], tuple[str, str]],
                                          finding: str) -> None:
    old, new = change(brief.read_text(encoding="utf-8"))
    line = edit(brief, old, new)
    code, out, _ = check(str(brief), "--format", "json")
    assert code == 1, what
    found = json.loads(out)["findings"]
    assert any(f["line"] == line and f["severity"] == "error" and finding in f["message"]
               for f in found), found


def test_a_harmless_copy_edit_passes(brief: Path) -> None:
    edit(brief, ANNOUNCEMENT, ANNOUNCEMENT.replace("This announcement", "The announcement"))
    code, out, _ = check(str(brief))
    assert code == 0, out


def test_dangling_and_unused_footnotes(brief: Path) -> None:
    line_text = next(ln for ln in brief.read_text(encoding="utf-8").splitlines()
                     if ln.startswith(ANNOUNCEMENT))
    number = re.search(r"\[\^(\d+)\]", line_text)
    assert number
    line = edit(brief, line_text, ANNOUNCEMENT + "[^99]")
    code, out, _ = check(str(brief), "--format", "github")
    assert code == 1
    assert f"::error file={brief},line={line}::cites [^99], which has no footnote" in out
    assert f"::warning file={brief},line=" in out and f"[^{number.group(1)}] is not cited" in out


def test_a_changed_source_is_reported(brief: Path, seeds: Path) -> None:
    source = seeds / "004_067fbcc8ee42f194.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("unexpected", "planned"),
                      encoding="utf-8")
    code, out, _ = check(str(brief))
    assert code == 1
    assert "changed since the brief was made" in out


@pytest.mark.parametrize("missing", ["evidence", "source"])
def test_cannot_check_exits_2(brief: Path, seeds: Path, missing: str) -> None:
    if missing == "evidence":
        brief.with_suffix(".evidence.json").unlink()
    else:
        (seeds / "004_067fbcc8ee42f194.txt").unlink()
    code, _, err = check(str(brief))
    assert code == 2
    assert ("cannot read the evidence" if missing == "evidence" else "sources not found") in err


def test_a_number_from_the_next_sentence_is_a_changed_number(
        tmp_path: Path, fake_model: ScriptedModel) -> None:
    story = tmp_path / "mission.md"
    story.write_text(
        "---\ndate: 2026-02-02\n---\n"
        "The ministers agreed on Monday to send 4,000 troops to the border mission.\n\n"
        "The mission will cost about 12 million euros over three years, officials said.\n",
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", "--since", "2026-02-01", "--until",
                                      "2026-02-28", str(story)])
    assert result.exit_code == 0, result.stderr
    brief = Path(result.stdout.strip())
    assert check(str(brief))[0] == 0
    line = edit(brief, "to send 4,000 troops", "to send 12 troops")
    code, out, _ = check(str(brief), "--format", "json")
    assert code == 1
    assert any(f["line"] == line and f["severity"] == "error"
               and "figure 12 is in the next sentence" in f["message"]
               for f in json.loads(out)["findings"]), out


def test_a_brief_from_an_export_checks_in_a_fresh_checkout_without_store_or_sources(
        tmp_path: Path, fake_model: ScriptedModel) -> None:
    rows = [
        {"id": "a1", "title": "Ministers agree border mission", "date": "2026-02-02",
         "outlet": "Wire", "text": "The ministers agreed on Monday to send 4,000 troops to "
         "the border mission. The mission will cost about 12 million euros over three "
         "years, officials said."},
        {"id": "a2", "title": "Parliament to vote on mission", "date": "2026-02-03",
         "outlet": "Daily", "text": "Parliament will vote on the border mission on "
         "February 20, the speaker announced on Tuesday after a long debate."},
    ]
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", "--since", "2026-02-01", "--until",
                                      "2026-02-28", str(export)])
    assert result.exit_code == 0, result.stderr
    made = Path(result.stdout.strip())
    evidence = json.loads(made.with_suffix(".evidence.json").read_text(encoding="utf-8"))
    assert all(a["text"] for a in evidence["articles"].values())  # an export: carried
    brief = fresh_checkout(made, tmp_path / "checkout")
    export.unlink()
    result = CliRunner().invoke(cli, ["--db", str(brief.parent / "none.db"), "check",
                                      str(brief)])
    assert result.exit_code == 0, result.stdout + result.stderr

    text = brief.read_text(encoding="utf-8")
    line = edit(brief, "4,000 troops", "40,000 troops")
    code, out, _ = check(str(brief), "--format", "json")
    assert code == 1 and any(f["line"] == line and f["severity"] == "error"
                             for f in json.loads(out)["findings"]), out
    brief.write_text(text, encoding="utf-8")
    line = edit(brief, "\n## Sources", "\n*The mission is widely expected to fail.*\n\n"
                "## Sources") + 1
    code, out, _ = check(str(brief), "--format", "json")
    assert code == 1 and any(f["line"] == line for f in json.loads(out)["findings"]), out
    assert check(str(made))[0] == 0  # the original too, its export gone


def test_edited_evidence_text_is_a_changed_source(tmp_path: Path,
                                                  fake_model: ScriptedModel) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({
        "id": "a1", "date": "2026-02-02", "text": "The ministers agreed on Monday to send "
        "4,000 troops to the border mission, officials said after the meeting."}),
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", "--since", "2026-02-01", "--until",
                                      "2026-02-28", str(export)])
    assert result.exit_code == 0, result.stderr
    brief = Path(result.stdout.strip())
    export.unlink()
    path = brief.with_suffix(".evidence.json")
    evidence = json.loads(path.read_text(encoding="utf-8"))
    for article in evidence["articles"].values():  # the source edited to fit an edit
        article["text"] = article["text"].replace("4,000", "40,000")
    path.write_text(json.dumps(evidence), encoding="utf-8")
    edit(brief, "4,000 troops", "40,000 troops")
    code, out, _ = check(str(brief))
    assert code == 1
    assert "changed since the brief was made" in out

"""The brief's structure: tables, disagreements, front matter, templates, week over week."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.llm import factory

from briefcheck import sections
from conftest import ScriptedModel

BLAIR_COPY = "\n".join([
    "---", "title: Blair says Canada is ready to join a peacekeeping force", "date: 2025-03-07",
    "outlet: Capital Wire", "---",
    "Canada is ready to partake in a potential peacekeeping mission in Ukraine, provided the "
    "United States offers security guarantees, Canadian Defense Minister Bill Blair said on "
    "March 5.", "",
    "European countries, led mainly by the U.K. and France, are developing a coalition of the "
    "willing to monitor a potential ceasefire in Ukraine. Various countries including Ireland "
    "have voiced their willingness to partake in such a mission.", "",
])


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def generate(*args: str, until: str = "2026-06-30") -> Path:
    code, out, err = run("generate", "--since", "2025-01-01", "--until", until, *args)
    assert code == 0, err
    return Path(out.strip())


def test_brief_has_every_section_its_content_supports(seeds: Path,
                                                      fake_model: ScriptedModel) -> None:
    brief = generate(str(seeds))
    markdown = brief.read_text(encoding="utf-8")
    evidence = json.loads(brief.with_suffix(".evidence.json").read_text(encoding="utf-8"))
    parts = sections(markdown)
    assert list(parts)[:1] == ["Key points"]
    for name in ("Timeline", "Key figures", "Where sources disagree", "Needs review",
                 "Sources"):
        assert name in parts, name
    # Each event section opens with its bottom line, cited.
    assert len(evidence["events"]) == 4
    for event in evidence["events"]:
        lines = parts[event["title"]]
        assert re.match(r"\*\*Bottom line:\*\* .+\[\^\d+\]$", lines[1]), lines[:2]
    # The timeline is in date order and counts the copy as a copy.
    rows = [ln for ln in parts["Timeline"] if re.match(r"\| \d{4}", ln)]
    assert [r.split("|")[1].strip() for r in rows] == sorted(
        ["2025-03-06", "2025-03-24", "2025-08-24", "2026-01-06"])
    assert "1 independent + 1 copy" in rows[-1]
    # "more than 30 countries" is one figure, cited by both copies that state it.
    figures = [ln for ln in parts["Key figures"] if "more than 30 countries" in ln]
    assert len(figures) == 1 and len(re.findall(r"\[\^\d+\]", figures[0])) == 2
    # Seed 001 republishes 003 and rewords its quotations of Starmer and Carney: one
    # source, the original's wording first and the one to quote.
    variants = "\n".join(parts["Where sources disagree"])
    assert "quote by Keir Starmer reworded by a copy" in variants
    assert "quote by Carney reworded by a copy" in variants
    assert "worded differently" not in variants
    assert "quote the original's wording, not the copy's" in variants
    starmer = next(ln for ln in parts["Where sources disagree"] if "Keir Starmer" in ln)
    assert starmer.index("We can only get to a peace deal if Putin") < starmer.index(
        "We can reach a peace agreement only if Putin")


def test_front_matter_names_the_run_and_its_cost(seeds: Path, fake_model: ScriptedModel) -> None:
    Path("brief.toml").write_text('[prices."fake-1"]\nprompt = 2.5\ncompletion = 10\n',
                                  encoding="utf-8")
    markdown = generate(str(seeds)).read_text(encoding="utf-8")
    front = markdown.split("\n---\n", 1)[0]
    # YAML quotes a run id that is all digits ('544539949416'), as it must.
    assert re.search(r"^run_id: ('?)[0-9a-f]{12}\1$", front, re.M)
    # 9 calls of 100 prompt and 20 completion tokens at $2.50 and $10 per million.
    assert "cost_usd: 0.00405" in front
    assert "tokens:\n  prompt: 900\n  completion: 180" in front


def test_a_template_replaces_the_layout(seeds: Path, fake_model: ScriptedModel) -> None:
    Path("short.md.j2").write_text(
        "# {{ title }}\n{% for s in sections %}\n- {{ s.title }}: "
        "{{ s.bottom_line.text }}{{ s.bottom_line.refs }}\n{% endfor %}\n"
        "{% for note in footnotes %}[^{{ note.n }}]: {{ note.text }}\n{% endfor %}",
        encoding="utf-8")
    markdown = generate(str(seeds), "--template", "short.md.j2").read_text(encoding="utf-8")
    assert markdown.startswith("# Policy brief\n- ")
    assert "## Timeline" not in markdown
    assert markdown.count("\n- ") == 4

    Path("broken.md.j2").write_text("{% for %}", encoding="utf-8")
    code, _, err = run("generate", "--since", "2025-01-01", "--template", "broken.md.j2")
    assert code != 0 and "broken.md.j2: not a usable template" in err


def test_week_over_week_marks_and_brief_diff(seeds: Path, fake_model: ScriptedModel) -> None:
    first = generate(str(seeds), until="2025-12-31")
    assert "since the brief of" not in first.read_text(encoding="utf-8")
    extra = seeds.parent / "extra"
    extra.mkdir()
    (extra / "blair-copy.md").write_text(BLAIR_COPY, encoding="utf-8")
    second = generate(str(seeds), str(extra))
    markdown = second.read_text(encoding="utf-8")
    marks = re.findall(r"^\*\d{4}-.* · (new|developing|unchanged)(.*)\*$", markdown, re.M)
    assert sorted(m[0] for m in marks) == ["developing", "new", "unchanged", "unchanged"]
    developing = next(m[1] for m in marks if m[0] == "developing")
    assert ": 1 new article, " in developing
    assert developing.endswith("since the brief of 2025-01-01 to 2025-12-31")
    evidence = json.loads(second.with_suffix(".evidence.json").read_text(encoding="utf-8"))
    assert sum("change" in e for e in evidence["events"]) == 4

    code, out, err = run("diff", str(first), str(second))
    assert code == 0, err
    assert "1 new, 1 developing, 2 unchanged, 0 no longer in the brief." in out
    dev = out.split("## Developing", 1)[1].split("##", 1)[0]
    assert "new article: Blair says Canada is ready to join a peacekeeping force" in dev
    assert "new fact: Canada is ready to partake" in dev, dev
    assert "## New events" in out and "## Unchanged" in out
    # Backwards: the newer events are gone from the older brief.
    code, out, _ = run("diff", str(second), str(first))
    assert "1 no longer in the brief" in out


def test_no_previous_turns_the_comparison_off(seeds: Path, fake_model: ScriptedModel) -> None:
    generate(str(seeds), until="2025-12-31")
    markdown = generate(str(seeds), "--no-previous").read_text(encoding="utf-8")
    assert "since the brief of" not in markdown


def _two_facts_on_one_sentence(messages: list[dict[str, str]], schema_name: str) -> str:
    """Two claims on Blair's sentence (its words, and fewer of them), then a section
    sentence citing both and a shorter one that repeats it, as a small model often
    writes."""
    user = messages[1]["content"]
    if schema_name == "ExtractionOut":
        first = re.search(r"^\[1\] (.+)$", user, re.M)
        assert first is not None
        return json.dumps({"facts": [
            {"sentence": 1, "claim": first.group(1)},
            {"sentence": 1, "claim": "Bill Blair said Canada is ready to partake in a "
                                     "potential peacekeeping mission in Ukraine."}]})
    if schema_name == "JudgeOut":
        return json.dumps({"evidence": [1], "missing": [], "verdict": "supported"})
    labels = re.findall(r"^(F\d+): ", user, re.M)
    return json.dumps({"title": "Blair on a peacekeeping force", "sentences": [
        {"text": "Canadian Defense Minister Bill Blair said Canada is ready to partake in a "
                 "potential peacekeeping mission in Ukraine.", "fact_ids": labels},
        {"text": "Blair said Canada is ready.", "fact_ids": labels}]})


def test_a_sentence_is_one_footnote_and_said_once_however_many_facts_cite_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "blair.md").write_text(BLAIR_COPY, encoding="utf-8")
    fake = ScriptedModel(responder=_two_facts_on_one_sentence)
    monkeypatch.setattr(factory, "make_backend", lambda settings: fake)
    brief = generate(str(tmp_path / "blair.md"))
    markdown = brief.read_text(encoding="utf-8")
    evidence = json.loads(brief.with_suffix(".evidence.json").read_text(encoding="utf-8"))
    on_blair = [f for f in evidence["facts"].values()
                if f["status"] == "verified" and f["spans"][0]["start"] == 0]
    assert len(on_blair) == 2  # two checked facts, one sentence
    bottom = next(ln for ln in markdown.splitlines() if ln.startswith("**Bottom line:**"))
    # the lead's condition is kept: the model's sentence left it out, so it is stated
    assert "provided the United States offers security guarantees" in bottom, bottom
    assert bottom.endswith("said on March 5.[^1]"), bottom
    # the second sentence says nothing the bottom line does not: it is not said again
    assert "Blair said Canada is ready." not in markdown
    assert len(evidence["footnotes"]) == len({
        (n["article_id"], tuple((s["start"], s["end"]) for s in n["spans"]))
        for n in evidence["footnotes"].values()})
    assert run("check", str(brief))[0] == 0


HR1 = ("Democrats have labeled their major election overhaul the “For the People Act” — but "
       "when polls talk to the people themselves, many say they would rather take a pass.")


def _quotes_a_name_with_a_dash(messages: list[dict[str, str]], schema_name: str) -> str:
    """The sentence as its claim; a section that restates it, under a title of its first
    100 characters, which end on a space."""
    if schema_name == "ExtractionOut":
        return json.dumps({"facts": [{"sentence": 1, "claim": HR1}]})
    label = re.findall(r"^(F\d+): ", messages[1]["content"], re.M)[0]
    return json.dumps({"title": HR1, "sentences": [{"text": HR1, "fact_ids": [label]}]})


def test_a_quote_holding_a_dash_and_a_long_title_pass_brief_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A footnote quoting “For the People Act” — but … is one quote, not cut at its own
    dash; a title cut at 100 characters does not end on a space its heading loses."""
    assert HR1[99] == " "
    (tmp_path / "hr1.md").write_text(f"---\ndate: 2025-06-22\n---\n{HR1}\n", encoding="utf-8")
    fake = ScriptedModel(responder=_quotes_a_name_with_a_dash)
    monkeypatch.setattr(factory, "make_backend", lambda settings: fake)
    brief = generate(str(tmp_path / "hr1.md"))
    assert f"## {HR1[:99]}\n" in brief.read_text(encoding="utf-8")
    code, out, _ = run("check", str(brief))
    assert code == 0, out


BENCH = ("“Do we have the bench strength? Yes, we are building that bench,” Carney said. "
         "“We will build the largest army in generations over the next five years.”")


def _states_a_quotation(messages: list[dict[str, str]], schema_name: str) -> str:
    """Carney's second quotation as its claim, under his name; a section that says so."""
    claim = "Carney said “We will build the largest army in generations over the next five years.”"
    if schema_name == "ExtractionOut":
        return json.dumps({"facts": [{"sentence": 2, "claim": claim}]})
    label = re.findall(r"^(F\d+): .*largest", messages[1]["content"], re.M)[0]
    return json.dumps({"title": "Carney on the army",
                       "sentences": [{"text": claim, "fact_ids": [label]}]})


def test_a_footnote_quoting_a_whole_quotation_shows_one_pair_of_marks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A span that is itself a quotation keeps its own marks in its footnote, not ““…””,
    and `brief check` still finds the footnote verbatim; an edited one still fails."""
    (tmp_path / "bench.md").write_text(
        f"---\ndate: 2026-01-06\noutlet: Capital Wire\n---\n{BENCH}\n", encoding="utf-8")
    monkeypatch.setattr(factory, "make_backend",
                        lambda settings: ScriptedModel(responder=_states_a_quotation))
    brief = generate(str(tmp_path / "bench.md"))
    markdown = brief.read_text(encoding="utf-8")
    quotation = BENCH.split("said. ")[1]
    assert re.search(rf"^\[\^\d+\]: {quotation} — ", markdown, re.M), markdown
    assert "““" not in markdown and "””" not in markdown
    assert run("check", str(brief))[0] == 0
    brief.write_text(markdown.replace("five years.” —", "six years.” —"), encoding="utf-8")
    code, out, _ = run("check", str(brief))
    assert code != 0 and "footnote" in out, out


def test_a_quotation_cut_off_at_its_sentence_end_is_quoted_with_its_own_opening_mark(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The span “We will build …. (the quotation goes on in the next sentence) is shown
    “We will build ….”, not ““We will build ….”, and passes `brief check`."""
    (tmp_path / "bench.md").write_text(
        "---\ndate: 2026-01-06\noutlet: Capital Wire\n---\n"
        + BENCH.replace("years.”", "years. We are ready.”") + "\n", encoding="utf-8")
    monkeypatch.setattr(factory, "make_backend",
                        lambda settings: ScriptedModel(responder=_states_a_quotation))
    brief = generate(str(tmp_path / "bench.md"))
    markdown = brief.read_text(encoding="utf-8")
    assert re.search(rf"^\[\^\d+\]: {BENCH.split('said. ')[1]} — ", markdown, re.M), markdown
    assert "““" not in markdown
    assert run("check", str(brief))[0] == 0

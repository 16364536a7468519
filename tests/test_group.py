"""Grouping: the seeds, stable ids, the blocked path, and the evaluation harness."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief import group
from brief.cli import cli
from brief.group import cluster_articles, group_articles
from brief.ingest.load import build_article
from brief.ingest.readers import read_path
from brief.schema import Article

from conftest import SEEDS


def seed_articles() -> dict[str, Article]:
    return {p.name[:3]: build_article(read_path(p)[0]) for p in sorted(SEEDS.glob("*.txt"))}


def test_seeds_001_and_003_are_copies_of_one_event() -> None:
    arts = seed_articles()
    events = group_articles(list(arts.values()))
    by_article = {a: e for e in events for a in e.article_ids}
    declaration = by_article[arts["001"].id]
    assert by_article[arts["003"].id] is declaration
    assert declaration.copy_of == {arts["001"].id: arts["003"].id}
    assert declaration.independent_sources == 1
    # Blair on 5 March, the planning in the week of 24 March and Carney in Kyiv on
    # 24 August are other happenings, weeks apart: each is its own event.
    for other in ("000", "002", "004"):
        assert by_article[arts[other].id] is not declaration
    assert len(events) == 4


def _article(key: str, text: str) -> Article:
    return Article(id=key, content_hash=key, text=text, path=key, ingested_at="")


def test_two_outlets_quoting_one_statement_are_two_sources() -> None:
    """Independent reports quote the same words; that does not make one a copy."""
    wire = _article("wire", (
        "The health minister announced on Monday that clinics will open on weekends "
        "from June. “Nobody should wait a week to see a doctor,” the minister said. "
        "“We have found the money and the staff,” she added. The plan will cost 40 "
        "million euros a year, according to the ministry's budget papers."))
    paper = _article("paper", (
        "Weekend opening is coming to clinics across the country, the government "
        "confirmed in a statement. “Nobody should wait a week to see a doctor,” the "
        "minister told reporters. “We have found the money and the staff,” the minister "
        "said. Doctors' unions said they had not been consulted about the rotas."))
    assert not group.is_copy(wire, paper)
    edited = _article("edited", paper.text.replace("the government confirmed",
                                                   "the government said"))
    assert group.is_copy(paper, edited)  # republished, lightly edited: one source


def test_event_ids_stay_put_as_an_event_grows() -> None:
    arts = seed_articles()
    before = group_articles([arts["001"]])
    previous = {a: e.id for e in before for a in e.article_ids}
    after = group_articles(list(arts.values()), previous)
    grown = next(e for e in after if arts["001"].id in e.article_ids)
    assert grown.id == before[0].id
    assert arts["003"].id in grown.article_ids  # it grew by the earlier copy
    assert len({e.id for e in after}) == len(after)


def story_articles(stories: int, per_story: int, seed: int = 7,
                   undated_every: int = 0) -> list[Article]:
    """Stories with their own vocabulary, one a day, each told over two days.

    With `undated_every`, the last article of every such story has no date.
    """
    rng = random.Random(seed)
    common = ["officials", "said", "government", "report", "week", "plan"]
    out = []
    for s in range(stories):
        own = [f"w{s}x{k}" for k in range(12)]
        for n in range(per_story):
            words = rng.sample(own, 8) + rng.sample(common, 3)
            day: date | None = date(2025, 1, 1) + timedelta(days=s + n % 2)
            if undated_every and s % undated_every == 0 and n == per_story - 1:
                day = None
            text = " ".join(words).capitalize() + "."
            out.append(Article(id=f"s{s}n{n}", content_hash=f"{s}-{n}", text=text, path="-",
                               ingested_at="", published=day))
    return out


def partition(groups: list[list[Article]]) -> set[frozenset[str]]:
    return {frozenset(a.id for a in g) for g in groups}


def test_large_components_are_clustered_by_blocks_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = story_articles(stories=30, per_story=4, undated_every=5)
    exact = partition(cluster_articles(articles))
    assert exact == {frozenset(f"s{s}n{n}" for n in range(4)) for s in range(30)}
    # All articles in one component, clustered nine or so at a time: stories told
    # over two days straddle the cuts and must be stitched back together.
    monkeypatch.setattr(group, "MAX_BLOCK", 9)
    monkeypatch.setattr(group, "_candidate_similarity", _all_linked)
    assert partition(cluster_articles(articles)) == exact


def _all_linked(arts: list[Article], matrix: object) -> object:
    from scipy.sparse import csr_matrix

    n = len(arts)
    return csr_matrix(([1.0] * (n - 1), (list(range(n - 1)), list(range(1, n)))), shape=(n, n))


def test_eval_group_reports_bcubed(tmp_path: Path) -> None:
    rows = [
        {"id": a.id, "date": a.published.isoformat() if a.published else None,
         "title": None, "text": a.text, "cluster_id": a.id.split("n")[0]}
        for a in story_articles(stories=5, per_story=3)
    ]
    data = tmp_path / "rows.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "group", str(data)])
    assert result.exit_code == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("| rows.jsonl | 15 | 1.000 | 1.000 | 1.000 | 5 / 5 |")


def test_eval_group_names_a_bad_row(tmp_path: Path) -> None:
    data = tmp_path / "bad.jsonl"
    data.write_text('{"id": "a", "text": "x", "cluster_id": "1"}\n{"id": "b"}\n')
    result = CliRunner().invoke(cli, ["eval", "group", str(data)])
    assert result.exit_code == 1
    assert "bad.jsonl:2: not a row with id, text, cluster_id" in result.stderr


def test_eval_group_leaves_an_impossible_date_undated_and_says_where(tmp_path: Path) -> None:
    rows = [
        {"id": a.id, "date": a.published.isoformat() if a.published else None,
         "title": None, "text": a.text, "cluster_id": a.id.split("n")[0]}
        for a in story_articles(stories=2, per_story=2)
    ]
    rows[1]["date"] = "2013-03-46"
    data = tmp_path / "dates.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "group", str(data)])
    assert result.exit_code == 0, result.stderr
    assert "dates.jsonl:2: '2013-03-46' is not a date; the row is left undated" in result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("| dates.jsonl | 4 |")


def _dated(key: str, day: int, title: str, text: str) -> Article:
    return Article(id=key, content_hash=key, text=text, title=title, path="-",
                   ingested_at="", published=date(2025, 3, day))


INFRASTRUCTURE_OFFER = [
    _dated("offer-1", 3, "Senate Republicans unveil $928 billion infrastructure counteroffer",
           "Senate Republicans on Thursday offered a $928 billion infrastructure plan to the "
           "White House. The counteroffer relies on unspent pandemic relief funds instead of "
           "tax increases."),
    _dated("offer-2", 3, "GOP senators make new infrastructure offer as talks stall",
           "A group of Republican senators made a new infrastructure offer worth $928 billion. "
           "Democrats said the counteroffer still falls short of the president's plan."),
    _dated("offer-3", 3, "Republicans put $928 billion infrastructure package on the table",
           "Republican negotiators presented a $928 billion infrastructure counteroffer to the "
           "White House on Thursday, paid for by repurposed relief money."),
]


def test_a_running_storys_next_happening_is_an_event_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Five days after the offer, the talks are abandoned: the same story, another
    # happening, reported by three outlets that day.
    abandoned = [
        _dated("ended-1", 8, "Biden abandons infrastructure talks with Capito",
               "President Biden ended his infrastructure negotiations with Senator Shelley "
               "Capito on Tuesday after weeks without agreement. He will now court a "
               "bipartisan group of senators."),
        _dated("ended-2", 8, "Biden-GOP infrastructure talks collapse",
               "The White House walked away from talks with Senate Republicans, saying the "
               "sides remained too far apart. Biden called Capito to tell her the talks were "
               "over."),
        _dated("ended-3", 8, "White House ends infrastructure talks with Republicans",
               "Biden broke off infrastructure talks with the Republican group on Tuesday and "
               "turned to a bipartisan group of senators instead."),
    ]
    offer = {a.id for a in INFRASTRUCTURE_OFFER}
    ended = {a.id for a in abandoned}
    articles = INFRASTRUCTURE_OFFER + abandoned
    assert partition(cluster_articles(articles)) == {frozenset(offer), frozenset(ended)}
    # Words alone keep them together: the split by day, or the lower bar for halves
    # apart in time, is what tells them apart.
    monkeypatch.setattr(group, "APART_SPLIT_RATIO", group.SPLIT_RATIO)
    assert partition(cluster_articles(articles)) == {frozenset(offer), frozenset(ended)}
    monkeypatch.setattr(group, "DAY_SPLIT_RATIO", 0.0)
    assert partition(cluster_articles(articles)) == {frozenset(offer | ended)}


def test_a_next_happening_reported_over_days_is_an_event_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The offer's reports arrive over three days, then the talks' end over the next
    # three: no first day holds either story, so the day split cannot see them; the
    # halves of the group are apart in time, which lowers the bar of the split.
    offer = [a.model_copy(update={"published": date(2025, 3, 3 + k)})
             for k, a in enumerate(INFRASTRUCTURE_OFFER)]
    ended = [_dated(f"ended-{k}", 6 + k, title, text) for k, (title, text) in enumerate([
        ("Biden abandons infrastructure talks with Capito",
         "President Biden ended his infrastructure negotiations with Senator Shelley Capito "
         "on Tuesday after weeks without agreement. He will now court a bipartisan group of "
         "senators."),
        ("Biden-GOP infrastructure talks collapse",
         "The White House walked away from talks with Senate Republicans, saying the sides "
         "remained too far apart. Biden called Capito to tell her the talks were over."),
        ("White House ends infrastructure talks with Republicans",
         "Biden broke off infrastructure talks with the Republican group on Tuesday and "
         "turned to a bipartisan group of senators instead."),
    ])]
    two = {frozenset(a.id for a in offer), frozenset(a.id for a in ended)}
    assert partition(cluster_articles(offer + ended)) == two
    monkeypatch.setattr(group, "APART_SPLIT_RATIO", group.SPLIT_RATIO)
    assert partition(cluster_articles(offer + ended)) == {frozenset().union(*two)}


def test_follow_ups_of_the_same_happening_days_later_stay_in_its_event() -> None:
    follow_ups = [
        _dated("later-1", 5, "Republicans defend $928 billion infrastructure counteroffer",
               "Senate Republicans defended their $928 billion infrastructure counteroffer "
               "to the White House, which relies on unspent pandemic relief funds."),
        _dated("later-2", 6, "GOP infrastructure offer of $928 billion awaits White House reply",
               "The $928 billion infrastructure counteroffer from Republican senators awaits "
               "a reply from the White House; it is paid for with relief money, not tax "
               "increases."),
    ]
    articles = INFRASTRUCTURE_OFFER + follow_ups
    assert partition(cluster_articles(articles)) == {frozenset(a.id for a in articles)}

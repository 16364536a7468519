"""Positions: the *Who* column names who holds the position, as the claim says."""

from __future__ import annotations

import pytest

from brief.analyse.positions import MAX_ROWS, positions
from brief.schema import Article, FactOut
from brief.text import split_sentences
from brief.verify.spans import verify_fact


def rows_of(*sentences: str) -> list[tuple[str, str]]:
    text = " ".join(sentences)
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    split = split_sentences(text)
    assert len(split) == len(sentences)
    facts = [verify_fact(FactOut(sentence=n, claim=claim), article, split)
             for n, claim in enumerate(sentences, 1)]
    assert [f.status for f in facts] == ["verified"] * len(facts)
    return [(row.actor, row.position) for row in positions(facts, {"a1": article})]


@pytest.mark.parametrize(("sentence", "who"), [
    # the subject, not the day the claim mentions before its stance verb
    ("Schumer introduced draft legislation on Wednesday that would decriminalize marijuana "
     "at the federal level.", "Schumer"),
    # not the act the claim names after its subject
    ("Chuck Schumer is presenting the Cannabis Administration and Opportunity Act, which is "
     "also backed by Sens. Cory Booker and Ron Wyden.", "Chuck Schumer"),
    # a title and a party tag are not the name
    ("Senate Majority Leader Chuck Schumer (D-N.Y.) has been working for months to generate "
     "support for repealing the federal ban.", "Chuck Schumer"),
    ("In Kyiv, Prime Minister Mark Carney did not rule out deploying Canadian troops.",
     "Mark Carney"),
    ("After meeting Zelensky, Carney pledged two billion dollars in military aid.", "Carney"),
    ("Defense Minister Bill Blair said Canada would send 200 engineers.", "Bill Blair"),
    ("Britain and France will lead the multinational force.", "Britain and France"),
    ("The FDA and CDC said that people who are fully vaccinated are protected.",
     "FDA and CDC"),
    ("Fully vaccinated people do not need a booster shot, the Food and Drug Administration "
     "and the Centers for Disease Control and Prevention said.",
     "Food and Drug Administration and the Centers for Disease Control and Prevention"),
    ("The peace deal will hold, said Keir Starmer.", "Keir Starmer"),
    # who a name stands before
    ("You do not need a booster shot against the Delta variant, the US government says.",
     "US government"),
    ("Republican lawmakers and activists pledged to fight the plan.", "Republican lawmakers"),
    # who threatened, not who the threat is about
    ("McDaniel laid out a slate of changes she believes must be made and threatened that "
     "Republicans will be advised to boycott CPD-hosted debates if they are not.", "McDaniel"),
    # not the object after a preposition and its article
    ("President Joe Biden joked that people who think they needed guns to take on the US "
     "government would actually need nuclear weapons.", "Joe Biden"),
    ("Carney stressed reinforcing Ukraine’s military capabilities, suggesting that more "
     "support would be essential.", "Carney"),
])
def test_the_actor_is_who_holds_the_position(sentence: str, who: str) -> None:
    assert rows_of(sentence) == [(who, sentence)]


def test_a_person_named_in_full_and_by_surname_is_one_actor() -> None:
    first = "Prime Minister Mark Carney said Canada is ready to send troops."
    second = "Carney also pledged to keep sanctions on Russia."
    third = "The White House wants a ceasefire plan by April 20."
    assert rows_of(first, third, second) == [
        ("Mark Carney", first), ("Mark Carney", second), ("White House", third)]


def test_a_claim_that_names_no_one_holds_no_position() -> None:
    assert rows_of("It is expected to rain heavily on Monday across the region.") == []
    # who is told they need no booster is not who said so
    assert rows_of("Two federal agencies said Americans do not need a booster dose.") == []
    # "Democratic-backed" is a description, not who backs it
    assert rows_of("The notion of Democratic-backed text surveillance spread online.") == []


def test_the_subject_of_a_relative_clause_holds_its_stance() -> None:
    sentence = ("Blair's comments echo those of other Western leaders, including U.K. Prime "
                "Minister Keir Starmer, who has urged Washington to provide a backstop.")
    assert rows_of(sentence) == [("Keir Starmer", sentence)]


def test_decisions_are_kept_before_what_was_merely_said() -> None:
    said = [f"Official {chr(65 + i)}bel said the talks were useful." for i in range(MAX_ROWS)]
    decided = "Later, Trump ruled out deploying American ground forces."
    rows = rows_of(*said, decided)
    assert len(rows) == MAX_ROWS and ("Trump", decided) in rows


def test_a_row_states_its_sentence_as_written_where_the_claim_says_more() -> None:
    """A claim that says more than its span (brief check fails a line whose cited text
    holds less than two thirds of its words) gives its row the sentence as written; no
    row names a contraction's first word ("That's the news," announced the mayor)."""
    said = "Remote instruction kept students safe over the last year, analyst Jane Doe said."
    text = f"“That’s the news,” announced the mayor. {said}"
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    split = split_sentences(text)
    facts = [verify_fact(FactOut(sentence=n, claim=claim), article, split) for n, claim in [
        (1, "“That’s the news,” announced the mayor."),
        (2, "Analyst Jane Doe said remote instruction kept students safe, even as parents, "
            "teachers and principals complained about isolation and lost learning.")]]
    assert [f.status for f in facts] == ["verified", "verified"]
    assert [(r.actor, r.position) for r in positions(facts, {"a1": article})] == [
        ("Jane Doe", said)]


def test_no_row_for_a_sentence_whose_first_word_is_no_one() -> None:
    """A sentence that opens with a preposition names no one by its first word."""
    assert rows_of("For all the talk among Democrats of Biden assembling a legacy, the moment "
                   "was always going to come when his agenda would hit the blockade.") == []

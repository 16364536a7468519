"""Verify: alignment to offsets and the claim-against-span checks."""

from __future__ import annotations

import pytest

from brief.schema import Article, FactOut, FigureOut
from brief.text import split_sentences
from brief.verify import align_quote, check_claim, verify_fact

TEXT = (
    "\u201cCanada is ready and able to make a contribution to that force,\u201d Blair said "
    "on March 5 during a defense conference in Ottawa.\n"
    "A preliminary meeting of senior military commanders from 28 nations was held last "
    "week in the United Kingdom.\n"
    "The Kremlin has consistently maintained that it will not accept Western troops."
)
ARTICLE = Article(id="a1", content_hash="h", text=TEXT, path="x.txt", ingested_at="t")


@pytest.mark.parametrize(("quote", "method"), [
    ("Canada is ready and able to make a contribution", "exact"),
    ('"canada is ready and able  to make a contribution"', "normalised"),
    ("Canada is redy and able to make a contribution to the force", "fuzzy"),
])
def test_align_quote(quote: str, method: str) -> None:
    found = align_quote(quote, TEXT)
    assert found is not None
    start, end, how = found
    assert how == method
    assert TEXT[start:end].lower().startswith("canada is ready")


def test_align_quote_not_in_text() -> None:
    assert align_quote("Canada will send 5,000 troops to Kyiv", TEXT) is None


def fact(claim: str, ids: list[int], *, quote: str = "", actors: list[str] | None = None,
         figures: list[FigureOut] | None = None) -> FactOut:
    return FactOut(sentence_ids=ids, quote=quote, claim=claim, kind="statement",
                   actors=actors or [], figures=figures or [], time="")


@pytest.mark.parametrize(("claim", "ids", "actors", "status", "reason"), [
    ("Commanders from 28 nations met in the United Kingdom.", [2], [], "verified", None),
    ("Commanders from 30 nations met in the United Kingdom.", [2], [], "unsupported",
     "figure 30 is not in the cited text"),
    ("Blair said Canada is ready to contribute to the force.", [1], ["Bill Blair", "Canada"],
     "verified", None),
    ("Starmer said Canada is ready to contribute.", [1], ["Keir Starmer"], "unsupported",
     "'Keir Starmer' does not appear in the article"),
    ("Blair said Canada is not ready to contribute.", [1], ["Blair"], "unsupported",
     "the claim is negated but the cited text is not"),
    ("The Kremlin will not accept Western troops.", [3], ["Kremlin"], "verified", None),
    ("The Kremlin will not accept Western troops.", [3], ["Blair"], "partial",
     "'Blair' is named in the article but not near the span"),
    ("Commanders met.", [9], [], "unsupported", "cites sentence(s) [9]"),
])
def test_claim_against_cited_sentences(claim: str, ids: list[int], actors: list[str],
                                       status: str, reason: str | None) -> None:
    checked = verify_fact(fact(claim, ids, actors=actors), ARTICLE, split_sentences(TEXT))
    assert checked.status == status
    if reason:
        assert any(reason in r for r in checked.reasons), checked.reasons
    else:
        assert checked.reasons == []


def test_span_offsets_point_at_the_cited_sentence() -> None:
    checked = verify_fact(fact("Commanders from 28 nations met.", [2]), ARTICLE,
                          split_sentences(TEXT))
    [span] = checked.spans
    assert TEXT[span.start:span.end] == span.quote
    assert span.quote.startswith("A preliminary meeting") and span.quote.endswith("Kingdom.")


def test_a_quote_not_in_the_article_is_unsupported_even_with_valid_ids() -> None:
    checked = verify_fact(fact("Canada will deploy troops.", [1],
                               quote="Canada will deploy troops next month"),
                          ARTICLE, split_sentences(TEXT))
    assert checked.status == "unsupported"
    assert "the quote is not found in the article" in checked.reasons


def test_a_listed_figure_must_be_in_the_span() -> None:
    checked = verify_fact(fact("Commanders met in the United Kingdom.", [2],
                               figures=[FigureOut(value="45", unit="nations")]),
                          ARTICLE, split_sentences(TEXT))
    assert checked.status == "unsupported"
    assert "figure 45 nations is not in the cited text" in checked.reasons


def test_check_claim_accepts_a_name_by_stem_and_alias() -> None:
    finding = check_claim("Canadian officials and the United States agreed.", ["Canada"],
                          "Canada and the U.S. agreed.", "", "")
    assert finding.fatal == [] and finding.minor == []

"""Who says it: the speaker a key figure, a quotation or a position is given."""

from __future__ import annotations

from datetime import date

import pytest

from brief.analyse.figures import key_figures
from brief.schema import Article, Event
from brief.verify.speakers import speaker_near


@pytest.mark.parametrize(("text", "who"), [
    # the name, not the weekday after it, and without the title before it
    ("Gov. Maria Lopez on Tuesday declared a state of emergency over the floods.",
     "Maria Lopez"),
    ("Gov. Maria T. Lopez declared a state of emergency and committed $40 million.",
     "Maria T. Lopez"),
    ("Party chair Dana Reyes Monday warned that members may skip the debates.", "Dana Reyes"),
    ("Senate Republicans Thursday said they would not back the plan.", "Senate Republicans"),
    # a weekday or a month after "said" is when, not who
    ("Age limits on rifle sales are unconstitutional, an appeals court said Tuesday.", ""),
    ("Officials said on Friday that 1,200 names will be removed from the rolls.", "Officials"),
    # a descriptor between the name and the verb
    ("“We will build the wall,” Abbott, a Republican, said at a news conference.", "Abbott"),
    ("Senate leader Tom Harlan of Ohio said Thursday he hopes all members oppose it.",
     "Tom Harlan"),
    ("Jo Park, the former mayor, a lawyer and an author, said she is running.", "Jo Park"),
    # every word of the name after the last title, however many ("Sen.", "Mayor")
    ("“We will keep talking,” said Republican Sen. Dana Lee Moore of Ohio.", "Dana Lee Moore"),
    ("Ten were found, County Mayor Ana Levine Cruz said as she announced the count.",
     "Ana Levine Cruz"),
    # a party or a role at the end describes someone and names no one
    ("The moderate Ohio Democrat wrote that the bill would divide the country.", ""),
    ("The top House Republican said Tuesday he won’t support the commission.", ""),
    # an institution keeps its name; a publication named after "according to" too
    ("The National Interagency Fire Center says 55 large fires have burned.",
     "National Interagency Fire Center"),
    ("Openings rose to 9.3 million, according to the Bureau of Labor Statistics' Job "
     "Openings and Labor Turnover Survey.", "Bureau of Labor Statistics"),
    ("Cases rose 40 percent, according to the Centers for Disease Control and Prevention.",
     "Centers for Disease Control and Prevention"),
    ("Claims fell to 385,000, the Department of Labor said Thursday.", "Department of Labor"),
    ("Beef prices rose by a fifth, according to The Wall Street Journal.",
     "Wall Street Journal"),
    ("Sales reached 9.3 million, according to Grant University data.", "Grant University"),
    # the full stop of the sentence is not part of the name
    ("“I resign,” tweeted Italiano.", "Italiano"),
    # a place, a listener, a possessive or an object is not the speaker
    ("Senators leaving a session at the Capitol said the group had agreed.", ""),
    ("Rogers, 62, debated leaving, he told Channel Nine’s Ed Lane.", ""),
    ("About 135,000 votes were added into the Board's software for testing.", ""),
    ("Two federal agencies said Americans do not need a third dose.", ""),
    # a former official of an institution speaks for themselves, not for it
    ("The former acting director for the Centers for Disease Control and Prevention said "
     "people are not getting their second dose.", ""),
    ("A spokesman for the Department of Labor said claims fell.", "Department of Labor"),
    ("The country added 559,000 jobs in May as the pandemic receded.", ""),
    ("Israel continued to strike targets in the city throughout the day.", ""),
    # a column's present tense is speech too
    ("“The city is quite invested in delay,” warns Ana Ruiz of the Urban Institute.",
     "Ana Ruiz of the Urban Institute"),
    ("“Perhaps the plan is not the best idea,” Moore writes in a tweet.", "Moore"),
    # a name cut off by an ellipsis is no name
    ("Two in three adults have had a dose, according to the Centers...", ""),
    # after a rejected place, the speaker named further on
    ("She will create a committee on the attack on the Capitol, her deputy, Drew Hale, said.",
     "Drew Hale"),
    # a party tag after the name
    ("“We must act now,” said Rep. Edward J. Marks (D-Mass.), chairman of the committee.",
     "Edward J. Marks"),
])
def test_the_speaker_is_the_one_the_sentence_names(text: str, who: str) -> None:
    assert speaker_near(text, 0, neighbours=False) == who


@pytest.mark.parametrize(("text", "quote", "who"), [
    # a quotation on its own is said by whoever the next sentence names ...
    ("The talks ended. \u201cWe will keep building that bench.\u201d Carney said it twice.",
     "We will", "Carney"),
    # ... but one whose sentence says who spoke is not: the sentence before may name them
    ("Officials met on Friday. The evening press release said Americans were \u201cprotected "
     "from severe disease.\u201d Pfizer and BioNTech SE said they would seek a booster.",
     "protected", ""),
    ("Salazar spoke first. \u201cBy rolling this back, we protect the species,\u201d Salazar "
     "said. \u201cScience must serve as the foundation,\u201d he said. \u201cWe agree,\u201d "
     "Locke said.", "Science", "Salazar"),
])
def test_a_quotation_is_given_the_speaker_its_sentence_or_a_neighbour_names(
        text: str, quote: str, who: str) -> None:
    assert speaker_near(text, text.index(quote)) == who


def test_a_key_figure_is_not_said_by_a_weekday() -> None:
    text = ("Gov. Maria Lopez on Tuesday declared a state of emergency and announced "
            "$38 million in new spending to stop the surge in shootings.")
    article = Article(id="a", content_hash="a", text=text, path="a.txt", ingested_at="t",
                      published=date(2026, 1, 6), outlet="Daily")
    rows = key_figures([Event("e", "T", ["a"])], {"a": article}, [], {})
    assert [(r.figure, r.who) for r in rows] == [("$38 million", "Maria Lopez")]

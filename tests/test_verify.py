"""Verify: alignment to offsets and the claim-against-span checks."""

from __future__ import annotations

import pytest

from brief.schema import Article, FactOut
from brief.text import split_sentences
from brief.verify.spans import align_quote, check_claim, verify_fact

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


def fact(claim: str, sentence: int) -> FactOut:
    return FactOut(sentence=sentence, claim=claim)


@pytest.mark.parametrize(("claim", "sentence", "status", "reason"), [
    ("Commanders from 28 nations met in the United Kingdom.", 2, "verified", None),
    ("Commanders from 30 nations met in the United Kingdom.", 2, "unsupported",
     "figure 30 is not in the cited text"),
    ("Blair said Canada is ready to contribute to the force.", 1, "verified", None),
    # A title the article never gives him: the defence conference is not a portfolio.
    ("Defence minister Blair said Canada is ready to contribute to the force.", 1,
     "unsupported", "the claim calls Blair 'Defence minister', which the article does not"),
    ("Blair, a Canadian politician, said Canada is ready to contribute to the force.", 1,
     "unsupported", "the claim calls Blair 'a Canadian politician'"),
    # An occupation the article never gives him, and one joined by "and".
    ("Blair, the host of the conference, said Canada is ready to contribute to the force.",
     1, "unsupported", "the claim calls Blair 'the host of the conference'"),
    ("Blair, a Canadian actor and activist, said Canada is ready to contribute.", 1,
     "unsupported", "the claim calls Blair 'a Canadian actor and activist'"),
    # Quoted words stated as fact, with no one saying them.
    ("Canada is ready and able to make a contribution to that force.", 1, "unsupported",
     "the claim states quoted words as fact"),
    ("Keir Starmer said Canada is ready to contribute.", 1, "unsupported",
     "'Keir Starmer' does not appear in the article"),
    ("Blair said Canada is not ready to contribute.", 1, "unsupported",
     "the claim is negated but the cited text is not"),
    ("The Kremlin will not accept Western troops.", 3, "verified", None),
    ("The Kremlin told Blair it will not accept Western troops.", 3, "partial",
     "'Blair' is named in the article but not in the span"),
    ("Officials resigned in protest.", 9, "unsupported",
     "cites sentence 9, which the article does not have"),
])
def test_claim_against_its_sentence(claim: str, sentence: int, status: str,
                                    reason: str | None) -> None:
    checked = verify_fact(fact(claim, sentence), ARTICLE, split_sentences(TEXT))
    assert checked.status == status
    if reason:
        assert any(reason in r for r in checked.reasons), checked.reasons
    else:
        assert checked.reasons == []


PARTY = ("Activist Rose Smith says the Democratic Party is a cult, and Democrats are in one.\n"
         "Democratic Sen. Mark Kelly said the bill failed.\n"
         "President Joe Biden spoke on Monday.")


@pytest.mark.parametrize(("claim", "sentence", "reason"), [
    # "Democratic" names the party she speaks of, not her
    ("Rose Smith, a Democratic activist, says the Democratic Party is a cult.", 1,
     "('democratic' is not in its words about Smith)"),
    # nor "Democrats", the party's members she speaks of
    ("Rose Smith, a Democratic activist, says Democrats are in a cult.", 1,
     "('democratic' is not in its words about Smith)"),
    ("Rose Smith, an activist, says Democrats are in a cult.", 1, None),
    # a name that runs on into a title, or into the person's own name, describes them
    ("Kelly, a Democratic senator, said the bill failed.", 2, None),
    ("President Biden spoke on Monday.", 3, None),
])
def test_a_descriptor_is_not_the_first_word_of_another_name(
        claim: str, sentence: int, reason: str | None) -> None:
    article = Article(id="a2", content_hash="h", text=PARTY, path="x.txt", ingested_at="t")
    checked = verify_fact(fact(claim, sentence), article, split_sentences(PARTY))
    if reason:
        assert checked.status == "unsupported"
        assert any(reason in r for r in checked.reasons), checked.reasons
    else:
        assert checked.status == "verified", checked.reasons


OFFICE = ("When Vice President Kamala Harris finally made the decision to visit the border "
          "last week, people inside her own office were blindsided by the news.\n"
          "Tina Flournoy, the chief of staff for Vice President Kamala Harris, has "
          "established a reputation as a tough gatekeeper.\n"
          "As Vice President Kamala Harris contends with intense scrutiny over her handling "
          "of the border crisis, members of her staff are experiencing low morale.")


@pytest.mark.parametrize(("claim", "spans", "reason"), [
    # every word is the span's, but the blindsided were her staff
    ("Vice President Kamala Harris was blindsided by the news.", [0],
     "the claim gives Vice President Kamala Harris what the cited text gives another "
     "('people inside her own office were …')"),
    ("People inside her own office were blindsided by the news.", [0], None),
    ("Harris finally made the decision to visit the border last week.", [0], None),
    # one span names her, the other says the scrutiny is Harris's
    ("Tina Flournoy, the chief of staff for Vice President Kamala Harris, is facing intense "
     "scrutiny over her handling of the border crisis.", [1, 2],
     "the claim gives Tina Flournoy what the cited text gives another ('As Vice President "
     "Kamala Harris contends with …')"),
    ("Vice President Kamala Harris contends with intense scrutiny over her handling of the "
     "border crisis.", [2], None),
])
def test_a_claim_does_not_give_its_subject_what_the_span_says_of_another(
        claim: str, spans: list[int], reason: str | None) -> None:
    lines = OFFICE.split("\n")
    span = "\n".join(lines[k] for k in spans)
    finding = check_claim(claim, [], span, span, OFFICE, share=0.5)
    if reason:
        assert reason in finding.fatal, finding.fatal
    else:
        assert not [m for m in finding.fatal if "gives another" in m], finding.fatal


def test_span_offsets_point_at_the_cited_sentence() -> None:
    checked = verify_fact(fact("Commanders from 28 nations met.", 2), ARTICLE,
                          split_sentences(TEXT))
    [span] = checked.spans
    assert TEXT[span.start:span.end] == span.quote
    assert span.quote.startswith("A preliminary meeting") and span.quote.endswith("Kingdom.")


def test_a_miscounted_sentence_is_re_anchored_only_if_the_claim_holds_there() -> None:
    sentences = split_sentences(TEXT)
    moved = verify_fact(fact("Commanders from 28 nations met in the United Kingdom.", 3),
                        ARTICLE, sentences)
    assert moved.status == "verified"
    assert moved.sentence_ids == [2] and moved.alignment == "fuzzy"
    assert "cited sentence 3; found at sentence 2" in moved.reasons
    wrong = verify_fact(fact("Commanders from 28 nations met in France.", 3), ARTICLE, sentences)
    assert wrong.status == "unsupported"
    assert wrong.sentence_ids == [3]


def test_actors_figures_and_time_are_read_off_the_claim_and_span() -> None:
    checked = verify_fact(
        fact("Commanders from 28 nations met in the United Kingdom last week.", 2),
        ARTICLE, split_sentences(TEXT))
    assert checked.actors == ["United Kingdom"]
    assert [(f.value, f.unit) for f in checked.figures] == [("28", "nations")]
    assert checked.time == "last week"


def test_check_claim_accepts_a_name_by_stem_and_alias() -> None:
    finding = check_claim("Canadian officials and the United States agreed.", ["Canada"],
                          "Canada's officials and the U.S. agreed.", "", "")
    assert finding.fatal == [] and finding.minor == []


HEARING = ("Jane Roe, the inspector general, appeared before the Senate committee on Tuesday.\n"
           "She told senators the agency had missed 14 of its 20 deadlines.\n"
           "The committee will vote on the bill next week.")


@pytest.mark.parametrize(("claim", "sentence", "status"), [
    # The witness is named a sentence earlier; "She" in the span is her.
    ("Jane Roe told senators the agency had missed 14 of its 20 deadlines.", 2, "verified"),
    # A name the span does not refer back to is still held back.
    ("Jane Roe said the committee will vote on the bill next week.", 3, "partial"),
])
def test_a_name_the_article_gives_the_spans_subject_may_stand(claim: str, sentence: int,
                                                               status: str) -> None:
    article = Article(id="h1", content_hash="h", text=HEARING, path="h.txt", ingested_at="t")
    checked = verify_fact(fact(claim, sentence), article, split_sentences(HEARING))
    assert checked.status == status, checked.reasons


OFFER = ("The offer was made to Republican Sen. Capito as part of the bipartisan negotiations "
         "and did not reflect a change in Biden's overall vision for funding infrastructure.")
REVISED = ("Biden signaled he would be open to significant revisions on the size of his "
           "infrastructure package in order to win Republican support.")
SHORTAGE = ("A growing number of gas stations are without fuel as nervous drivers fill up "
            "their tanks following a ransomware attack that shut down the Colonial Pipeline.")


@pytest.mark.parametrize(("sentence", "held"), [
    # two spans blended: the second's negated phrase taken over without its "not"
    ("Biden's infrastructure package is a significant revision to his overall vision for "
     "funding infrastructure.", True),
    ("Biden signaled he would be open to significant revisions on the size of his "
     "infrastructure package.", False),
    # a phrase after the negated words' own clause is not negated ("without fuel as …")
    ("Gas stations face shortages after a ransomware attack shut down the Colonial "
     "Pipeline.", False),
])
def test_a_sentence_that_drops_the_negation_of_a_phrase_it_takes_over_is_held(
        sentence: str, held: bool) -> None:
    from brief.verify.spans import sentence_problems

    arts = {aid: Article(id=aid, content_hash=aid, text=text, path=f"{aid}.txt",
                         ingested_at="t")
            for aid, text in (("a", OFFER), ("b", REVISED), ("c", SHORTAGE))}
    facts = [verify_fact(FactOut(sentence=1, claim=a.text), a, split_sentences(a.text))
             for a in arts.values()]
    problems = sentence_problems(sentence, facts, arts)
    assert any("negated" in p for p in problems) is held, problems


@pytest.mark.parametrize(("claim", "held"), [
    # "apparently" is a hedge: a death the sources call an apparent suicide is not one
    ("John McAfee hanged himself in a Spanish jail cell on Wednesday.", True),
    ("John McAfee apparently hanged himself in a Spanish jail cell on Wednesday.", False),
])
def test_an_apparent_fact_is_not_stated_as_certain(claim: str, held: bool) -> None:
    from brief.verify.spans import sentence_problems

    text = ("Antivirus software tycoon John McAfee apparently hanged himself in a Spanish "
            "jail cell on Wednesday, hours after a court ruled he would be extradited.")
    article = Article(id="a", content_hash="a", text=text, path="a.txt", ingested_at="t")
    fact = verify_fact(FactOut(sentence=1, claim=text), article, split_sentences(text))
    problems = sentence_problems(claim, [fact], {"a": article})
    assert any("hedges ('apparently')" in p for p in problems) is held, problems


@pytest.mark.parametrize(("claim", "span", "held"), [
    # the acronym of the name the span spells out
    ("The FDA updated the label on the vaccine on Monday.",
     "The US Food and Drug Administration updated the label on the vaccine on Monday.", False),
    ("The CDC eased its mask guidance on Thursday.",
     "The Centers for Disease Control and Prevention eased its mask guidance on Thursday.",
     False),
    # an acronym the span does not spell out is another name
    ("The FBI eased its mask guidance on Thursday.",
     "The Centers for Disease Control and Prevention eased its mask guidance on Thursday.",
     True),
    # a sentence's first word the article also writes in lower case is no name
    ("Consumer prices increased 0.8 percent from March to April.",
     "From March to April, prices increased 0.8 percent.", False),
])
def test_a_name_the_span_gives_in_other_letters(claim: str, span: str, held: bool) -> None:
    article = (f"{span} The FBI and the Consumer Price Index are named elsewhere, as is the "
               "FDA, and consumer prices.")
    finding = check_claim(claim, [], span, span, article)
    assert bool(finding.fatal or finding.minor) is held, (finding.fatal, finding.minor)


FDA = ("A COVID-19 vaccine made by Pfizer and its German partner, BioNTech, is safe and "
       "effective enough to give to younger teens, the Food and Drug Administration said "
       "Monday in authorizing its use. The bill, which the House passed in May, was signed "
       "by the governor on Friday.")


@pytest.mark.parametrize(("claim", "held"), [
    # authorized the vaccine's use, not Pfizer to make it
    ("The Food and Drug Administration authorized Pfizer and its German partner, BioNTech, "
     "to make a COVID-19 vaccine for younger teens.", True),
    ("The Food and Drug Administration authorized its use for younger teens.", False),
    ("The governor signed the bill on Friday.", False),
    ("The House passed the bill in May.", False),
])
def test_a_claim_keeps_what_a_decision_falls_on(claim: str, held: bool) -> None:
    assert bool(_held(claim, FDA, FDA, "decision falls on")) == held


def _held(claim: str, cited: str, article: str, reason: str) -> list[str]:
    """The reasons `claim`, citing `cited` of `article`, is held back for that say `reason`."""
    finding = check_claim(claim, [], cited, cited, article, share=0.5)
    return [m for m in finding.fatal + finding.minor if reason in m]


LEDE = ("It felt like a gut punch.\n"
        "That's how South Dakota small business owner Laurie Cox described how she felt when "
        "news broke that TC Energy pulled the plug on the Keystone XL pipeline.\n"
        "The decision to walk away from the $8 billion project was confirmed Wednesday.")


@pytest.mark.parametrize(("claim", "span", "held"), [
    # the next sentence says whose words these are
    ("It felt like a gut punch.", 0, True),
    ("For Laurie Cox it felt like a gut punch.", 0, False),
    ("The decision to walk away from the $8 billion project was confirmed Wednesday.", 2,
     False),
])
def test_words_the_next_sentence_gives_to_someone_name_them(
        claim: str, span: int, held: bool) -> None:
    cited = LEDE.split("\n")[span]
    assert bool(_held(claim, cited, LEDE, "the words are someone's")) == held


GOVERNMENT = ("This new government does not include former Prime Minister Benjamin Netanyahu "
              "or his Likud Party. The coalition led by Naftali Bennett was sworn in on "
              "Sunday. Prosecutors had asked U.S. District Judge Ann Lee in Manhattan to "
              "direct the court clerk to remove him as a defendant. Biden appeared to "
              "threaten the gun owners by alluding to the military's firepower. The entire "
              "excursion was a fiasco in just about every possible way.")


@pytest.mark.parametrize(("claim", "held"), [
    # who led it: the span says he is left out, not that he leads it
    ("The new government, led by Benjamin Netanyahu, does not include his Likud Party.",
     "does not say of Netanyahu"),
    ("The coalition, led by Naftali Bennett, was sworn in on Sunday.", None),
    # what a judge was asked to do is not what she did, nor a sentence without the asking
    ("Judge Ann Lee directed the court clerk to remove him as a defendant.",
     "was asked to direct"),
    ("U.S. District Judge Ann Lee in Manhattan to direct the court clerk to remove him as a "
     "defendant.", "was asked to direct"),
    ("Prosecutors called on Judge Ann Lee to direct the court clerk to remove him as a "
     "defendant.", None),
    # "appeared to threaten" is not "threatened"
    ("Biden threatened the gun owners by alluding to the military's firepower.",
     "hedges ('appeared to')"),
    ("Biden appeared to threaten the gun owners by alluding to the military's firepower.",
     None),
    # a column's verdict in plain words
    ("The entire excursion was a fiasco in just about every possible way.", "('fiasco')"),
])
def test_a_claim_keeps_who_did_what_and_how_surely(claim: str, held: str | None) -> None:
    # any reason at all where none is expected: nothing else holds these back either
    assert bool(_held(claim, GOVERNMENT, GOVERNMENT, held or "")) == bool(held)


@pytest.mark.parametrize(("sentence", "held"), [
    # the brief may say what its fact says: the witness by the name and title the
    # sentence before the span gives her
    ("Inspector General Jane Roe told senators the agency had missed 14 of its 20 "
     "deadlines.", False),
    ("Jane Roe told senators the agency had missed 14 of its 20 deadlines.", False),
    # ... but not a title the article never gives her
    ("Treasury Secretary Jane Roe told senators the agency had missed 14 of its 20 "
     "deadlines.", True),
])
def test_a_sentence_may_name_the_spans_subject_as_its_fact_does(sentence: str,
                                                                 held: bool) -> None:
    from brief.verify.spans import sentence_problems

    article = Article(id="h1", content_hash="h", text=HEARING, path="h.txt", ingested_at="t")
    checked = verify_fact(fact(sentence, 2), article, split_sentences(HEARING))
    assert (checked.status == "unsupported") is held, checked.reasons
    assert bool(sentence_problems(sentence, [checked], {"h1": article})) is held

"""Positions: the *Who* column names who holds the position, as the claim says."""

from __future__ import annotations

import pytest

from brief.analyse.positions import MAX_ROWS, positions
from brief.analyse.watch import what_to_watch
from brief.schema import Article, FactOut
from brief.text import split_sentences
from brief.verify.spans import verify_fact


def rows_of(*sentences: str, context: str = "") -> list[tuple[str, str]]:
    """The rows of an article of these sentences, each a fact; `context` is a further
    sentence of the article that is not one."""
    text = " ".join([*sentences, context]).strip()
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    split = split_sentences(text)
    assert len(split) == len(sentences) + bool(context)
    facts = [verify_fact(FactOut(sentence=n, claim=claim), article, split)
             for n, claim in enumerate(sentences, 1)]
    assert [f.status for f in facts] == ["verified"] * len(facts)
    return [(row.actor, row.position) for row in positions(facts, {"a1": article})]


# The article names them inside a sentence too: a word that only opens sentences may be
# no name ("History will tell"; test_no_row_names_someone_who_holds_no_position).
NAMED_ELSEWHERE = ("The plan was drafted by Senate leader Chuck Schumer and is opposed by "
                   "Republican lawmakers.")


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
    # who claims, not who the claim says praised something
    ("Nicolle Wallace claimed that the speech, in which Scott praised the vaccines, was "
     "delivered from another planet.", "Nicolle Wallace"),
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
    # the subject after an opening that ends on an object
    ("Compared to the proposal offered by Mr. Biden, Republican senators said the plan was "
     "leaner.", "Republican senators"),
    ("Carney stressed reinforcing Ukraine’s military capabilities, suggesting that more "
     "support would be essential.", "Carney"),
    # a refusal and a declaration are positions
    ("The Supreme Court on Monday declined to take up a case over a school board’s policy.",
     "Supreme Court"),
    ("Gov. Ron DeSantis on Thursday declared a state of emergency in Miami-Dade County.",
     "Ron DeSantis"),
    # a newsroom reports the position; it does not hold it
    ("The European Union on Wednesday agreed on a proposal to relax travel restrictions, "
     "according to the Associated Press.", "European Union"),
    ("The president plans to keep urging Congress to set up its own committee, White House "
     "officials said according to Axios.", "White House officials"),
])
def test_the_actor_is_who_holds_the_position(sentence: str, who: str) -> None:
    assert rows_of(sentence, context=NAMED_ELSEWHERE) == [(who, sentence)]


@pytest.mark.parametrize(("sentence", "who"), [
    # who is said to speak, named with an initial, a suffix or a party tag
    ("Lawrence J. Korb, a former assistant secretary of defense, said in an interview that "
     "the airstrikes were a warning to Tehran.", "Lawrence J. Korb"),
    ("“Republicans and Democrats have come together, and we’ve agreed on a framework,” "
     "Sen. Mitt Romney (R-Utah) told reporters.", "Mitt Romney"),
    ("The judge, James E. Boasberg of the U.S. District Court for the District of Columbia, "
     "said the case was filed too late.", "James E. Boasberg"),
    ("Mr. Biden said the military mission would end on Aug. 31.", "Biden"),
    ("Ronna Romney McDaniel warned she may advise candidates against joining the debates.",
     "Ronna Romney McDaniel"),
    # a title or descriptor is not the name
    ("Journalist Nikole Hannah-Jones on Tuesday announced she will join Howard University.",
     "Nikole Hannah-Jones"),
    ("President-elect Ebrahim Raisi rejected meeting President Joe Biden.", "Ebrahim Raisi"),
    # "she announced": the subject, not the place just before it
    ("South Dakota Gov. Kristi Noem is deploying National Guard troops to Texas to help "
     "secure the U.S.-Mexico border, she announced Tuesday.", "Kristi Noem"),
    # not the ones at whose urging she went
    ("Vice President Harris visited the border on Friday, after weeks of badgering by "
     "Republicans and at the urging of some Democrats, and called for an end to the finger "
     "pointing.", "Harris"),
])
def test_the_actor_is_who_the_sentence_says_holds_it(sentence: str, who: str) -> None:
    assert rows_of(sentence) == [(who, sentence)]


@pytest.mark.parametrize("sentence", [
    # whom a question asked was about
    "President Joe Biden sparred with a reporter who asked what makes him confident that "
    "Russian President Vladimir Putin will change his behavior.",
    "No one really knows what Eric Adams’s city would be like.",
    # the subject of a passive, with the one who announced it unnamed
    "Haitian President Jovenel Moise was assassinated during an attack on his home, the "
    "country’s interim prime minister announced Wednesday.",
    "John McAfee, the creator of McAfee antivirus software, was found dead in his jail cell, "
    "hours after a court approved his extradition, authorities said.",
    # the experts, not the disease they study
    "Some Alzheimer’s experts said there was not enough evidence that the drug can help.",
    # a month, and words that open a sentence but name no one
    "A new committee to investigate the Jan. 6 insurrection would have 13 members.",
    "History will likely tell a very different story.",
    "Nearly 100 people were unaccounted for on Thursday, officials said.",
    "Multiple senators leaving a session at the Capitol said the group had a deal.",
    # a place set off by commas or ending a list goes on with the place before it; a
    # number's abbreviation is no name
    "Officials in Pima County, Arizona, are refusing to comply with the subpoenas, and "
    "will appeal.",
    "Governors from Ohio, Nebraska and Iowa have all committed to send troops.",
    "The No. 3 Republican in the House on Monday said the claims were false.",
    # "Republican-led" says who leads the campaign; the officials who said it are unnamed
    "Fueled by a backlash against shutdowns, a Republican-led campaign to oust Gov. Gavin "
    "Newsom has qualified for the ballot, officials said on Monday.",
    # what was done to them, or will happen to them, is not their stance
    "In California, residents were urged to cut power consumption after the lines failed.",
    "In the next few days, the United States will surpass 600,000 deaths from Covid-19.",
    # a newsroom's report is no one's position
    "CNN said the inspector general's office announced the probe on Friday.",
    "The New York Times said that prosecutors seized data from Apple.",
    # a victory claimed is a win, not a position
    "Democrat Melanie Stansbury claimed a resounding victory Tuesday night in a special "
    "election for Congress.",
])
def test_no_row_names_someone_who_holds_no_position(sentence: str) -> None:
    assert rows_of(sentence) == []


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


def test_no_row_states_a_quotation_without_its_speaker() -> None:
    """A claim naming the speaker of a quotation (named in the next sentence) says more
    than its span; the span as written is a quotation on its own, which `brief check`
    fails. Neither is a row (story 5975's "| United States | “The United States will …”")."""
    text = ("Vice President Jane Roe spoke at the border on Monday. \u201cWe will discourage "
            "illegal migration,\u201d she said. \u201cThe United States will continue to "
            "enforce our laws and secure our border.\u201d \u201cThere are legal ways to "
            "come,\u201d Roe added.")
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    fact = verify_fact(FactOut(sentence=3, claim=(
        "Vice President Jane Roe said 'The United States will continue to enforce our laws "
        "and secure our border.'")), article, split_sentences(text))
    assert fact.status == "verified"
    assert positions([fact], {"a1": article}) == []


def test_a_row_keeps_the_articles_quotation_marks() -> None:
    text = ("President Jane Roe rejected the proposal as \u201ca very bad deal\u201d for the "
            "region on Monday.")
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    fact = verify_fact(FactOut(sentence=1, claim=text.replace("\u201c", "'").replace(
        "\u201d", "'")), article, split_sentences(text))
    assert fact.status == "verified"
    assert [r.position for r in positions([fact], {"a1": article})] == [text]


def test_no_row_for_a_sentence_whose_first_word_is_no_one() -> None:
    """A sentence that opens with a preposition names no one by its first word."""
    assert rows_of("For all the talk among Democrats of Biden assembling a legacy, the moment "
                   "was always going to come when his agenda would hit the blockade.") == []


def test_two_facts_of_one_sentence_are_one_row() -> None:
    """The model's claim and the sentence as written cite one footnote: one row in each
    table, not two."""
    text = ("Sen. Jane Roe said Sunday she will vote against the election bill, which is "
            "expected to reach the floor next week.")
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    split = split_sentences(text)
    facts = [verify_fact(FactOut(sentence=1, claim=claim), article, split) for claim in (
        "Sen. Jane Roe said she will vote against the election bill.", text)]
    assert [f.status for f in facts] == ["verified", "verified"]
    assert [(r.actor, r.position) for r in positions(facts, {"a1": article})] == [
        ("Jane Roe", facts[0].claim)]
    for order in (facts, facts[::-1]):
        assert [r.step for r in what_to_watch(order, {"a1": article})] == [order[0].claim]


@pytest.mark.parametrize(("sentence", "watched"), [
    ("The president plans to urge Congress to set up its own committee.", True),
    ("The president has no plans to create a commission of his own.", False),
    ("The White House is not planning a second summit.", False),
    # "due to" a cause is no schedule
    ("EU leaders are due to discuss their response on Monday.", True),
    ("The president has avoided travel due to the pandemic.", False),
    # a plan given up is the story's past
    ("Biden made the announcement weeks after an uproar over an earlier plan to limit "
     "refugees to 15,000.", False),
    ("Sen. Mark Kelly criticized Biden for not laying out a comprehensive plan to address "
     "the surge.", False),
    ("More than three-quarters of Republican-led states plan to end the extra benefits "
     "early.", True),
    ("The White House on Thursday formally announced its plan to donate 500 million "
     "doses.", True),
    # a plan talked about, not one announced
    ("Republicans blamed the president for not backing off on his plan to raise taxes.",
     False),
    ("The president’s plans to invest in infrastructure would push federal spending to its "
     "highest level since World War II.", False),
    ("Pelosi’s office said she had not formally announced plans to form that committee.",
     False),
    # a forecast the news has already met or missed, a general expectation
    ("Payrolls were expected to increase by 671,000, according to economists surveyed by "
     "Dow Jones.", False),
    ("The stock market is generally expected to benefit from inflation.", False),
    ("The House is expected to vote on the bill this week.", True),
    # a message sent is no step; troops sent are
    ("“By passing this bill, we will send a powerful message of solidarity,” Hirono said.",
     False),
    ("Noem said she will send up to 50 National Guard troops to Texas.", True),
    # what might have been is no step; what must be is
    ("Stansbury claimed a resounding victory, easing fears of a closer result that could "
     "have portended a brutal midterm next year.", False),
    ("Officials said the talks would have to resume by June 5.", True),
    # a plan others fight is talked about, not announced
    ("Republican lawmakers pledged to fight the administration’s stated plans to go "
     "door-to-door to increase vaccination rates.", False),
])
def test_a_plan_is_a_next_step_and_no_plan_is_not(sentence: str, watched: bool) -> None:
    article = Article(id="a1", content_hash="h", text=sentence, path="a.txt", ingested_at="t")
    fact = verify_fact(FactOut(sentence=1, claim=sentence), article, split_sentences(sentence))
    assert fact.status == "verified"
    assert bool(what_to_watch([fact], {"a1": article})) is watched


@pytest.mark.parametrize(("sentence", "who"), [
    # the name describes who holds the position
    ("The Iranian foreign minister said in the recording that Mr. Kerry had informed him "
     "of the strikes.", "Iranian foreign minister"),
    # the reporter, not her paper
    ("New York Post reporter Laura Italiano resigned following a story she claimed she was "
     "ordered to write.", "Laura Italiano"),
    # every name of the list, not its last two
    ("Britain, France and Germany will lead the force.", "Britain, France and Germany"),
])
def test_the_actor_is_the_person_or_office_the_name_describes(sentence: str, who: str) -> None:
    assert rows_of(sentence) == [(who, sentence)]


@pytest.mark.parametrize(("sentence", "who"), [
    ("Pelosi’s office clarified Tuesday night that she had not formally announced plans to "
     "form that committee.", "Pelosi’s office"),
    ("Georgia's secretary of state said on Friday that 101,789 names will be removed from "
     "the rolls.", "Georgia's secretary of state"),
    ("Iran's new political leader said Washington should return to the nuclear deal.",
     "Iran's new political leader"),
    ("Noem's announcement that she will send up to 50 National Guard troops to Texas comes "
     "as the GOP ramps up a fight over border security.", "Noem"),
])
def test_what_a_name_has_holds_a_stance_when_it_is_an_office_a_person_or_their_words(
        sentence: str, who: str) -> None:
    context = "It was news to Pelosi, Georgia, Iran and Noem."
    assert rows_of(sentence, context=context) == [(who, sentence)]


@pytest.mark.parametrize("sentence", [
    # warned, not warning
    "The New York Times and NBC News have retracted reporting that Rudy Giuliani was "
    "directly warned by the FBI that he was a target of Russian intelligence.",
    # what Moderna owns holds no position; "the drugmaker" is not named
    "Moderna's COVID-19 vaccine is 96% effective in teenagers, the drugmaker said Thursday.",
    # America is what the economists predicted about, not who predicted it
    "This was far less than forecasts of economists, who had predicted America would add "
    "1 million jobs last month.",
    "The United States birth rate fell another 4% in 2020 despite expectations that the U.S. "
    "would see a “baby boom” as a result of the coronavirus pandemic.",
    # what the city holds is no stance of the city's
    "New York City's raucous mayoral primary today will be the country's most prominent test "
    "of ranked choice voting.",
    # calls Kerry faces are not his; a promise he made is no stance he takes here
    "John Kerry is facing calls for his resignation from some lawmakers.",
    "Biden is grappling with how to enact promised reforms on immigration.",
    # a time zone is no one
    "Authorities got a call about the collapse around 1:30 a.m. ET, officials said.",
    # a name in someone's quoted words is not who speaks them
    "“At President Biden’s direction, the United States is launching Operation Allies "
    "Refuge,” a senior administration official said in a statement.",
    "It's Jan. 30, 1989, two weeks until the last Soviet forces leave, and U.S. officials "
    "have just closed the American Embassy in Kabul, while promising “the United States "
    "will return.”",
    # people left unnamed hold the stance, not the names before them
    "An indictment against the Trump Organization and its chief financial officer, Allen "
    "Weisselberg, has stirred as much hand-wringing as satisfaction from those who have "
    "called for accountability.",
    # what she claimed of it; the Democrats the Republicans joined; what advocates hoped
    "Operation Warp Speed, she claimed, “didn't do anything to get a needle in the arms.”",
    "Lawmakers passed the bill in a 252-175 vote, with 35 Republicans joining all Democrats "
    "in support.",
    "Immigration advocates had hopes that the new Democratic administration would bring a "
    "more compassionate approach.",
    # what a report said is the report's
    "The Washington Post and NBC News on Saturday issued corrections, retracting earlier "
    "reporting that said Rudy Giuliani had been warned by the FBI.",
])
def test_no_row_gives_a_position_to_whom_it_is_about(sentence: str) -> None:
    assert rows_of(sentence) == []


@pytest.mark.parametrize(("sentence", "who"), [
    ("In a divided decision, a three-judge panel of the U.S. Court of Appeals for the 4th "
     "Circuit said the age limit is unconstitutional.", "Court of Appeals for the 4th Circuit"),
    ("On Monday Carlson, a long-time critic of President Joe Biden, said a whistle-blower "
     "had told him the NSA was monitoring him.", "Carlson"),
    ("Johnson & Johnson said it will add a warning to the label.", "Johnson & Johnson"),
    # the rest of a title goes; an institution's name stays whole
    ("US Secretary of State Antony Blinken called for the immediate release of Raman "
     "Pratasevich.", "Antony Blinken"),
    ("The Los Angeles Police Department is investigating the altercation as a hate crime, "
     "and said it will release video.", "Los Angeles Police Department"),
    # the subject a relative clause describes, not a name inside the clause
    ("Lieutenant Colonel Matthew Lohmeier, who was promoting his book on a podcast with host "
     "L. Todd Wood, claimed the training is based in Marxism.", "Matthew Lohmeier"),
    # the noun that says who the name describes
    ("Democratic and Republican staff in Congress are drafting language for legislation "
     "that would ban chokeholds.", "Democratic and Republican staff"),
])
def test_the_actor_is_named_whole_without_the_day_before_it(sentence: str, who: str) -> None:
    context = "Carlson spoke to Johnson, Blinken and the Democrats."
    assert rows_of(sentence, context=context) == [(who, sentence)]


def _facts_of(*texts: str) -> tuple[list, dict[str, Article]]:
    """One verified fact of each one-sentence article (a1, a2, …), as written."""
    articles, facts = {}, []
    for n, text in enumerate(texts, 1):
        article = Article(id=f"a{n}", content_hash=f"h{n}", text=text, path=f"{n}.txt",
                          ingested_at="t")
        fact = verify_fact(FactOut(sentence=1, claim=text), article, split_sentences(text))
        assert fact.status == "verified"
        articles[article.id], facts = article, [*facts, fact]
    return facts, articles


def test_one_step_two_outlets_report_is_one_row() -> None:
    facts, articles = _facts_of(
        "House Speaker Nancy Pelosi will announce this week whether she will create a select "
        "committee to investigate the Jan. 6 riot, her spokesman said.",
        "Speaker Nancy Pelosi plans to announce this week whether she will create a new "
        "committee to investigate the Jan. 6 insurrection at the Capitol.",
        "The House is expected to vote on the infrastructure bill on Friday.")
    rows = what_to_watch(facts, articles)
    # "will announce" is not borne out by "plans to announce": the row cites its own
    assert [(r.step, [f.article_id for f in r.facts]) for r in rows] == [
        (facts[0].claim, ["a1"]), (facts[2].claim, ["a3"])]
    facts, articles = _facts_of(
        "The House is expected to vote on the infrastructure bill on Friday.",
        "The House of Representatives is expected to vote on the bill on Friday.")
    assert [[f.article_id for f in r.facts] for r in what_to_watch(facts, articles)] == [
        ["a1", "a2"]]


def test_two_goals_of_one_announcement_are_two_rows() -> None:
    """A row that gives a figure the first does not is a step of its own, and so is one
    negated."""
    facts, articles = _facts_of(
        "President Biden announced a goal to give at least one shot to 70 percent of U.S. "
        "adults by July 4.",
        "President Biden announced a goal of 160 million U.S. adults fully vaccinated by "
        "July 4.")
    assert len(what_to_watch(facts, articles)) == 2
    facts, articles = _facts_of("The Senate is expected to vote on the bill on Friday.",
                                "The Senate is not expected to vote on the bill on Friday.")
    assert len(what_to_watch(facts, articles)) == 2


def test_one_stance_two_outlets_report_is_one_row_citing_both() -> None:
    facts, articles = _facts_of(
        "Former President Donald Trump said Wednesday he is suing Facebook, Twitter and "
        "Google, as well as their CEOs.",
        "Former President Donald Trump announced that he is suing Facebook, Twitter and "
        "Google over alleged censorship.")
    rows = positions(facts, articles)
    assert [(r.actor, r.position, [f.article_id for f in r.facts]) for r in rows] == [
        ("Donald Trump", facts[0].claim, ["a1", "a2"])]


def test_a_position_quoting_past_its_sentence_reads_closed_and_passes_the_gate() -> None:
    """A quotation going on into the next sentence (story 6030) is closed where the row
    ends, and the row so printed is still borne out by its span."""
    from brief.analyse.positions import passes

    text = ('Fabien Levy said "We are now actively investigating the Trump Organization, '
            'along with the Manhattan DA. We have no additional comment at this time."')
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    fact = verify_fact(FactOut(sentence=1, claim=text.split(" We have")[0]), article,
                       split_sentences(text))
    [row] = positions([fact], {"a1": article})
    assert (row.actor, row.position) == (
        "Fabien Levy", 'Fabien Levy said "We are now actively investigating the Trump '
        'Organization, along with the Manhattan DA."')
    assert passes(row.position, fact, {"a1": article})

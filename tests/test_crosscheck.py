"""Across sources: figures that cannot both hold, and quotes worded differently."""

from __future__ import annotations

from datetime import date

import pytest

from brief.analyse.compare import compatible, figure_disagreements, quote_variants
from brief.analyse.mentions import SpanRef, dated_mentions, figure_mentions
from brief.schema import Article, Fact, Span


def mention(text: str):  # type: ignore[no-untyped-def]
    found = figure_mentions(SpanRef("a", 0, len(text), text))
    assert len(found) == 1, found
    return found[0]


def article(article_id: str, text: str, day: date) -> Article:
    return Article(id=article_id, content_hash=article_id, text=text, path=f"{article_id}.txt",
                   ingested_at="t", published=day)


def fact(article_id: str, text: str) -> Fact:
    return Fact(id=f"f-{article_id}", article_id=article_id, claim=text, kind="figure",
                actors=[], figures=[], time="", sentence_ids=[1],
                spans=[Span(start=0, end=len(text), quote=text)], alignment="sentences",
                status="verified", reasons=[])


def test_figures_are_read_with_what_they_count_and_their_bound() -> None:
    m = mention("backed by more than 30 countries including Canada")
    assert (m.written, m.value, m.bound, m.kind) == ("more than 30 countries", 30, "lower",
                                                      "country")
    assert mention("commanders from 28 nations met").kind == "country"
    assert mention("a $81.8-billion budget").value == 81.8e9
    assert figure_mentions(SpanRef("a", 0, 30, "On March 3, 2025 they met.")) == []


def test_a_negated_bound_is_the_other_bound() -> None:
    """"No more than 15,000 refugees" is at most 15,000, never "more than 15,000"."""
    m = mention("Trump ordered that no more than 15,000 refugees could be admitted.")
    assert (m.written, m.bound) == ("no more than 15,000 refugees", "upper")
    assert mention("They sent no fewer than 30 observers.").bound == "lower"
    # "ticked up to" is where the rate went, not a bound
    rose = figure_mentions(SpanRef("a", 0, 60, "Still, the unemployment rate ticked up to "
                                                "6.1% in April."))[0]
    assert (rose.written, rose.bound, rose.measures) == (
        "6.1%", "", "the unemployment rate ticked up")


@pytest.mark.parametrize(("one", "other", "both_hold"), [
    ("more than 30 countries", "32 countries", True),
    ("more than 30 countries", "28 countries", False),
    ("about 100 troops", "105 troops", True),
    ("up to 5,000 troops", "4,000 troops", True),
    ("28 nations", "28 countries", True),
    ("28 nations", "31 nations", False),
    ("about 300-500 miles", "400 miles", True),
    ("about 300-500 miles", "600 miles", False),
])
def test_which_figures_can_both_hold(one: str, other: str, both_hold: bool) -> None:
    assert compatible(mention(one), mention(other)) is both_hold


def test_a_disagreement_is_read_in_time_and_copies_do_not_disagree() -> None:
    march = article("m", "Commanders from 28 nations met in London.", date(2025, 3, 24))
    january = article("j", "The plan is backed by more than 30 countries.", date(2026, 1, 6))
    same_day = article("s", "Commanders from 31 nations met in London.", date(2025, 3, 24))
    arts = {a.id: a for a in (march, january, same_day)}
    facts = [fact(a.id, a.text) for a in arts.values()]
    rows = figure_disagreements(facts, arts, {}, {"m": "e1", "j": "e2", "s": "e1"})
    readings = {(r.one.article_id, r.other.article_id): r.reading for r in rows}
    assert readings[("m", "j")].startswith("reported 288 days apart (2025-03-24 and 2026-01-06)"
                                           ", about different events")
    assert readings[("m", "s")] == ("the same event at the same time: the sources disagree "
                                    "on this figure")
    assert len(rows) == 2  # 31 nations and "more than 30 countries" can both hold
    # Had 's' re-published 'm', they would be one source: nothing to disagree on.
    rows = figure_disagreements(facts, arts, {"s": "m"}, {"m": "e1", "j": "e2", "s": "e1"})
    assert {(r.one.article_id, r.other.article_id) for r in rows} == {("m", "j")}


def test_a_quote_given_to_different_speakers_is_flagged() -> None:
    one = article("a", "\u201cWe will keep building that bench for years,\u201d Carney said.",
                  date(2026, 1, 6))
    other = article("b", "\u201cWe will keep on building this bench for years,\u201d Starmer "
                    "said.", date(2026, 1, 6))
    rows = quote_variants([one, other])
    assert len(rows) == 1
    assert rows[0].what == "quote attributed to different speakers"
    assert "Carney in one and Starmer in the other" in rows[0].reading


def test_a_copy_that_rewords_a_quotation_is_read_as_one_source_the_original_first() -> None:
    day = date(2026, 1, 6)
    original = article("o", "\u201cWe will keep building that bench for years,\u201d Carney "
                       "said.", day)
    copy = article("c", "\u201cWe will keep on building this bench for years,\u201d Carney "
                   "said.", day)
    other = article("x", "\u201cWe will go on building the bench for years,\u201d Carney "
                    "said.", day)
    rows = quote_variants([copy, original, other], {"c": "o"})
    by_pair = {(r.one.article_id, r.other.article_id): r for r in rows}
    assert by_pair[("o", "c")].what == "quote by Carney reworded by a copy"
    assert "one source, not two" in by_pair[("o", "c")].reading
    # an independent report of the same remark is still a variant of both
    assert by_pair[("c", "x")].what == "quote by Carney worded differently"
    assert by_pair[("o", "x")].what == "quote by Carney worded differently"


def test_a_question_and_its_answer_are_not_one_remark_worded_twice() -> None:
    """A reporter's question quoted by one outlet and the answer quoted by another
    share their words; they are two remarks, not a variant. The answer's second
    sentence, quoted in two wordings, still is one."""
    day = date(2026, 1, 6)
    one = article("a", "\u201cWhy are you so sure the council will change its mind, "
                  "Mayor?\u201d a reporter asked Lee.", day)
    other = article("b", "Lee turned and said, \u201cI'm not sure the council will change "
                    "its mind. What on earth do you do all the time?\u201d", day)
    third = article("c", "\u201cWhat on earth, what do you do all the time?\u201d Lee asked.",
                    day)
    assert quote_variants([one, other]) == []
    rows = quote_variants([other, third])
    assert [(r.one.quote, r.other.quote) for r in rows] == [
        ("I'm not sure the council will change its mind. What on earth do you do all the "
         "time?", "What on earth, what do you do all the time?")]


def test_a_stretch_of_a_remark_quoted_word_for_word_is_not_a_variant() -> None:
    """One outlet quoting less of the remark, or an excerpt cut off in "…", is the same
    words, not another wording; a word changed is."""
    day = date(2026, 1, 6)
    one = article("a", "Becerra said \u201cit is absolutely the government's business\u201d "
                  "to know.", day)
    other = article("b", "Becerra said it was \u201cabsolutely the government\u2019s "
                    "business\u201d to know.", day)
    third = article("c", "Becerra said it was \u201cabsolutely the state's own business\u201d "
                    "to know.", day)
    assert quote_variants([one, other]) == []
    assert [r.what for r in quote_variants([one, third])] == [
        "quote by Becerra worded differently"]


@pytest.mark.parametrize(("sentence", "counts"), [
    ("He said the government's planned $81.8-billion defence investment over that period "
     "was in part because of issues like this.", "defence investment over that period"),
    ("The force could range from a few thousand soldiers to as many as 100,000, with the "
     "need for additional air assets.", "soldiers"),
    ("Britain pledged 120 surveillance drones and 40 tanks.", "surveillance drones"),
    # a relative clause on the noun is what is counted, up to the sentence's own verb
    ("Commanders from 28 nations that have expressed interest met.",
     "nations that have expressed interest"),
    ("A meeting of commanders from 28 nations that have expressed interest in contributing "
     "to the force was held last week.",
     "nations that have expressed interest in contributing to …"),
    ("He told 30 reporters that he would resign.", "reporters"),
    # the points of "U.S." end no clause
    ("No more than 15,000 refugees could be accepted into the U.S. during the year.",
     "refugees could be accepted into the U.S. during …"),
    ("The vote came 12 days after the group ousted Rep. Liz Cheney from her post.",
     "days after the group ousted Rep. Liz Cheney …"),
])
def test_what_a_key_figure_counts_stops_where_its_clause_turns(sentence: str,
                                                                counts: str) -> None:
    found = figure_mentions(SpanRef("a", 0, len(sentence), sentence))
    assert found[0].measures == counts


@pytest.mark.parametrize(("sentence", "shown"), [
    # a span of time keeps its qualifier; opening the sentence, it times the clause after it
    ("For over two years, Canada has been involved in talks aimed at peace in Ukraine.",
     ["over two years = Canada has been involved in talks aimed at …"]),
    ("After almost four years of war, Ukraine was given guarantees.",
     ["almost four years = of war"]),
    # counted in digits, what it times is before it, not the unit
    ("Prices jumped in June by the most in 13 years.",
     ["13 years = … jumped in June by the most"]),
    ("He was wanted on charges that carry a prison sentence of up to 30 years.",
     ["up to 30 years = … charges that carry a prison sentence"]),
    ("We will see the largest military buildup in generations coming over the course of "
     "the next five years.", ["five years = … the largest military buildup in generations"]),
    # a date is of what the verb before it does, not of the words just before it
    ("The surge included U.S. President Donald Trump hosting Russian President Vladimir "
     "Putin in Alaska on August 15.",
     ["August 15 = … hosting Russian President Vladimir Putin in Alaska"]),
    # a date's run of days is one figure
    ("The poll, conducted June 27-30 of a sample of 907 adults, was released.",
     ["907 adults = adults", "June 27-30 = of a sample of 907 adults"]),
    # a date is of the clause before it, past a place's name; one that says of nothing
    # is no key figure
    ("Biden and Putin will meet in Geneva, Switzerland, on June 16 for their summit.",
     ["June 16 = … and Putin will meet in Geneva"]),
    ("On January 21, an average gallon of gasoline cost $2.33.",
     ["$2.33 = … an average gallon of gasoline cost"]),
    # a date someone spoke on is not a figure
    ("Biden dismisses that suggestion, saying on May 10, \u201cwe don't see much of "
     "that.\u201d", []),
    # an age, an ordinal and a time of day count nothing
    ("The 75-year-old was arrested at 10 p.m. on the 4th floor, his 7-year-old son said.", []),
])
def test_a_span_of_time_or_a_date_is_read_with_what_it_times(sentence: str,
                                                              shown: list[str]) -> None:
    ref = SpanRef("a", 0, len(sentence), sentence)
    assert [f"{m.written} = {m.measures or m.kind}"
            for m in [*figure_mentions(ref), *dated_mentions(ref)]] == shown


@pytest.mark.parametrize(("sentence", "shown"), [
    # a vote's tally is one figure, of the vote
    ("The Senate passed the bill in a 68-32 vote to bolster funding for research.",
     ["68-32 = vote to bolster funding for research"]),
    ("The bill passed 364 to 62, above the two-thirds majority required.",
     ["364 to 62 = vote"]),
    ("The 220-to-190 party-line vote stands in contrast to a vote in May.",
     ["220-to-190 = party-line vote stands in contrast to a vote …"]),
    ("The vote was 222-190 with two Republicans joining all Democrats.",
     ["222-190 = vote"]),
    # a forecast is what forecasters expected, not a count of them; a count of them is
    ("At 9.3 million, it was far more than the 8.3 million economists polled by "
     "Refinitiv had predicted.", ["8.3 million = economists polled by Refinitiv had predicted"]),
    ("The economy added 559,000 jobs, short of the 650,000 economists surveyed by Dow "
     "Jones were expecting.", ["559,000 jobs = jobs",
                               "650,000 = economists surveyed by Dow Jones were expecting"]),
    ("Of 20 analysts surveyed by Reuters, most agreed.",
     ["20 analysts = analysts surveyed by Reuters"]),
    # a people or a party is counted like any plural
    ("Over 105 million Americans, or nearly 32% of the population, are now vaccinated.",
     ["Over 105 million Americans = Americans", "nearly 32% = of the population"]),
    ("Israeli airstrikes killed at least 230 Palestinians, including militants.",
     ["at least 230 Palestinians = Palestinians"]),
    ("The strikes have led to at least 219 Palestinian deaths, authorities said.",
     ["at least 219 Palestinian deaths = Palestinian deaths"]),
    # "+" is at least
    ("Biden will present his third $1 trillion+ package to Congress.",
     ["$1 trillion+ = package to Congress"]),
    # a decade counts nothing; an excerpt's break ("—...") and a quotation mark are not
    # what a figure counts
    ("He urged people in their 20s and 30s to get inoculated.", []),
    ("Authorities reported almost 7,000 new cases and 47 deaths \u2014...",
     ["almost 7,000 new cases = new cases", "47 deaths = deaths"]),
    ("\u201cThe U.S. birth rate fell 4% last year,\u201d the AP reported.",
     ["4% = The U.S. birth rate fell"]),
    # a range is one figure, both ends
    ("The exercise, about 300-500 miles west of Hawaii, was conducted on Sunday.",
     ["about 300-500 miles = miles west of Hawaii"]),
    ("The goal is a 50%-52% reduction in emissions by 2030.",
     ["50%-52% = reduction in emissions by 2030"]),
    ("That is because roughly 80% to 85% of adults are now immune.",
     ["roughly 80% to 85% = of adults are now immune"]),
    # a share of whom, and what they did: one dose is not fully vaccinated
    ("By Tuesday, 37.3% of U.S. adults were fully vaccinated against Covid-19.",
     ["37.3% = of U.S. adults were fully vaccinated against Covid-19"]),
    # a number before a verb or a word that is not what it counts is no count; an
    # adjective in "-ed" before the plural it counts is
    ("Floyd, 46, died after an officer knelt on him; 121 still missing, 10 injured.",
     ["10 injured = injured"]),
    ("There were 29,128 new reported cases on Thursday.",
     ["29,128 new reported cases = new reported cases on Thursday"]),
    ("The case, No. 20-315, could affect tens of thousands of immigrants.", []),
    # a number in a name is no count; one the excerpt cuts off counts what it does not say
    ("Dow futures rose 75 points, while S&P 500 futures and Nasdaq 100 futures edged up.",
     ["75 points = points"]),
    ("The new ask is down from his initial $2.3 trillion proposal and the $1.7...",
     ["$2.3 trillion = proposal"]),
    # a change by a number, and a sum, say what before them
    ("New jobless claims fell 34,000 to 444,000 for the week ended May 15.",
     ["34,000 = New jobless claims fell", "May 15 = … to 444,000 for the week ended"]),
    ("The result would be a net deficit of $1.4 trillion.",
     ["$1.4 trillion = … result would be a net deficit"]),
    # a share followed by when: what its clause says rose, unless that is another figure
    ("Used car prices spiked 10.5% last month, accounting for a third of the increase.",
     ["10.5% = Used car prices spiked"]),
    ("Consumer prices rose 0.9% from May and 5.4% over the past year.",
     ["0.9% = Consumer prices rose", "5.4% = over the past year"]),
    # percentage points are not a per cent; "60m" is 60 million
    ("Biden won the district by 23 percentage points last year.",
     ["23 percentage points = percentage points last year"]),
    # ages, and the span of time an average is taken over, are no key figures
    ("The rate was 55.8 births per 1,000 women ages 15 to 44, and everyone 16 and over "
     "can enrol.", ["55.8 births = births per 1,000 women ages 15 to 44",
                    "1,000 women ages = women ages 15 to 44"]),
    ("The 4-week moving average fell, and the seven-day average passed the 14-day "
     "average.", []),
    # what is counted ends where the sentence's own verb begins
    ("His initial hopes of a $6 trillion spending plan doesn't mean that his allies agree.",
     ["$6 trillion = spending plan"]),
    # "9/11" names a day, "1/2" is a half of what comes before it, and a figure joined by
    # hyphens is read whole
    ("The bill would create a 9/11-style commission into the riot.", []),
    ("Chauvin was sentenced to 22 1/2 years in prison.",
     ["22 1/2 years = years in prison"]),
    ("States plan to end an extra $300-a-week in federal jobless benefits.",
     ["$300-a-week = in federal jobless benefits"]),
    ("This starts a 30-business-day period for written requests.",
     ["30-business-day = period for written requests"]),
])
def test_a_figure_is_read_as_the_count_it_is(sentence: str, shown: list[str]) -> None:
    ref = SpanRef("a", 0, len(sentence), sentence)
    assert [f"{m.written} = {m.measures or m.kind}"
            for m in [*figure_mentions(ref), *dated_mentions(ref)]] == shown


def test_a_key_figure_is_said_by_who_he_or_a_quotation_refers_to() -> None:
    from brief.analyse.figures import key_figures
    from brief.schema import Event

    text = ("Carney was asked if Canada could back its commitment. "
            "\u201cWe have been building that bench,\u201d Carney said. "
            "\u201cWe will build the greatest army within the next five years.\u201d "
            "He said the government's $81.8-billion defence investment was in part for this. "
            "The force could number 100,000 soldiers.")
    arts = {"a": article("a", text, date(2026, 1, 6))}
    rows = key_figures([Event("e", "T", ["a"])], arts, [], {})
    assert {r.figure: r.who for r in rows} == {
        "five years": "Carney", "$81.8-billion": "Carney",
        "100,000 soldiers": "the report (no speaker named)"}


def test_a_key_figure_is_in_the_words_of_the_original_not_of_a_copy() -> None:
    from brief.analyse.figures import key_figures
    from brief.schema import Event

    day = date(2026, 1, 6)
    original = article("o", "Ottawa plans the largest military buildup in generations over "
                       "the next five years.", day)
    copy = article("c", "Ottawa plans the greatest army for generations to come within the "
                   "next five years.", day)
    arts = {"o": original, "c": copy}
    salience = {("c", 1): 1.0, ("o", 1): 0.5}  # the copy's sentence ranks first
    rows = key_figures([Event("e", "T", ["o", "c"], {"c": "o"})], arts, [], salience)
    assert [(r.figure, [ref.article_id for ref in r.refs]) for r in rows] == [
        ("five years", ["o", "c"])]
    assert "largest military buildup" in rows[0].measures


def test_a_figure_is_read_past_the_comma_of_a_number_with_its_source_named_in_full() -> None:
    from brief.analyse.figures import key_figures
    from brief.schema import Event

    text = ("Confirmed infections climbed to an average of about 23,600 a day on Monday, up "
            "from 11,300 on June 23, according to Johns Hopkins University data.")
    rows = key_figures([Event("e", "T", ["a"])], {"a": article("a", text, date(2026, 1, 6))},
                       [], {})
    assert [(r.figure, r.measures, r.who) for r in rows] == [
        ("June 23", "up from 11,300", "Johns Hopkins University")]


def test_a_share_says_what_it_is_a_share_of() -> None:
    sentence = ("The number of daily new COVID-19 infections has shot up almost 50 percent "
                "in the United States.")
    found = figure_mentions(SpanRef("a", 0, len(sentence), sentence))
    assert [(f.written, f.measures) for f in found] == [
        ("almost 50 percent", "… new COVID-19 infections has shot up")]
    sentence = ("With 84 percent of ballots counted, Adams has secured 31.7 percent of the "
                "vote; Wiley follows with 22.3 percent.")
    found = figure_mentions(SpanRef("a", 0, len(sentence), sentence))
    assert [(f.written, f.measures) for f in found][:2] == [
        ("84 percent", "of ballots counted"), ("31.7 percent", "of the vote")]


@pytest.mark.parametrize(("one", "other", "flagged"), [
    # one count, two values: a disagreement
    ("The storm killed 12 people in the port city on Monday.",
     "The storm killed 15 people in the port city, officials said.", True),
    # the other source gives the first value too: its second figure is another count
    ("The unemployment rate slipped to 5.8% in May.",
     "The unemployment rate fell to 5.8% from 6.1% in April.", False),
    # shares of different things
    ("In the poll, 17% of respondents called crime a very serious problem.",
     "Only 6% of Republicans approve of the mayor's record.", False),
    # a change over a month and one over a year
    ("Prices rose 0.9 percent in June from May.",
     "Core inflation rose 4.5% over the past year.", False),
    ("The index has risen 4.2 percent from a year ago.",
     "From March to April, prices increased 0.8 percent.", False),
    # the headline rate and the core one (without food and energy)
    ("From March to April, prices increased 0.8 percent.",
     "The 0.9 percent CPI increase from March, again controlling for food and energy "
     "prices, is the highest since 1982.", False),
    # "60m" is 60 million
    ("The US will share up to 60m doses of the vaccine with other countries.",
     "The government plans to give 60 million doses of the vaccine to other countries.",
     False),
    ("The US will share up to 60m doses of the vaccine with other countries.",
     "The government plans to give 80 million doses of the vaccine to other countries.",
     True),
    # one vote's tally given two ways
    ("The 220-to-190 party-line vote stands in contrast to a vote in May.",
     "The vote was 222-190 with two Republicans joining all Democrats.", True),
    ("The bill passed the House on a 252-to-175 vote Wednesday.",
     "Lawmakers passed a bill in a 252-175 vote.", False),
    # two votes: the House's and the Senate's
    ("The House passed the bill 220 to 211 on Friday.",
     "The Senate passed it 51-50 in a party-line vote.", False),
])
def test_a_disagreement_is_two_values_for_one_count(one: str, other: str,
                                                    flagged: bool) -> None:
    day = date(2026, 1, 6)
    arts = {"a": article("a", one, day), "b": article("b", other, day)}
    rows = figure_disagreements([fact("a", one), fact("b", other)], arts, {},
                                {"a": "e", "b": "e"})
    assert bool(rows) is flagged, [r.what for r in rows]

"""A section: what the model wrote, cited and checked, and what is stated as written."""

from __future__ import annotations

import json

from brief.llm import StructuredLLM
from brief.schema import Article, Event, Fact, FactOut
from brief.synthesize import sentence_problems, synthesize_event
from brief.text import split_sentences as split
from brief.verify.spans import verify_fact

from conftest import ScriptedModel


def test_a_multi_sentence_reply_is_cited_sentence_by_sentence() -> None:
    text = ("Canada will send 200 engineers to Latvia in May. "
            "The navy is short of sailors and ships.")
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    facts = [verify_fact(FactOut(sentence=n, claim=c), article, split(text))
             for n, c in [(1, "Canada will send 200 engineers to Latvia."),
                          (2, "The navy is short of sailors and ships.")]]
    assert [f.status for f in facts] == ["verified", "verified"]
    reply = json.dumps({"title": "T", "sentences": [{
        "fact_ids": ["F1", "F2"],
        "text": "Canada will send 200 engineers to Latvia in May. The navy lacks sailors "
                "and ships. Canada will also send 900 tanks."}]})
    section = synthesize_event(StructuredLLM(ScriptedModel([reply])),
                               Event("e1", "T", ["a1"]), facts, {"a1": article})
    assert [(s.text, s.fact_ids) for s in section.sentences] == [
        ("Canada will send 200 engineers to Latvia in May.", [facts[0].id]),
        ("The navy lacks sailors and ships.", [facts[1].id]),
    ]
    assert [d.text for d in section.dropped] == ["Canada will also send 900 tanks."]
    assert "figure 900 is not in the cited text" in section.dropped[0].reason


def test_a_point_restated_from_a_copy_is_cited_once_not_repeated() -> None:
    one = ("Ukraine has been given concrete security guarantees backed by more than 30 "
           "countries including Canada.")
    two = ("Ukraine has been given a series of hard-line assurances backed by more than 30 "
           "countries including Canada.")
    other = "Ministers from twelve countries met in Brussels on Monday to plan the mission."
    arts = {a.id: a for a in (
        Article(id="a1", content_hash="h1", text=f"{one} {other}", path="a.txt", ingested_at="t"),
        Article(id="a2", content_hash="h2", text=two, path="b.txt", ingested_at="t"))}
    facts = [verify_fact(FactOut(sentence=n, claim=c), arts[a], split(arts[a].text))
             for a, n, c in [("a1", 1, one), ("a2", 1, two), ("a1", 2, other)]]
    reply = json.dumps({"title": "T", "sentences": [
        {"fact_ids": ["F1"], "text": one}, {"fact_ids": ["F2"], "text": two},
        {"fact_ids": ["F3"], "text": other}]})
    section = synthesize_event(StructuredLLM(ScriptedModel([reply])),
                               Event("e1", "T", ["a1", "a2"], copy_of={"a2": "a1"}), facts, arts)
    assert [(s.text, s.fact_ids) for s in section.sentences] == [
        (one, [facts[0].id, facts[1].id]), (other, [facts[2].id])]
    assert section.dropped == []


def test_a_sentence_a_later_one_holds_whole_is_not_stated_twice() -> None:
    """Two outlets: "the mayor said 60 bodies …" and "Two weeks after the collapse, the
    mayor said 60 bodies …". The fuller one is stated, in the first one's place, citing
    both."""
    short = "Mayor Ann Lee said 60 bodies have been recovered from the rubble."
    full = ("Two weeks after the building collapse at Surfside, Mayor Ann Lee said 60 bodies "
            "have been recovered from the rubble, as rescuers pledged to find every victim.")
    other = "The county opened a fund for the families of the victims on Friday."
    arts = {a.id: a for a in (
        Article(id="a1", content_hash="h1", text=f"{short} {other}", path="a.txt",
                ingested_at="t"),
        Article(id="a2", content_hash="h2", text=full, path="b.txt", ingested_at="t"))}
    facts = [verify_fact(FactOut(sentence=n, claim=c), arts[a], split(arts[a].text))
             for a, n, c in [("a1", 1, short), ("a1", 2, other), ("a2", 1, full)]]
    reply = json.dumps({"title": "T", "sentences": [
        {"fact_ids": ["F1"], "text": short}, {"fact_ids": ["F2"], "text": other},
        {"fact_ids": ["F3"], "text": full}]})
    section = synthesize_event(StructuredLLM(ScriptedModel([reply])),
                               Event("e1", "T", ["a1", "a2"]), facts, arts)
    stated = [(s.text, sorted(s.fact_ids)) for s in section.sentences]
    assert stated == [(full, sorted([facts[0].id, facts[2].id])), (other, [facts[1].id])]


def _two_outlets(one: str, other: str) -> tuple[dict[str, Article], list[Fact]]:
    """Two outlets' one-sentence articles (a1, a2), each sentence a verified fact."""
    arts = {a.id: a for a in (
        Article(id="a1", content_hash="h1", text=one, path="a.txt", ingested_at="t"),
        Article(id="a2", content_hash="h2", text=other, path="b.txt", ingested_at="t"))}
    return arts, [verify_fact(FactOut(sentence=1, claim=arts[a].text), arts[a],
                              split(arts[a].text)) for a in ("a1", "a2")]


def test_a_sentence_held_whole_in_other_endings_is_not_stated_twice() -> None:
    """"The Senate passed a bill aimed at …" is held whole by "… by passing a bill aimed
    at …", though "passed" and "passing" end differently."""
    short = "The Senate passed a bill aimed at improving data collection."
    full = ("The Senate sent its strongest message yet condemning hate crimes by passing a "
            "bill aimed at improving data collection.")
    arts, facts = _two_outlets(short, full)
    reply = json.dumps({"title": "T", "sentences": [
        {"fact_ids": ["F1"], "text": short}, {"fact_ids": ["F2"], "text": full}]})
    section = synthesize_event(StructuredLLM(ScriptedModel([reply])),
                               Event("e1", "T", ["a1", "a2"]), facts, arts)
    assert [(s.text, sorted(s.fact_ids)) for s in section.sentences] == [
        (full, sorted(f.id for f in facts))]


RUMSFELD = ("Former Defense Secretary Donald Rumsfeld, the architect of the Iraq war, died "
            "on Tuesday at his home in Taos, New Mexico, surrounded by family, days before "
            "his 89th birthday, his family said in a statement.")


def test_a_near_repeat_is_not_stated_twice() -> None:
    """Two outlets' words for one death, the shorter adding one word of its own
    ("grieving"): the fuller is stated once, citing both (it states the other's fact)."""
    near = "Donald Rumsfeld, the architect of the Iraq war, died at home, his grieving family said."
    stated, facts = _section({"a1": RUMSFELD, "a2": near},
                             [("a1", 1, RUMSFELD), ("a2", 1, near)],
                             [(["F1"], RUMSFELD), (["F2"], near)])
    assert [(text, sorted(ids)) for text, ids in stated] == [
        (RUMSFELD, sorted(f.id for f in facts))]


def test_a_near_repeat_brings_no_source_for_what_only_it_says() -> None:
    """A model sentence nearly held by a fuller one, which takes its last words from a
    second outlet ("the face of a failed war"): not stated twice, and that outlet is no
    source of the fuller sentence, which does not say what it reports."""
    critics = "Rumsfeld, the architect of the Iraq war, was the face of a failed war, critics say."
    near = ("Donald Rumsfeld, the architect of the Iraq war and the face of a failed war, "
            "died at home, his family said.")
    stated, facts = _section({"a1": RUMSFELD, "a2": critics},
                             [("a1", 1, RUMSFELD), ("a2", 1, critics)],
                             [(["F1"], RUMSFELD), (["F1", "F2"], near)])
    assert (RUMSFELD, [facts[0].id]) in stated
    assert near not in [text for text, _ in stated]


def test_two_counts_of_one_event_are_both_stated() -> None:
    """"More than 180 people were killed …" and "at least 150 people were killed …":
    alike in words, not in what they count; both stay."""
    one = ("More than 180 people were killed in shootings across the country over the "
           "holiday weekend, according to the Gun Violence Archive.")
    two = ("At least 150 people were killed in shootings across the country over the "
           "holiday weekend, according to the Gun Violence Archive.")
    stated, _ = _section({"a1": one, "a2": two}, [("a1", 1, one), ("a2", 1, two)],
                         [(["F1"], one), (["F2"], two)])
    assert [text for text, _ in stated] == [one, two]


def test_a_restatement_is_not_cited_where_brief_check_would_fail_it() -> None:
    """One outlet reports the committee as created, another as what the speaker "would
    create": the second is not cited under the first's sentence (the gate would fail
    that sentence for stating a hedged span as certain); it is stated as written."""
    done = ("Speaker Jane Roe announced on Thursday the creation of a select committee to "
            "investigate the riot.")
    hedged = ("Speaker Jane Roe announced on Thursday that she would create a select "
              "committee to investigate the riot.")
    arts, facts = _two_outlets(done, hedged)
    reply = json.dumps({"title": "T", "sentences": [{"fact_ids": ["F1"], "text": done}]})
    section = synthesize_event(StructuredLLM(ScriptedModel([reply])),
                               Event("e1", "T", ["a1", "a2"]), facts, arts)
    by_id = {f.id: f for f in facts}
    assert [(s.text, s.fact_ids) for s in section.sentences] == [
        (done, [facts[0].id]), (hedged, [facts[1].id])]
    for sentence in section.sentences:
        assert sentence_problems(sentence.text, [by_id[i] for i in sentence.fact_ids],
                                 arts) == []


def test_a_figure_from_the_sentence_next_to_its_span_is_not_stated() -> None:
    """The model adds the age an outlet gives only in the sentence after the one it
    cites: `brief check` fails a figure taken from next to a span, so the sentence is
    held back and the checked claim stated instead (story 6009's "John Warner, 94, …")."""
    plain = "John Roe died on Tuesday evening of heart failure, his family said."
    article = Article(id="a1", content_hash="h", text=f"{plain} He was 94.", path="a.txt",
                      ingested_at="t")
    facts = [verify_fact(FactOut(sentence=1, claim=plain), article, split(article.text))]
    reply = json.dumps({"title": "T", "sentences": [
        {"fact_ids": ["F1"], "text": plain.replace("Roe", "Roe, 94,")}]})
    section = synthesize_event(StructuredLLM(ScriptedModel([reply])),
                               Event("e1", "T", ["a1"]), facts, {"a1": article})
    assert [(s.text, s.fact_ids) for s in section.sentences] == [(plain, [facts[0].id])]
    assert "figure 94 is in the next sentence" in section.dropped[0].reason


def test_a_run_on_sentence_of_many_facts_is_stated_fact_by_fact() -> None:
    """Checked against the spans of everything it strings together, a run-on sentence
    passes with words from any of them, a columnist's among a reporter's (story 6089's
    106-word bottom line of five facts): it is held back and its facts stated."""
    claims = ["Senator Jane Roe delivered the official response to the president's address "
              "to Congress on Wednesday night.",
              "Roe, the only senator from the state, spoke after the president concluded "
              "his remarks.",
              "The party, whose members still dispute the last election, has a message for "
              "the president: stop being so divisive."]
    text = " ".join(claims)
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    facts = [verify_fact(FactOut(sentence=n, claim=c), article, split(text))
             for n, c in enumerate(claims, 1)]
    run_on = (claims[0].removesuffix(".") + ", and Roe, the only senator from the state, "
              "spoke after the president concluded his remarks, while the party, whose "
              "members still dispute the last election, has a message for the president, "
              "whose remarks to Congress the senator answered: stop being so very divisive, "
              "said Roe, who still disputes the election, on Wednesday night.")
    assert len(run_on.split()) > 60
    reply = json.dumps({"title": "T", "sentences": [{"fact_ids": ["F1", "F2", "F3"],
                                                      "text": run_on}]})
    section = synthesize_event(StructuredLLM(ScriptedModel([reply])),
                               Event("e1", "T", ["a1"]), facts, {"a1": article})
    assert sorted(s.text for s in section.sentences) == sorted(claims)
    assert "strings 3 facts into one sentence" in section.dropped[0].reason


def _section(texts: dict[str, str], claims: list[tuple[str, int, str]],
             reply: list[tuple[list[str], str]]) -> tuple[list[tuple[str, list[str]]], list]:
    """The sentences a section states (text, cited fact ids) from these articles,
    checked claims and scripted model reply; and the facts."""
    arts = {a: Article(id=a, content_hash=a, text=t, path=f"{a}.txt", ingested_at="t")
            for a, t in texts.items()}
    facts = [verify_fact(FactOut(sentence=n, claim=c), arts[a], split(arts[a].text))
             for a, n, c in claims]
    assert {f.status for f in facts} == {"verified"}, [f.reasons for f in facts]
    answer = json.dumps({"title": "T", "sentences": [
        {"fact_ids": ids, "text": text} for ids, text in reply]})
    section = synthesize_event(StructuredLLM(ScriptedModel([answer])),
                               Event("e1", "T", list(texts)), facts, arts)
    return [(s.text, s.fact_ids) for s in section.sentences], facts


def test_a_sentence_that_stops_without_a_full_stop_gets_one() -> None:
    text = "Former President Donald Trump's blog has been permanently shut down."
    stated, facts = _section({"a1": text}, [("a1", 1, text)], [
        (["F1"], "Former President Donald Trump's blog has been permanently shut down")])
    assert stated == [(text, [facts[0].id])]
    said = "Biden whirled around and said, \"I'm not confident he'll change his behavior.\""
    stated, _ = _section({"a1": said}, [("a1", 1, said)], [
        (["F1"], "Biden whirled around and said, 'I'm not confident he'll change his "
                 "behavior. '")])  # a space before the closing mark, no stray stop after it
    assert [text for text, _ in stated] == [said]


def test_a_sentence_the_model_split_across_items_is_one_sentence() -> None:
    """A small model splits a sentence where its source quotes two words ("… is the
    first", "major cleaning", "of voting rolls …"): "major cleaning." and "of voting
    rolls …" are not stated as sentences of their own."""
    text = ('The removal of the 100,000 names is the first "major cleaning" of voting rolls '
            "in the state since 2019.")
    names = "Georgia removed more than 100,000 names from its voter rolls on Friday."
    stated, _ = _section({"a1": f"{names} {text}", "a2": text},
                             [("a1", 1, names), ("a1", 2, text), ("a2", 1, text)], [
        (["F1"], names), (["F2", "F3"], "The removal of the 100,000 names is the first "),
        (["F3", "F2"], "major cleaning"), (["F2"], "of voting rolls in the state since 2019.")])
    said = [t for t, _ in stated]
    assert not [t for t in said if t[:1].islower()], said
    assert said[0] == names, said


def test_a_columnists_opening_is_not_stated_as_the_news() -> None:
    """Every independent article's lead is stated, but not an opening that speaks to the
    reader and says no one said it; the news its article reports is."""
    column = ("Time tends to warp in the vicinity of an election, so you may have forgotten "
              "about one odd incident that occurred late last October. "
              "On Oct. 29, host Tucker Carlson made a remarkable allegation.")
    news = "The National Security Agency denied on Tuesday that it spies on Tucker Carlson."
    stated, _ = _section(
        {"a1": news, "a2": column},
        [("a1", 1, news), ("a2", 1, column.split(". ")[0] + "."),
         ("a2", 2, "On Oct. 29, host Tucker Carlson made a remarkable allegation.")],
        [(["F1"], news)])
    assert [text for text, _ in stated] == [news]
    opening = column.split(". ")[0] + "."
    stated, _ = _section(  # nor when the model writes it
        {"a1": news, "a2": column}, [("a1", 1, news), ("a2", 1, opening)],
        [(["F1"], news), (["F2"], opening)])
    assert [text for text, _ in stated] == [news]
    guide = ("If you are fully vaccinated, you do not need a booster shot to protect "
             "against the Delta variant, the US government says.")
    stated, _ = _section({"a1": news, "a2": guide}, [("a1", 1, news), ("a2", 1, guide)],
                         [(["F1"], news)])
    assert [text for text, _ in stated] == [news, guide]
    asked = ("Frederick Douglass asked, 'What to the American slave is your Fourth of July?' "
             "in his oration of 1852.")  # "your" in a quotation is the speaker's
    stated, _ = _section({"a1": news, "a2": asked}, [("a1", 1, news), ("a2", 1, asked)],
                         [(["F1"], news), (["F2"], asked)])
    assert [text for text, _ in stated] == [news, asked]
    for question in ("In the market for a new car or a washing machine this year?",
                     "The year certainly felt long, didn't it?"):  # asks the reader
        stated, _ = _section({"a1": news, "a2": f"{question} Prices rose in May."},
                             [("a1", 1, news), ("a2", 1, question)],
                             [(["F1"], news), (["F2"], question)])
        assert [text for text, _ in stated] == [news]
    quoted = "The governor asked: \u201cWhat the hell is wrong with us?\u201d"
    stated, _ = _section({"a1": news, "a2": quoted}, [("a1", 1, news), ("a2", 1, quoted)],
                         [(["F1"], news), (["F2"], quoted)])
    assert [text for text, _ in stated] == [news, quoted]


def test_a_sentence_that_says_more_than_its_span_is_held_back() -> None:
    """The model wrote an outlet's lead without its "reportedly" and cited another
    outlet's sentence, which holds half its words: the sentence is held back, and the
    lead is stated as written."""
    lead = ("The JBS meatpacking company was reportedly targeted by Russian hackers over the "
            "weekend, forcing it to shut down operations in North America and Australia.")
    other = ("Brazil's JBS SA told the U.S. government that a ransomware attack that disrupted "
             "meat production in North America and Australia came from a criminal "
             "organization likely based in Russia, the White House said on Tuesday.")
    model = ("Brazil's JBS SA was targeted by Russian hackers over the weekend, forcing it to "
             "shut down operations in North America and Australia.")
    stated, _ = _section({"a1": other, "a2": lead}, [("a1", 1, other), ("a2", 1, lead)],
                         [(["F1"], model)])
    assert model not in [text for text, _ in stated]
    assert lead in [text for text, _ in stated]


def test_a_decision_the_model_left_out_is_stated_as_written() -> None:
    """The model was asked about the governor's pledge and wrote only the lead: the
    pledge, a named actor's decision, is stated after what the model wrote."""
    lead = "Gov. Jane Roe declared a state of emergency over gun violence on Tuesday."
    decision = ("Roe pledged almost $139 million to reverse the rise in shootings across "
                "the state.")
    stated, facts = _section({"a1": f"{lead} {decision}"},
                             [("a1", 1, lead), ("a1", 2, decision)], [(["F1"], lead)])
    assert stated == [(lead, [facts[0].id]), (decision, [facts[1].id])]


def test_initials_are_written_as_the_article_writes_them() -> None:
    """The model spaces out "U.S." in its claims and sentences ("U. S. health regulators");
    the brief writes it as the article does."""
    from brief.extract import extract_facts

    text = "The drug was approved by U.S. health regulators on Monday."
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    spaced = "The drug was approved by U. S. health regulators on Monday."
    llm = StructuredLLM(ScriptedModel([json.dumps({"facts": [
        {"sentence": 1, "claim": spaced}]})]))
    facts = extract_facts(llm, article, asked=[1])
    assert [f.claim for f in facts] == [text]
    stated, _ = _section({"a1": text}, [("a1", 1, text)], [(["F1"], spaced)])
    assert [s for s, _ in stated] == [text]


def test_a_lead_cited_under_another_is_stated_when_it_adds_a_figure() -> None:
    """Two outlets' leads of one decision; the model wrote the first and cited both. The
    second's $139 million is news the sentence does not state, so it is stated too."""
    one = "Gov. Jane Roe declared a state of emergency over gun violence on Tuesday."
    two = ("Gov. Jane Roe declared a new state of emergency over gun violence and "
           "committed almost $139 million to reverse the rise in shootings.")
    stated, _ = _section({"a1": one, "a2": two}, [("a1", 1, one), ("a2", 1, two)],
                         [(["F1", "F2"], one)])
    assert [text for text, _ in stated] == [one, two]


def test_a_footnote_is_a_text_that_reports_the_sentence_not_one_that_names_its_subject() -> None:
    """A quotation one outlet reports, cited by the model to every outlet's lead as well,
    is cited to that outlet alone (one source, not three); a second outlet that reports
    the same decision in its own words stays a source of it."""
    quote = ("As Collins tried to speak, Mayor Ann Lee continued, saying: “When did I say "
             "I was confident?”")
    leads = {
        "a1": "Mayor Ann Lee sparred on Wednesday with a reporter who asked why she was "
              "confident the council would change course.",
        "a2": "Mayor Ann Lee snapped at a reporter at the end of her press conference in "
              "Geneva on Wednesday.",
        "a3": "Mayor Ann Lee vetoed the housing budget on Wednesday, her office announced.",
    }
    second = "Mayor Ann Lee on Wednesday vetoed the city's housing budget, aides said."
    texts = {"a1": f"{leads['a1']} {quote}", "a2": leads["a2"], "a3": leads["a3"],
             "a4": second}
    arts = {a: Article(id=a, content_hash=a, text=t, path=f"{a}.txt", ingested_at="t")
            for a, t in texts.items()}
    facts = [verify_fact(FactOut(sentence=n, claim=c), arts[a], split(arts[a].text))
             for a, n, c in [("a1", 2, quote), ("a1", 1, leads["a1"]), ("a2", 1, leads["a2"]),
                             ("a3", 1, leads["a3"]), ("a4", 1, second)]]
    assert [f.status for f in facts] == ["verified"] * 5
    said = "Mayor Ann Lee continued, saying: “When did I say I was confident?”"
    vetoed = "Mayor Ann Lee vetoed the housing budget on Wednesday."
    reply = json.dumps({"title": "T", "sentences": [
        {"fact_ids": ["F1", "F2", "F3"], "text": said},
        {"fact_ids": ["F4", "F5"], "text": vetoed}]})
    section = synthesize_event(StructuredLLM(ScriptedModel([reply])),
                               Event("e1", "T", list(arts)), facts, arts)
    cited = {s.text: sorted(s.fact_ids) for s in section.sentences}
    assert cited[said] == [facts[0].id]
    assert cited[vetoed] == sorted([facts[3].id, facts[4].id])


def test_three_outlets_leads_of_one_development_are_one_sentence_with_three_footnotes() -> None:
    """The model wrote one outlet's lead; the others say the same development in their
    own words. The brief states it once and cites all three; a lead that adds something
    (a figure, a name) is still stated."""
    one = ("Moderna's COVID-19 vaccine is 96% effective in teenagers aged 12 to 17, the "
           "drugmaker said Thursday.")
    two = ("Moderna on Thursday released the results of its COVID-19 vaccine trials for "
           "those aged 12 to 17, reporting it 96 percent effective against the virus.")
    three = ("Moderna said on Thursday its COVID-19 vaccine is 96% effective in teens, in a "
             "trial of 3,235 participants.")
    stated, facts = _section({"a1": one, "a2": two, "a3": three},
                             [("a1", 1, one), ("a2", 1, two), ("a3", 1, three)],
                             [(["F1"], one)])
    assert stated == [(one, [facts[0].id, facts[1].id]), (three, [facts[2].id])]


def test_two_figures_of_one_count_in_other_words_are_one_sentence() -> None:
    """Two outlets give the same rate and the one before it in other words, each dating
    it by its own month: the brief states it once. A third sentence with one of those
    figures and another count is still stated."""
    one = "The unemployment rate ticked up to 6.1% from 6% in March."
    two = "The unemployment rate rose to 6.1% in April, up from 6% a month earlier."
    three = "Wages rose 0.7% in April, while the unemployment rate was 6.1%."
    stated, facts = _section({"a1": one, "a2": two, "a3": three},
                             [("a1", 1, one), ("a2", 1, two), ("a3", 1, three)],
                             [(["F1"], one)])
    assert stated == [(one, [facts[0].id, facts[1].id]), (three, [facts[2].id])]
    more = ("The unemployment rate ticked up to 6.1% in April from 6% in March, dimming "
            "hopes of a full return of workers who left the labor force.")
    stated, _ = _section({"a1": one, "a2": more}, [("a1", 1, one), ("a2", 1, more)],
                         [(["F1"], one)])
    assert [t for t, _ in stated] == [more]  # it says more: it is stated (holding the other)


def test_a_sentence_that_refers_back_follows_what_it_refers_to_or_is_not_stated() -> None:
    """"This fell to 340,000" is the four-week average's fall: stated after the sentence
    on the average, and not at all when the brief does not state that sentence."""
    lead = "Jobless claims fell to 473,000 last week, the Labor Department said Thursday."
    average = "Economists like to look at the four-week average of claims."
    this = "This fell to 340,000, the lowest since the pandemic struck last March."
    text = f"{lead} {average} {this}"
    stated, _ = _section({"a1": text}, [("a1", 1, lead), ("a1", 3, this)],
                         [(["F2"], this), (["F1"], lead)])
    assert [t for t, _ in stated] == [lead]
    stated, _ = _section({"a1": text}, [("a1", 1, lead), ("a1", 2, average), ("a1", 3, this)],
                         [(["F3"], this), (["F1"], lead), (["F2"], average)])
    assert [t for t, _ in stated] == [lead, average, this]
    said = "\u201cThis is a disaster,\u201d the mayor said of the count on Friday."
    stated, _ = _section({"a1": f"{lead} {average} {said}"}, [("a1", 1, lead), ("a1", 3, said)],
                         [(["F1"], lead), (["F2"], said)])
    assert [t for t, _ in stated] == [lead, said]  # a quotation's "This" is the speaker's
    vote = "Republican Sen. Josh Hawley is the only senator to vote against it."
    bill = "The Senate passed the anti-Asian hate crimes bill on Thursday, 94-1."
    stated, _ = _section({"a1": bill, "a2": vote}, [("a1", 1, bill), ("a2", 1, vote)],
                         [(["F2"], vote), (["F1"], bill)])
    assert [t for t, _ in stated] == [bill, vote]  # "it", the bill: not the bottom line
    law = "Gov. Ron DeSantis signed a law on Monday that fines social media platforms."
    sue = "It allows people to sue platforms that apply their content rules inconsistently."
    stated, _ = _section({"a1": f"{law} {sue}"}, [("a1", 1, law), ("a1", 2, sue)],
                         [(["F2"], sue), (["F1"], law)])
    assert [t for t, _ in stated] == [law, sue]  # "It", the law: stated, after it
    cases = "New coronavirus cases fell to their lowest level in a year on Friday."
    cause = "That's because the few Americans testing positive are often young."
    stated, _ = _section({"a1": f"{lead} {average} {cause}"},
                         [("a1", 1, lead), ("a1", 3, cause)], [(["F2"], cause), (["F1"], lead)])
    assert [t for t, _ in stated] == [lead]  # the cause of what it does not state
    stated, _ = _section({"a1": f"{cases} {cause}"}, [("a1", 1, cases), ("a1", 2, cause)],
                         [(["F2"], cause), (["F1"], cases)])
    assert [t for t, _ in stated] == [cases, cause]
    line = "That's our red line,\u201d Sen. Ann Lee told reporters on the White House driveway."
    stated, _ = _section({"a1": f"{lead} \u201cNo tax increases. {line}"},
                         [("a1", 1, lead), ("a1", 3, line)], [(["F1"], lead), (["F2"], line)])
    assert len(stated) == 2  # a quotation's "That" is its speaker's
    attack = "A ransomware attack hit JBS, the world's largest meat processor, on Sunday."
    result = "As a result, the company was forced to shut down plants in Colorado and Texas."
    stated, _ = _section({"a1": f"{attack} {result}"}, [("a1", 2, result)], [(["F1"], result)])
    assert [t for t, _ in stated] == []  # the result of what the brief does not state
    stated, _ = _section({"a1": f"{attack} {result}"}, [("a1", 1, attack), ("a1", 2, result)],
                         [(["F2"], result), (["F1"], attack)])
    assert [t for t, _ in stated] == [attack, result]
    day = "Presidents are judged on their first 100 days in office."
    date = 'It\'s a date that former Obama adviser David Axelrod once called a "Hallmark holiday."'
    stated, _ = _section({"a1": f"{lead} {day} {date}"}, [("a1", 1, lead), ("a1", 3, date)],
                         [(["F2"], date), (["F1"], lead)])
    assert [t for t, _ in stated] == [lead]  # which date, the brief does not say


def test_the_bottom_line_states_a_lead_not_only_cites_it() -> None:
    """The model cites one outlet's lead (jobs and the rate) under a sentence on the rate
    alone; the bottom line is the sentence that states that lead."""
    lead = ("The economy added just 266,000 jobs in April, and the unemployment rate rose "
            "to 6.1%, the Labor Department said Friday.")
    other = ("Employers added 266,000 jobs last month, far fewer than forecast. Still, the "
             "unemployment rate ticked up to 6.1% from 6% in March.")
    rate = "The unemployment rate ticked up to 6.1% from 6% in March."
    stated, _ = _section({"a1": lead, "a2": other},
                         [("a1", 1, lead), ("a2", 2, rate),
                          ("a2", 1, "Employers added 266,000 jobs last month, far fewer "
                                    "than forecast.")],
                         [(["F1", "F2"], rate), (["F1"], lead)])
    assert stated[0][0] == lead


def test_a_claim_ending_on_a_stray_mark_after_an_excerpts_ellipsis_is_not_stated() -> None:
    """The model's claim ends on a stray mark after an excerpt's ellipsis; it breaks off
    where the excerpt does (printed without the mark too, as `brief check` reads it): it
    is held back, and the section does not state it."""
    lead = "The board upheld the ban on Wednesday, leaving the door open to a return."
    cut = ('The board said the decision was "indeterminate and standardless", and that the '
           'correct response should be...')
    claim = ("The board said the decision was 'indeterminate and standardless', and that "
             "the correct response should be...'")
    article = Article(id="a1", content_hash="a1", text=f"{lead} {cut}", path="a1.txt",
                      ingested_at="t")
    facts = [verify_fact(FactOut(sentence=n, claim=c), article, split(article.text))
             for n, c in ((1, lead), (2, claim))]
    assert [f.status for f in facts] == ["verified", "unsupported"]
    assert any("breaks off in an ellipsis" in r for r in facts[1].reasons)
    answer = json.dumps({"title": "T", "sentences": [
        {"fact_ids": ["F1"], "text": lead}, {"fact_ids": ["F2"], "text": claim}]})
    section = synthesize_event(StructuredLLM(ScriptedModel([answer])),
                               Event("e1", "T", ["a1"]), facts, {"a1": article})
    assert [s.text for s in section.sentences] == [lead]


def test_the_models_title_is_used_when_the_facts_bear_out_the_names_it_gives() -> None:
    text = "Prime Minister Mark Carney pledged support for Ukraine in Kyiv on Sunday."
    article = Article(id="a1", content_hash="h", text=text, path="a.txt", ingested_at="t")
    facts = [verify_fact(FactOut(sentence=1, claim=text), article, split(text))]
    titles = {}
    for title in ("Carney's pledge in Kyiv", "Trudeau's pledge in Kyiv"):
        reply = json.dumps({"title": title, "sentences": [{"fact_ids": ["F1"], "text": text}]})
        titles[title] = synthesize_event(StructuredLLM(ScriptedModel([reply])),
                                         Event("e1", "Event title", ["a1"]), facts,
                                         {"a1": article}).title
    assert titles == {"Carney's pledge in Kyiv": "Carney's pledge in Kyiv",
                      "Trudeau's pledge in Kyiv": "Event title"}


def test_an_outlet_that_only_gives_someones_job_is_no_source_of_their_news() -> None:
    """One outlet reports what the chief of staff did; another only names her job. The
    job, said again, is not stated twice, and the second outlet is not cited on the news
    (it would count as a second source for it)."""
    news = ("Tina Flournoy, the chief of staff for Vice President Kamala Harris, has "
            "established a reputation as a tough gatekeeper.")
    job = ("Staff of Vice President Kamala Harris, including her chief of staff Tina "
           "Flournoy, described a tense office atmosphere.")
    stated, facts = _section(
        {"a1": news, "a2": job},
        [("a1", 1, news),
         ("a2", 1, "Tina Flournoy is the chief of staff for Vice President Kamala Harris."),
         ("a2", 1, "Staff of Vice President Kamala Harris described a tense office "
                   "atmosphere.")],
        [(["F1"], news),
         (["F2"], "Tina Flournoy is the chief of staff for Vice President Kamala Harris."),
         (["F3"], "Staff of Vice President Kamala Harris described a tense office "
                  "atmosphere.")])
    assert stated[0] == (news, [facts[0].id]), stated
    assert not [text for text, _ in stated if text.startswith("Tina Flournoy is")]


def test_a_reply_that_only_names_someone_adds_no_source() -> None:
    """The model's "Tucker Carlson Tonight" says nothing; citing another outlet's older
    story about the host, it must not make that outlet a second source for the news."""
    news = ("Fox News host Tucker Carlson said Monday that the National Security Agency is "
            "spying on him.")
    older = "On Oct. 29, Fox News host Tucker Carlson made a remarkable allegation."
    stated, facts = _section({"a1": news, "a2": older},
                             [("a1", 1, news), ("a2", 1, older)],
                             [(["F1"], news), (["F1", "F2"], "Tucker Carlson Tonight")])
    assert (news, [facts[0].id]) in stated, stated
    assert not [text for text, _ in stated if text.startswith("Tucker Carlson Tonight")]


def test_a_quotation_cites_what_names_its_speaker_not_every_fact_the_model_cited() -> None:
    """"Biden said his agenda is not against Russia" rests on the quotation and the
    sentence that names Biden beside it; the other outlet's sentence about the meeting's
    tone, which the model cited too, reports none of it."""
    one = ("President Joe Biden spoke to reporters on Wednesday after the summit in Geneva. "
           "\u201cI told President Putin my agenda is not against Russia or anyone else.\u201d")
    other = "President Joe Biden called the tone of his meeting with Vladimir Putin positive."
    said = "Biden said his agenda is not against Russia or anyone else."
    stated, facts = _section(
        {"a1": one, "a2": other},
        [("a1", 1, "President Joe Biden spoke to reporters on Wednesday after the summit in "
                   "Geneva."),
         ("a1", 2, "Biden told President Putin his agenda is not against Russia or anyone "
                   "else."),
         ("a2", 1, other)],
        [(["F3", "F1", "F2"], said)])
    cited = dict(stated)[said]
    assert sorted(cited) == sorted([facts[0].id, facts[1].id]), stated


def test_a_sentence_that_adds_what_its_span_does_not_say_is_not_stated() -> None:
    """"Lee's approval rating has surged, with 52% compared to 42% for Roe" from "Lee's
    52% approval is much higher than Roe's 42%": every name and figure is the span's and
    most words too, but "surged" and "compared" are not; the span is stated as written.
    One word of its own ("Pollsters reported") a sentence may have."""
    span = ("Governor Ann Lee's 52% approval is much higher than Senator Bill Roe's 42%, "
            "a poll by the state university found on Monday.")
    stated, facts = _section({"a1": span}, [("a1", 1, span)], [
        (["F1"], "Governor Ann Lee's approval rating has surged to 52% approval, much "
                 "higher than Senator Bill Roe's 42%, compared by a poll of the state "
                 "university on Monday.")])
    assert stated == [(span, [facts[0].id])]
    kept = ("Governor Ann Lee's 52% approval is much higher than Senator Bill Roe's 42%, a "
            "poll by the state university reported on Monday.")
    stated, facts = _section({"a1": span}, [("a1", 1, span)], [(["F1"], kept)])
    assert stated == [(kept, [facts[0].id])]


def test_a_quotation_the_model_attributes_twice_is_stated_attributed_once() -> None:
    """"Biden said, “We are not confident …,” he said." is stated as "Biden said, “We
    are not confident ….”"; one given to a second name is not stated at all."""
    said = "\u201cWe are not confident he will change his behavior,\u201d he said."
    lead = "President Joe Biden snapped at a reporter after meeting Vladimir Putin in Geneva."
    text = f"{lead} {said}"
    stated, facts = _section({"a1": text}, [("a1", 1, lead), ("a1", 2, said)], [
        (["F2"], "Biden said, \u201cWe are not confident he will change his behavior,\u201d "
                 "he said.")])
    assert (("Biden said, \u201cWe are not confident he will change his behavior.\u201d",
             [facts[1].id]) in stated), stated
    stated, _ = _section({"a1": text}, [("a1", 1, lead), ("a1", 2, said)], [
        (["F2"], "Biden said, \u201cWe are not confident he will change his behavior,\u201d "
                 "Putin said.")])
    assert [s for s, _ in stated if "Biden said" in s] == [], stated


def test_a_quotation_repeated_without_its_marks_is_printed_with_them() -> None:
    """The model wrote a mayor's words as its own sentence's: the brief gives them the
    marks its source does, so a reader sees they are her words, verbatim."""
    text = ("“The work continues with all speed and all urgency,” said Levine Cava during a "
            "press briefing on Thursday morning.")
    stated, _ = _section({"a1": text}, [("a1", 1, text)], [
        (["F1"], "The work continues with all speed and all urgency, said Levine Cava "
                 "during a press briefing on Thursday morning.")])
    assert [t for t, _ in stated] == [text]
    told = ("Becerra told CNN the government has had to \"spend trillions of dollars to try "
            "to keep Americans alive during this pandemic.\"")
    stated, _ = _section({"a1": told}, [("a1", 1, told)], [
        (["F1"], told.replace('"', ""))])
    assert [t for t, _ in stated] == [told]
    reported = "Levine Cava said the work continues with all speed and urgency."
    stated, _ = _section({"a1": text}, [("a1", 1, text)], [(["F1"], reported)])
    assert [t for t, _ in stated] == [reported]  # reported speech in other words: no marks
    whole = ("“The U.S. birth rate fell 4% last year, the largest single-year decrease in "
             "nearly 50 years, according to a government report being released Wednesday,” "
             "the AP reported.")
    own = whole[1:whole.index(",”")] + "."
    stated, _ = _section({"a1": whole}, [("a1", 1, whole)], [(["F1"], own)])
    assert own in [t for t, _ in stated]  # not made a quotation standing alone

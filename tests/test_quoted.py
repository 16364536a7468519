"""Whose words: a quotation keeps its speaker, and a line naming a speaker is not news."""

from __future__ import annotations

from brief.schema import Article, Fact, FactOut
from brief.text import split_sentences
from brief.verify.spans import sentence_problems, verify_fact

TRUMP = ("President Joe Biden didn't mention the border in his first address to Congress, "
         "but he's created a \u201cdisaster\u201d there, former President Donald Trump said "
         "Thursday.")
KELLY = ("Democratic Sen. Mark Kelly criticized President Biden for not laying out a plan "
         "for the border during his first address to Congress on Wednesday.")
TWEETS = (
    "\u201cThe Biden administration\u2019s weakness caused a surge of illegal immigration. "
    "Now they\u2019re forcing taxpayers to buy Kamala Harris\u2019s book to give to those "
    "illegal immigrants?\u201d\n"
    "\u2014 Sen. Tom Cotton (R-Ark.), in a tweet, April 25, 2021\n"
    "The story was retracted by several news outlets on Tuesday.")


def _article(aid: str, text: str) -> Article:
    return Article(id=aid, content_hash=aid, text=text, path=f"{aid}.txt", ingested_at="t")


def _fact(article: Article, sentence: int, claim: str) -> Fact:
    return verify_fact(FactOut(sentence=sentence, claim=claim), article,
                       split_sentences(article.text))


def test_a_sentence_that_gives_one_speakers_quoted_word_to_another_is_not_borne_out() -> None:
    """Two facts blended into one sentence: Trump's "disaster" ends up Kelly's."""
    a, b = _article("a", TRUMP), _article("b", KELLY)
    facts = [_fact(a, 1, TRUMP), _fact(b, 1, KELLY)]
    arts = {"a": a, "b": b}
    blend = ("President Joe Biden's first address to Congress, which he created a "
             "\u201cdisaster\u201d there, was criticized by Democratic Sen. Mark Kelly.")
    for marks in (blend, blend.replace("\u201c", "'").replace("\u201d", "'")):
        problems = sentence_problems(marks, facts, arts)
        assert any("gives to Donald Trump, without naming Donald Trump" in p for p in problems)
    said = "Donald Trump said Biden had created a \u201cdisaster\u201d at the border."
    assert not [p for p in sentence_problems(said, facts, arts) if "without naming" in p]


def test_a_sentence_inside_a_quotation_is_not_stated_as_fact() -> None:
    """The span is the second sentence of Cotton's tweet: its words are his."""
    article = _article("t", TWEETS)
    fact = _fact(article, 2, "Now they\u2019re forcing taxpayers to buy Kamala Harris\u2019s "
                             "book to give to those illegal immigrants?")
    assert fact.status == "unsupported"
    assert any("quoted words as fact" in r for r in fact.reasons)


def test_the_line_that_names_a_quotations_speaker_is_not_a_statement() -> None:
    article = _article("t", TWEETS)
    fact = _fact(article, 3, "\u2014 Sen. Tom Cotton (R-Ark.), in a tweet, April 25, 2021")
    assert fact.status == "unsupported"
    assert any("says whose a quotation is" in r for r in fact.reasons)
    assert _fact(article, 4, "The story was retracted by several news outlets on "
                             "Tuesday.").status == "verified"


def test_a_quotation_the_cited_text_does_not_say_word_for_word_is_not_borne_out() -> None:
    article = _article("a", TRUMP)
    fact = _fact(article, 1, TRUMP)
    altered = "Donald Trump said Biden has created \u201ca total disaster\u201d at the border."
    assert any("quotes words the cited text does not say ('a total disaster')" in p
               for p in sentence_problems(altered, [fact], {"a": article}))
    kept = "Donald Trump said Biden has created a \u201cdisaster\u201d at the border."
    assert not [p for p in sentence_problems(kept, [fact], {"a": article}) if "quotes" in p]


def test_a_claim_that_names_the_speaker_and_stops_or_is_one_word_states_nothing() -> None:
    text = ("Tuesday's big flap was an interview with James Carville, who accused Democrats "
            "of being too woke.\nPossibly.\nCarville, a strategist, said the party must "
            "change.")
    article = _article("c", text)
    nothing = _fact(article, 1, "James Carville, who accused Democrats of being too woke, said")
    assert "the claim says who spoke but not what they said" in nothing.reasons
    for claim in ("Possibly.", "Possibly"):
        assert "one word, which states nothing" in _fact(article, 2, claim).reasons
    assert _fact(article, 3, "Carville, a strategist, said the party must change."
                 ).status == "verified"


def test_a_short_quotation_left_out_leaves_only_who_spoke() -> None:
    text = ("\"We have come to an agreement,\" Schumer told reporters after two hours of "
            "closed-door talks with White House officials.")
    article = _article("s", text)
    fact = _fact(article, 1, "Schumer told reporters after two hours of closed-door talks "
                             "with White House officials.")
    assert "the claim says who spoke, not what they said: the quotation is left out" in (
        fact.reasons)


def test_a_quotation_blended_from_two_outlets_in_single_marks_is_not_borne_out() -> None:
    """One outlet writes "in a couple weeks", the other "in a couple of weeks"; the
    model quotes a mix of both in single marks, which the brief prints as the source's
    double ones. Neither outlet said it: the sentence is held back before it is written,
    not failed afterwards by `brief check`."""
    right = _article("r", "Biden spoke on Sunday. \"I'll be meeting with [Russian] President "
                          "[Vladimir] Putin in a couple weeks in Geneva,\" Biden said.")
    left = _article("l", "\u201cI\u2019ll be meeting with President Putin in a couple of weeks "
                         "in Geneva,\u201d Biden said Sunday.")
    facts = [_fact(right, 2, right.text.split(". ", 1)[1]), _fact(left, 1, left.text)]
    arts = {"r": right, "l": left}
    assert [f.status for f in facts] == ["verified", "verified"]
    blend = ("Biden said 'I'll be meeting with [Russian] President [Vladimir] Putin in a "
             "couple of weeks in Geneva.'")
    assert any("does not say" in p for p in sentence_problems(blend, facts, arts))
    said = ("Biden said 'I'll be meeting with [Russian] President [Vladimir] Putin in a "
            "couple weeks in Geneva.'")
    assert not [p for p in sentence_problems(said, facts, arts) if "quotes words" in p]


def test_a_claim_ending_in_a_quotation_its_excerpt_cut_off_breaks_off() -> None:
    """Story 6029: the excerpt stops inside the quotation ("and ongoing..."); a claim that
    closes the quotation there has lost the rest. A speaker trailing off ("…”) has not."""
    from brief.verify.wording import breaks_off

    span = ('Biden spoke to Netanyahu, and the White House said the two "had a detailed '
            'discussion of Gaza, and ongoing...')
    assert breaks_off("The White House said the two 'had a detailed discussion of Gaza, "
                      "and ongoing...'", span)
    said = "He said \u201cI just don\u2019t know\u2026\u201d"
    assert breaks_off(said, said) is None

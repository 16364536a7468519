"""Crafted (span, claim) cases: each change a reader would care about, and its status."""

from __future__ import annotations

import pytest

from brief.schema import Article, FactOut
from brief.text import split_sentences
from brief.verify.spans import verify_fact

TEXT = (
    "\u201cCanada is ready and able to make a contribution to that force,\u201d Blair said "
    "on March 5 during a defense conference in Ottawa.\n"
    "A preliminary meeting of senior military commanders from 28 nations was held last "
    "week in the United Kingdom.\n"
    "The Kremlin has consistently maintained that it will not accept Western troops.\n"
    "Boivin said Canada may be stretched to contribute troops to the mission.\n"
    "British Prime Minister Keir Starmer proposed the force in February.\n"
    "\u201cWe will not leave Ukraine alone,\u201d Carney said in Kyiv.\n"
    "The ministers agreed to send more than 30 observers to the border.\n"
    "The government plans to deploy 200 troops in the spring.\n"
    "Officials said the talks could resume, and the ministers will sign the accord on Friday.\n"
    "The names will be removed from the rolls.\n"
    "The commission would become a reality.\n"
    "The vote may happen.\n"
    "The figures come from Johns Hopkins University data.\n"
    "Stefanik defeated her challenger Chip Roy in a vote that Trump welcomed.\n"
    "Donald Trump spoke in Florida on Friday.\n"
    "Rogers, now 62, said he told CNN's Ed Lavandera that he waited six hours.\n"
    "Vice President Kamala Harris visited the border on Friday.\n"
    "She said the visit was overdue.\n"
    "Harris visited a shelter in El Paso on Saturday.\n"
    "The trial enrolled 3,235 participants over 14 days.\n"
    "Job openings held at 9.2 million in May, a record.\n"
    "Biden will meet with G-7 and NATO allies in Cornwall.\n"
    "Few had expected how close the vote was.\n"
    "President Joe Biden met reporters in Geneva.\n"
    "As Collins tried to speak, Mr Biden continued, saying he was not confident.\n"
    "Biden turned and said, \u201cI'm not confident he'll change his behavior.\n"
    "What do you do all the time?\u201d\n"
    "\u201cThis bill is not the answer.\n"
    "But we ought not to pass it,\u201d said Senator Ann Lee, its critic.\n"
    "Not a decision I wanted to make,\" Hannah-Jones told co-host Gayle King.\n"
    "By most measures, we should be thankful for how far we have come this year.\n"
    "In this media frenzy over the couple, let me take a different stance.\n"
    "Worse was the dishonesty of the minister\u2019s sales pitch for the accord.\n"
    "Critics once dismissed the plan as an absurd fantasy.\n"
    "Lee called the bill \u201ca shameful giveaway\u201d on Friday.\n"
    "My idea was to focus on the 50 Senate Democrats and their two leaders.\n"
    "The US will send 200 observers to the border.\n"
    "The board was entirely appropriate to admonish the ministry for its vague penalty.\n"
    "Eric Adams, the Brooklyn borough president, is leading the race on Wednesday.\n"
    "It is probably not necessary to mask up, but I still would.\n"
    "Asked why he was \u201cconfident\u201d by CNN\u2019s Kaitlan Collins, Mr Biden appeared "
    "agitated.\n"
    "The president of the condo association, in an April letter, wrote that damage to the "
    "garage had gotten worse.\n"
    "In the letter, the condo board president, Jean Wodnicki, asked for repairs."
)
ARTICLE = Article(id="a1", content_hash="h", text=TEXT, path="x.txt", ingested_at="t")

CASES = [
    # what changed, claim, cited sentence, expected status, expected reason
    ("opposite verb", "The ministers refused to send more than 30 observers to the border.",
     7, "unsupported", "the claim says 'refused' where the cited text says 'agreed'"),
    ("opposite adjectives", "Blair said Canada is unwilling and unable to make a "
     "contribution to that force.", 1, "unsupported",
     "the claim says 'unable' where the cited text says 'able'"),
    ("turned bound", "The ministers agreed to send fewer than 30 observers to the border.",
     7, "unsupported", "the claim bounds 30 the other way ('fewer than') than the cited "
     "text does"),
    ("bound kept in other words", "The ministers agreed to send over 30 observers to the "
     "border.", 7, "verified", None),
    ("greater part: lead for contribute", "Blair said Canada is ready and able to lead "
     "that force.", 1, "unsupported",
     "the claim says 'lead' where the cited text only says 'contribution'"),
    ("greater part: decided for plans", "The government decided to deploy 200 troops in the "
     "spring.", 8, "unsupported",
     "the claim says 'decided' where the cited text only says 'plans'"),
    ("greater part: adopted for proposed", "British Prime Minister Keir Starmer adopted the "
     "force in February.", 5, "unsupported",
     "the claim says 'adopted' where the cited text only says 'proposed'"),
    ("opposite under a negation", "The Kremlin will not reject Western troops.", 3,
     "unsupported", "the claim says 'reject' where the cited text says 'accept'"),
    ("negated opposite that says the same", "The Kremlin has consistently maintained that "
     "it will refuse Western troops.", 3, "verified", None),
    ("added hedge beside a hedge on other words", "The ministers may sign the accord on "
     "Friday.", 9, "partial",
     "modality: the claim hedges ('may') where the cited text is certain"),
    ("plan kept", "The government plans to send 200 troops in the spring.", 8, "verified",
     None),
    ("nothing: restates", "Commanders from 28 nations met in the United Kingdom.", 2,
     "verified", None),
    ("paraphrase that is fine", "Blair said Canada is ready to contribute to the force.", 1,
     "verified", None),
    ("same count, synonym unit", "Commanders from 28 countries met in the United Kingdom.", 2,
     "verified", None),
    ("hedge kept", "Boivin said Canada may be stretched to contribute troops.", 4,
     "verified", None),
    ("negation kept", "The Kremlin will not accept Western troops.", 3, "verified", None),
    ("changed number", "Commanders from 30 nations met in the United Kingdom.", 2,
     "unsupported", "figure 30 is not in the cited text"),
    ("changed unit", "Commanders from 28 battalions met in the United Kingdom.", 2,
     "unsupported", "figure 28 counts 'battalions' in the claim but 'nations' in the cited text"),
    ("unit of another figure of the span", "The trial ran for 3,235 days.", 20,
     "unsupported", "figure 3,235 counts 'days' in the claim but 'participants' in the cited "
     "text"),
    ("both figures with their own units", "The trial enrolled 3,235 participants in 14 days.",
     20, "verified", None),
    ("swapped actor", "Starmer said Canada is ready and able to contribute to that force.", 1,
     "partial", "'Starmer' is named in the article but not in the span"),
    ("actor from nowhere", "Macron said Canada is ready to contribute to that force.", 1,
     "unsupported", "'Macron' does not appear in the article"),
    ("dropped negation", "The Kremlin will accept Western troops.", 3,
     "unsupported", "the cited text is negated ('not accept western') but the claim is not"),
    ("added negation", "Blair said Canada is not ready to contribute.", 1,
     "unsupported", "the claim is negated but the cited text is not"),
    ("dropped hedge", "Canada will be stretched to contribute troops to the mission.", 4,
     "partial", "modality: the cited text hedges ('may') but the claim states it as certain"),
    ("quotation kept as a quotation", "Carney said \u201cwe will not leave Ukraine alone\u201d.",
     6, "verified", None),
    ("only who spoke", "Carney said in Kyiv.", 6, "unsupported",
     "the claim says who spoke but not what they said"),
    ("who spoke, when and where, not what", "Blair said on March 5 during a defense "
     "conference in Ottawa.", 1, "unsupported",
     "the claim says who spoke, not what they said: the quotation is left out"),
    ("what was said, in other words", "Blair said on March 5 that Canada is ready to make "
     "a contribution.", 1, "verified", None),
    ("quotation without its speaker", "We will not leave Ukraine alone.", 6,
     "unsupported", "first-person words of a quotation ('We') without quotation marks"),
    ("added hedge", "Blair said Canada might make a contribution to that force.", 1,
     "partial", "modality: the claim hedges ('might') where the cited text is certain"),
    ("title kept", "British Prime Minister Keir Starmer proposed the force in February.", 5,
     "verified", None),
    ("invented portfolio", "Foreign Minister Keir Starmer proposed the force in February.", 5,
     "unsupported", "the claim calls Keir Starmer 'Foreign Minister', which the article "
     "does not ('foreign' is not in its words about Starmer)"),
    ("invented descriptor",
     "Blair, a Canadian politician, said Canada is ready to contribute to that force.", 1,
     "unsupported", "the claim calls Blair 'a Canadian politician'"),
    ("hedge in place of a certainty, one content word after it",
     "The names may be removed from the rolls.", 10, "partial",
     "modality: the claim hedges ('may') where the cited text is certain"),
    ("certainty in place of a hedge, one content word after it", "The vote will happen.",
     12, "partial", "modality: the cited text hedges ('may') but the claim states it as certain"),
    ("one hedge for another", "Boivin said Canada might be stretched to contribute troops "
     "to the mission.", 4, "verified", None),
    ("negation put in place, one content word after it",
     "The commission would not become a reality.", 11, "unsupported",
     "the claim is negated ('not become a') but the cited text is not"),
    ("another institution of the same kind", "The figures come from South Dakota "
     "University data.", 13, "unsupported",
     "'South Dakota University' does not appear in the article"),
    ("the institution kept", "The figures come from Johns Hopkins University data.", 13,
     "verified", None),
    ("quoted opinion stated as fact",
     "Canada is ready and able to make a contribution to that force.", 1, "unsupported",
     "the claim states quoted words as fact: it must say whose words they are"),
    ("quotation cut off", "Blair said Canada is ready and able to", 1, "unsupported",
     "the claim breaks off after 'to'"),
    ("stopped where the span goes on", "A preliminary meeting of senior military "
     "commanders from 28 nations was.", 2, "unsupported",
     "the claim breaks off after 'was' (the cited text does not end there)"),
    ("stopped on a preposition", "Harris visited a shelter in El Paso on.", 19,
     "unsupported", "the claim breaks off after 'on' (the cited text does not end there)"),
    ("stopped on 'of'", "The trial enrolled 3,235 participants over 14 days, a number of.", 20,
     "unsupported", "the claim breaks off after 'of' (the cited text does not end there)"),
    ("ending on 'was' as the span does", "Few had expected how close the vote was.", 23,
     "verified", None),
    ("a columnist's view as the brief's", "By most measures, we should be thankful for how "
     "far we have come this year.", 31, "unsupported",
     "the writer's own voice ('we') stated as the brief's"),
    ("a pronoun for the name", "She visited the border on Friday.", 17, "unsupported",
     "the claim says 'She' where the cited text names 'Vice President Kamala Harris'"),
    ("a verb's object cut off", "The ministers agreed to send", 7, "unsupported",
     "the claim breaks off after 'to send' (the cited text goes on: 'more')"),
    ("what follows the verb's object left out", "The government plans to deploy 200 troops",
     8, "verified", None),
    ("the article described, not the news", "The article discusses a meeting of senior "
     "military commanders from 28 nations.", 2, "unsupported",
     "the claim describes the text ('The article'), not what it reports"),
    ("quotation standing alone", "\u201cWe will not leave Ukraine alone.\u201d", 6,
     "unsupported", "a quotation on its own: the claim does not say whose words they are"),
    ("swapped for a name the span gives by one word",
     "Stefanik defeated her challenger Donald Trump in a vote that Trump welcomed.", 14,
     "unsupported", "the claim names 'Donald Trump' where the cited text names 'Chip Roy'"),
    ("a name the span gives by one word, in full", "Stefanik defeated her challenger "
     "Chip Roy in a vote that Donald Trump welcomed.", 14, "verified", None),
    ("in full, and another name left out, not replaced", "President Joe Biden continued, "
     "saying he was not confident.", 25, "verified", None),
    ("the writer's own voice, an adverb before its verb", "It is probably not necessary "
     "to mask up, but I still would.", 40, "unsupported",
     "the writer's own voice ('I still would') stated as the brief's"),
    ("a sentence that ends inside its quotation, stated as written", "Biden turned and "
     "said, \u201cI'm not confident he'll change his behavior.", 26, "verified", None),
    ("a sentence that closes the quotation the one before opened", "But we ought not to "
     "pass it,\u201d said Senator Ann Lee, its critic.", 29, "verified", None),
    ("a title given to a name that ends on a role word", "Not a decision I wanted to "
     "make,\" Hannah-Jones told co-host Foreign Minister Gayle King.", 30, "unsupported",
     "the claim calls Gayle King 'Foreign Minister'"),
    ("one part of a double-barrelled name swapped", "Not a decision I wanted to make,\" "
     "Hannah-Pulitzer told co-host Gayle King.", 30, "unsupported",
     "the claim names 'Hannah-Pulitzer' where the cited text names 'Hannah-Jones'"),
    ("a quotation's first person, its quotation marks dropped", "Biden turned and said "
     "I'm not confident he'll change his behavior.", 26, "unsupported",
     "first-person words of a quotation ('I') without quotation marks"),
    ("a name in place of the span's", "Rogers, now 62, said he told CNN's Keir Starmer "
     "that he waited six hours.", 16, "unsupported",
     "the claim names 'Keir Starmer' where the cited text names 'Ed Lavandera'"),
    ("a name glued to the span's", "Keir Starmer Kamala Harris visited the border on "
     "Friday.", 17, "unsupported", "the claim writes 'Keir Starmer Kamala', a name the "
     "article does not give"),
    ("a first name and title the article gives", "Vice President Kamala Harris visited a "
     "shelter in El Paso on Saturday.", 19, "verified", None),
    ("'she' as the name beside it", "Harris said the visit was overdue.", 18, "verified",
     None),
    ("the speaker moved, not swapped", "Carney said in Kyiv, \u201cWe will not leave "
     "Ukraine alone.\u201d", 6, "verified", None),
    ("the quotation in single quotes", "Carney said 'We will not leave Ukraine alone.'",
     6, "verified", None),
    ("cut off where the excerpt ends", "A preliminary meeting of senior military "
     "commanders from 28 nations was held...", 2, "unsupported",
     "the claim breaks off in an ellipsis"),
    ("stopped on a comma", "A preliminary meeting of senior military commanders from 28 "
     "nations,", 2, "unsupported", "the claim breaks off at a comma"),
    ("the month May, not the hedge", "In May, job openings held at a record 9.2 million.",
     21, "verified", None),
    ("a name of one-letter parts", "Biden will meet G-7 and NATO allies in Cornwall.", 22,
     "verified", None),
    ("another name of that shape", "Biden will meet G-20 and NATO allies in Cornwall.", 22,
     "unsupported", "the claim names 'G-20' where the cited text names 'G-7'"),
    ("a possessive name the article does not give at all", "Ruritania's officials said "
     "the talks could resume, and the ministers will sign the accord on Friday.", 9,
     "unsupported", "'Ruritania' does not appear in the article"),
    ("a columnist's 'me'", "In this media frenzy over the couple, let me take a different "
     "stance.", 32, "unsupported", "the writer's own voice ('me') stated as the brief's"),
    ("the speaker said twice", "Carney said in Kyiv that 'We will not leave Ukraine "
     "alone,' Carney said in Kyiv.", 6, "unsupported",
     "the claim says 'carney said in kyiv' 2 times; the cited text, 1"),
    ("a figure said twice", "The ministers agreed to send 30 observers to the border, "
     "more than 30.", 7, "unsupported", "the claim says 30 2 times; the cited text, 1"),
    ("a column's verdict stated as the brief's", "The minister\u2019s sales pitch for the "
     "accord was dishonest.", 33, "unsupported",
     "a judgment ('dishonest') stated in the brief's voice"),
    ("a verdict the claim adds to a report", "The ministers agreed to send a ridiculous "
     "30 observers to the border.", 7, "unsupported",
     "a judgment ('ridiculous') stated in the brief's voice"),
    ("a verdict given to whoever made it", "Critics once dismissed the plan as an absurd "
     "fantasy.", 34, "verified", None),
    ("a speaker's verdict in their words", "Lee called the bill \u201ca shameful "
     "giveaway\u201d on Friday.", 35, "verified", None),
    ("a speaker's verdict without the quotation marks", "The bill is a shameful giveaway.",
     35, "unsupported", "a judgment ('shameful') stated in the brief's voice"),
    ("a columnist's 'My' opening the sentence", "My idea was to focus on the 50 Senate "
     "Democrats and their two leaders.", 36, "unsupported",
     "the writer's own voice ('My') stated as the brief's"),
    ("the US is not 'us'", "The US will send 200 observers to the border.", 37, "verified",
     None),
    ("a column's verdict in plain words", "The board was entirely appropriate to admonish "
     "the ministry.", 38, "unsupported",
     "a judgment ('was entirely appropriate') stated in the brief's voice"),
    ("an apposition made a sentence", "Eric Adams is the Brooklyn borough president, is "
     "leading the race on Wednesday.", 39, "unsupported",
     "the claim runs two sentences into one ('is the …, is'"),
    ("the apposition kept", "Eric Adams, the Brooklyn borough president, is leading the "
     "race.", 39, "verified", None),
    ("a name left out after a possessive, not replaced", "President Joe Biden appeared "
     "agitated when asked why he was \u201cconfident\u201d.", 41, "verified", None),
    ("one quotation attributed twice", "Biden said, \u201cI'm not confident he'll change "
     "his behavior,\u201d he said.", 26, "unsupported",
     "the claim attributes one quotation twice"),
    ("a month left out is no one the claim's name stands in for", "The president of the "
     "condo association, Jean Wodnicki, wrote that damage to the garage had gotten worse.",
     42, "verified", None),
]


@pytest.mark.parametrize(("what", "claim", "sentence", "status", "reason"), CASES,
                         ids=[c[0] for c in CASES])
def test_crafted_case(what: str, claim: str, sentence: int, status: str,
                      reason: str | None) -> None:
    fact = FactOut(sentence=sentence, claim=claim)
    checked = verify_fact(fact, ARTICLE, split_sentences(TEXT))
    assert (checked.status, what) == (status, what), checked.reasons
    if reason:
        assert any(reason in r for r in checked.reasons), checked.reasons
    else:
        assert checked.reasons == []

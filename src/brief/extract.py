"""Extract: schema-constrained LLM calls that state the sentences the ranking chose.

The model sees the article as numbered sentences and is asked for one claim per
chosen sentence, citing it by number, so a fact's span is exact by construction.
Which sentences are chosen, and how many, is the ranking's decision (`rank`), not
the model's: a chosen sentence the model does not state, or states in words its
sentence does not bear out, is kept as the sentence itself, so what matters is never
lost to a small model's pick. A named actor's decision, commitment or refusal further
down a long article than the sentences asked ("Trump ruled out deploying American
ground forces") is stated as written too, without a model call.
"""

from __future__ import annotations

import logging
import re

from brief import prompts
from brief.analyse.positions import COMMITMENT, actor_of
from brief.llm import Request, StructuredLLM
from brief.salience import chosen, is_background
from brief.schema import AS_WRITTEN_NOTE, CLAIM_CHARS, Article, ExtractionOut, Fact, FactOut
from brief.text import Sentence, as_source_writes, cut_off, split_sentences
from brief.verify.spans import best_sentence, verify_fact
from brief.verify.speakers import person_before, speaker_near
from brief.verify.wording import bare_quotation

log = logging.getLogger(__name__)

CHUNK_SENTENCES = 40
AS_WRITTEN = f"{AS_WRITTEN_NOTE}: the model gave no checked claim for it"
CUT = f"{AS_WRITTEN_NOTE}: the model's claim was cut off at the reply's length bound"
DECIDED = f"{AS_WRITTEN_NOTE}: a named actor's decision or commitment"
MAX_COMMITMENTS = 4  # per article, beyond the sentences asked
# A claim this close to the schema's bound was cut off there (the model copying a long
# sentence: "…why thousands of President Donald Trump's supporters" of "… supporters laid
# siege to the U.S. Capitol complex."); a few characters short of it, since the bound
# can end a reply before its last word is whole ("…push through much of President Joe").
CUT_SLACK = 5


def extract_facts(llm: StructuredLLM, article: Article, asked: list[int] | None = None,
                  *, copy: bool = False) -> list[Fact]:
    """Facts of `article` for the sentence numbers in `asked` (default: the ranking's
    choice for the article alone), each verified against its span, and its named
    actors' decisions (not for a `copy` of another article, which repeats them).
    Raises LLMError."""
    sentences = split_sentences(article.text)
    if asked is None:
        asked = chosen({article.id: article.text})[article.id]
    numbered = [(s.number, article.text[s.start:s.end]) for s in sentences]
    facts: dict[str, Fact] = {}
    cut: list[int] = []  # sentences whose claim the reply's bound cut off
    for request, wanted in _requests(article, numbered, asked):
        reply = llm.complete(request.messages, ExtractionOut,
                             prompt_version=request.prompt_version)
        for out in reply.obj.facts[:len(wanted) + 2]:
            out.claim = as_source_writes(out.claim, article.text)
            if len(out.claim) >= CLAIM_CHARS - CUT_SLACK:  # stated whole, as written, below
                cut.append(best_sentence(out.claim, article.text, sentences) or out.sentence)
                continue
            fact = _verified(out, article, sentences)
            facts.setdefault(fact.id, fact)
    stated = {n for f in facts.values() if f.status == "verified"
              and not is_background(f.claim) for n in f.sentence_ids}
    # A sentence the model chose itself but restated wrongly (often a quotation it cut
    # off: "dismissed the proposal as mere") is also stated as written.
    # So is the sentence a failed claim restates best, when the model numbered it wrong.
    failed = [n for f in facts.values() if f.status != "verified"
              for n in [*f.sentence_ids, best_sentence(f.claim, article.text, sentences)]
              if n is not None]
    for number in dict.fromkeys([*asked, *failed, *cut]):
        if number not in stated and 1 <= number <= len(numbered):
            fact = _as_written(article, sentences, number, numbered[number - 1][1],
                               CUT if number in cut else AS_WRITTEN)
            facts.setdefault(fact.id, fact)
    for number in [] if copy else commitments(numbered, {*asked, *stated}):
        fact = _as_written(article, sentences, number, numbered[number - 1][1], DECIDED)
        facts.setdefault(fact.id, fact.model_copy(update={"kind": "commitment"}))
    return list(facts.values())


def commitments(numbered: list[tuple[int, str]], taken: set[int]) -> list[int]:
    """Sentences not yet taken in which a named actor decides, commits to or refuses
    something (in article order, at most `MAX_COMMITMENTS`): news however far down the
    article it stands."""
    article = " ".join(text for _, text in numbered)
    found = [n for n, text in numbered if n not in taken and COMMITMENT.search(text)
             and not is_background(text) and not cut_off(text) and actor_of(text, article)]
    return found[:MAX_COMMITMENTS]


def extraction_requests(article: Article, asked: list[int] | None = None
                        ) -> list[Request[ExtractionOut]]:
    """The requests `extract_facts` will make for `article` (to send them as a batch)."""
    if asked is None:
        asked = chosen({article.id: article.text})[article.id]
    numbered = [(s.number, article.text[s.start:s.end]) for s in split_sentences(article.text)]
    return [request for request, _ in _requests(article, numbered, asked)]


def _requests(article: Article, numbered: list[tuple[int, str]], asked: list[int]
              ) -> list[tuple[Request[ExtractionOut], list[int]]]:
    """One request per chunk of sentences holding an asked one, with the numbers asked."""
    out = []
    for first in range(0, len(numbered), CHUNK_SENTENCES):
        chunk = numbered[first:first + CHUNK_SENTENCES]
        wanted = [n for n in asked if chunk[0][0] <= n <= chunk[-1][0]]
        if not wanted:
            continue
        messages = prompts.render(
            "extract",
            title=prompts.as_data(article.title or "", "article"),
            sentences=[(n, prompts.as_data(s, "article")) for n, s in chunk],
            asked=wanted,
        )
        out.append((Request(messages, ExtractionOut, prompts.version("extract")), wanted))
    return out


def _as_written(article: Article, sentences: list[Sentence], number: int, text: str,
                note: str = AS_WRITTEN) -> Fact:
    """The sentence as its own claim; a quotation standing alone is given the speaker the
    sentences beside it name ('Carney said, “We will not leave Ukraine alone.”')."""
    claim = " ".join(text.split())
    if bare_quotation(claim):
        speaker = speaker_near(article.text, sentences[number - 1].start)
        claim = f"{speaker} said, {claim}" if speaker else claim
    fact = _verified(FactOut.model_construct(sentence=number, claim=claim), article, sentences)
    return fact.model_copy(update={"reasons": [*fact.reasons, note]})


def _verified(out: FactOut, article: Article, sentences: list[Sentence]) -> Fact:
    """`out` checked against its sentence; a claim that opens on "He" or "She" is given
    the name of the person the sentence before opens on ("He stressed …" after "Carney
    expressed …": "Carney stressed …"), when the claim so named is borne out."""
    pronoun = re.match(r"(?:He|She) (?=[a-z])", out.claim)
    person = person_before(article.text, sentences, out.sentence) if pronoun else ""
    if pronoun and person:
        named = verify_fact(FactOut.model_construct(
            sentence=out.sentence, claim=f"{person} {out.claim[pronoun.end():]}"), article,
            sentences)
        if named.status == "verified":
            return named
    return verify_fact(out, article, sentences)

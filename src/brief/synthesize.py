"""Synthesize: per event, the LLM writes sentences that each name the facts they rest on.

Only verified facts are offered. A sentence keeps only fact ids that exist; a
sentence left with none is dropped, and so is one whose figures or names are not
borne out by the spans of the facts it cites.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date

from brief import prompts
from brief.analyse.positions import COMMITMENT, actor_of
from brief.errors import LLMOutputError
from brief.kind import is_opinion, not_news
from brief.llm import Request, StructuredLLM
from brief.salience import (
    about_an_article,
    ends_on_it,
    fact_salience,
    is_background,
    opens_with_pronoun,
    refers_back,
    tells_earlier,
    this_week,
)
from brief.schema import (
    MAX_FACTS_PER_EVENT,
    Article,
    BriefSentence,
    Dropped,
    Event,
    EventBriefOut,
    EventSection,
    Fact,
    SentenceOut,
)
from brief.text import (
    SPEECH,
    as_source_writes,
    closed_tight,
    cut_off,
    figures_in,
    outside_quotes,
    predicate,
    quotes_as_source,
    quotes_closed,
    quotes_marked,
    split_sentences,
    stems,
    without_signpost,
)
from brief.verify.attribution import attributed_once, with_the_name, writers_judgment
from brief.verify.hostile import instructions_in, link_in, mixed_script
from brief.verify.restated import (
    amounts,
    nearly_within,
    restates,
    said_already,
    says,
    within,
)
from brief.verify.spans import (
    check_claim,
    coverage,
    names_in,
    sentence_problems,
)

log = logging.getLogger(__name__)

MAX_SENTENCES = 5
MAX_WORDS = 30  # the words a sentence may have, as prompts/synthesize_system.j2 asks
FALLBACK_CLAIMS = 2


def synthesize_event(
    llm: StructuredLLM,
    event: Event,
    facts: list[Fact],
    articles: dict[str, Article],
    *,
    topic: str = "",
    salience: dict[tuple[str, int], float] | None = None,
) -> EventSection:
    """Write the section for `event` from its verified facts. Raises LLMError on failure.

    With `salience` (the ranking's score of each sentence), the model is offered the
    most salient facts first, and the section's sentences are ordered by the salience
    of what they cite: the first, the bottom line, is the event's main development.
    """
    weight = _weigher(salience or {})
    usable = _usable(facts, weight)
    if not usable:
        return EventSection(event, event.title, [])
    labels = {f"F{i}": f for i, f in enumerate(usable, 1)}
    request = _request(labels, topic)
    try:
        reply: EventBriefOut | None = llm.complete(
            request.messages, EventBriefOut, prompt_version=request.prompt_version).obj
    except LLMOutputError as e:  # the model's reply never fit: the section is not lost
        log.error("event %s: %s; its most salient checked facts are stated as they are",
                  event.id, e)
        reply = None
    title = _title(reply.title, usable, articles) if reply else ""
    section = EventSection(event, title or event.title, [], failed=reply is None)
    seen: set[str] = set()
    by_id = {f.id: f for f in usable}
    meant: list[Fact] = []  # what the model cited, in the order it cited it
    sources = "\n".join(articles[a].text for a in event.article_ids if a in articles)
    for out in _continuations_folded(reply.sentences) if reply else []:
        cited = [labels[i.strip()] for i in out.fact_ids if i.strip() in labels]
        meant.extend(cited)
        for text in _sentences(as_source_writes(out.text, sources)):
            if text in seen:
                continue
            seen.add(text)
            if not predicate(text):  # "Tucker Carlson Tonight": names, and nothing said
                section.dropped.append(Dropped(text, NAMES_ONLY))
                continue
            own = _facts_for(text, cited)
            if own:  # "She defeated …" where the span says "Melanie Stansbury has defeated …"
                text = with_the_name(text, " ".join(s.quote for f in own for s in f.spans))
            text = attributed_once(text)  # "He asked “…?” he asked." named: "Biden asked “…?”"
            problems = sentence_problems(text, own, articles) if own else []
            if out.fact_ids and (not own or problems):
                # The model may cite the wrong ids: the best-matching fact of the
                # event may bear the sentence out instead (checked the same way).
                # A sentence that cites nothing is not rescued: it is dropped.
                alt = _facts_for(text, list(labels.values()))[:1]
                if alt and alt != own and not sentence_problems(text, alt, articles):
                    own, problems = alt, []
            if not own:
                section.dropped.append(Dropped(text, "rests on no verified fact"))
                continue
            if problems:
                section.dropped.append(Dropped(text, "; ".join(problems)))
                continue
            if reason := not_news(text, lede=all(1 in f.sentence_ids for f in own)):
                section.dropped.append(Dropped(text, reason))
                continue
            if len(own) > 2 and len(text.split()) > 2 * MAX_WORDS:
                # checked against the spans of all it strings together, a run-on
                # sentence passes with words from any of them; its facts are stated
                section.dropped.append(Dropped(text, f"strings {len(own)} facts into one "
                                                     f"sentence of {len(text.split())} words"))
                continue
            own = _supporting(text, own, articles)
            same = next((b for b in section.sentences if restates(b.text, text)
                         or said_already(b.text, text)), None)
            # The same point again (another outlet's lead, a copy): cited, not repeated.
            if same is None or not _absorb(same, text, own, by_id, articles):
                section.sentences.append(BriefSentence(text, [f.id for f in _unique(own)]))
    if not section.sentences:
        _state_claims(section, usable, articles)
    leads = _leads(event, usable, weight)
    _state_leads(section, leads, by_id, articles)
    _state_cited(section, by_id, articles)
    _state_meant(section, _unique(meant), by_id, articles)
    _state_decisions(section, facts, by_id, articles)
    # The bottom line is a lead's development (news puts it first), else the most
    # salient one; what only opinion pieces say follows the reports; a sentence
    # saying who someone is comes last. A sentence that only cites a lead ("The
    # unemployment rate ticked up to 6.1%" under "… added just 266,000 jobs, and the
    # unemployment rate rose to 6.1%") does not state its development.
    section.sentences.sort(key=lambda b: (
        is_background(b.text), all(is_opinion(articles[by_id[i].article_id]) for i in b.fact_ids),
        not any(_states(b.text, f.claim) for f in leads if f.id in b.fact_ids),
        -max(weight(by_id[i]) for i in b.fact_ids)))
    _open_on_the_news(section, articles, by_id)
    _cite_repeats(section, by_id, articles)
    _after_what_it_refers_to(section, by_id)
    _as_printed(section, sources, by_id, articles)
    return section


def _as_printed(section: EventSection, sources: str, by_id: dict[str, Fact],
                articles: dict[str, Article]) -> None:
    """Each sentence as the brief prints it: the source's quotation marks (where the
    model left them out of a quotation it repeats word for word too), closed, with a
    full stop. Where that changes it, it is checked again as printed, as `brief check`
    will read it ("…should be...'" was checked with its stray mark; without it, it
    breaks off in an ellipsis)."""
    for sentence in list(section.sentences):
        spans = [s.quote for i in sentence.fact_ids for s in by_id[i].spans]
        printed = quotes_closed(_finished(without_signpost(
            quotes_marked(quotes_as_source(sentence.text, sources), spans))))
        problems = [] if printed == sentence.text else sentence_problems(
            printed, [by_id[i] for i in sentence.fact_ids], articles)
        if problems:
            section.sentences.remove(sentence)
            section.dropped.append(Dropped(printed, "; ".join(problems)))
        sentence.text = printed


def _states(text: str, claim: str) -> bool:
    """Whether `text` states what `claim` does, in its words or in others, or gives
    every figure it writes in digits (the count it reports)."""
    found = amounts(claim)
    return (says(text, claim) or restates(text, claim) or said_already(text, claim)
            or (bool(found) and found <= figures_in(text)))


def _open_on_the_news(section: EventSection, articles: dict[str, Article],
                      by_id: dict[str, Fact]) -> None:
    """The bottom line says whom it is about, and is this week's news: a first sentence
    that opens on "He" or ends on "it", that says what an article discussed, or that
    tells the story's past ("the last person in line in the 2020 primary") where another
    sentence dates its news to the article's week, gives its place to the first such
    sentence."""
    def published(b: BriefSentence) -> date | None:
        days = [d for i in b.fact_ids if (d := articles[by_id[i].article_id].published)]
        return max(days) if days else None

    def fits(b: BriefSentence, dated: bool) -> bool:
        return (not opens_with_pronoun(b.text) and not ends_on_it(b.text)
                and not is_background(b.text) and not about_an_article(b.text)
                and not tells_earlier(b.text, published(b)) and (not dated or this_week(b.text)))

    if not section.sentences:
        return
    first = section.sentences[0]
    earlier = tells_earlier(first.text, published(first))
    if not earlier and not opens_with_pronoun(first.text) and not ends_on_it(first.text) \
            and not about_an_article(first.text):
        return
    better = next((k for k, b in enumerate(section.sentences) if fits(b, earlier)), None)
    if better:
        section.sentences.insert(0, section.sentences.pop(better))


NAMES_ONLY = "names someone or something and says nothing of them"
REFERS_BACK = "it speaks of what the sentence before it in its article names ('This', " \
              "'As a result', 'It's a …'), which the brief does not state"


def _after_what_it_refers_to(section: EventSection, by_id: dict[str, Fact]) -> None:
    """A sentence that refers back ("This fell to 340,000") follows the sentence stating
    its article's sentence before it; without one, it is not stated."""
    for sentence in [b for b in section.sentences if refers_back(b.text)]:
        before = {(by_id[i].article_id, n - 1) for i in sentence.fact_ids
                  for n in by_id[i].sentence_ids}
        host = next((b for b in section.sentences if b is not sentence and any(
            (by_id[i].article_id, n) in before for i in b.fact_ids
            for n in by_id[i].sentence_ids)), None)
        section.sentences.remove(sentence)
        if host is None:
            section.dropped.append(Dropped(sentence.text, REFERS_BACK))
        else:
            section.sentences.insert(section.sentences.index(host) + 1, sentence)


_CLOSING = "\"'\u201d\u2019)"


def _finished(text: str) -> str:
    """`text` ending as a sentence does: a claim or a model sentence that stops without
    a full stop ("Trump's blog has been shut down") gets one; a space before its closing
    quotation mark ("…his behavior. '") goes."""
    text = closed_tight(text)
    return text if _ends(text) else text + "."


def _ends(text: str) -> bool:
    """Whether `text` ends as a sentence does (a closing quotation mark may follow)."""
    return text.rstrip().rstrip(_CLOSING)[-1:] in {".", "!", "?", "…"}


def _cite_repeats(section: EventSection, by_id: dict[str, Fact],
                  articles: dict[str, Article]) -> None:
    """A sentence whose figures and nearly every content word another one states ("X is
    in charge of Y" beside "…, according to X, who is in charge of Y"; `nearly_within`)
    is not stated twice: the fuller one (the earlier, when neither says more) is stated, in the
    earlier one's place, citing the facts of both when it is borne out by all of them.
    A repeat that only says who someone is adds no citation where the fuller one's own
    sources say it too (`_absorb`)."""
    kept: list[BriefSentence] = []
    for sentence in section.sentences:
        host = next((k for k in kept if nearly_within(sentence.text, k.text)), None)
        if host is not None and _absorb(host, sentence.text,
                                        _stated_by(host, sentence, by_id), by_id, articles):
            continue
        inner = next((n for n, k in enumerate(kept) if nearly_within(k.text, sentence.text)
                      and stems(k.text) != stems(sentence.text)), None)
        if inner is not None and _absorb(sentence, kept[inner].text,
                                         _stated_by(sentence, kept[inner], by_id), by_id,
                                         articles):
            kept[inner] = sentence
            continue
        kept.append(sentence)
    section.sentences = kept


def _stated_by(host: BriefSentence, repeat: BriefSentence, by_id: dict[str, Fact]
               ) -> list[Fact]:
    """The facts of `repeat` that `host` cites too when it states it in its place: all of
    them when it holds every word of it; otherwise those it states itself (a fact of
    the words it lacks is no source for what it says: "is the new face of the party"
    is not another source for "declared victory")."""
    facts = [by_id[i] for i in repeat.fact_ids]
    if within(repeat.text, host.text):
        return facts
    return [f for f in facts if says(host.text, f.claim)]


def _absorb(host: BriefSentence, text: str, facts: list[Fact], by_id: dict[str, Fact],
            articles: dict[str, Article]) -> bool:
    """State `text` (resting on `facts`) through `host`, which says all it does: cite
    `facts` on `host` too, unless `text` only says who someone is and `host`'s own facts
    bear that out (an outlet that gives a person's job does not report their news, and
    would count as one more source for it). False when `host` cannot state it."""
    if is_background(text) and not sentence_problems(
            text, [by_id[i] for i in host.fact_ids], articles):
        return True
    return _cite_also(host, facts, by_id, articles)


def _cite_also(sentence: BriefSentence, facts: list[Fact], by_id: dict[str, Fact],
               articles: dict[str, Article]) -> bool:
    """Cite `facts` on `sentence` too, if the sentence stays borne out by all it cites
    (`brief check` checks it against every span it cites); False when it would not."""
    new = [f for f in _unique(facts) if f.id not in sentence.fact_ids]
    if new and sentence_problems(sentence.text, [by_id[i] for i in sentence.fact_ids] + new,
                                 articles):
        return False
    sentence.fact_ids.extend(f.id for f in new)
    return True


def section_request(facts: list[Fact], *, topic: str = "",
                    salience: dict[tuple[str, int], float] | None = None
                    ) -> Request[EventBriefOut] | None:
    """The request `synthesize_event` will make for an event with these facts (to send
    it in a batch); None when it makes none."""
    usable = _usable(facts, _weigher(salience or {}))
    return _request({f"F{i}": f for i, f in enumerate(usable, 1)}, topic) if usable else None


def _usable(facts: list[Fact], weight: Callable[[Fact], float]) -> list[Fact]:
    """The verified facts offered to the model, most salient first. A decision found
    beyond the sentences the ranking chose (kind "commitment") is stated in the
    Positions table, not offered: the model's section rests on the ranking's choice."""
    verified = [f for f in facts if f.status == "verified" and f.kind != "commitment"]
    return sorted(verified, key=weight, reverse=True)[:MAX_FACTS_PER_EVENT]


def _request(labels: dict[str, Fact], topic: str) -> Request[EventBriefOut]:
    messages = prompts.render(
        "synthesize",
        topic=prompts.as_data(topic, "facts"),
        facts=[{"label": label, "claim": prompts.as_data(f.claim, "facts")}
               for label, f in labels.items()],
        max_sentences=MAX_SENTENCES,
    )
    return Request(messages, EventBriefOut, prompts.version("synthesize"))


def _leads(event: Event, usable: list[Fact], weight: Callable[[Fact], float]) -> list[Fact]:
    """The most salient checked fact on the first sentence of each independent article."""
    leads = []
    for article_id in event.article_ids:
        if article_id in event.copy_of:
            continue
        on_lead = [f for f in usable if f.article_id == article_id and 1 in f.sentence_ids
                   and not is_background(f.claim) and not not_news(f.claim)]
        if on_lead:
            leads.append(max(on_lead, key=weight))
    return leads


def _state_leads(section: EventSection, leads: list[Fact], by_id: dict[str, Fact],
                 articles: dict[str, Article]) -> None:
    """Each independent article's lead is stated: cited by a sentence that restates it,
    else stated as its checked claim."""
    for fact in leads:
        _state(section, fact, by_id, articles)


def _state_cited(section: EventSection, by_id: dict[str, Fact],
                 articles: dict[str, Article]) -> None:
    """A fact a sentence cites but neither says nor restates is stated: a footnote is
    not a development said. (A copy's wording of what its original says is not.)"""
    for sentence in list(section.sentences):
        for fact_id in list(sentence.fact_ids):
            fact = by_id[fact_id]
            if fact.article_id in section.event.copy_of:
                continue
            if not says(sentence.text, fact.claim) and not restates(sentence.text, fact.claim):
                _state(section, fact, by_id, articles)


def _state_meant(section: EventSection, meant: list[Fact], by_id: dict[str, Fact],
                 articles: dict[str, Article]) -> None:
    """A fact the model cited that no sentence of the section cites now — its sentence
    dropped, or its footnote given to another fact ("Claims for the prior week were
    revised to 375,000" under a sentence on this week's claims) — is stated, unless a
    sentence of the section already says it. (A copy's wording of its original is not;
    nor is a claim that stops where its excerpt is cut off, a column's words to the
    reader or a lede that only points to what follows: as the model's sentences, they
    would not be stated.)"""
    for fact in meant:
        if fact.article_id in section.event.copy_of or any(
                fact.id in b.fact_ids or says(b.text, fact.claim) for b in section.sentences):
            continue
        if not_news(fact.claim, lede=1 in fact.sentence_ids) or (
                any(cut_off(s.quote) for s in fact.spans)
                and _finished(fact.claim) != fact.claim):
            continue
        _state(section, fact, by_id, articles)


def _state_decisions(section: EventSection, facts: list[Fact], by_id: dict[str, Fact],
                     articles: dict[str, Article]) -> None:
    """A named actor's decision — found beyond the sentences the model was asked about
    (kind "commitment": "Trump ruled out …"), or asked about and left out by the model
    ("Cuomo … committed almost $139 million …") — is stated as written, after what the
    model wrote, or cited by a sentence that already says it."""
    for fact in facts:
        if fact.status == "verified" and (
                fact.kind == "commitment"
                or (COMMITMENT.search(fact.claim)
                    and actor_of(fact.claim, articles[fact.article_id].text))):
            by_id[fact.id] = fact
            _state(section, fact, by_id, articles)


def _state(section: EventSection, fact: Fact, by_id: dict[str, Fact],
           articles: dict[str, Article]) -> None:
    """`fact` said in the section: already cited by a sentence that states its figures
    and most of its words, cited by a sentence that restates it, else stated as its
    checked claim. (A sentence
    of one outlet's lead may cite another's that adds "$139 million": the figure is
    then still to be said.)"""
    if any(fact.id in b.fact_ids and amounts(fact.claim) <= figures_in(b.text)
           and says(b.text, fact.claim) for b in section.sentences):
        return
    same = next((b for b in section.sentences if restates(b.text, fact.claim)
                 or said_already(b.text, fact.claim)), None)
    if same is not None and _absorb(same, fact.claim, [fact], by_id, articles):
        return
    # A claim that says more than its span ("Blair said Canada is ready and able to
    # contribute" for "Canada is ready …, provided the US offers guarantees, Blair said")
    # is checked, but the sentence as written is what is stated.
    for text in (fact.claim, " ".join(s.quote for s in fact.spans)):
        if not sentence_problems(text, [fact], articles):
            section.sentences.append(BriefSentence(text, [fact.id]))
            return


def _unique(facts: list[Fact]) -> list[Fact]:
    """`facts` without repeats, in order."""
    return list({f.id: f for f in facts}.values())


def _weigher(salience: dict[tuple[str, int], float]) -> Callable[[Fact], float]:
    return lambda fact: fact_salience(fact, salience)


def _state_claims(section: EventSection, usable: list[Fact],
                  articles: dict[str, Article]) -> None:
    """When every sentence the model wrote was dropped, the most salient checked claims
    are stated as they are: an event whose articles state facts is never left empty."""
    for fact in usable[:FALLBACK_CLAIMS]:
        if not sentence_problems(fact.claim, [fact], articles):
            section.sentences.append(BriefSentence(fact.claim, [fact.id]))


def _sentences(raw: str) -> list[str]:
    """The model sometimes writes several sentences as one: each is cited on its own."""
    text = " ".join(raw.split())
    return [text[s.start:s.end] for s in split_sentences(text)]


def _continuations_folded(outs: list[SentenceOut]) -> list[SentenceOut]:
    """The model's sentences as it meant them. A small model splits a sentence where its
    source quotes two words ("… is the first", "major cleaning", "of voting rolls …"):
    an item that goes on in lower case from one that stopped mid-sentence is that one's
    continuation, not a sentence ("major cleaning." would be stated alone). Its
    citations go to the item it continues, which is checked as it stands (cut off, it is
    held back, and what it cited is stated as checked claims)."""
    folded: list[SentenceOut] = []
    for out in outs:
        last = folded[-1] if folded else None
        if last and last.text.strip() and not _ends(last.text) \
                and out.text.strip()[:1].islower():
            folded[-1] = SentenceOut(
                fact_ids=list(dict.fromkeys([*last.fact_ids, *out.fact_ids]))[
                    :MAX_FACTS_PER_EVENT], text=last.text)
        else:
            folded.append(out)
    return folded


def _facts_for(sentence: str, cited: list[Fact]) -> list[Fact]:
    """The cited facts whose spans share the most content words with `sentence`."""
    if len(cited) <= 1:
        return cited
    scored = [(coverage(sentence, " ".join(s.quote for s in f.spans))[0], f) for f in cited]
    best = max(score for score, _ in scored)
    return [f for score, f in scored if best and score * 2 >= best]


def _supporting(sentence: str, facts: list[Fact], articles: dict[str, Article]) -> list[Fact]:
    """The facts a sentence cites that report what it says, not only whom it names.

    A footnote says "this text reports it", and each outlet cited counts as a source: a
    lead that shares only "President Joe Biden" with "President Joe Biden continued,
    saying: 'When did I say I was confident?'" is neither. A fact is kept when its text
    holds a word the sentence says in its own words (not a name, not "said") and, for a
    sentence that quotes, a word of the quotation; the others are dropped unless none
    is left or the sentence then fails its checks (then one of them may stay, if that
    is enough). One that names whom the sentence names, where the kept ones do not,
    stays as well.
    """
    if len(facts) <= 1:
        return facts
    own = predicate(outside_quotes(sentence)) - SPEECH
    quoted = predicate(sentence) - predicate(outside_quotes(sentence))
    kept = [f for f in facts if restates(sentence, f.claim) or (
        (not own or _shares(own, predicate(_quotes(f))))
        and (not quoted or _shares(quoted, stems(_quotes(f)))))]
    if not kept:
        return facts
    unnamed = _unnamed(sentence, kept, articles)
    passes = not sentence_problems(sentence, kept, articles)
    if len(kept) < len(facts) and (unnamed or not passes):
        # one more, of the same article first, may name whom the kept ones quote
        # ("I told President Putin my agenda …" needs "Biden told reporters …"), rather
        # than every fact the model cited; where the kept ones pass with the name the
        # sentence next to them gives, the one that says it shows the reader who spoke
        near = {f.article_id for f in kept}
        others = sorted((f for f in facts if f not in kept),
                        key=lambda f: f.article_id not in near)
        return next(([*kept, f] for f in others
                     if (not passes or unnamed - _unnamed(sentence, [f], articles))
                     and not sentence_problems(sentence, [*kept, f], articles)),
                    kept if passes else facts)
    return kept


def _unnamed(sentence: str, facts: list[Fact], articles: dict[str, Article]) -> set[str]:
    """The names `sentence` gives that no span of `facts` says."""
    spans = stems(" ".join(s.quote for f in facts for s in f.spans))
    known = "\n".join(articles[f.article_id].text for f in facts)
    return {n for n in names_in(sentence, known) if not stems(n) & spans}


def _shares(words: set[str], others: set[str]) -> bool:
    """Whether a word stands in both, a stem that begins the other counting ("meet",
    "meeti")."""
    return any(a.startswith(b) or b.startswith(a) for a in words for b in others
               if min(len(a), len(b)) >= 4 or a == b)


def _quotes(fact: Fact) -> str:
    return " ".join(s.quote for s in fact.spans)


def _title(raw: str, facts: list[Fact], articles: dict[str, Article]) -> str:
    """The model's title if the event's facts bear it out, else "" (the grouping's title).

    A title is not cited, so it may say nothing the facts do not: no link, no name
    and at most one content word in three that is not in their claims and spans.
    """
    title = re.sub(r"\s+", " ", raw).strip().strip("#*\"' ")[:100].rstrip()
    known = " ".join([f.claim for f in facts] + [s.quote for f in facts for s in f.spans]
                     + [articles[f.article_id].title or "" for f in facts])
    found, wanted = coverage(title, known)
    if (not title or link_in(title) or instructions_in(title) or mixed_script(title)
            or writers_judgment(title)
            or found * 3 < wanted * 2
            or any(not _name_known(n, known) for n in names_in(title, known))):
        log.info("model's title %r not borne out by the facts; using the event's", title)
        return ""
    return title


def _name_known(name: str, text: str) -> bool:
    return check_claim(name, [name], text, text, text).fatal == []

"""Whose doing: a claim must not give its subject what the cited text says of another.

"Vice President Kamala Harris is blindsided by the news" is every word in its span —
"When Vice President Kamala Harris finally made the decision …, people inside her own
office were blindsided by the news" — and says the opposite of who was blindsided. Nor
may a line give one person's scrutiny to another named beside them ("Tina Flournoy …
is facing intense scrutiny" from "As Vice President Kamala Harris contends with intense
scrutiny …").

The claim's subject is the name it opens with; its predicate, the words after that name
(and after an apposition set off by commas). Where the span says the predicate's
opening words, the clause that says them must name the subject, refer to someone with a
pronoun, or have no subject of its own; otherwise the claim has moved the predicate
from the clause's subject to its own.

A decision's object is whose doing too: "The FDA authorized Pfizer and its German
partner, BioNTech, to make a COVID-19 vaccine" from "A COVID-19 vaccine made by Pfizer
… the Food and Drug Administration said Monday in authorizing its use". Where the span
makes the claim's decision (authorize, approve, ban, sign …), what the claim says was
decided must be what the span says: its first word follows the span's verb, or comes
before a passive form of it ("the bill was signed").

What someone was asked to do is not what they did: "Judge Analisa Torres directed the
court clerk to remove him" from "The government had asked U.S. District Judge Analisa
Torres in Manhattan to direct the court clerk to remove him". Where the span asks,
urges or calls on a person to do something, a claim that gives them that verb must keep
the asking.

So is who did it: "The new Israeli government, led by Benjamin Netanyahu, does not
include his Likud Party" from "This new government does not include former Prime
Minister Benjamin Netanyahu or his Likud Party". A claim's "led by", "hosted by",
"signed by" a person the span names must be the span's too: the same verb with "by"
before the name, or the name and then the verb.
"""

from __future__ import annotations

import re
from itertools import pairwise

from brief.text import STOP_WORDS, TIME_WORDS, split_sentences
from brief.verify.attribution import ROLE_WORDS

_WORD = re.compile(r"[\w’'-]+")
_TOKEN = re.compile(r"[\w’'.-]*[\w’']|[,;:()\u2014\u2013]")
# a capitalised run at the claim's start: its subject ("Vice President Kamala Harris")
_OPENING = re.compile(r"\s*((?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'-]*)(?:’s?|'s?)?"
                      r"(?:,[^,]{1,80},)?\s+(?=[a-z])")
_BOUNDARY = {",", ";", ":", "(", ")", "\u2014", "\u2013"}
_REFERRING = {"he", "she", "they", "we", "i", "you", "it", "who", "whom", "which", "that"}
_AUXILIARIES = {"was", "were", "is", "are", "be", "been", "being", "has", "have", "had",
                "will", "would", "could", "should", "may", "might", "can"}
_NOT_SUBJECT = STOP_WORDS | _AUXILIARIES
# the claim opens with these: not a person's name
_OPENERS = {"The", "A", "An", "He", "She", "They", "It", "We", "I", "On", "In", "At", "When",
            "After", "Before", "As", "While", "But", "And", "If", "According", "For", "With",
            "By", "During", "Since", "Although", "Though", "Despite", "Under", "Over",
            "From", "To", "Amid", "Last", "This", "Earlier"}
_TITLES = ROLE_WORDS | {"sen", "rep", "gov", "gen", "justice"}
# decisions whose object the claim must keep; inflected, so "order" and "pass" as nouns
# are not read as verbs
_DECISION = re.compile(
    r"\b(authoriz|approv|ban|block|reject|order|sign|veto|pass|suspend|halt|cancel"
    r"|ratif|endors|fund|grant|allow|permit|hir|fir|appoint|nominat|confirm|sanction"
    r"|impos)(?:e[sd]|ed|d|s|ing|ied|ies|ned|ted|red)\b\s+"
    r"(?:(?:the|a|an|its|his|her|their)\s+)?([A-Za-z][\w’'-]*)")
OBJECT_REACH = 6  # words after the span's verb where its object may stand
RUN = 2  # content words in a row that make the predicate the span's
OPENING_WORDS = 2  # the run must start among the predicate's first content words


def _content(words: list[str]) -> list[tuple[int, str]]:
    return [(k, w.lower()) for k, w in enumerate(words)
            if w.lower() not in _NOT_SUBJECT and w[:1].isalnum()]


def moved_predicate(claim: str, span: str) -> str | None:
    """The claim gives its opening name a predicate the span gives to another subject."""
    opening = _OPENING.match(claim)
    if not opening:
        return None
    name = opening.group(1).split()
    if (name[0] in _OPENERS or name[-1] != _bare(name[-1]) or name[-1].isupper()
            or re.match(r"[’']", claim[opening.end(1):])):
        return None  # "On Monday, …", "Harris’s office …", "The FDA": not a person
    surname = name[-1].lower()
    predicate = [w for _, w in _content(_WORD.findall(claim[opening.end():]))]
    if len(predicate) < RUN:
        return None
    verdicts = []
    for sentence in (span[s.start:s.end] for s in split_sentences(span)):
        tokens = _TOKEN.findall(sentence)
        content = _content(tokens)
        lowered = [t.lower() for t in tokens]
        for start in range(min(OPENING_WORDS, len(predicate) - RUN + 1)):
            want = predicate[start:start + RUN]
            for i in range(len(content) - RUN + 1):
                if [w for _, w in content[i:i + RUN]] != want:
                    continue
                verdicts.append(_clause_owner(tokens, lowered, content[i][0], surname))
    if not verdicts or any(v is None for v in verdicts):
        return None
    return (f"the claim gives {' '.join(name)} what the cited text gives another "
            f"('{verdicts[0]} …')")


def _clause_owner(tokens: list[str], lowered: list[str], at: int, surname: str
                  ) -> str | None:
    """The clause that says tokens[at:], when it gives it to someone other than
    `surname`: it names another person ("As Vice President Kamala Harris contends
    with"), or, in a sentence that names `surname` elsewhere, it is another subject and
    its verb ("people inside her own office were"). None when it names `surname`,
    refers back with a pronoun, or neither holds."""
    begin = max((k for k in range(at) if tokens[k] in _BOUNDARY), default=-1) + 1
    clause = [_bare(t) for t in lowered[begin:at]]
    if not clause or surname in clause or _REFERRING & set(clause):
        return None
    words = tokens[begin:at]
    named_elsewhere = surname in {_bare(t) for t in lowered}
    own_verb = (clause[-1] in _AUXILIARIES
                and any(t not in _NOT_SUBJECT for t in clause[:-1]))
    if (named_elsewhere and own_verb) or _another_person(words):
        return " ".join(words)
    return None


def _bare(token: str) -> str:
    return token.removesuffix("’s").removesuffix("'s").removesuffix("’").rstrip(".")


def _another_person(words: list[str]) -> bool:
    """Two capitalised words in a row, or a title and a capitalised word ("Vice
    President Kamala Harris", "Gov. Abbott"), that are not a day or a month."""
    for a, b in pairwise(words):
        if (b[:1].isupper() and not b.isupper() and b not in TIME_WORDS
                and (a[:1].isupper() or a.lower().rstrip(".") in _TITLES)
                and a not in TIME_WORDS):
            return True
    return False


def moved_object(claim: str, span: str) -> str | None:
    """The claim's decision falls on what the span does not say it falls on."""
    for decision in _DECISION.finditer(claim):
        stem, thing = decision.group(1), decision.group(2)
        if thing.lower() in _NOT_SUBJECT or thing in TIME_WORDS:
            continue
        made = list(re.finditer(rf"\b{stem}\w*((?:\s+\S+){{0,{OBJECT_REACH}}})", span,
                                re.IGNORECASE))
        if not made or not re.search(rf"\b{re.escape(thing)}\b", span, re.IGNORECASE):
            continue  # the span says neither: the checks on absent words have it
        named = rf"\b{re.escape(thing)}\b"
        if any(re.search(named, m.group(1), re.IGNORECASE) for m in made):
            continue
        if re.search(rf"{named}(?:\s+\S+){{0,8}}?\s+(?:{'|'.join(_AUXILIARIES)})"
                     rf"\s+(?:\w+\s+)?{stem}", span, re.IGNORECASE):
            continue  # "the bill, which the House passed, was signed"
        said = " ".join(made[0].group(0).split()[:4])
        return (f"the claim has '{decision.group(0)}', where the cited text's decision "
                f"falls on something else ('{said} …')")
    return None


# "<verb> by <Name>": the doer the claim gives an act
_AGENT = re.compile(r"\b([a-z]{3,})\s+by\s+((?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]*)")
# forms of a verb whose past participle is not its stem and "ed"
_IRREGULAR = {"led": "lead|led", "run": "run|ran", "held": "hold|held", "won": "win|won",
              "written": "writ|wrote", "made": "mak|made", "taken": "tak|took",
              "given": "giv|gave", "chosen": "choos|chose", "beaten": "beat",
              "brought": "bring|brought", "sent": "send|sent", "told": "tell|told",
              "built": "build|built", "paid": "pay|paid", "struck": "strik|struck",
              "shot": "shoot|shot", "killed": "kill", "seen": "see|saw",
              "found": "find|found", "sought": "seek|sought", "caught": "catch|caught"}
AGENT_REACH = 8  # words between the name and its verb in the span


def moved_agent(claim: str, span: str) -> str | None:
    """The claim gives an act to a person ("led by Benjamin Netanyahu") whom the span
    names but does not say did it."""
    if not _AGENT.search(claim):
        return None
    sentences = [span[x.start:x.end] for x in split_sentences(span)]
    for found in (m for x in split_sentences(claim)
                  for m in _AGENT.finditer(claim[x.start:x.end])):
        verb, name = found.group(1), found.group(2).split()
        surname = _bare(name[-1])
        if (verb in _NOT_SUBJECT or (not verb.endswith(("ed", "en", "wn", "t"))
                and verb not in _IRREGULAR) or surname in TIME_WORDS):
            continue
        if not re.search(rf"\b{re.escape(surname)}\b", span):
            continue  # the span does not name them: the checks on absent names have it
        forms = _IRREGULAR.get(verb) or re.escape(re.sub(r"(?:e?d)$", "", verb))
        by_them = rf"\b(?:{forms})\w*\s+by\s+(?:\S+\s+){{0,5}}?{re.escape(surname)}\b"
        they_did = (rf"\b{re.escape(surname)}\b(?:\W+\w+){{0,{AGENT_REACH}}}?\W+"
                    rf"(?:{forms})\w*")
        if any(re.search(by_them, x) or re.search(they_did, x, re.IGNORECASE)
               for x in sentences):
            continue
        return (f"the claim says '{found.group(0)}', which the cited text does not say of "
                f"{surname}")
    return None


# "asked U.S. District Judge Analisa Torres in Manhattan to direct": who was asked, and
# what to do
_REQUEST = re.compile(
    r"\b(ask|urg|call(?:ed|s|ing)?\s+on|press|push|order|invit|encourag|request|petition"
    r"|implor|lobb)\w*\s+((?:\S+\s+){0,8}?)to\s+([a-z]{3,})\b")

# a claim that keeps the asking, in these words or the span's ("called for … to")
_ASKING = re.compile(r"\b(?:ask|urg|call|press|push|order|invit|encourag|request|petition"
                     r"|implor|lobb|demand|want|seek|sought|direct|instruct|told|tell)\w*",
                     re.IGNORECASE)


def asked_as_done(claim: str, span: str) -> str | None:
    """The claim gives a person the act the span only asks of them."""
    if not _REQUEST.search(span):
        return None
    for asked in (m for x in split_sentences(span)
                  for m in _REQUEST.finditer(span[x.start:x.end])):
        whom, act = asked.group(2), asked.group(3)
        run = re.match(r"(?:(?:the|a|an)\s+)?((?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'-]*)", whom)
        if not run or act in _NOT_SUBJECT:
            continue  # the first capitalised run is whom ("Judge Analisa Torres in …")
        surname = _bare(run.group(1).split()[-1])
        act_stem = act[:-1] if act.endswith("e") and len(act) > 4 else act
        asking = [m.group() for m in _ASKING.finditer(claim)
                  if not m.group().lower().startswith(act_stem)]
        if (len(surname) > 1 and re.search(rf"\b{re.escape(surname)}\b", claim)
                and re.search(rf"\b{re.escape(act_stem)}\w*", claim, re.IGNORECASE)
                and not asking):
            return (f"the cited text says {surname} was asked to {act} "
                    f"('{asked.group(0).strip()}'); the claim leaves the asking out")
    return None

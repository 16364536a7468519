"""Meaning that shifts between a span and a claim that keeps its words.

Three shifts a word-overlap check misses: a negation the claim drops ("is not
ready" → "is ready"), a hedge it drops or adds ("may deploy" → "will deploy"),
and a figure whose unit changes ("28 nations" → "28 battalions"). A negation or a
hedge counts only where the claim restates the words it governs: the two content
words after it (of the next four) must be in the claim, so a "not" elsewhere in a
long sentence does not hold back a claim about another part of it. A negation's reach
is longer when the claim takes over three content words in a row from its clause.
"""

from __future__ import annotations

import re
from collections import Counter

from brief import lexicon
from brief.text import (
    NEGATION,
    QUOTED,
    STOP_WORDS,
    counted_kind,
    cut_off,
    figures_with_units,
    fold,
    matchable,
    stem,
    stems,
    words,
)

HEDGE = re.compile(
    r"\b(?:may|might|could|possibly|possible|potential(?:ly)?|likely|unlikely|reportedly|"
    r"allegedly|apparent(?:ly)?|(?:appear|seem)(?:s|ed)? to|expected to|considering|"
    r"consider|proposed|proposes?|"
    r"plans? to|hopes? to|aims? to|would)\b")
_SCALES = {"thousand", "million", "billion", "trillion", "hundred", "dozen"}
# "May" written with a capital inside a sentence, or before a day, a year or a verb the
# hedge never takes, is the month or a name ("in May", "May 30", "May said"), not the hedge.
_NOT_MODAL_MAY = re.compile(r"(?<=[^\s.!?\"“(\[]\s)May\b"
                            r"|\bMay(?=\s+(?:\d|said|says|told|tells|is|was|has|had)\b)")


def _governed(text: str, match: re.Match[str]) -> set[str]:
    """Stems of the first two content words within the four words after `match`."""
    after = [w for w in words(text[match.end():])[:4]
             if len(w) >= 3 and w not in STOP_WORDS]
    return {stem(w) for w in after[:2]}


def _restated(claim_stems: set[str], governed: set[str]) -> bool:
    return len(governed) == 2 and governed <= claim_stems


def _stems(text: str) -> set[str]:
    return stems(text, stop_words=True)


def added_negation(claim: str, span: str) -> str | None:
    """The claim negates words the span states without a negation."""
    low_claim, low_span = matchable(claim), matchable(span)
    negated_there = [_governed(low_span, m) for m in NEGATION.finditer(low_span)]
    stems = _stems(span)
    for m in NEGATION.finditer(low_claim):
        governed = _governed(low_claim, m)
        if ((_restated(stems, governed)
                and not any(governed & there for there in negated_there))
                or _inserted(low_claim, m, low_span, NEGATION)):
            words = " ".join(low_claim[m.start():].split()[:3])
            return f"the claim is negated ('{words}') but the cited text is not"
    return None


def dropped_negation(claim: str, span: str) -> str | None:
    """The span negates what the claim restates, and the claim does not negate it."""
    low_claim, low_span = matchable(claim), matchable(span)
    if NEGATION.search(low_claim):
        return None
    stems = _stems(claim)
    runs = _runs(low_claim)
    for m in NEGATION.finditer(low_span):
        clause = " ".join(_CLAUSE_END.split(low_span[m.end():], maxsplit=1)[0].split()[:10])
        if (_restated(stems, _governed(low_span, m)) or _inserted(low_span, m, low_claim, NEGATION)
                or runs & _runs(clause)):
            words = " ".join(low_span[m.start():].split()[:3])
            return f"the cited text is negated ('{words}') but the claim is not"
    return None


# Where what a negation governs ends: a clause break, a turn ("but") or a clause of its
# own ("are without fuel as nervous drivers … fill up"); and at most ten words on.
_CLAUSE_END = re.compile(r"[,;.!?:()\u2014\u2013]|\s-\s|\b(?:but|and|or|as|because|while|"
                         r"when|after|before|since|although|though|which|who|following|if|"
                         r"until|unless)\b")


def _runs(text: str) -> set[tuple[str, ...]]:
    """Every three content words in a row (stemmed): a phrase a claim takes over whole, so
    "… did not reflect a change in Biden's overall vision for funding infrastructure" is
    restated by "a significant revision to his overall vision for funding infrastructure"
    however far the phrase stands from the "not"."""
    seq = [stem(w) for w in words(text) if len(w) >= 3 and w not in STOP_WORDS]
    return {tuple(seq[i:i + 3]) for i in range(len(seq) - 2)}


def modality(claim: str, span: str) -> str | None:
    """A hedge of the span the claim drops, or a hedge the claim adds."""
    low_claim, low_span = (matchable(_NOT_MODAL_MAY.sub("Mai", t)) for t in (claim, span))
    dropped = _unmatched_hedge(low_span, low_claim)
    if dropped:
        return f"modality: the cited text hedges ('{dropped}') but the claim states it as certain"
    added = _unmatched_hedge(low_claim, low_span)
    if added:
        return f"modality: the claim hedges ('{added}') where the cited text is certain"
    return None


def _unmatched_hedge(hedged: str, plain: str) -> str | None:
    """A hedge of `hedged` whose words `plain` restates without a hedge of its own on
    them (a hedge of `plain` on other words does not count), or that stands where
    `plain` has the same words around a word that is no hedge ("names will be removed"
    against "names may be removed")."""
    hedged_there = [_governed(plain, m) for m in HEDGE.finditer(plain)]
    stems = _stems(plain)
    return next((m.group() for m in HEDGE.finditer(hedged)
                 if (_restated(stems, governed := _governed(hedged, m))
                     and not any(governed & there for there in hedged_there))
                 or _inserted(hedged, m, plain, HEDGE)), None)


def _inserted(marked: str, match: re.Match[str], plain: str, marker: re.Pattern[str]) -> bool:
    """`plain` says the words around the `marker` word at `match` of `marked` — the two
    before it, the two after — with one word or none in its place, and that word is no
    `marker` word: "names may be removed" against "names will be removed"."""
    before, after = words(marked[:match.start()])[-2:], words(marked[match.end():])[:2]
    if not before or not after or marker.search(" ".join(before + after)):
        return False
    gap = r"[\W_]+"
    found = re.search(gap.join(map(re.escape, before)) + rf"{gap}(?:(\w+){gap})?"
                      + gap.join(map(re.escape, after)) + r"\b", plain)
    return found is not None and not marker.fullmatch(found.group(1) or "")


def changed_unit(claim: str, span: str) -> str | None:
    """A figure the span states of one thing and the claim of another — also of a thing
    the span counts with another of its figures ("3,235 days" for "3,235 participants
    … 14 days")."""
    in_span: dict[str, dict[str, str]] = {}  # number → kind → the word as written
    for number, unit in figures_with_units(span):
        word = unit.split()[0].lower() if unit else ""
        in_span.setdefault(number.replace(",", ""), {})[counted_kind(word)] = word
    span_stems = _stems(span)
    for number, unit in figures_with_units(claim):
        units = in_span.get(number.replace(",", ""))
        if not unit or not units:
            continue
        word = unit.split()[0].lower()
        kind = counted_kind(word)
        of_another = any(kind in kinds for other, kinds in in_span.items()
                         if other != number.replace(",", ""))
        if (word in STOP_WORDS or word in _SCALES or kind in units
                or (stem(word) in span_stems and not of_another)):
            continue
        if all(w and w not in STOP_WORDS for w in units.values()):
            return (f"figure {number} counts '{word}' in the claim but "
                    f"'{', '.join(sorted(units.values()))}' in the cited text")
    return None


_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Mm]y|[Oo]urs?|us|me)\b")
def unattributed_quote(claim: str, span: str) -> str | None:
    """The claim speaks in the first person of a quotation in the span, with no quotes."""
    if not re.search("[\"\u201c\u201d]", span):  # the span quotes no one
        return None
    outside = QUOTED.sub("", claim)
    found = _FIRST_PERSON.search(outside)
    if found:
        return (f"first-person words of a quotation ('{found.group()}') without quotation "
                "marks: whose words they are is lost")
    if bare_quotation(claim):
        return "a quotation on its own: the claim does not say whose words they are"
    return None


def bare_quotation(text: str) -> bool:
    """`text` is a quotation and nothing else ("“Democracy will win.”")."""
    return bool(QUOTED.search(text)) and not re.search(r"\w", QUOTED.sub("", text))


_DANGLING = lexicon.words("dangling_words.txt")
# Words a sentence ends on only now and then ("how close the vote was."): a claim that
# ends on one where its span does not end ("the lower court's ruling was." for "… was
# correct", or written past an excerpt cut off before it) has lost the rest.
_AUXILIARIES = {"was", "were", "is", "are", "be", "been", "has", "have", "had", "will",
                "would", "that"}
# So do prepositions that are seldom a verb's particle ("the head of." for "the head of
# the agency"; "where it came from." stands where its span ends so) …
_PREPOSITIONS = {"of", "for", "with", "at", "from", "by", "into", "about", "against",
                 "between", "among", "toward", "towards", "onto", "upon", "via", "amid",
                 "despite", "including", "like", "per"}
# … and those that may be one ("the rebels took over."), after a name, which is their
# object, not a verb ("why she selected El Paso over" for "… over an area like …")
_PARTICLES = {"over", "in", "on", "out", "up", "off", "down", "around", "through"}


# After "to" and a verb, a word that may begin what a claim leaves out without losing
# the verb's object ("agreed to meet | on Monday"); any other ("agreed to send | 4,000
# troops") is the object, cut off.
_GOES_ON_AFTER = {
    "on", "in", "at", "as", "after", "before", "while", "which", "who", "that", "and", "but",
    "or", "amid", "despite", "according", "because", "since", "during", "for", "with", "to",
    "from", "over", "under", "until", "by", "if", "when", "where", "including", "again",
    "soon", "later", "next", "this", "last", "today", "tomorrow", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "immediately", "instead",
    "together", "too", "also", "now", "so", "than", "unless", "within", "without", "against"}
_WORD = re.compile(r"[\w’'%$-]+")  # "5%" and "$6" are words that end a sentence
_OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s(\[]))[\"“‘']\w")


def breaks_off(claim: str, span: str = "") -> str | None:
    """The claim stops mid-sentence: it ends in an ellipsis (a feed's excerpt cut off
    "…well beyond the Big...", also inside a quotation the excerpt cut off), on a comma
    ("an enduring, undeniable and formidable,"), on a word no sentence ends on, or where
    the span opens a quotation ("dismissed the proposal as mere" for "as mere “posture
    and pose.”")."""
    if cut_off(claim) or (span and cut_off(span) and cut_off(claim.rstrip("'\"”’ "))):
        return "the claim breaks off in an ellipsis (the text it restates is cut off there)"
    if re.search(r"[,;]\s*$", claim):
        return "the claim breaks off at a comma"
    said = _WORD.findall(claim)
    if said and said[-1].lower() in _DANGLING:
        return f"the claim breaks off after {said[-1]!r}"
    ends_open = len(said) >= 2 and (
        said[-1].lower() in _AUXILIARIES | _PREPOSITIONS
        or (said[-1].lower() in _PARTICLES and said[-2][:1].isupper()))
    if ends_open and span and not re.search(
            rf"\b{re.escape(fold(said[-2]))}\s+{re.escape(said[-1])}\s*(?:[.!?\"”’']|,[\"”’']|$)",
            fold(span), re.I):
        return f"the claim breaks off after {said[-1]!r} (the cited text does not end there)"
    if len(said) >= 2 and said[-2].lower() == "to" and span:
        goes_on = re.search(rf"\bto\s+{re.escape(fold(said[-1]))}\s+([\w$’'-]+(?:,\d+)*)",
                            fold(span), re.I)
        if goes_on and goes_on.group(1).lower() not in _GOES_ON_AFTER:
            return (f"the claim breaks off after 'to {said[-1]}' (the cited text goes on: "
                    f"{goes_on.group(1)!r})")
    ending = [w.lower() for w in said[-2:]]
    for quote in _OPENING_QUOTE.finditer(span):
        lead_in = span[:quote.start()]
        if re.search(r"[.!?\n]\s*$", lead_in):  # the quotation opens a new sentence
            continue
        before = [w.lower() for w in _WORD.findall(lead_in)[-2:]]
        if ending and before == ending:
            return f"the claim breaks off where the cited text opens a quotation ({said[-1]!r})"
    return None


# "Eric Adams is the Brooklyn Borough president and former police captain, is waking up
# …": an apposition the span sets off with commas made a verb of its own
_RUN_TOGETHER = re.compile(r"^[^,]{0,80}?\b(?:is|was)\s+(?:the|a|an)\s+[^,.;\"“”]{3,80},\s+"
                           r"(?:is|was|are|were|has|had|will|would)\b")


def run_together(claim: str) -> str | None:
    """The claim says "is" twice of one subject across a comma: two sentences run into
    one that no reader can parse."""
    found = _RUN_TOGETHER.search(claim)
    if not found:
        return None
    return ("the claim runs two sentences into one ('is the …, "
            f"{found.group().split()[-1]}': an apposition made a sentence of its own)")


_ABOUT_THE_TEXT = re.compile(r"\b(?:the|this) (?:article|story|piece|text|author|writer)\b",
                             re.I)


def about_the_text(claim: str, span: str) -> str | None:
    """The claim describes the article ("The article discusses …"), not what happened."""
    found = _ABOUT_THE_TEXT.search(claim)
    if found and not _ABOUT_THE_TEXT.search(span):
        return f"the claim describes the text ('{found.group()}'), not what it reports"
    return None


def one_word(claim: str, span: str) -> str | None:
    """A claim of one word that restates a sentence of one word ("Possibly."): a
    column's aside, which states nothing. (A name checked on its own against a whole
    text, "Carney", is not one.)"""
    if len(_WORD.findall(claim)) <= 1 and len(_WORD.findall(span)) <= 1:
        return "one word, which states nothing"
    return None


_RUN = 4  # words: a run said twice that the cited text says once is a model's loop


def said_twice(claim: str, span: str) -> str | None:
    """The claim says a run of words more often than the cited text does ("Becerra said
    on CNN's 'New Day' that '…,' Becerra said on CNN's 'New Day'"): a model repeating
    itself, not a restatement."""
    def runs(text: str) -> Counter[tuple[str, ...]]:
        said = words(text)
        return Counter(tuple(said[i:i + _RUN]) for i in range(len(said) - _RUN + 1))
    in_span = runs(span)
    for run, count in runs(claim).items():
        if count > 1 and count > in_span[run]:
            return f"the claim says {' '.join(run)!r} {count} times; the cited text, " \
                   f"{in_span[run]}"
    # a figure too: "added only 266,000 jobs in April, just 266,000" from "added far
    # fewer jobs than expected in April, just 266,000"
    numbers = Counter(_NUMBER.findall(span))
    for number, count in Counter(_NUMBER.findall(claim)).items():
        if count > 1 and count > numbers[number]:
            return f"the claim says {number} {count} times; the cited text, {numbers[number]}"
    return None


_NUMBER = re.compile(r"(?<![\w.,])\d[\d,.]*\d(?![\w])|(?<![\w.,])\d(?![\w.,])")

"""The word lists the checks know, kept as data in this folder: one entry a line,
`#` starts a comment; a pair is written `left | right`. And what they recognise that
more than the checks need: a writer's own verdict, which marks a column's title too."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from brief.text import outside_quotes

HERE = Path(__file__).parent


def _entries(name: str) -> list[str]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@cache
def words(name: str) -> frozenset[str]:
    """The words of the list `name` ("role_words.txt")."""
    return frozenset(_entries(name))


@cache
def pairs(name: str) -> tuple[tuple[str, str], ...]:
    """The word pairs of the list `name` ("opposites.txt"), in file order."""
    out = []
    for entry in _entries(name):
        left, right = (part.strip() for part in entry.split("|"))
        out.append((left, right))
    return tuple(out)


# words that say who speaks: a sentence with one reports a view, it does not give one
SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|stated|states|added|adds|argued|argues|warned|warns|"
    r"insisted|insists|claimed|claims|noted|notes|called|calls|described|describes|urged|"
    r"urges|wrote|writes|according to|announced|announces|declared|declares|stressed|"
    r"stresses|emphasi[sz]ed|believes?|thinks?|hopes?|wants?|pointed out|indicated)\b",
    re.I)


_JUDGMENT_WORDS = sorted(words("judgment_words.txt"), key=len, reverse=True)
_JUDGMENT = re.compile(rf"\b(?:{'|'.join(map(re.escape, _JUDGMENT_WORDS))})\b", re.I)
# what something is, in a writer's verdict: "the Board was entirely appropriate to
# admonish Facebook", "this decision is the wrong one", "that's a good thing"
_VERDICT = re.compile(
    r"\b(?:is|was|are|were|be|been|(?:that|it)['’]s)\s+(?:\w+ly\s+)?(?:not\s+)?"
    r"(?:(?:in)?appropriate|"
    r"wrong|the (?:wrong|right) (?:one|call|decision|thing)|right to|a (?:good|bad) thing|"
    r"a mistake|misguided|unacceptable|unconscionable|indefensible|inexcusable|"
    r"unjustified|unjustifiable|(?:un)?deserved|(?:un)?wise|a disgrace|an outrage)\b", re.I)
# verbs that give a judgment to its subject: "once dismissed as a ridiculous theory"
_JUDGED = re.compile(r"\b(?:dismiss(?:ed|es)?|denounc(?:ed|es)|decr(?:ied|ies|y)|slam(?:s|med)|"
                     r"blast(?:s|ed)|critici[sz](?:ed|es)|branded|label(?:l?ed|s)|accus(?:ed|es)|"
                     r"condemn(?:ed|s)|derided|mock(?:ed|s))\b", re.I)


def judging(text: str) -> re.Match[str] | None:
    """Where `text` passes a verdict in its writer's own voice ("Biden's sales pitch
    was dishonest", "the mendacious speech", "the Board is wrong to …"): not inside a
    quotation, nor given to a speaker ("Republicans called it dishonest")."""
    own = outside_quotes(text)
    found = _JUDGMENT.search(own) or _VERDICT.search(own)
    if not found or SPEECH.search(own) or _JUDGED.search(own):
        return None
    return found

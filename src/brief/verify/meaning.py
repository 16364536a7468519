"""Meaning changes that keep most of the words: an opposite, a turned bound, a
greater part.

- Opposites: the claim says "refused" where its span says "agreed" (word pairs in
  lexicon/opposites.txt, as word beginnings), both negated or neither ("did not
  agree" → "refused" says the same; "will not accept" → "will not reject" does not).
- Bounds: the claim says "fewer than 30" where the span says "more than 30".
- Agency: the claim says "will lead" where the span says "will contribute to" (pairs
  of a lesser and a greater part in lexicon/agency.txt).

No maintained lexical resource for English installs with its data from the package
registries (`wn` and NLTK fetch WordNet from the web at run time), so the lexicon is
small, curated and kept as data.
"""

from __future__ import annotations

import re

from brief.text import NEGATION, matchable, word_starting
from brief.verify import lexicon

LOWER_BOUND = r"more than|over|above|at least|exceeding|upwards of|no fewer than|no less than"
UPPER_BOUND = r"fewer than|less than|under|below|at most|up to|no more than|as many as"
_BOUNDED = re.compile(rf"\b({LOWER_BOUND}|{UPPER_BOUND})\s+(?:\$|€|£)?(\d[\d,.]*)", re.I)


def _negated_at(text: str, at: int) -> bool:
    """A negation among the three words before position `at`."""
    before = " ".join(text[:at].split()[-3:])
    return bool(NEGATION.search(before))


def opposite(claim: str, span: str) -> str | None:
    """The claim uses a word whose opposite the span uses instead."""
    low_claim, low_span = matchable(claim), matchable(span)
    for left, right in lexicon.pairs("opposites.txt"):
        for said, other in ((left, right), (right, left)):
            found = word_starting(said, low_claim)
            there = word_starting(other, low_span)
            # "did not agree" and "refused" say the same: only the same polarity counts.
            if (found and there and not word_starting(said, low_span)
                    and _negated_at(low_span, there.start())
                    == _negated_at(low_claim, found.start())):
                return (f"the claim says '{_word(low_claim, found)}' where the cited text "
                        f"says '{_word(low_span, there)}'")
    return None


def turned_bound(claim: str, span: str) -> str | None:
    """A figure bounded one way in the claim and the other way in the span."""
    spans = {_number(m[2]): _direction(m[1]) for m in _BOUNDED.finditer(matchable(span))}
    for m in _BOUNDED.finditer(matchable(claim)):
        number, direction = _number(m[2]), _direction(m[1])
        if spans.get(number, direction) != direction:
            return (f"the claim bounds {number} the other way ('{m[1]}') than the cited "
                    "text does")
    return None


def greater_part(claim: str, span: str) -> str | None:
    """The claim gives someone a greater part than the span does."""
    low_claim, low_span = matchable(claim), matchable(span)
    for lesser, greater in lexicon.pairs("agency.txt"):
        found, there = word_starting(greater, low_claim), word_starting(lesser, low_span)
        if (found and there and not word_starting(greater, low_span)
                and not word_starting(lesser, low_claim)):
            return (f"the claim says '{_word(low_claim, found)}' where the cited text only "
                    f"says '{_word(low_span, there)}'")
    return None


def _word(text: str, match: re.Match[str]) -> str:
    """The whole word (or words) a match begins."""
    rest = re.match(r"\w*", text[match.end():])
    return match.group(0) + (rest.group(0) if rest else "")


def _number(raw: str) -> str:
    return raw.rstrip(".,").replace(",", "")


def _direction(bound: str) -> int:
    return 1 if re.fullmatch(LOWER_BOUND, bound.lower()) else -1

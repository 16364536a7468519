"""Meaning changes that keep most of the words: an opposite, a turned bound, a
greater part.

- Opposites: the claim says "refused" where its span says "agreed" (word pairs in
  lexicon/opposites.txt, as word beginnings), both negated or neither ("did not
  agree" → "refused" says the same; "will not accept" → "will not reject" does not).
- Bounds: the claim says "fewer than 30" where the span says "more than 30".
- Agency: the claim says "will lead" where the span says "will contribute to" (pairs
  of a lesser and a greater part in lexicon/agency.txt).
- A name in place of another: the claim keeps the span's words around a name and puts
  another name there ("he told CNN's Hervis Rogers" for "he told CNN's Ed Lavandera").

No maintained lexical resource for English installs with its data from the package
registries (`wn` and NLTK fetch WordNet from the web at run time), so the lexicon is
small, curated and kept as data.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from brief import lexicon
from brief.text import NEGATION, STOP_WORDS, TIME_WORDS, matchable, word_starting
from brief.verify.attribution import ROLE_WORDS

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


_TOKEN = re.compile(r"\w+(?:['-]\w+)*")  # inner apostrophes and hyphens only
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their"}
_WHEN = set(TIME_WORDS)
SWAP_CONTEXT = 2  # words the claim and the span must share on each side of the name
SWAP_WIDTH = 4  # at most this many words in place of at most this many


def swapped_name(claim: str, span: str, article: str = "") -> str | None:
    """The claim says the span's words around a name with another name in its place
    ("Hervis Rogers" for "Ed Lavandera"), or glues a name to the span's own that the
    article never writes ("Alejandro Giammattei Kamala Harris" for "Vice President
    Kamala Harris"; "Kamala Harris" for "Harris" is the article's own name)."""
    claim, span = claim.replace("’", "'"), span.replace("’", "'")
    said, there = list(_TOKEN.finditer(claim)), [m.group() for m in _TOKEN.finditer(span)]
    words = [m.group() for m in said]
    ops = SequenceMatcher(None, [w.lower() for w in there], [w.lower() for w in words],
                          autojunk=False).get_opcodes()
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op not in ("replace", "insert") or i2 - i1 > SWAP_WIDTH or j2 - j1 > SWAP_WIDTH:
            continue
        around = [o for o in (ops[k - 1] if k else None,
                              ops[k + 1] if k + 1 < len(ops) else None) if o]
        if not around or any(o[0] != "equal" or (o[2] - o[1] < SWAP_CONTEXT and o[1] > 0)
                             for o in around):
            continue  # the words around it are not the span's (a restatement, not a
            # swap); at the start of the sentence, one word of context is enough
        old, new = _name_words(there[i1:i2]), _name_words(words[j1:j2])
        if not new or _PRONOUNS & {w.lower() for w in there[i1:i2]}:
            continue  # "she" resolved to the name the article gives is checked elsewhere
        if old and set(old) <= _WHEN:
            continue  # a month or a day is no one: "in an April letter" → ", Jean Wodnicki,"
        if old:
            rest = claim[:said[j1].start()] + " " + claim[said[j2 - 1].end():]
            moved = all(re.search(rf"\b{re.escape(w)}\b", rest) for w in old)
            if not moved and not _same_name(old, new):
                return (f"the claim names {' '.join(new)!r} where the cited text names "
                        f"{' '.join(old)!r}")
        elif ((glued := _glued(claim, said, j1, j2))
              and not re.search(rf"\b{re.escape(glued)}\b", article or span)):
            return (f"the claim writes {glued!r}, a name the article does not give "
                    f"(the cited text has no {' '.join(new)!r} there)")
    return None


def _same_name(old: list[str], new: list[str]) -> bool:
    """A typo fixed ("Geroge" → "George") or the same root ("Canada's" → "Canadian"); a
    double-barrelled name is the same only with the same last part ("Hannah-Jones" is
    not "Hannah-Pulitzer")."""
    def root(word: str) -> tuple[str, str]:
        return word[:5].lower(), word.rsplit("-", 1)[-1][:5].lower()
    return fuzz.ratio(" ".join(old), " ".join(new)) >= 80 or any(
        root(a) == root(b) for a in old for b in new if min(len(a), len(b)) >= 5)


def _glued(claim: str, said: list[re.Match[str]], start: int, end: int) -> str:
    """The added words with the name word they stand against ("Giammattei Kamala"), or
    "" when a space does not join them to one."""
    def name_word(m: re.Match[str]) -> bool:
        return bool(_name_words([m.group()]))
    if end < len(said) and name_word(said[end - 1]) and name_word(said[end]) \
            and not claim[said[end - 1].end():said[end].start()].strip():
        return claim[said[start].start():said[end].end()]
    if start > 0 and name_word(said[start]) and name_word(said[start - 1]) \
            and not claim[said[start - 1].end():said[start].start()].strip():
        return claim[said[start - 1].start():said[end - 1].end()]
    return ""


def _name_words(tokens: list[str]) -> list[str]:
    """The capitalised words that can be a name: no title, pronoun or common word."""
    return [t for t in tokens if t[:1].isupper() and t.lower().strip("'") not in STOP_WORDS
            and t.lower() not in ROLE_WORDS and t.lower() not in _PRONOUNS]

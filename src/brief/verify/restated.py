"""Whether one sentence says what another does: restated in other words, said already
(one count from several outlets), held whole by a fuller sentence, or stated rather
than only cited."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, utils

from brief.text import STOP_WORDS, TIME_WORDS, figures_in, stem, stems, without_times, words
from brief.verify.spans import SENTENCE_SHARE, coverage


def within(part: str, whole: str) -> bool:
    """Whether every content word and figure of `part` is in `whole`, whatever its ending
    ("passed" in "by passing", "signed" in "signs")."""
    return _roots(part) <= _roots(whole) and figures_in(part) <= figures_in(whole)


NEARLY_WITHIN = 0.8  # of a sentence's content words a fuller one holds, to state it


def nearly_within(part: str, whole: str) -> bool:
    """Whether `whole` says what `part` does, near enough that stating both repeats one
    development (the same death, the same jobs report, in two outlets' words): all of
    `part`'s figures and days and NEARLY_WITHIN of its content words, and at least as
    many of its own. A figure or a day only one of them gives is kept apart: 180 killed
    is not 150, and "on Tuesday" says when."""
    mine, theirs = _roots(part), _roots(whole)
    return (bool(mine) and len(mine & theirs) >= NEARLY_WITHIN * len(mine)
            and len(theirs) >= len(mine) and figures_in(part) <= figures_in(whole)
            and _days(part) <= _days(whole))


def _days(text: str) -> set[str]:
    return {w for w in TIME_WORDS if re.search(rf"\b{w}\b", text)}


def _roots(text: str) -> set[str]:
    """The content words of `text` without their inflection, cut to a stem's length."""
    out = set()
    for word in (w for w in words(text) if len(w) >= 3 and w not in STOP_WORDS):
        for ending in ("ing", "ed", "es", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[:-len(ending)]
                break
        out.add(stem(word))
    return out


def says(sentence: str, claim: str) -> bool:
    """Whether `sentence` states `claim`, not only cites it: it holds as large a share of
    the claim's content words as a sentence of the brief must hold of its span's."""
    found, wanted = coverage(claim, sentence)
    return found >= wanted * SENTENCE_SHARE


SAME_DEVELOPMENT = 0.5  # of a claim's content words that a sentence stating it holds
SAME_COUNT = 0.3  # the same, when two figures or more of the claim are the sentence's
ADDS_LITTLE = 5  # content words such a claim may have that the sentence has not


def said_already(sentence: str, claim: str) -> bool:
    """Whether `sentence` states the development `claim` reports, in other words: the
    figures it writes in digits (it has some), every name it gives and half its content
    words ("Moderna on Thursday released the results of its COVID-19 vaccine trials for
    those aged 12 to 17, reporting it 96 percent effective against the virus" beside
    "Moderna's COVID-19 vaccine is 96% effective in teenagers aged 12 to 17, the
    drugmaker said Thursday"). Three outlets' leads of one count are one sentence of
    the brief, with three footnotes, not three sentences. Without a figure, sharing
    words is not enough: "troops … would be drawn from units now in training" is not
    "the first troops would arrive in April"."""
    found_amounts = amounts(claim)
    if not found_amounts or not found_amounts <= figures_in(sentence):
        return False
    found, wanted = coverage(claim, sentence)
    if found >= wanted * SAME_DEVELOPMENT and _names(claim) <= _names(sentence):
        return True
    # Two figures or more, the same in both, are one count however it is worded: "The
    # unemployment rate rose to 6.1% in April, up from 6% a month earlier" beside "The
    # unemployment rate ticked up to 6.1% from 6% in March" (the months date the two
    # figures; they name no one) — unless the claim goes on to say more ("…, presenting a
    # major boost to hopes of a full-time return to in-person learning in the fall").
    return (len(found_amounts) >= 2 and found >= wanted * SAME_COUNT
            and wanted - found <= ADDS_LITTLE
            and _names(claim) - _DATE_WORDS <= _names(sentence))


_DATE_WORDS = stems(" ".join(TIME_WORDS))


def _names(text: str) -> set[str]:
    """Stems of the capitalised words of `text` past its first."""
    return stems(" ".join(w for w in text.split()[1:] if w.lstrip("\"'“‘(")[:1].isupper()))


_DIGITS = re.compile(r"\d[\d,.]*(?:[\s-]*(?:thousand|million|billion|trillion)\b)?")


def amounts(text: str) -> set[str]:
    """The figures `text` writes in digits, but not dates or years: "$139 million",
    "5.9%", "850,000" (not "two months", "July 4" or "2021")."""
    return {f for m in _DIGITS.finditer(without_times(text)) for f in figures_in(m.group())}


RESTATES = 70.0  # token sort ratio
SHARED_WORDS = 0.35  # of the content words of both (Jaccard, by stem)


def restates(kept: str, new: str) -> bool:
    """Whether `new` says what `kept` says in other words, with the same figures."""
    a, b = stems(kept), stems(new)
    return (fuzz.token_sort_ratio(kept, new, processor=utils.default_process) >= RESTATES
            and len(a & b) >= SHARED_WORDS * len(a | b) and figures_in(kept) == figures_in(new))

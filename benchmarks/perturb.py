"""Do the per-fact checks catch a changed meaning? Perturbations of real sentences.

Each sentence of the AllSides dev articles (one half, by story) is changed in the ways
a claim can say something else than its span — each type only where the sentence
offers what it needs — and checked as a fact citing that sentence (`verify_fact`):
caught means held back (unsupported or partial). True restatements must pass: the
sentence itself, and the same sentence as another outlet of the story wrote it
(near-verbatim: token-set ratio ≥ 90 and the same figures), which the checks must
not hold back. A sentence cut off where the excerpt ends ("named Kilolo Kijakazi
as...") is left out: it states no whole fact, and the checks hold it back as broken off.

    python benchmarks/perturb.py --half 1 ../shared/eval/allsides_dev.jsonl
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from brief.evaluate import load_rows
from brief.lexicon import pairs as word_pairs
from brief.schema import Article, FactOut
from brief.text import STOP_WORDS, TIME_WORDS, counted_kind, figures_in, split_sentences
from brief.verify.spans import verify_fact

_CUT = re.compile(r"(?:\.\.\.|…)[\"'”’)]*$")
Perturb = Callable[[str, str, random.Random], str | None]
_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")
_NOT_NAMES = {"on", "in", "the", "at", "by", "for", "from", "after", "before", "last",
              "this", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
              "sunday", "january", "february", "march", "april", "may", "june", "july",
              "august", "september", "october", "november", "december", "but", "and",
              "when", "while", "as", "if", "a", "an", "new", "white", "house", "supreme"}


def names(text: str) -> list[str]:
    """Two capitalised words that read as a person's name (not "On Sunday")."""
    return [m for m in _NAME.findall(text)
            if not {w.lower() for w in m.split()} & _NOT_NAMES]


def negation(s: str, text: str, rng: random.Random) -> str | None:
    new = re.sub(r"\b(will|is|are|was|were|has|have|can|would)\b", r"\1 not", s, count=1)
    return new if new != s and " not not" not in new else None


def antonym(s: str, text: str, rng: random.Random) -> str | None:
    low = s.lower()
    for left, right in word_pairs("opposites.txt"):
        for a, b in ((left, right), (right, left)):
            m = re.search(rf"\b{re.escape(a)}(\w*)", low)
            if m and not re.search(rf"\b{re.escape(b)}", low):
                return s[:m.start()] + b + ("ed" if m[1].endswith("ed") else "") + s[m.end():]
    return None


def number(s: str, text: str, rng: random.Random) -> str | None:
    m = re.search(r"\b\d+\b", s)
    if not m or len(m[0]) == 4:  # leave years to the year case
        return None
    return s[:m.start()] + str(int(m[0]) * 2 + 3) + s[m.end():]


def year(s: str, text: str, rng: random.Random) -> str | None:
    m = re.search(r"\b(19|20)\d\d\b", s)
    return s[:m.start()] + str(int(m[0]) - 1) + s[m.end():] if m else None


def bound(s: str, text: str, rng: random.Random) -> str | None:
    swaps = [("more than", "fewer than"), ("at least", "at most"), ("over", "under"),
             ("up to", "at least"), ("less than", "more than"), ("fewer than", "more than")]
    for a, b in swaps:
        m = re.search(rf"\b{a}\s+\$?\d", s, re.I)
        if m:
            return s[:m.start()] + b + s[m.start() + len(a):]
    return None


def agency(s: str, text: str, rng: random.Random) -> str | None:
    low = s.lower()
    for lesser, greater in word_pairs("agency.txt"):
        m = re.search(rf"\b{re.escape(lesser)}\w*", low)
        if m and not re.search(rf"\b{re.escape(greater)}", low):
            return s[:m.start()] + greater + ("ed" if m[0].endswith("ed") else "") + s[m.end():]
    return None


def entity(s: str, text: str, rng: random.Random) -> str | None:
    here = names(s)
    others = sorted({n for n in names(text) if n not in s})
    if not here or not others:
        return None
    return s.replace(here[0], rng.choice(others), 1)


def title(s: str, text: str, rng: random.Random) -> str | None:
    here = [n for n in names(s) if not re.search(rf"(?i)minister\W+{n}", text)]
    return s.replace(here[0], f"Foreign Minister {here[0]}", 1) if here else None


def hedge(s: str, text: str, rng: random.Random) -> str | None:
    new = re.sub(r"\bwill\b", "may", s, count=1)
    if new == s:
        new = re.sub(r"\b(may|might|could)\b", "will", s, count=1)
    return new if new != s else None


def quotation_cut(s: str, text: str, rng: random.Random) -> str | None:
    """What a small model writes of a sentence that quotes: the words before the quotation
    ("Schumer vowed to" for 'Schumer vowed to "use my clout…"')."""
    opening = re.search(r"(?<=\w)\s+[\"“]\w", s)
    before = s[:opening.start()] if opening else ""
    return before if len(before.split()) >= 3 else None


_UNITS = ["soldiers", "countries", "dollars", "days", "votes", "schools", "companies",
          "cases", "miles", "weapons"]


def unit(s: str, text: str, rng: random.Random) -> str | None:
    """The same number counting something else ("28 nations" → "28 votes"). (Its own
    random choice, by the sentence, so adding this type left the other rows as they were.)"""
    # a count, not a name's number ("COVID-19 variant", "Phase 2 trial", "Jan. 6 riot")
    m = re.search(r"(?<![\w.,-])(?<![A-Z][a-z]\. )(?<![A-Z][a-z]{2} )(\d[\d,.]*) ([a-z]{4,})\b",
                  s)
    if not m or m[2] in STOP_WORDS or len(m[1]) == 4 or re.search(r"[A-Z]\w*\s*$",
                                                                  s[:m.start()]):
        return None
    other = random.Random(s).choice([u for u in _UNITS if counted_kind(u) != counted_kind(m[2])])
    return s[:m.start(2)] + other + s[m.end(2):]


_SPEAKER = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?),? (?:said|says|told)\b"
                      r"|\b(?:said|says) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")


def speaker(s: str, text: str, rng: random.Random) -> str | None:
    """Another person of the article as the one who said it."""
    m = _SPEAKER.search(s)
    if not m:
        return None
    group = 1 if m[1] else 2
    if m[group] in {"He", "She", "They", "It", "We", "I"} or m[group].lower() in _NOT_NAMES:
        return None
    # another person: no word in common with the speaker ("Nancy Pelosi" is "Pelosi")
    others = sorted({n for n in names(text) if n not in s and not set(n.split())
                     & set(m[group].split())})
    if not others:
        return None
    return s[:m.start(group)] + random.Random(s).choice(others) + s[m.end(group):]


_ASKED = re.compile(r"\b(?:asked|urged|called on|pressed|ordered|invited|encouraged)\s+"
                    r"((?:[A-Z][\w'.-]*\s+)*[A-Z][\w'-]*)\s+(?:\S+\s+){0,3}?to\s+"
                    r"([a-z]{3,})\b")


def asked_done(s: str, text: str, rng: random.Random) -> str | None:
    """What someone was asked to do, stated as done ("asked Judge Lee to direct the
    clerk" → "Judge Lee directed the clerk")."""
    m = _ASKED.search(s)
    if not m or m[2] in {"the", "and", "not", "help"} or m[1] in TIME_WORDS:
        return None
    done = m[2] + ("d" if m[2].endswith("e") else "ed")
    return f"{m[1]} {done}{s[m.end():]}"


TYPES: dict[str, Perturb] = {"negation": negation, "antonym": antonym, "number": number,
                             "year": year, "bound": bound, "agency": agency,
                             "entity swap": entity, "added title": title, "hedge": hedge,
                             "quotation cut off": quotation_cut,
                             "unit": unit, "speaker swap": speaker,
                             "asked as done": asked_done}


def cases(rows: list[dict[str, Any]], rng: random.Random,
          types: dict[str, Perturb] | None = None
          ) -> tuple[dict[str, list[Article]], list[tuple[str, Article, int, str]]]:
    """The articles by story, and (type, article, sentence number, claim) for each whole
    sentence: the sentence itself ("restated (positive)"), then each change it allows."""
    by_story: dict[str, list[Article]] = defaultdict(list)
    out = []
    for row in rows:
        article = Article(id=str(row["id"]), content_hash="", text=row["text"], path="x",
                          ingested_at="", title=row.get("title"))
        by_story[str(row["cluster_id"])].append(article)
        for s in split_sentences(article.text):
            sentence = article.text[s.start:s.end]
            if len(sentence.split()) < 6 or _CUT.search(sentence):
                continue  # too short, or cut off where the excerpt ends ("as a...")
            out.append(("restated (positive)", article, s.number, sentence))
            for kind, perturb in (TYPES if types is None else types).items():
                changed = perturb(sentence, article.text, rng)
                if changed and changed != sentence:
                    out.append((kind, article, s.number, changed))
    return by_story, out


def other_outlets(by_story: dict[str, list[Article]], ratio: float = 90
                  ) -> list[tuple[Article, int, str]]:
    """(article, sentence number, the same sentence in another outlet's words): pairs
    of a story's outlets at least `ratio` alike (token-set) with the same figures."""
    out = []
    for articles in by_story.values():
        for a in articles:
            for b in articles:
                if a.id >= b.id:
                    continue
                for sa in split_sentences(a.text):
                    ta = a.text[sa.start:sa.end]
                    for sb in split_sentences(b.text):
                        tb = b.text[sb.start:sb.end]
                        if (ta != tb and len(ta.split()) >= 6 and not _CUT.search(tb)
                                and fuzz.token_set_ratio(ta, tb) >= ratio
                                and figures_in(ta) == figures_in(tb)):
                            out.append((a, sa.number, tb))
    return out


def held_back(article: Article, number: int, claim: str) -> bool:
    fact = verify_fact(FactOut.model_construct(sentence=number, claim=claim), article,
                       split_sentences(article.text))
    return fact.status != "verified"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--half", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(7)
    rows = load_rows(args.path, args.half)
    caught: dict[str, list[bool]] = defaultdict(list)
    start, checks = time.perf_counter(), 0
    by_story, changed = cases(rows, rng)
    for kind, article, number, claim in changed:
        caught[kind].append(held_back(article, number, claim))
        checks += 1
    for a, number, words in other_outlets(by_story):
        caught["other outlet's words (positive)"].append(held_back(a, number, words))
        checks += 1
    ms = (time.perf_counter() - start) * 1000 / max(checks, 1)
    print(f"{len(rows)} articles (half {args.half}), {checks} checks, {ms:.1f} ms per check")
    print("| change | cases | held back |")
    print("|---|---:|---:|")
    for kind, found in caught.items():
        print(f"| {kind} | {len(found)} | {sum(found) / len(found):.1%} |")


if __name__ == "__main__":
    main()

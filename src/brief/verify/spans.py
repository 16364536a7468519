"""Verify: tie each fact to character offsets in its article and check it against them.

A fact is *verified* when the sentence it cites exists and every figure, named
actor and negation in its claim is borne out by that sentence (or the one next to
it, where attribution often sits); *partial* when a name occurs only elsewhere in
the article; *unsupported* otherwise. Every non-verified status carries reasons.
`align_quote` finds a free quote (exact → normalised → fuzzy); `brief check` uses it
to say how an edited footnote quote differs from its source.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from brief.kind import is_opinion
from brief.schema import Alignment, Article, Fact, FactOut, Figure, Span, Status
from brief.text import (
    NEGATION,
    SPEECH,
    STOP_WORDS,
    TIME_WORDS,
    Sentence,
    figures_in,
    figures_with_units,
    fold,
    matchable,
    mentions,
    predicate,
    quotes_as_source,
    split_sentences,
    stems,
    time_in,
    words,
)
from brief.verify.attribution import (
    added_descriptor,
    attributed_twice,
    attribution_line,
    only_the_speaker,
    pronoun_for_name,
    speaker_without_words,
    unattributed_opinion,
    writers_call,
    writers_judgment,
    writers_voice,
)
from brief.verify.hostile import implausible, instructions_in, link_in, mixed_script
from brief.verify.meaning import greater_part, opposite, swapped_name, turned_bound
from brief.verify.owner import asked_as_done, moved_agent, moved_object, moved_predicate
from brief.verify.speakers import INSTITUTION_WORDS, quoted_for_another, words_owned_after
from brief.verify.wording import (
    about_the_text,
    added_negation,
    breaks_off,
    changed_unit,
    dropped_negation,
    modality,
    one_word,
    run_together,
    said_twice,
    unattributed_quote,
)

FUZZY_MIN_SCORE = 90.0
REANCHOR_MIN_SCORE = 70.0
_ALIASES = {
    "united states": ("u.s.", "us ", "america", "washington", "white house"),
    "united kingdom": ("u.k.", "uk ", "britain", "british"),
    "european union": ("eu ", "brussels"),
}
_NOT_NAMES = {
    "the", "a", "an", "he", "she", "it", "they", "we", "this", "that", "these", "those",
    "but", "and", "in", "on", "at", "as", "after", "before", "during", "while", "if",
    "his", "her", "their", "its", "our", "prime", "minister", "president", "defense",
    "defence", "foreign", "secretary", "general", "lt", "mr", "mrs", "ms", "dr",
    "i'm", "i've", "i'd", "i'll",
}

_NOT_A_NAME = _NOT_NAMES | STOP_WORDS
_DAYS = {"today", "yesterday", "tomorrow", "tonight"}  # "Today's vote", not a name
_REFERS_BACK = re.compile(
    r"\b(?:he|she|his|her|him|they|their|them)\b|\bthe (?:witness|minister|president|senator|"
    r"secretary|official|spokesperson|spokesman|spokeswoman|general|commander|chancellor|"
    r"premier|prime minister|ambassador|envoy|judge|nominee|chief)\b", re.I)


@dataclass
class Finding:
    """What a check found: fatal problems make a claim unsupported, minor ones partial."""

    fatal: list[str] = field(default_factory=list)
    minor: list[str] = field(default_factory=list)


def align_quote(quote: str, text: str) -> tuple[int, int, Alignment] | None:
    """Find `quote` in `text`: (start, end, method) with method exact/normalised/fuzzy."""
    quote = quote.strip().strip("\"'“”‘’ ")
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote), "exact"
    hay, needle = matchable(text), " ".join(matchable(quote).split())
    at = hay.find(needle)
    if at >= 0:
        return at, at + len(needle), "normalised"
    hit = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=FUZZY_MIN_SCORE)
    if hit is None:
        return None
    start, end = hit.dest_start, hit.dest_end
    while start > 0 and hay[start - 1].isalnum():
        start -= 1
    while end < len(hay) and hay[end].isalnum():
        end += 1
    return start, end, "fuzzy"


def sentence_spans(ids: list[int], text: str, sentences: list[Sentence]) -> list[Span]:
    """Spans for cited sentence numbers; adjacent sentences merge into one span."""
    valid = sorted({i for i in ids if 1 <= i <= len(sentences)})
    runs: list[list[int]] = []
    for i in valid:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    spans = []
    for run in runs:
        start, end = sentences[run[0] - 1].start, sentences[run[-1] - 1].end
        spans.append(Span(start=start, end=end, quote=text[start:end]))
    return spans


def context_of(spans: list[Span], text: str, sentences: list[Sentence]) -> str:
    """The spans widened by one sentence each side (attribution often sits there)."""
    parts = []
    for span in spans:
        inside = [i for i, s in enumerate(sentences) if s.end > span.start and s.start < span.end]
        if not inside:
            parts.append(span.quote)
            continue
        lo, hi = max(inside[0] - 1, 0), min(inside[-1] + 1, len(sentences) - 1)
        parts.append(text[sentences[lo].start:sentences[hi].end])
    return "\n".join(parts)


def names_in(claim: str, known_text: str = "") -> list[str]:
    """Runs of capitalised words in a claim ("United States", "Keir Starmer").

    A sentence's first word is capitalised anyway: it counts as a name only when
    `known_text` also writes it capitalised in mid-sentence ("Canada", not "Despite"),
    or when it is a possessive the text does not write in lower case ("Ruritania's").
    """
    names = []
    folded, known = fold(claim), fold(known_text)
    for m in re.finditer(r"[A-Z][\w'.-]*\w(?:\s+[A-Z][\w'.-]*\w)*", folded):
        words = [w.removesuffix("'s") for w in m.group().split()]
        before = folded[: m.start()].rstrip()
        initial = not before or before[-1] in ".!?:\"'"
        speaker = re.match(r"\s+(?:said|says|told|announced|stated|added|warned)\b",
                           folded[m.end():])
        # "Ruritania's planners": a possessive opening is a name unless the article
        # writes the word in lower case ("today's").
        possessive = (m.group().split()[0].endswith("'s") and words[0].lower() not in _DAYS
                      and not re.search(r"\b" + re.escape(words[0].lower()) + r"\b", known))
        if initial and not speaker and not possessive and (
                not re.search(r"[a-z0-9,;]\s+" + re.escape(words[0]) + r"\b", known)
                # "Consumer prices rose" where the article writes "consumer prices" as
                # well as "the Consumer Price Index"
                or (len(words) == 1 and words[0].lower() != words[0] and re.search(
                    r"\b" + re.escape(words[0].lower()) + r"\b", known))):
            words = words[1:]
        kept = [w for w in words if w.lower() not in _NOT_A_NAME]
        if kept:
            names.append(" ".join(words if len(kept) == len(words) else kept))
    return names


def coverage(claim: str, span_text: str) -> tuple[int, int]:
    """(content words of `claim` found in `span_text`, content words of `claim`), by stem."""
    wanted = stems(claim)
    return len(wanted & stems(span_text)), len(wanted)


def states_closely(claim: str, span_text: str) -> bool:
    """Whether `claim` keeps `SENTENCE_SHARE` of its content words from `span_text`, as a
    sentence of the brief must (a fact's claim that says more is checked, not stated)."""
    found, wanted = coverage(claim, span_text)
    return found >= wanted * SENTENCE_SHARE


def _found(name: str, text: str) -> bool:
    hay = " " + matchable(text) + " "
    key = matchable(name).strip()
    if key in _ALIASES and (key in hay or any(a in hay for a in _ALIASES[key])):
        return True
    if _spelled_out(name.strip(), text):
        return True
    # A name counts as found when any distinctive word's stem is there ("Canada" and
    # "Canadian", "Keir Starmer" and "Starmer").
    return any(mentions(t, hay) for t in _distinctive(key))


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:(?:of|for|and|the|&)\s+)*[A-Z][\w'’.-]*)+")


def _spelled_out(acronym: str, text: str) -> bool:
    """`text` spells out the acronym `acronym` ("FDA": "the U.S. Food and Drug
    Administration"; "CDC": "the Centers for Disease Control and Prevention")."""
    if not re.fullmatch(r"[A-Z]{3,6}", acronym):
        return False
    for run in _CAPITALISED_RUN.finditer(text):
        words = [w for w in run.group().split() if w[:1].isupper()]
        initials = "".join(w[0] for w in words)
        if any(initials.startswith(acronym, k) for k in range(len(initials))):
            return True
    return False


def _distinctive(key: str) -> list[str]:
    """The words of a name that tell it from others: the word that ends many
    institutions' names is not one ("South Dakota University" is not "Johns Hopkins
    University"), unless the name has no other."""
    tokens = [t for t in re.findall(r"[\w.]+", key) if t not in _NOT_NAMES and len(t) > 1]
    if not tokens and len(key) > 1:  # "G-7", "F-35": the name is its one-letter parts
        return [key]
    return [t for t in tokens if t not in INSTITUTION_WORDS] or tokens


def _wholly(name: str, text: str) -> bool:
    """Every distinctive word of `name` is in `text` ("Donald Trump" is only partly in
    a span that says "Trump")."""
    key = matchable(name).strip()
    if key in _ALIASES or _spelled_out(name.strip(), text):  # "United States" for "U.S."
        return _found(name, text)
    hay = " " + matchable(text) + " "
    return all(mentions(t, hay) for t in _distinctive(key))


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


def _beside(name: str, text: str, reach: int = 2) -> set[str]:
    """The `reach` words before and after `name` wherever `text` says it (two: a title
    the name's run leaves out, "Attorney General said", still stands beside it). A
    possessive's "s" is not a word of its own: "CNN’s Kaitlan Collins" is the run of
    "CNN Kaitlan Collins"."""
    said, key = words(_POSSESSIVE.sub("", text)), words(_POSSESSIVE.sub("", name))
    out: set[str] = set()
    for i in range(len(said) - len(key) + 1):
        if key and said[i:i + len(key)] == key:
            out.update(said[max(0, i - reach):i] + said[i + len(key):i + len(key) + reach])
    return out


def _in_place_of(name: str, dropped: str, claim: str, span: str) -> bool:
    """`name` stands where the span has `dropped`: a word beside `dropped` in the span
    is beside `name` in the claim ("her challenger Chip Roy in" → "her challenger
    Donald Trump in"). A name only left out ("As Collins tried to speak, Mr Biden
    continued" → "President Joe Biden continued") is not replaced."""
    around = _beside(dropped, span)
    return not around or bool(around & _beside(name, claim))


SENTENCE_SHARE = 2 / 3  # of a brief sentence's content words, in the spans it cites
ADDED_WORDS = 1  # words but names a brief sentence may have that the spans it cites have not


def check_claim(
    claim: str, actors: list[str], span_text: str, context: str, article_text: str,
    *, share: float = 0.5,
) -> Finding:
    """Content words, figures, names and negation of `claim` against its span.

    `context` (the span with its neighbouring sentences) may supply a figure (as a
    minor problem) and, when the span is a quotation, the name of its speaker. At
    least `share` of the claim's content words must be the span's: a fact restates one
    sentence, in other words; a sentence of the brief restates its facts, closely
    (`SENTENCE_SHARE`).
    """
    finding = Finding()
    near = span_text + "\n" + context
    # A span that quotes someone, or refers back to someone ("she", "the witness"), may
    # have its subject named in the sentence next to it: that name is the article's own.
    refers = bool(re.search("[\"“”]", span_text)) or bool(_REFERS_BACK.search(span_text))
    # ... and its words are the span's as much as "she" is (what else the name's run
    # gives the person is checked below, as a descriptor)
    claim_names = names_in(claim, article_text)
    resolved = [n for n in claim_names
                if refers and not _found(n, span_text) and _found(n, near)]
    found, wanted = coverage(claim, "\n".join([span_text, *resolved]))
    if wanted and found < wanted * share:
        finding.fatal.append(f"the cited text does not say this ({found} of {wanted} words)")
    elif share >= SENTENCE_SHARE:
        # what a sentence says of whom it names: no more than a word its spans do not
        # ("approval rating has surged" for "52% approval is much higher than …")
        added = sorted(predicate(claim) - stems(span_text) - SPEECH)
        if len(added) > ADDED_WORDS:
            finding.fatal.append("the sentence says what the cited text does not "
                                 f"({', '.join(added)})")
    span_figures, near_figures = figures_in(span_text), figures_in(near)
    for figure in sorted(figures_in(claim)):
        if figure in span_figures:
            continue
        if figure in near_figures:
            finding.minor.append(f"figure {figure} is in the next sentence, not the span")
        else:
            finding.fatal.append(f"figure {figure} is not in the cited text")
    # A span's subject named next to it (`refers`, above) is the article's own name,
    # but not in place of a name the span gives: that is another person.
    # (A month or a day is no one: "in an April letter" → ", Jean Wodnicki,".)
    dropped = [n for n in names_in(span_text, article_text)
               if not _found(n, claim) and n not in TIME_WORDS]
    for name in dict.fromkeys([*actors, *claim_names]):
        # the span's name the claim's stands in place of, if any
        replaced = next((d for d in dropped if _in_place_of(name, d, claim, span_text)), None)
        if _found(name, span_text):
            # "Rep. Donald Trump of Texas" for "Rep. Chip Roy of Texas", in a span that
            # names Trump later: found by one word, while the span's own name is gone.
            if replaced and not _wholly(name, span_text):
                finding.fatal.append(f"the claim names {name!r} where the cited text names "
                                     f"{replaced!r}")
            continue
        if refers and _found(name, near) and replaced:
            finding.fatal.append(f"the claim names {name!r} where the cited text names "
                                 f"{replaced!r}")
            continue
        if refers and _found(name, near):
            continue
        if _found(name, article_text):
            finding.minor.append(f"{name!r} is named in the article but not in the span")
        else:
            finding.fatal.append(f"{name!r} does not appear in the article")
    if NEGATION.search(matchable(claim)) and not NEGATION.search(matchable(span_text)):
        finding.fatal.append("the claim is negated but the cited text is not")
    for problem in (dropped_negation(claim, span_text), added_negation(claim, span_text),
                    changed_unit(claim, span_text),
                    unattributed_quote(claim, span_text), unattributed_opinion(claim, span_text),
                    only_the_speaker(claim), speaker_without_words(claim, span_text),
                    pronoun_for_name(claim, span_text),
                    writers_voice(claim, span_text), writers_judgment(claim),
                    added_descriptor(claim, span_text, article_text),
                    opposite(claim, span_text), turned_bound(claim, span_text),
                    swapped_name(claim, span_text, article_text),
                    moved_predicate(claim, span_text), moved_object(claim, span_text),
                    moved_agent(claim, span_text), asked_as_done(claim, span_text),
                    words_owned_after(claim, span_text, article_text),
                    greater_part(claim, span_text),
                    breaks_off(claim, span_text), about_the_text(claim, span_text),
                    run_together(claim),
                    said_twice(claim, span_text), attributed_twice(claim, span_text),
                    attribution_line(claim),
                    one_word(claim, span_text), quoted_for_another(
                        quotes_as_source(claim, article_text or span_text),
                        span_text.split("\n")),
                    instructions_in(span_text), link_in(claim), implausible(claim),
                    mixed_script(f"{claim} {span_text}")):
        if problem:
            finding.fatal.append(problem)
    drift = modality(claim, span_text)
    if drift:
        finding.minor.append(drift)
    return finding


def verify_fact(out: FactOut, article: Article, sentences: list[Sentence]) -> Fact:
    """Tie one extracted fact to its sentence's offsets and check it; never raises.

    When the claim fails at the sentence it cites, the sentence that best matches
    it is checked instead (small models miscount sentence numbers); the fact keeps
    that sentence only if the claim passes there, with a note of the move.
    """
    text = article.text
    number, finding = out.sentence, _check_at(out.claim, out.sentence, text, sentences)
    notes: list[str] = []
    if finding.fatal or finding.minor:
        best = best_sentence(out.claim, text, sentences)
        if best is not None and best != out.sentence:
            moved = _check_at(out.claim, best, text, sentences)
            if not moved.fatal and len(moved.minor) < len(finding.minor) + len(finding.fatal):
                number, finding = best, moved
                notes.append(f"cited sentence {out.sentence}; found at sentence {best}")
    if is_opinion(article) and (call := writers_call(out.claim)):
        finding.fatal.append(call)
    spans = sentence_spans([number], text, sentences)
    span_text = "\n".join(s.quote for s in spans)
    reasons = list(dict.fromkeys(finding.fatal + finding.minor))
    status: Status = "unsupported" if finding.fatal else "partial" if reasons else "verified"
    return Fact(
        id=fact_id(article.id, out.claim, spans),
        article_id=article.id,
        claim=" ".join(out.claim.split()),
        # Read off the claim, not asked of the model: every output token costs time.
        kind="figure" if figures_in(out.claim) else "statement",
        actors=[n for n in names_in(out.claim, text) if _found(n, text)],
        figures=[Figure(value=v, unit=u) for v, u in figures_with_units(out.claim)],
        time=time_in(span_text),
        sentence_ids=[number],
        spans=spans,
        alignment=("fuzzy" if notes else "sentences") if spans else "none",
        status=status,
        reasons=reasons + notes,
    )


def _check_at(claim: str, number: int, text: str, sentences: list[Sentence]) -> Finding:
    spans = sentence_spans([number], text, sentences)
    if not spans:
        return Finding(fatal=[f"cites sentence {number}, which the article does not have"])
    span_text = "\n".join(s.quote for s in spans)
    return check_claim(claim, [], span_text, context_of(spans, text, sentences), text)


def best_sentence(claim: str, text: str, sentences: list[Sentence]) -> int | None:
    """Number of the sentence most like `claim` (token-set ratio ≥ 70), if any."""
    folded = matchable(text)
    scored = [
        (fuzz.token_set_ratio(matchable(claim), folded[s.start:s.end]), -s.number)
        for s in sentences
    ]
    if not scored:
        return None
    score, negative_number = max(scored)
    return -negative_number if score >= REANCHOR_MIN_SCORE else None


def fact_id(article_id: str, claim: str, spans: list[Span]) -> str:
    key = f"{article_id}|{claim.strip()}|" + ",".join(f"{s.start}-{s.end}" for s in spans)
    return "f" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:9]


def sentence_problems(text: str, cited: list[Fact], articles: dict[str, Article]) -> list[str]:
    """Why `text` is not borne out by the spans of `cited` (empty when it is).

    A name the sentence states must stand in a cited span (or beside a quoted one).
    """
    spans: list[str] = []
    context: list[str] = []
    sources: dict[str, str] = {}
    for fact in cited:
        article = articles[fact.article_id]
        spans.extend(s.quote for s in fact.spans)
        context.append(context_of(fact.spans, article.text, split_sentences(article.text)))
        sources[article.id] = article.text
    finding = check_claim(text, [], "\n".join(spans), "\n".join(context),
                          "\n".join(sources.values()), share=SENTENCE_SHARE)
    # as `brief check` reads them: a figure from the sentence next to a span is an error
    return finding.fatal + [m for m in finding.minor if "not in the span" in m
                            or m.startswith(("modality", "figure"))]

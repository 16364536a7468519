"""Who said it, and who they are: what a claim says about a person must be the source's.

Two ways a claim can be grounded word for word and still mislead:
- it gives a person a title, portfolio or descriptor the article does not give them
  ("Bill Blair, Canada's foreign minister" for a defence minister; "a Canadian
  politician"). Every word of such a descriptor must stand in the cited text or in
  the article's own sentences about that person;
- it restates a quotation as fact ("The agreement is about building a foundation for
  peace" for Starmer's quoted words): a claim resting on quoted words must say whose.
"""

from __future__ import annotations

import re
from itertools import takewhile

from brief import lexicon
from brief.text import (
    STOP_WORDS,
    fold,
    matchable,
    name_words,
    outside_quotes,
    split_sentences,
    stem,
    stems,
)

ROLE_WORDS = lexicon.words("role_words.txt")  # a title or descriptor of a person
_DESCRIBING = ROLE_WORDS | lexicon.words("occupation_words.txt")  # "an actor", "a senator"
_TITLE_WORDS = _DESCRIBING | lexicon.words("title_words.txt")  # "foreign minister"
_ALIASES = {"defence": "defense", "u.k.": "britain", "uk": "britain", "british": "britain",
            "u.s.": "america", "us": "america", "american": "america",
            # a title as datelines shorten it: "Sen. Mark Kelly" is a senator
            "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
            "lt": "lieutenant", "col": "colonel", "sgt": "sergeant", "capt": "captain",
            "adm": "admiral", "supt": "superintendent", "atty": "attorney"}
_NAME = r"[A-Z][\w'’.-]*[\w.](?:\s+[A-Z][\w'’.-]*[\w.]){0,3}"
# "Bill Blair, a Canadian politician," / "Keir Starmer, the British prime minister."
_AFTER = re.compile(rf"({_NAME}),\s+((?:a|an|the)\s+)?((?:[\w.'’-]+\s+){{0,6}}?[\w.'’-]+"
                    r"(?:\s+(?:and|&)\s+[\w.'’-]+)?)"
                    r"(?=,|\.|;|\s+(?:said|says|told|who|and)\b|$)")
_SPEECH = lexicon.SPEECH
# A quotation; one the span opens and does not close; one it closes and did not open
# (a sentence inside a quotation the sentence before began: "Now they’re forcing …?”").
_QUOTED = re.compile(r"[\"“][^\"“”]{12,}[\"”]|[\"“][^\"“”]{12,}$"
                     r"|^[^\"“”]{12,}(?<=\S)[\"”](?=[\s,.;:!?)]|$)")
QUOTED_SHARE = 0.6  # of the claim's content words that come from inside quotation marks


def _stem(word: str) -> str:
    word = word.removesuffix("'s").removesuffix("’s")
    word = _ALIASES.get(word, word).replace(".", "")
    return stem(_ALIASES.get(word, word))


def _content(text: str) -> list[str]:
    return [w for w in name_words(text) if w not in STOP_WORDS and len(w) > 1]


def descriptors(claim: str) -> list[tuple[str, str]]:
    """(person, descriptor) pairs a claim states: titles before a name, appositions after."""
    found: list[tuple[str, str]] = []
    for m in _AFTER.finditer(claim):
        if any(_bare(w) in _DESCRIBING for w in m.group(3).split()):
            found.append((m.group(1), ((m.group(2) or "") + m.group(3)).strip()))
    for run in _title_runs(claim):
        # the last role word before the name's last word ("Foreign Minister Gayle King")
        last_role = max((i for i, w in enumerate(run[:-1]) if _bare(w) in _DESCRIBING),
                        default=-1)
        name = run[last_role + 1:]
        if last_role >= 0 and name and all(w[:1].isupper() for w in name):
            found.append((" ".join(name).rstrip(".,;:"), " ".join(run[:last_role + 1])))
    return found


def _bare(word: str) -> str:
    return matchable(word).strip(".,;:").removesuffix("'s")


def _title_runs(claim: str) -> list[list[str]]:
    """Runs of capitalised, possessive or title words ("Canada's foreign minister Bill Blair")."""
    runs: list[list[str]] = [[]]
    for word in re.findall(r"[\w.'’-]+", claim):
        if word[:1].isupper() or _bare(word) in _TITLE_WORDS:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def added_descriptor(claim: str, span: str, article: str) -> str | None:
    """A title or descriptor the claim gives a person that the source does not give them."""
    for person, phrase in descriptors(claim):
        surname = person.split()[-1]
        about = [span] + [article[s.start:s.end] for s in split_sentences(article)
                          if re.search(rf"\b{re.escape(surname)}\b", article[s.start:s.end])]
        keep = {_stem(w) for w in name_words(f"{phrase} {person}")}
        said = set(name_words(phrase))
        known = {_stem(w) for text in about for w in _describing_words(text, keep)
                 if not _group_of(w, said)}
        missing = [w for w in _content(phrase) if _stem(w) not in known]
        if missing:
            return (f"the claim calls {person} '{phrase}', which the article does not "
                    f"('{' '.join(missing)}' is not in its words about {surname})")
    return None


def _group_of(word: str, said: set[str]) -> bool:
    """`word` is the plural of a descriptor's word, which describes a group, not the
    person: "Democrats are in a deep cult" makes no one "a Democratic actor"."""
    return (word.endswith("s") and not word.endswith("'s") and word not in said
            and any(_stem(word) == _stem(w) for w in said))


def _describing_words(text: str, keep: set[str]) -> list[str]:
    """The words of `text` that can describe a person: all but the first word of another
    name ("Democratic" of "the Democratic Party" does not make anyone a Democratic
    actor). A name that runs on into a title ("Democratic Sen. Mark Kelly"), or into
    the descriptor's or the person's own words ("President Joe Biden"), is not another."""
    tokens = re.findall(r"[\w.'’-]+", text)
    out: list[str] = []
    for k, token in enumerate(tokens):
        run = list(takewhile(lambda t: t[:1].isupper(), tokens[k + 1:]))
        heads = (token[:1].isupper() and run and not (k and tokens[k - 1][:1].isupper())
                 and not any(t.endswith(".") or _bare(t) in _TITLE_WORDS
                             or {_stem(w) for w in name_words(t)} & keep for t in run))
        if not heads:
            out.extend(name_words(token))
    return out


def unattributed_opinion(claim: str, span: str) -> str | None:
    """The claim restates words the span quotes, without saying whose they are."""
    quoted = " ".join(m.group() for m in _QUOTED.finditer(fold(span)))
    if not quoted or _SPEECH.search(claim) or re.search("[\"“”]", claim):
        return None
    words = set(_content(claim))
    if len(words) < 3:
        return None
    inside = {_stem(w) for w in name_words(quoted)}
    outside = {_stem(w) for w in name_words(_QUOTED.sub(" ", fold(span)))}
    from_quote = [w for w in words if _stem(w) in inside and _stem(w) not in outside]
    if len(from_quote) >= QUOTED_SHARE * len(words):
        return ("the claim states quoted words as fact: it must say whose words they are "
                "(a speaker and 'said', or quotation marks)")
    return None


def writers_voice(claim: str, span: str) -> str | None:
    """The claim speaks in the first person of the writer of its span, outside any
    quotation ("we should be thankful for how far we've come", "which we will do
    below", "let me take a different stance"): a columnist's view or aside, given as
    the brief's own."""
    found = _WRITER.search(outside_quotes(claim))
    if not found or not _WRITER.search(outside_quotes(span)):
        return None
    return (f"the writer's own voice ('{found.group()}') stated as the brief's: a "
            "columnist's view, not a reported fact")


def writers_judgment(claim: str) -> str | None:
    """The claim judges in its own voice ("Biden's sales pitch was dishonest", "the
    mendacious speech"): a columnist's verdict, which a brief states only as someone's
    ("Republicans called the speech dishonest", or in quotation marks)."""
    found = lexicon.judging(claim)
    if not found:
        return None
    return (f"a judgment ('{found.group()}') stated in the brief's voice: whose view it "
            "is must be said (a speaker and 'said', or quotation marks)")


def writers_call(claim: str) -> str | None:
    """The claim calls for something in its writer's own voice ("it is time to fight
    back, hard", "schoolchildren ought to be back in the classroom"), neither quoted nor
    given to a speaker. Asked only of a claim from an opinion piece: a report's "must"
    and "should" ("the bill must pass the House") state rules and expectations."""
    own = outside_quotes(claim)
    found = _CALL.search(own)
    if not found or lexicon.SPEECH.search(own):
        return None
    return (f"a call ('{found.group()}') in an opinion piece's own voice stated as the "
            "brief's: the writer's view, not a reported fact")


_CALL = re.compile(r"\b(?:it is|it['’]s) (?:high |past )?time (?:for [^,.;]{1,40}? )?to\b"
                   r"|\b(?:should|must|ought to|needs? to|has to|have to)\b", re.I)


# "We" and "My" open sentences; "US" is a country
_WRITER = re.compile(r"\b(?:[Ww]e|[Oo]urs?|[Oo]urselves|us|[Mm]e|[Mm]y|[Mm]yself)\b"
                     r"|\b[Ww]e['’](?:re|ve|ll|d)\b"
                     r"|\bI(?:['’](?:m|ve|d|ll))?\s+(?:(?:still|also|just|really|even|"
                     r"never|always|only|personally)\s+)?(?:think|believe|am|was|have|had|would|"
                     r"will|do|don['’]t|can|know|want|hope)\b")


def pronoun_for_name(claim: str, span: str) -> str | None:
    """The claim opens on "He" or "She" where the cited text names the person ("She
    defeated Republican opponent Mark Moores" for "Melanie Stansbury has defeated …"):
    whom it is about is lost."""
    found = _name_in_place(claim, span)
    if found is None:
        return None
    return (f"the claim says {found[0]!r} where the cited text names {found[1]!r}: whom it "
            "is about is lost")


def with_the_name(claim: str, span: str) -> str:
    """`claim` with the name the cited text gives in place of its opening "He" or "She"."""
    found = _name_in_place(claim, span)
    if found is None:
        return claim
    opening = _PRONOUN_OPENING.match(claim)
    assert opening is not None
    return claim[:opening.start(1)] + found[1] + claim[opening.end(1):]


def _name_in_place(claim: str, span: str) -> tuple[str, str] | None:
    """(the claim's opening pronoun, the name the span gives where the claim has it)."""
    opening = _PRONOUN_OPENING.match(claim)
    if not opening:
        return None
    after = re.findall(r"[\w’'-]+", claim[opening.end():])[:2]
    if len(after) < 2:
        return None
    found = re.search(rf"\b{re.escape(after[0])}\s+{re.escape(after[1])}\b", fold(span))
    if not found:
        return None
    before = re.findall(r"[\w.’'-]+", fold(span)[:found.start()])[-4:]
    if not before or any(w.lower() in _PRONOUNS for w in before):
        return None
    while before and not before[0][:1].isupper():
        before = before[1:]  # "… and Sen. Jane Roe last week" → "Sen. Jane Roe"
    named = list(takewhile(lambda w: w[:1].isupper(), before))  # "Jo Roe | has defeated"
    return (opening.group(1), " ".join(named)) if named else None


_PRONOUN_OPENING = re.compile(r"\W*(He|She|They)\s")
_PRONOUNS = {"he", "she", "they", "his", "her", "their", "him", "them"}


def only_the_speaker(claim: str) -> str | None:
    """The claim names who spoke and not what they said ("Carney said", "According to
    Blair"): past the speech verb, its words are all names or stop words. A quotation
    is what they said."""
    if not _SPEECH.search(claim) or re.search("[\"“”]", claim):
        return None
    rest = re.findall(r"[\w'’-]+", _SPEECH.sub(" ", fold(claim)))
    if any(w.lower() not in STOP_WORDS and not w[:1].isupper() for w in rest) and not (
            _ENDS_ON_THE_SPEAKER.match(claim)):
        return None
    return "the claim says who spoke but not what they said"


# "James Carville, who accused Democrats of …, said" / "Abbott, a Republican, said.":
# a name, what is said of the speaker between commas, and the verb; nothing said.
_ENDS_ON_THE_SPEAKER = re.compile(
    rf"{_NAME}(?:\s*,\s*(?:who|a|an|the|which)\b[^,]*)+,?\s+(?:said|says|added|told "
    r"reporters|wrote)\W*$")


_SAYING = re.compile(r"\b(?:said|says|say|told|tells|stated|states|added|adds|wrote|writes)\b",
                     re.I)


def speaker_without_words(claim: str, span: str) -> str | None:
    """The claim keeps who spoke, and when or where, and leaves out the quotation the
    span says they spoke ("Abbott, a Republican, said during a bill signing ceremony."
    for "“Our creator endowed us …,” Abbott, a Republican, said during a bill signing
    ceremony."): every content word of the claim is the span's own, outside its
    quotation, and none is the quotation's."""
    if not _SAYING.search(claim) or re.search("[\"“”]", claim):
        return None
    quoted = stems(" ".join(_QUOTED.findall(span)))
    mine = stems(claim)
    if not quoted or mine & quoted or not mine <= stems(outside_quotes(span)):
        return None
    return "the claim says who spoke, not what they said: the quotation is left out"


def attribution_line(claim: str) -> str | None:
    """A line that says whose a quotation is ("— Sen. Tom Cotton (R-Ark.), in a tweet,
    April 25, 2021"): it states nothing; the quotation above it is what was said."""
    if re.match(r"\s*(?:[—–]|-\s)", claim):
        return "a line that says whose a quotation is, not a statement"
    return None


_SAYS_TWICE = r"(?:said|says|asked|asks|told|tells|added|adds|wrote|writes)"
# a quotation in double marks, or in single ones (a model's), whatever apostrophes it holds
_QUOTATION = r"(?:[\"“][^\"“”]{3,}[\"”]|['‘][^\n]{3,}?['’])"
_SAYS_QUOTING = rf"\b{_SAYS_TWICE}\b[,:]?\s*{_QUOTATION}"  # "Biden asked “…?”"
# "Biden asked “What the hell …?” he asked." / "X said: “…,” she said": a speech verb
# before the quotation and another after it, with its own speaker
_TWICE = re.compile(rf"{_SAYS_QUOTING},?\s*(?:(?:he|she|they|it|{_NAME})\s+{_SAYS_TWICE}\b"
                    rf"|{_SAYS_TWICE}\s+(?:he|she|they|{_NAME}))")
# ... where the second speaker is a pronoun, at the sentence's end
_THEN_HE_SAID = re.compile(rf"({_SAYS_QUOTING}),?\s*(?:(?:he|she|they)\s+{_SAYS_TWICE}"
                           rf"|{_SAYS_TWICE}\s+(?:he|she|they))\s*\.?\s*$")


def attributed_once(text: str) -> str:
    """`text` without a pronoun's second attribution of the quotation it has just
    attributed ("Biden asked “What the hell …?” he asked." → "Biden asked “What the
    hell …?”"); one that names a speaker again, perhaps another, is left to
    `attributed_twice`."""
    # the quotation's comma before "he said" ends the sentence now: “We will win,” → “We will win.”
    return _THEN_HE_SAID.sub(lambda m: re.sub(r",([\"”'’])$", r".\1", m.group(1)), text)


def attributed_twice(claim: str, span: str) -> str | None:
    """The claim gives a quotation its speaker twice, before it and after it ("Biden
    asked “What the hell …?” he asked."): a model that joined two ways of attributing
    it, which the cited text does not."""
    if _TWICE.search(claim) and not _TWICE.search(span):
        return "the claim attributes one quotation twice, before and after it"
    return None

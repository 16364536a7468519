"""Who a sentence attributes its words to, read from the article's own words.

"…," Carney said. / said Trump, who … / according to Johns Hopkins University data /
Abbott, a Republican, said / Gov. Andrew Cuomo on Tuesday declared. The name is the
article's: a weekday, a month, a possessive ("the Board's"), the place after "at the"
("a session at the Capitol said") or a listener ("told CNN") is not a speaker, and a
name cut off by an ellipsis is no name. When nothing names a speaker the caller says
so ("the report (no speaker named)") rather than guess.
"""

from __future__ import annotations

import re

from brief import lexicon
from brief.text import TIME_WORDS, Sentence, matchable, outside_quotes, split_sentences
from brief.verify.attribution import ROLE_WORDS

# "added" and "continued" are speech only before a pause or "that" ("the US added 559,000").
_SAYS = (r"said|says|told|stated|affirmed|declared|noted|stressed|insisted|warned|wrote|"
         r"explained|asserted|remarked|tweeted|"
         r"warns|writes|stresses|insists|explains|asserts|tweets|"  # the present of a column
         r"(?:added|continued)(?=\s*(?:[,.;:”\"]|$|\s+that\b))")
_SPEECH_VERB = re.compile(rf"\b(?:{_SAYS})\b")
# After the verb the name is the speaker ("said Trump"), except after "told" (a listener).
_SAYS_AFTER = _SAYS.replace("told|", "")
_TIMES = "|".join(TIME_WORDS)
_TIME_WORDS = set(TIME_WORDS)
_WORD = r"[A-Z][\w.'’/-]*+"  # possessive: "U.S." keeps its last point
# Capitalised words, joined by "of", "for", "and", "the" inside an institution's name
# ("Centers for Disease Control and Prevention", "Court of Appeals for the 4th Circuit").
_NAME = (rf"{_WORD}(?:\s+(?:(?:of|for|and|the|de|van|von)\s+){{0,2}}"
         r"(?:[A-Z]|\d+(?:st|nd|rd|th)\s+[A-Z])[\w.'’/-]*+){0,8}")
_WHEN = rf"(?:,?\s+(?:on\s+)?(?:{_TIMES})(?:\s+(?:morning|afternoon|evening|night))?,?)?"
_SPEAKER = re.compile(
    # "…," said Trump, who … / "…," tweeted Italiano.
    rf"\b(?:{_SAYS_AFTER})\s+(?:(?:the|former|then|acting)\s+)?(?P<after>{_NAME})"
    r"(?:\s+\([^()]{1,20}\))?"  # "said Edward J. Markey (D-Mass.), chairman …"
    r"(?=\s*(?:[,.;:!?”\"]|$|\s+(?:on|in|at|during|after|before|who|when|from|to|via|and)\b))"
    # according to (data from) Johns Hopkins University
    rf"|\baccording to\s+(?:the\s+)?(?:(?:[a-z.-]+|{_TIMES})\s+){{0,5}}?(?P<source>{_NAME})"
    r"(?=\s*(?:[,.;:!?”\"]|$|\s+[a-z]+\s*(?:[,.;:!?]|$)|\s+(?:on|in|at|who|from|to|and)\b))"
    # Abbott, a Republican, said / McConnell of Kentucky said / Cuomo on Tuesday declared
    rf"|(?P<before>{_NAME})(?:\s+\([^()]{{1,20}}\))?"  # "McConnell (R-Ky.) said"
    rf"(?:(?:,\s+[^,“”\"]{{1,60}}?){{1,3}},|\s+of\s+{_WORD}(?:\s+{_WORD})?)?"
    rf"{_WHEN},?\s+(?:{_SAYS})\b(?!\s+to\b)")
_PRONOUNS = {"He", "She", "They", "It", "We", "I", "You", "This", "That", "The", "I've",
             "We've", "I'm", "We're", "There", "But", "And", "In", "On", "As"}
INSTITUTION_WORDS = lexicon.words("institution_words.txt")  # "agency", "university" …
# Before the name, a place, not the one who speaks ("a session at the Capitol said").
_PLACE_BEFORE = re.compile(
    r"\b(?:at|in|of|on|near|across|from|into|inside|outside|to)\s+(?:the\s+)?$"
    # a former official of it speaks for themselves, not for the institution ("The former
    # acting director for the Centers for Disease Control and Prevention said")
    r"|\bformer\b[^,.;“”\"]{0,40}\b(?:for|of|at)\s+(?:the\s+)?$", re.I)
_CONNECTORS = {"of", "for", "and", "the", "de", "van", "von"}
# A capitalised word that starts the sentence or clause, not the name ("While the FDA said").
_NOT_NAMES = {"While", "When", "After", "Before", "If", "As", "But", "And", "In", "On", "At",
              "Although", "Because", "Since", "Then", "So", "Yet", "Meanwhile", "However",
              "The", "A", "An", "What", "Still", "Now"}
_INITIAL = re.compile(r"[A-Z]\.")
_SUFFIXES = {"Jr.", "Sr.", "Inc.", "Co.", "Corp.", "Ltd.", "II", "III"}
# A title before a name: what follows the last one is the name ("Republican Sen. Shelley
# Moore Capito", "RNC Chairwoman Ronna Romney McDaniel").
_TITLES = ROLE_WORDS | {"sen", "gov", "rep", "gen", "col", "sgt", "capt", "adm", "supt",
                        "atty", "rev", "pres", "justice", "mr", "mrs", "ms", "dr"}
# A party or role word that ends the phrase describes someone; it names no one ("the
# moderate West Virginia Democrat wrote", "the top House Republican said").
_DESCRIBED = ROLE_WORDS | {"democrat", "republican"}
# An institution's name ends on one of these and is kept whole ("National Interagency
# Fire Center"), up to _INSTITUTION_WORDS_KEPT words.
_INSTITUTIONS = INSTITUTION_WORDS | {"center", "centre", "bureau", "service", "board",
                                     "division", "network", "authority", "bank", "fund"}
_INSTITUTION_WORDS_KEPT = 5


def speaker_near(text: str, position: int, neighbours: bool = True) -> str:
    """Who the sentence at `position` attributes its words to ("" when no one).

    With `neighbours`, the sentence after it, then the one before, may name the
    speaker instead (a quotation is often attributed in the next sentence).
    """
    sentences = split_sentences(text)
    for n, s in enumerate(sentences):
        if s.start <= position < s.end:
            # A sentence that says who spoke ("the president said", "the press release
            # said") is not attributed by the sentence after it, only by the one before.
            says = _SPEECH_VERB.search(outside_quotes(text[s.start:s.end]))
            around = ([*sentences[n + 1:n + 2][:0 if says else 1],
                       *sentences[max(0, n - 1):n]] if neighbours else [])
            for candidate in [s, *around]:
                for words, pronoun in _names_in(text[candidate.start:candidate.end]):
                    if not pronoun:
                        return _as_named(words)
                    if candidate is s and words[0] in {"He", "She"}:
                        # "He said …": the speaker just named before it
                        return _named_before(text, sentences[max(0, n - 3):n])
            break
    return ""


def person_before(text: str, sentences: list[Sentence], number: int) -> str:
    """Whom "He" or "She" opening sentence `number` refers to: the person the sentence
    before opens on ("Carney expressed skepticism … He stressed …" → "Carney"); "" when
    that sentence opens on no one's name, or on an institution or a group."""
    if not 2 <= number <= len(sentences):
        return ""  # the first sentence, or a number the model made up
    before = sentences[number - 2]
    opening = text[before.start:before.end]
    lead_in = re.match(r"(?:During|After|Before|At|In|On|Speaking|Earlier|Later|Last)\b"
                       r"[^,]{0,80},\s+", opening)  # "During a press conference, Abbott …"
    found = _SUBJECT.match(opening[lead_in.end():] if lead_in else opening)
    if not found:
        return ""
    words = found.group(1).split()
    while words and words[0] in _NOT_NAMES | _PRONOUNS:
        words = words[1:]
    if not words or any(w.lower().rstrip(".,") in _INSTITUTIONS | _GROUPS for w in words):
        return ""
    name = _as_named(words)
    surname = name.split()[-1]
    # one word names a person where the article gives it a first name too ("Mark Carney")
    if " " not in name and not re.search(rf"\b[A-Z][a-z]+\.?\s+{re.escape(surname)}\b", text):
        return ""
    # "Moise was shot dead …, Prime Minister Claude Joseph said. He said …": the sentence
    # names a second person, its speaker, whom "He" may be as well
    speaker = named_speaker(opening)
    if speaker and speaker.split()[-1] != surname:
        return ""
    return name


# A sentence that opens on a name and its verb: "Prime Minister Mark Carney did not …".
_SUBJECT = re.compile(rf"\s*({_WORD}(?:\s+{_WORD}){{0,5}})(?:\s+\([^()]{{1,20}}\))?,?\s+[a-z]")
_GROUPS = {"republicans", "democrats", "officials", "lawmakers", "senators", "leaders",
           "states", "nations", "countries", "government", "administration", "forces",
           "party", "kingdom", "union", "house", "council", "ministry"}


def named_speaker(sentence: str) -> str:
    """The speaker `sentence` itself names ("…, said Keir Starmer", "Raide Jadallah, the
    assistant chief …, said"); "" when it names none, or only "she said"."""
    return next((_as_named(words) for words, pronoun in _names_in(sentence) if not pronoun), "")


def _names_in(sentence: str) -> list[tuple[list[str], bool]]:
    """Each speaker the sentence names, in order, as (words, is a pronoun)."""
    out: list[tuple[list[str], bool]] = []
    position = 0
    while found := _SPEAKER.search(sentence, position):
        key = next(k for k in ("after", "source", "before") if found.group(k))
        position = found.end()
        if key == "before" and _PLACE_BEFORE.search(sentence[:found.start(key)]):
            position = found.end(key)  # a name further on may be the speaker
            continue
        words = found.group(key).replace("’", "'").split()
        while len(words) > 1 and (words[0] in _NOT_NAMES | _CONNECTORS | _TIME_WORDS):
            words.pop(0)
        while words and words[-1].rstrip(".,") in _TIME_WORDS:  # "McDaniel Tuesday warned"
            words.pop()
        if not words or words[0] in _TIME_WORDS or words[-1].endswith(("...", "…")):
            continue
        if words[0] in _PRONOUNS or words[-1].lower() in _DESCRIBED:
            out.append((words, True))
            continue
        last = words[-1].rstrip("'")
        if last.endswith("'s"):  # a possessive: "the Board's computer"
            continue
        if last.endswith(".") and last not in _SUFFIXES and not re.fullmatch(r"(?:[A-Z]\.)+",
                                                                              last):
            last = last[:-1]  # the sentence's full stop, not an abbreviation
        words = [*words[:-1], last]
        if key == "source":
            owner = next((n for n, w in enumerate(words[:-1]) if w.endswith(("'s", "s'"))),
                         None)
            if len(words) > 8 and owner is not None:  # "the Bureau of Labor Statistics'
                words = [*words[:owner], words[owner].removesuffix("'s").rstrip("'")]  # Job …"
            if len(words) <= 8 and not _title_at(words):  # "according to The Wall Street
                words = [" ".join(words)]  # Journal"
        out.append((words, False))
    return out


def _named_before(text: str, before: list[Sentence]) -> str:
    """The speaker last named in these sentences ("… bench," Carney said.), else ""."""
    for sentence in reversed(before):
        named = [w for w, pronoun in _names_in(text[sentence.start:sentence.end]) if not pronoun]
        if named:
            return _as_named(named[-1])
    return ""


def _as_named(words: list[str]) -> str:
    """The name without the title before it: "British Prime Minister Keir Starmer" is
    Keir Starmer, "Gov. Andrew M. Cuomo" Andrew M. Cuomo; an institution keeps its
    name ("Johns Hopkins University", "Department of Labor")."""
    joins = [i for i, w in enumerate(words) if w in _CONNECTORS]
    if joins:
        if len(words) - joins[-1] > 3:  # "… Human Services Secretary Xavier Becerra"
            return _as_named(words[joins[-1] + 1:])
        first = words[:joins[0]]  # "Leader Mitch McConnell of Kentucky", "James E. Boasberg
        if (len(first) >= 3 or any(_INITIAL.fullmatch(w) for w in first)  # for the Court …"
                or (len(first) == 2 and words[joins[0]] == "of" and len(words) - joins[0] <= 3
                    and first[-1].lower() not in ROLE_WORDS | INSTITUTION_WORDS)):
            return _as_named(first)
        return " ".join(words)
    if words[-1].lower().rstrip(".") in _INSTITUTIONS:
        return " ".join(words[-_INSTITUTION_WORDS_KEPT:])
    if (title := _title_at(words)) is not None and len(words) - title - 1 <= 4:
        return " ".join(words[title + 1:])
    keep = 2
    if words[-1] in _SUFFIXES:
        keep += 1
    tail: list[str] = []
    for word in reversed(words):  # middle initials do not count ("Andrew M. Cuomo")
        tail.insert(0, word)
        if len([w for w in tail if not _INITIAL.fullmatch(w)]) == keep:
            break
    return " ".join(tail)


def _title_at(words: list[str]) -> int | None:
    """Where the last title stands among these words, if one stands before a name."""
    at = [n for n, w in enumerate(words[:-1]) if w.lower().rstrip(".") in _TITLES]
    return at[-1] if at else None


# A quotation in double marks, or in single ones that open at a word's start and close
# at its end (not the apostrophe of "he's").
_QUOTATION = re.compile(r"[\"“]([^\"“”]{3,})[\"”]"
                        r"|(?:^|(?<=[\s(\[]))['‘]([^'‘’\"“”]{3,})['’](?!\w)")


def quoted_for_another(claim: str, spans: list[str]) -> str | None:
    """The claim quotes words that no cited span says, word for word; or words that
    the cited text gives to a speaker it names, without naming that speaker ("Biden's
    address, which he created a “disaster” there, was criticized by Sen. Mark Kelly"
    from "…he's created a “disaster” there, former President Donald Trump said" and a
    sentence on Kelly): the quotation is altered, or whose words they are is lost. A
    span that names no speaker of its own is not judged on the second."""
    for found in _QUOTATION.finditer(claim):
        quoted = found.group(1) or found.group(2)
        phrase = _plain(quoted).strip(" ,.;:!?")
        if len(phrase) < 3:
            continue
        holders = [s for s in spans if phrase in _plain(s)]
        if not holders:
            return f"quotes words the cited text does not say ('{quoted[:40]}')"
        speakers = [[_as_named(w) for w, pronoun in _names_in(s) if not pronoun]
                    for s in holders]
        if not all(speakers):
            continue
        named = [n for names in speakers for n in names]
        if not any(_names(n, claim) for n in named):
            return (f"quotes words ('{quoted[:40]}') that the cited text gives to "
                    f"{named[0]}, without naming {named[0]}")
    return None


def _plain(text: str) -> str:
    return " ".join(matchable(text).split())


def _names(name: str, claim: str) -> bool:
    """Whether `claim` names `name` (by its last word: "Trump" for "Donald Trump")."""
    last = name.split()[-1].strip(".,")
    return bool(re.search(rf"\b{re.escape(last)}\b", claim))


# "It felt like a gut punch. | That's how … Laurie Cox described how she felt": the
# sentence after says whose words the one before it was.
_OWNED_AFTER = re.compile(
    r"[\"“]?(?:That|This|Those|These)(?:['’]s|\s+(?:is|was|were|are))\s+(?:how|what)\b"
    r"[^.?!]{0,120}?\b(?:described|describes|put it|puts it|said|says|told|tells|called|"
    r"calls|summed|sums|characteri[sz]ed|explained|wrote|writes)\b")


def words_owned_after(claim: str, span: str, article: str) -> str | None:
    """The claim states, unattributed, words that the article's next sentence gives
    to someone ("It felt like a gut punch." before "That's how … Laurie Cox described
    how she felt"): they are that person's, and the claim must name them."""
    at = article.find(span) if span else -1
    if at < 0:
        return None
    after = next((s for s in split_sentences(article) if s.start >= at + len(span)), None)
    if after is None:
        return None
    sentence = article[after.start:after.end]
    owned = _OWNED_AFTER.match(sentence)
    if not owned:
        return None
    names = {w.lower() for w in re.findall(r"\b[A-Z][\w'’-]+", sentence)[1:]
             if w not in _TIME_WORDS}  # not its opening "That's"
    if names & {w.lower() for w in re.findall(r"\b[\w'’-]+", claim)}:
        return None
    shown = " ".join(sentence.split()[:10])
    return (f"the words are someone's: the article's next sentence says whose "
            f"('{shown} …'), and the claim does not name them")

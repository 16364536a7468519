"""Text helpers shared by every stage: cleaning, folding, words, sentences, figures.

Words are matched one way everywhere: `matchable` text (folded, lower-case), `words`
of it, and a word's `stem` — its first STEM letters, so "Canada" finds "Canadian"
and "decided" finds "decision"; `stems` are the content words' stems (no stop words).

Stored article text keeps the source's own characters (so a quoted span is verbatim
in the source). Matching goes through `fold`, which maps typographic quotes, dashes
and odd spaces to plain ASCII one character for one character, so offsets found in
folded text are offsets in the stored text too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u2026": ".",
    }
)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2007\u202f\u2009\u200a]+")


def fold(text: str) -> str:
    """Return `text` with typographic quotes, dashes and spaces made ASCII.

    The result has exactly the same length as the input.
    """
    return text.translate(_FOLD)


def lower_same_length(text: str) -> str:
    """Lower-case `text` without changing its length (offsets stay valid)."""
    out = text.lower()
    if len(out) == len(text):
        return out
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


STEM = 5  # letters of a word that identify it
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS)
TIME_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
              "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|neither|nor|without|cannot)\b|n't\b")


def matchable(text: str) -> str:
    """Folded, lower-case, newlines as spaces: same length as `text`."""
    return lower_same_length(fold(text)).replace("\n", " ")


def words(text: str) -> list[str]:
    """The words of `text`, matchable: letters and digits ("didn't" is "didn", "t")."""
    return re.findall(r"[a-z0-9]+", matchable(text))


def name_words(text: str) -> list[str]:
    """Words as titles and names write them: "u.s.", "vice-president", "blair's" kept whole."""
    return re.findall(r"[a-z][a-z.'-]*[a-z]|[a-z]", matchable(text))


def stem(word: str) -> str:
    return word[:STEM]


def stems(text: str, *, stop_words: bool = False) -> set[str]:
    """Stems of the words of three letters or more; stop words only when asked."""
    return {stem(w) for w in words(text)
            if len(w) >= 3 and (stop_words or w not in STOP_WORDS)}


def predicate(text: str) -> set[str]:
    """Content words of `text` but its names: what it says of whom it names."""
    return stems(" ".join(w for w in text.split() if not w.lstrip("\"'“‘(")[:1].isupper()))


SPEECH = stems("said says saying say told tells telling stated states wrote writes added")


def word_starting(beginning: str, text: str) -> re.Match[str] | None:
    """Where a word of `text` (matchable) begins with `beginning` (a lexicon entry such
    as "agre" for agree, agreed, agreement), or None."""
    return re.search(rf"\b{re.escape(beginning)}", text)


def mentions(word: str, text: str) -> bool:
    """True when a word beginning with `word`'s stem stands in `text` (matchable)."""
    return re.search(r"(?<![\w])" + re.escape(stem(matchable(word))), text) is not None


def clean_whitespace(text: str) -> str:
    """Normalise line endings and spaces; keep paragraph breaks (one blank line max)."""
    text = _ZERO_WIDTH.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


_SPACED_INITIALS = re.compile(r"\b[A-Z]\.(?: [A-Z]\.)+")


def as_source_writes(claim: str, source: str) -> str:
    """`claim` with its initials written as `source` writes them: a model restating a
    sentence may space them out ("U. S. health regulators" for "U.S. health regulators")."""
    def joined(m: re.Match[str]) -> str:
        tight = m.group().replace(" ", "")
        return tight if tight in source else m.group()
    return _SPACED_INITIALS.sub(joined, claim)


_SINGLE_QUOTED = re.compile("(?<![\\w\u2019'])[\u2018'](?=\\w)(.+?)[\u2019'](?!\\w)")


def quotes_as_source(text: str, source: str) -> str:
    """`text` with the double quotation marks `source` gives a quotation that a model
    restating it turned into single ones ("‘Facebook’s ruling is an insult …,’ said
    Trump" where the article writes “Facebook’s ruling is an insult …,”)."""
    if not _SINGLE_QUOTED.search(text):
        return text
    folded = fold(source)

    def double(m: re.Match[str]) -> str:
        start = fold(m.group(1))[:40]
        if '"' + start not in folded:
            return m.group()
        marks = "\u201c\u201d" if "\u201c" in source else '""'
        return marks[0] + m.group(1) + marks[1]
    return _SINGLE_QUOTED.sub(double, text)


_CURLY_QUOTATION = re.compile("\u201c([^\u201c\u201d]+)\u201d")
_QUOTED_WORDS = 4  # a run this long of a quotation, word for word, is the quotation


def quotes_marked(text: str, spans: list[str]) -> str:
    """`text` with the marks a cited span gives a quotation that `text` repeats word for
    word without them ("The work continues with all speed and all urgency, said Levine
    Cava" where the span writes “The work continues with all speed and all urgency,”
    said …): whose words they are, and that they are words, stays visible. A sentence
    that is the quotation and nothing else is left to the checks on whose words it
    states."""
    for quoted, marks in (q for span in spans for q in _quotations(span)):
        core = quoted.rstrip(",.;:!? ")
        if len(core.split()) < _QUOTED_WORDS:
            continue
        at = fold(text).find(fold(core))
        if at < 0 or _within_quotes(text, at):
            continue
        end = at + len(core)
        if len(re.findall(r"\w+", text[:at] + text[end:])) < 2:  # the whole sentence
            continue
        tail = quoted[len(core):]
        end += len(tail) if tail and text[end:end + len(tail)] == tail else 0
        text = text[:at] + marks[0] + text[at:end] + marks[1] + text[end:]
    return text


def _quotations(span: str) -> list[tuple[str, str]]:
    """The quotations of `span` and the marks around each: “…” pairs, and straight marks
    taken two by two."""
    found = [(q, "\u201c\u201d") for q in _CURLY_QUOTATION.findall(span)]
    if span.count('"') % 2 == 0:  # an odd count cannot be paired
        found += [(q, '""') for q in span.split('"')[1::2]]
    return found


def _within_quotes(text: str, at: int) -> bool:
    before = text[:at]
    return (before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1
            or before.rstrip().endswith(("'", '"', "\u2018", "\u201c")))


_SAID_AFTER = re.compile(r",(?=\s+(?:said|says|added|wrote|told)\b)")
_APOSTROPHE_OR_CLOSE = re.compile("\u2019(?!\\w)")
_STRAY_CLOSE = re.compile(r"[.!?]'$")  # a straight single mark closing a sentence …
_SINGLE_OPEN = re.compile(r"(?:^|[\s(\[])'\w")  # … that nothing opened


# A newsletter's signposts ("Why it matters: …", "The big picture: …"): the outlet's
# layout, not its words about the news. Not "Our thought bubble": that is the writer's own.
_SIGNPOST = re.compile(
    r"^(?:Why it matters|The big picture|What they['’]re saying|What we['’]re hearing|"
    r"By the numbers|Driving the news|Between the lines|State of play|Where it stands|"
    r"What['’]s next|What to watch|Zoom in|Zoom out|Yes, but|Flashback|Context|Details|"
    r"The backdrop|Reality check|Catch up quick|The other side|Go deeper|"
    r"(?:The )?[Bb]ottom line):\s+(?=[A-Z0-9\"“‘'])")


def without_signpost(text: str) -> str:
    """`text` without a newsletter signpost before it ("The big picture: Last July 4,
    …" → "Last July 4, …"); the footnote keeps the source's words whole."""
    return _SIGNPOST.sub("", text, count=1)


def closed_tight(text: str) -> str:
    """`text` without a space before its closing quotation marks ("…his behavior. '")."""
    return re.sub(r"\s+([\"'\u201d\u2019)]+)$", r"\1", text)


def quotes_closed(text: str) -> str:
    """`text` with the quotation it opens closed, as a sentence of the brief must read.

    A sentence cut from a quotation that goes on ("Starmer said “We can only get to a
    peace deal if Putin is willing to make compromises.") ends it; a source's mark left
    open before its speaker (“This is about building …, said Keir Starmer") is closed
    before the comma's "said"; a sentence the quotation began before ("… not ready.”)
    gets its opening mark. A leading ‘ never closed is the double mark a model rewrote.
    A sentence that ended before an excerpt's cut ("…the people said....") ends there.
    """
    text = closed_tight(text)
    if _CUT_OFF.search(text) and not cut_off(text):
        text = _CUT_OFF.sub("", text).rstrip()
    if _STRAY_CLOSE.search(text) and not _SINGLE_OPEN.search(text):
        text = text[:-1]  # "… according to the office's spokesman.'" (a model's stray mark)
    if text.startswith("\u2018") and not _APOSTROPHE_OR_CLOSE.search(text):
        text = "\u201c" + text[1:]
    if '"' in text:  # a straight mark may open what a curly one closes ("Our …,” he said)
        return text if "\u201c" in text or "\u201d" in text else _straight_closed(text)
    opening, closing = text.count("\u201c"), text.count("\u201d")
    if opening == closing + 1:
        said = _SAID_AFTER.search(text, text.rfind("\u201c"))
        if said:
            return text[:said.end()] + "\u201d" + text[said.end():]
        return text.rstrip() + "\u201d"
    if closing == opening + 1 and text.find("\u201d") < (text + "\u201c").find("\u201c"):
        return "\u201c" + text
    return text


def _straight_closed(text: str) -> str:
    """`quotes_closed` for a text quoting in straight marks only: a mark after a space
    (or first) opens, any other closes."""
    marks = [m.start() for m in re.finditer('"', text)]
    if len(marks) % 2 == 0:
        return text
    opens = [i == 0 or text[i - 1] in " ([\u2014" for i in marks]
    if opens[-1]:
        said = _SAID_AFTER.search(text, marks[-1])
        if said:
            return text[:said.end()] + '"' + text[said.end():]
        return text.rstrip() + '"'
    if not opens[0]:
        return '"' + text
    return text


def content_hash(text: str) -> str:
    """Identity of an article body: sha256 of its folded, space-collapsed, lower text."""
    key = " ".join(fold(text).lower().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    """sha256 of the exact stored text; evidence files record it to detect edits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: 1-based number and character offsets [start, end)."""

    number: int
    start: int
    end: int


_CUT_OFF = re.compile(r"(?:\.\.\.|…)\s*$")  # not "…”": a quotation may trail off


def cut_off(text: str) -> bool:
    """`text` stops where an excerpt was cut ("…would allow New York..."): what it was
    going to say is not there to state. A sentence that ended before the cut ("…remain
    to be resolved, the people said....") is whole; one ending on an abbreviation's
    point ("…demands by some in the U.S....") is not."""
    cut = _CUT_OFF.search(text)
    if not cut:
        return False
    ended = re.search(r"(\S+)[.!?][\"'”’)]*\s*$", text[:cut.start()])
    if not ended:
        return True
    word = ended.group(1).strip("\"'“‘(").lower()
    return "." in word or word in _ABBREVIATIONS or len(word) == 1


# Tokens that end in a full stop without ending a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "lt", "col", "maj", "capt",
    "sgt", "gov", "sen", "rep", "rev", "hon", "no", "vs", "etc", "inc", "ltd", "corp",
    "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "conn", "mass", "calif", "wash", "approx", "est", "dept", "fig", "e.g", "i.e",
    "sens", "reps", "govs", "gens", "messrs", "adm", "cmdr", "supt", "ft", "mt",
}
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "\"'(":
        start -= 1
    token = text[start:dot].lower().rstrip(".")
    if not token:
        return False
    # Initials and dotted acronyms: "U.S.", "U.K.", "J."
    if re.fullmatch(r"(?:[a-z]\.)*[a-z]", token):
        return True
    return token.split("-")[-1] in _ABBREVIATIONS or token in _ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences with offsets; paragraphs never share a sentence."""
    folded = fold(text)
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        p_start, p_end = para.span()
        cursor = p_start
        for m in _BOUNDARY.finditer(folded, p_start, p_end):
            if folded[m.start()] == "." and _is_abbreviation(folded, m.start()):
                continue
            _append(sentences, text, cursor, m.end())
            cursor = m.end()
        _append(sentences, text, cursor, p_end)
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out) + 1, start, end))


_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
    "dozen": "12", "half": "0.5",
}
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SAME_KIND = {"nation": "country", "state": "country", "soldier": "troop",
              "personnel": "troop", "force": "troop", "percent": "per cent", "%": "per cent"}


def counted_kind(word: str) -> str:
    """What a figure counts, singular, with synonyms merged: "nations" → "country"."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    return _SAME_KIND.get(word, word)


def figures_in(text: str) -> set[str]:
    """Numbers stated in `text`, normalised: "100,000" → "100000", "five" → "5".

    Digits glued to a scale word are also given in full ("$81.8-billion" yields
    "81.8" and "81800000000") so that "81.8 billion" and "81,800,000,000" meet.
    Four-digit years are included: a changed year is a changed fact.
    """
    folded = fold(text).lower()
    found: set[str] = set()
    for m in _NUMBER.finditer(folded):
        raw = m.group().rstrip(",").replace(",", "")
        found.add(_canonical(raw))
        scale = re.match(r"[\s-]*(thousand|million|billion|trillion)\b", folded[m.end():])
        if scale:
            found.add(_canonical(str(float(raw) * SCALE[scale.group(1)])))
    for word in re.findall(r"[a-z]+", folded):
        if word in _NUMBER_WORDS:
            found.add(_NUMBER_WORDS[word])
    return found


def _canonical(number: str) -> str:
    value = float(number)
    return str(int(value)) if value.is_integer() else repr(value)


_UNIT = re.compile(r"[\s-]*([a-z][a-z-]*)(?:\s+(?:of\s+)?([a-z][a-z-]*))?", re.I)


def figures_with_units(text: str) -> list[tuple[str, str]]:
    """(number as written, the word or two after it): "28 nations", "$81.8-billion"."""
    found = []
    folded = fold(text)
    for m in _NUMBER.finditer(folded):
        start = m.start() - 1 if m.start() and folded[m.start() - 1] in "$€£" else m.start()
        unit = _UNIT.match(folded, m.end())
        words = [w for w in (unit.groups() if unit else ()) if w]
        words = words[:2] if words and words[0].lower() in SCALE else words[:1]
        found.append((text[start:m.end()], " ".join(words)))
    return found


_TIME = re.compile(
    r"\b(?:(?:on|since|by|until|in)\s+)?(?:"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)(?:\s+\d{1,2})?(?:,?\s+\d{4})?"
    r"|\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december)(?:\s+\d{4})?"
    r"|(?:last|this|next)\s+(?:week|month|year)|(?:19|20)\d{2}"
    r")\b",
    re.I,
)


def without_times(text: str) -> str:
    """`text` with its dates, years and times ("July 4", "2021", "last week") blanked."""
    return _TIME.sub(" ", text)


def time_in(text: str) -> str:
    """The time expressions of `text` as written ("on March 5; last week"), or ""."""
    return "; ".join(dict.fromkeys(m.group() for m in _TIME.finditer(text)))


# Double quotes, or single ones ('We will be there.') that open after a space and close
# before one: an apostrophe inside a word ("don't") does not close them. A quotation
# may run over sentences: a double quote opened and not closed runs to the end (said,
# "I'm not confident he'll change. | What …"), and one closed and not opened from the
# start ("… | But we ought not to honor that,” said Hoyer).
QUOTED = re.compile(r"[\"\u201c][^\"\u201c\u201d]*[\"\u201d]"
                     r"|(?:^|(?<=[\s(\[]))['\u2018]\w.*?['\u2019](?!\w)"
                     r"|(?:^|(?<=[\s(\[]))[\"\u201c][^\"\u201c\u201d]*$"
                     r"|^[^\"\u201c\u201d]*[^\s\"\u201c\u201d][\"\u201d](?!\w)")


def outside_quotes(text: str) -> str:
    """`text` without its quotations: the words of whoever writes it."""
    return QUOTED.sub(" ", text)

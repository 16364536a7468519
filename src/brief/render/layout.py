"""The brief's Markdown layout, read back: its sections, sentences, tables and footnotes.

The renderer writes this layout and `brief check` reads it; both take its section
names and rules from here, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brief.render.escape import md_plain
from brief.text import split_sentences

REF = re.compile(r"\[\^(\d+)\]")

NOTE = re.compile(r"^\[\^(\d+)\]:\s?(.*)$")

# A footnote's quotes: “…” joined by " … ", then " — " and the source. A quote may hold
# ” — itself ("the “For the People Act” — but …"): the source follows the last one.
QUOTED = re.compile(r"“(.+?)”(?= … “| — (?!.*” — )|$)")


def in_quotes(quote: str) -> str:
    """`quote` between quotation marks, as a footnote shows it. A span that opens a
    quotation of its own (“We can only …”, closed or cut off at its sentence's end) keeps
    its opening mark as the footnote's, rather than gaining a second one."""
    if re.fullmatch(r"“[^“”]+”", quote):
        return quote
    if re.fullmatch(r"“[^“”]+", quote):
        return quote + "”"
    return f"“{quote}”"


def footnote_quotes(text: str) -> set[str]:
    """The spans a footnote's text may show: each quote as read, or with the opening
    mark, or both marks, that were its own."""
    found = QUOTED.findall(text)
    return {*found, *(f"“{q}”" for q in found), *(f"“{q}" for q in found)}


END_OF_BODY = ("Needs review", "Undated articles", "Sources")

# Sections of table rows, not sentences: their citations count, figures are checked.
TABLES = ("Positions", "What to watch", "Timeline", "Key figures", "Where sources disagree")

SECTIONS = ("Key points", *TABLES, *END_OF_BODY)

# The italic lines brief writes itself: an event's dates and sources, and two notices.
OWN_ITALIC = re.compile(
    r"\*(?:[^*]* · [^*]*independent sources?[^*]*"
    r"|No checked fact about this event could be stated; see Needs review\."
    r"|Opinion pieces only: their writers' views are not stated as fact; see Needs review\."
    r"|No dated article falls in this period\.)\*")

# Where brief keeps records rather than prose: the preamble under the title (""), the
# tables it computes from the facts (their claim cells are also checked against their
# spans), what it held back, the undated articles. Each line there must be one brief
# wrote (one may be deleted); the evidence lists them.
RECORDS = ("", *TABLES, "Needs review", "Undated articles")

# Table cells that are claims, checked against their spans like sentences: (section,
# column of the claim).
CLAIM_CELLS = (("Positions", 1), ("What to watch", 0))

# What brief writes after a cited line: how many independent sources bear it out, and
# whose view it is when only opinion pieces do ("*(opinion: New York Post)*").
_LINE_NOTE = re.compile(r"\s*\*\([^)]*\)\*\s*$")


def without_line_note(line: str) -> str:
    """A cited line of the brief without the note brief writes after it."""
    return _LINE_NOTE.sub("", line)


@dataclass
class BodySentence:
    line: int
    text: str  # without its footnote references
    refs: list[int]

def body_sentences(lines: list[str]) -> list[BodySentence]:
    """Sentences of the key points and event sections, with the footnotes they cite."""
    out: list[BodySentence] = []
    in_body, front = False, 0
    for number, raw in enumerate(lines, 1):
        if raw.strip() == "---" and front < 2:
            front += 1
            continue
        if front < 2 or not raw.strip():
            continue
        if raw.startswith("## "):
            in_body = raw[3:].strip() not in END_OF_BODY
            continue
        # Table rows are checked as rows; any other line there is a sentence like any.
        # Brief's own italic lines (an event's dates and sources, a notice) are not
        # claims; any other italic line is a sentence like any.
        if not in_body or raw.startswith(("#", "[^", "|")) or OWN_ITALIC.fullmatch(raw.strip()):
            continue
        text = without_line_note(raw.strip()).removeprefix("- ")
        text = text.removeprefix("**Bottom line:** ")
        out.extend(_split_cited(text, number))
    return out

def record_lines(lines: list[str]) -> dict[str, list[str]]:
    """The lines of each record section (see RECORDS), by section."""
    return {name: [text for _, text in found]
            for name, found in record_line_numbers(lines).items()}

def record_line_numbers(lines: list[str]) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    section: str | None = None
    front = 0
    for number, raw in enumerate(lines, 1):
        if raw.strip() == "---" and front < 2:
            front += 1
            continue
        if front < 2:
            continue
        if raw.startswith("# "):
            section = ""
        elif raw.startswith("## "):
            section = md_plain(raw[3:].strip())
        elif section in RECORDS and raw.strip() and not raw.startswith("[^"):
            out.setdefault(section, []).append((number, raw.rstrip()))
    return out

def _split_cited(text: str, line: int) -> list[BodySentence]:
    """Split a line into sentences; a run of references belongs to the sentence before it."""
    out: list[BodySentence] = []
    position = 0
    for run in re.finditer(r"(?:\[\^\d+\])+", text):
        pieces = _sentences(text[position:run.start()])
        refs = [int(r) for r in REF.findall(run.group())]
        out.extend(BodySentence(line, p, []) for p in pieces[:-1])
        if pieces:
            out.append(BodySentence(line, pieces[-1], refs))
        position = run.end()
    out.extend(BodySentence(line, p, []) for p in _sentences(text[position:]))
    return out

def _sentences(markdown: str) -> list[str]:
    """The sentences of a piece of the brief, as plain text (its escapes undone)."""
    text = md_plain(markdown)
    found = [text[s.start:s.end].strip() for s in split_sentences(text)]
    return [p for p in found if re.search(r"\w", p)]

def table_rows(lines: list[str], section: str) -> list[tuple[int, list[str]]]:
    """(line, cells) of the table rows under `## section`."""
    rows, inside = [], False
    for number, raw in enumerate(lines, 1):
        if raw.startswith("## "):
            inside = raw[3:].strip() == section
        elif inside and raw.startswith("|") and not re.fullmatch(r"\|[-:| ]+\|", raw.strip()):
            rows.append((number, [md_plain(c).strip() for c in _cells(raw.strip())]))
    return rows[1:]  # the header row

def _cells(row: str) -> list[str]:
    """The cells of a table row, split at pipes that are not escaped."""
    return re.findall(r"((?:\\.|[^|\\])*)\|", row.removeprefix("|"))

def footnotes(lines: list[str]) -> dict[int, tuple[int, str]]:
    """Footnote number → (line, text)."""
    found = {}
    for number, raw in enumerate(lines, 1):
        match = NOTE.match(raw)
        if match:
            found[int(match.group(1))] = (number, md_plain(match.group(2)))
    return found

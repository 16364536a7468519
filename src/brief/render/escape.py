"""Article text made inert in Markdown: it displays as the text it is, never as markup.

Article text is untrusted. Before it is written into a brief it passes through
`md_text`, which backslash-escapes every character that Markdown (CommonMark, GitHub's
flavour, Python-Markdown) could read as a link, image, raw HTML, emphasis, code or
table syntax, and turns anything an autolinker would make live (a URL, `www.` name or
e-mail address) into a code span. Both are exactly reversible: `md_plain` gives the
original text back, so `brief check` compares a footnote's quote with its source
word for word, escapes and all.

`Markdown` marks a string as brief's own Markdown (footnote references, the links
brief makes, cells already escaped): the template environment outputs it as it is
and escapes everything else.
"""

from __future__ import annotations

import re

# Anything an autolinker would link: a scheme URL, a www. name, an e-mail address.
# Backticks and backslashes end it, so it can sit in a code span unchanged.
_LINKISH = re.compile(
    r"(?i)(?:\b[a-z][a-z0-9+.-]*:(?://|(?=[^\s`\\]*@))|\bwww\.)[^\s`\\<>\"“”]*[^\s`\\<>\"“”.,;:!?)\]'’]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
# Characters that make markup anywhere in a line.
_ALWAYS = set("\\`*_[]<>|~")
# Markup only at the start of a line: headings, lists, block quotes, setext rules.
_LINE_START = re.compile(r"[#+=-]|\d+[.)]")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)
ASCII_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


class Markdown(str):
    """A string that is already Markdown brief made; output as it is."""

    __slots__ = ()


def md_text(text: str, *, block: bool = True) -> str:
    """`text` as Markdown that renders as exactly that text, with nothing live in it.

    `block=False` is for text inside a table cell, where a line's start ("37.3%", "#1",
    "- 5") makes no list or heading and is left as it is."""
    out: list[str] = []
    position = 0
    for link in _LINKISH.finditer(text):
        out.append(_escape_plain(text[position:link.start()], at_start=block and position == 0))
        out.append(f"`{link.group()}`")
        position = link.end()
    out.append(_escape_plain(text[position:], at_start=block and position == 0))
    return "".join(out)


def _escape_plain(text: str, *, at_start: bool) -> str:
    chars = [f"\\{c}" if c in _ALWAYS else c for c in text]
    for entity in _ENTITY.finditer(text):
        chars[entity.start()] = "\\&"
    lines = re.finditer(r"(?:\A|\n)[ \t]*" if at_start else r"\n[ \t]*", text)
    for start in (m.end() for m in lines):
        lead = _LINE_START.match(text, start)
        if lead:
            last = lead.end() - 1
            chars[last] = "\\" + text[last]
    return "".join(chars)


def md_plain(markdown: str) -> str:
    """The text that `md_text` escaped: backslash escapes and code spans undone."""
    out: list[str] = []
    i = 0
    while i < len(markdown):
        c = markdown[i]
        if c == "\\" and i + 1 < len(markdown) and markdown[i + 1] in ASCII_PUNCTUATION:
            out.append(markdown[i + 1])
            i += 2
            continue
        if c == "`":
            end = markdown.find("`", i + 1)
            if end > i:
                out.append(markdown[i + 1:end])
                i = end + 1
                continue
        out.append(c)
        i += 1
    return "".join(out)


def md(text: str) -> Markdown:
    """`md_text(text)` marked as brief's own Markdown (for composing larger pieces)."""
    return Markdown(md_text(text))


def cell(text: str) -> Markdown:
    """Article text fit for one Markdown table cell: one line, escaped (pipes too)."""
    return Markdown(md_text(" ".join(text.split()), block=False))


def link_target(url: str) -> str:
    """`url` as the destination of a Markdown link: nothing in it can end the link."""
    return re.sub(r"[\s()<>\[\]`\\]", lambda m: f"%{ord(m.group()):02X}", url)


def md_code(text: str) -> str:
    """A literal token (a file path) as a code span, or escaped where it holds a backtick."""
    if "`" in text or "\n" in text or not text.strip() or text != text.strip():
        return md_text(text)
    return f"`{text}`"

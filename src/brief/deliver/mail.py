"""Compose the brief as an email: text/plain and text/html from the same Markdown.

The HTML is made for mail clients: inline styles, no scripts, no remote assets,
footnotes as linked superscripts holding the quoted span. Article-derived text is
escaped before the Markdown is converted, and the result passes an allow-list
sanitiser (nh3), so markup smuggled in by an article never becomes markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import markdown
import nh3

from brief.render.escape import link_target

TAGS = {"h1", "h2", "h3", "p", "ul", "ol", "li", "a", "sup", "em", "strong", "code",
        "table", "thead", "tbody", "tr", "th", "td", "hr", "div", "br", "span"}
ATTRIBUTES = {"a": {"href", "class"}, "sup": {"id"}, "li": {"id"}, "div": {"class"},
              "th": {"align"}, "td": {"align"}}
STYLES = {
    "h1": "font-size:22px;margin:0 0 8px;color:#111",
    "h2": "font-size:17px;margin:22px 0 6px;color:#111;border-bottom:1px solid #ddd",
    "p": "margin:6px 0;line-height:1.5",
    "li": "margin:4px 0;line-height:1.5",
    "sup": "font-size:11px;line-height:0",
    "a": "color:#1a56a8;text-decoration:none",
    "table": "border-collapse:collapse;margin:8px 0",
    "th": "border:1px solid #ccc;padding:4px 8px;background:#f4f4f4",
    "td": "border:1px solid #ccc;padding:4px 8px",
    "div": "font-size:13px;color:#444;margin-top:18px",
}


def body_of(brief: str) -> str:
    """What readers get: the brief without its front matter and without *Needs review*.

    Needs review lists what the checks held back (with the text the model wrote):
    it is for whoever edits the brief, not for its readers.
    """
    match = re.match(r"\A---\n.*?\n---\n", brief, re.S)
    body = brief[match.end():] if match else brief
    return re.sub(r"^## Needs review\n.*?(?=^## |^\[\^|\Z)", "", body, flags=re.S | re.M)


def title_of(brief: str) -> str:
    match = re.search(r"^# (.+)$", body_of(brief), re.M)
    return match.group(1).strip() if match else "Policy brief"


def to_html(brief: str, links: Collection[str] = ()) -> str:
    """A complete, sanitised HTML document for mail clients.

    The only links it keeps are brief's own footnote anchors and the addresses in
    `links` (each source's own URL); any other link, however it got into the
    Markdown, is shown as its text.
    """
    converted = markdown.markdown(_for_python_markdown(body_of(brief)),
                                  extensions=["footnotes", "tables"], output_format="html")
    clean = nh3.clean(converted, tags=TAGS, attributes=ATTRIBUTES,
                      url_schemes={"http", "https"}, link_rel=None)
    clean = _only_links(clean, {link_target(u) for u in links})
    # Two footnotes side by side read as one number ("2" "3" as 23): a comma between.
    clean = re.sub(r"</a></sup>(?=<sup id=\"fnref)", "</a>,</sup>", clean)
    for tag, style in STYLES.items():  # our own constant styles, added after cleaning
        clean = re.sub(rf"<{tag}(?=[ >])", f'<{tag} style="{style}"', clean)
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
            '<body style="font-family:Georgia,serif;font-size:15px;color:#222;'
            f'max-width:720px;margin:0 auto;padding:16px">{clean}</body></html>')


_CODE_SPAN = re.compile(r"(?<!\\)`[^`\n]*`")
_ESCAPED = re.compile(r"\\(&lt;|&gt;|&amp;|[!-/:-@\[-`{-~])")
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)


def _for_python_markdown(body: str) -> str:
    """The brief's Markdown with raw HTML made text and CommonMark escapes as entities.

    Python-Markdown does not know every CommonMark backslash escape (`\\<`, `\\|`,
    `\\@`); a character reference displays the same character and is never syntax.
    Code spans are left to Python-Markdown, which escapes their content itself.
    """
    out, position = [], 0
    for span in [*_CODE_SPAN.finditer(body), None]:
        end = span.start() if span else len(body)
        text = html.escape(body[position:end], quote=False)
        out.append(_ESCAPED.sub(lambda m: m.group(1) if m.group(1).startswith("&")
                                else f"&#{ord(m.group(1))};", text))
        if span:
            out.append(span.group())
            position = span.end()
    return "".join(out)


def _only_links(clean: str, allowed: set[str]) -> str:
    """Anchors to footnotes and to `allowed` addresses stay; any other becomes its text."""
    def keep(anchor: re.Match[str]) -> str:
        href = re.search(r'\bhref="([^"]*)"', anchor.group(1))
        target = html.unescape(href.group(1)) if href else ""
        return anchor.group() if target.startswith("#") or target in allowed \
            else anchor.group(2)
    return _ANCHOR.sub(keep, clean)


def compose(brief: str, *, sender: str, recipients: list[str], subject: str | None = None,
            domain: str | None = None, links: Collection[str] = ()) -> EmailMessage:
    """A multipart/alternative message: the Markdown as text, and its HTML."""
    message = EmailMessage()
    message["Subject"] = subject or title_of(brief)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=domain or sender.rpartition("@")[2] or None)
    message.set_content(body_of(brief).lstrip())
    message.add_alternative(to_html(brief, links), subtype="html")
    return message

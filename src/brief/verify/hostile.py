"""Text that an article may use to steer the model, and claims no brief should carry.

Article text reaches the model only as delimited data (prompts.as_data), but a
small model may still obey it. So the checks do not trust the model either: a fact
whose cited sentence reads as instructions to a model (not as reporting) is held
back, and so is any claim or brief sentence that carries a link, mixes alphabets
inside a word (look-alike letters: "Кeir" with a Cyrillic К), or states a count
beyond what is physically possible.
"""

from __future__ import annotations

import re
import unicodedata

from brief.text import SCALE, counted_kind, figures_with_units

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|prompts?|rules|"
    r"guidelines|the above|everything above)\b"
    r"|\byou are now\b|\byou are an? (?:ai|assistant|language model|chatbot|llm)\b"
    r"|\bas an ai\b|\b(?:new|updated|hidden) instructions?\b"
    r"|(?:^|\s)(?:system|assistant|developer|user)\s*(?:prompt|message)?\s*:"
    r"|<\s*/?\s*(?:system|assistant|user|article|facts|evidence|claim)\s*>"
    r"|\b(?:add|include|insert|append|put)\b.{0,40}\b(?:link|url|hyperlink)\b"
    r"|\b(?:respond|reply|answer|output)\b(?:\s+\w+){0,3}\s+json\b"
    r"|[{\[,]\s*\"(?:facts|claim|sentence|kind|verdict|sentences|fact_ids|title)\"\s*:",
    re.I)
LINK = re.compile(r"https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|io|ru|info|biz|xyz)(?:/|\b)",
                  re.I)
_PEOPLE = {"troop", "soldier", "people", "person", "refugee", "citizen", "resident",
           "civilian", "casualty", "death", "worker", "voter", "member", "child"}


def instructions_in(sentence: str) -> str | None:
    """Why `sentence` reads as instructions to a model, or None."""
    found = _INSTRUCTION.search(sentence)
    return f"the cited sentence reads as instructions to a model ('{found.group().strip()}')" \
        if found else None


def link_in(text: str) -> str | None:
    found = LINK.search(text)
    return f"it carries a link ('{found.group()}'): links are not stated as facts" \
        if found else None


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else ""


def mixed_script(text: str) -> str | None:
    """A word whose letters come from more than one of Latin, Cyrillic and Greek."""
    for word in re.findall(r"\w+", text):
        scripts = {_script(c) for c in word if c.isalpha()} & {"LATIN", "CYRILLIC", "GREEK"}
        if len(scripts) > 1:
            return f"'{word}' mixes {' and '.join(sorted(s.title() for s in scripts))} letters" \
                " (a look-alike name?)"
    return None


def implausible(text: str) -> str | None:
    """A count of people beyond the world's population, or any figure beyond 10^15."""
    for number, unit in figures_with_units(text):
        try:
            value = float(re.sub(r"[^\d.]", "", number))
        except ValueError:
            continue
        words = unit.lower().split()
        if words and words[0] in SCALE:
            value *= SCALE[words.pop(0)]
        if value > 1e15 or (words and counted_kind(words[0]) in _PEOPLE and value > 9e9):
            return f"implausible figure: {number} {unit}".strip()
    return None


def defang(text: str) -> str:
    """Links made unclickable for display ("hxxp://evil[.]example/x")."""
    return re.sub(r"(?i)\bhttp(s?)://([^\s/]+)",
                  lambda m: f"hxxp{m.group(1)}://{m.group(2).replace('.', '[.]')}", text)

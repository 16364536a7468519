"""What an analyst expects a brief of seeds/ to state: one line per development.

Each development has a pattern that recognises it in what the brief states (its
event sections, key points and tables, not its footnotes, held-back list or sources).
"""

from __future__ import annotations

import re

from brief.render.escape import md_plain

SEEDS_DEVELOPMENTS: list[tuple[str, str]] = [
    ("Ukraine gets security guarantees backed by more than 30 countries",
     r"more than 30 countries"),
    ("the guarantees include Western troop commitments if a ceasefire takes effect",
     r"troop commitments|commitments? (?:of|for) troops|(?:send|sending) (?:in )?troops"),
    ("the US pledges to help monitor a ceasefire",
     r"(?:U\.S\.|\bUS\b|United States)[^.|]{0,40}\bmonitor"),
    ("Canada's $81.8-billion defence investment", r"81\.8"),
    ("Carney, in Kyiv, does not rule out deploying Canadian troops",
     r"Carney[^.|]{0,60}(?:not|n't) (?:rule|ruling|dismiss)"),
    ("Trump rules out US ground forces", r"Trump[^.|]{0,30}ruled out[^.|]{0,40}ground"),
    ("Blair: Canada is ready to contribute to a peacekeeping force",
     r"Canada is ready|Blair[^.|]{0,80}(?:ready|able)"),
    ("planning for the coalition's mission is to begin this week",
     r"planning[^.|]{0,120}(?:kick off|begin|start)"),
    ("the force could number up to 100,000 soldiers", r"100,000"),
    ("Witkoff dismisses Starmer's proposal", r"Witkoff[^.|]{0,40}dismiss"),
    ("the White House's April 20 planning deadline", r"April 20"),
    ("Russia and Ukraine agree a one-month halt on strikes on energy infrastructure",
     r"one-month"),
    ("commanders from 28 nations met in the UK", r"28 nations"),
    ("the Kremlin will not accept Western troops in Ukraine",
     r"Kremlin[^.|]{0,60}(?:not|won't) accept"),
]

_NOT_STATEMENTS = ("Needs review", "Undated articles", "Sources", "Where sources disagree")


def stated_text(markdown: str) -> str:
    """What the brief states: its body and tables as a reader sees them."""
    body = markdown.split("\n---\n", 1)[1]
    kept, skip = [], False
    for line in body.splitlines():
        if line.startswith("## "):
            skip = line[3:].strip() in _NOT_STATEMENTS
        elif not skip and not line.startswith("[^"):
            kept.append(md_plain(line))
    return "\n".join(kept)


def developments_stated(markdown: str) -> tuple[list[str], list[str]]:
    """(stated, missing) developments of `SEEDS_DEVELOPMENTS` in the brief."""
    text = stated_text(markdown)
    stated = [d for d, pattern in SEEDS_DEVELOPMENTS if re.search(pattern, text)]
    return stated, [d for d, _ in SEEDS_DEVELOPMENTS if d not in stated]

"""What to watch: the next steps the sources announce, a table built from the checked facts.

Deadlines, meetings, what is expected to begin, with the date they were reported. It
states only verified facts and cites them, as *Positions* does; one step that several
outlets report is one row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brief.analyse.positions import (
    MAX_ROWS,
    cite_also,
    one_per_span,
    passes,
    reported,
    same_point,
    stated,
)
from brief.schema import Article, Fact

# A step still to come: a future verb, a deadline, a schedule ("said on March 5" is not).
_NEXT = re.compile(
    r"\b(?:(?<!generally )(?<!usually )(?<!typically )expected to|is set to|are set to|"
    r"scheduled|(?:is|are|was|were|be) due to|deadline|"
    r"upcoming|next (?:week|month|year)|later this (?:week|month|year)|"
    r"(?<!earlier )(?<!initial )(?<!original )(?<!previous )(?<!former )plans to|"
    r"(?:(?<=s )|(?<=\bthey )|(?<=\bwe )|(?<=\bwill )|(?<=\bwould )|(?<=\bto ))plan to|"
    # (the verb, not the noun: "states plan to end", not "laying out a plan to address")
    r"planning to|to kick off|will (?:meet|vote|decide|begin|start|hold|travel|announce|"
    r"present|sign|deploy|send(?! (?:a |an )?(?:\w+ )?(?:message|signal))|submit|review|"
    r"take effect|be held)|"
    r"by (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2})\b", re.I)
_NO_STEP = re.compile(
    r"\b(?:no|not|never) (?:\w+ ){0,2}(?:plans?|planning)\b"  # "has no plans to create",
    # "had not formally announced plans to form": no next step
    r"|\b(?:was|were|had been) expected to\b.*\b(?:economists|analysts|forecasters|surveyed|"
    r"polled)\b|\b(?:economists|analysts|forecasters)\b.*\b(?:was|were|had been) expected to\b"
    # a plan talked about, not announced: "backing off on his plan to raise taxes", "the
    # president’s plans to invest … would push spending"
    r"|\b(?:on|of|against|about|over|off)\s+(?:his|her|its|their|the)\s+(?:[\w-]+['’]s\s+)?"
    r"plans?\s+to\b|^(?:the\s+)?[\w.-]+['’]s\s+plans?\s+to\b[^.;]*\bwould\b"
    # a plan someone fights: "pledged to fight the administration's stated plans to go
    # door-to-door"
    r"|\b(?:fight|fighting|oppose|opposing|block|blocking|criticized|criticised|against)"
    r"\s+(?:the\s+)?(?:[\w.-]+['’]s?\s+)?(?:stated\s+|new\s+|announced\s+)?plans?\s+to\b"
    # what might have been: "a closer result that could have portended a brutal midterm
    # next year"
    r"|\b(?:could|would|might|should|may)\s+have\s+(?!to\b)[\w-]+\b[^.;]*?\b(?:next|upcoming|by)\b",
    re.I)  # "Payrolls were expected to increase by 671,000, according to economists
# surveyed": a forecast the news has already met or missed


@dataclass
class WatchRow:
    step: str  # the verified fact's claim, or its sentence as written
    reported: str
    facts: list[Fact]  # the first states it; the others report the same step


def what_to_watch(facts: list[Fact], articles: dict[str, Article]) -> list[WatchRow]:
    """Verified facts that announce a next step, oldest report first; a step another
    outlet reported already is not stated again (its row cites it too where the row is
    borne out by it)."""
    found = [(said, f) for f in facts
             if (said := stated(f, articles)) and _NEXT.search(said) and not _NO_STEP.search(said)
             and passes(said, f, articles)]
    once = {f.id for f in one_per_span([f for _, f in found])}
    found = [row for row in found if row[1].id in once]
    found.sort(key=lambda row: reported(articles[row[1].article_id]))
    rows: list[WatchRow] = []
    for said, fact in found:
        same = next((r for r in rows if same_point(r.step, said)), None)
        if same is None:
            rows.append(WatchRow(said, reported(articles[fact.article_id]), [fact]))
        else:
            cite_also(same.step, same.facts, fact, articles)
    return rows[:MAX_ROWS]

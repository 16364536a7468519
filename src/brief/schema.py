"""Data shapes. The LLM-facing models *are* the schemas sent to the model.

LLM-facing models forbid extra keys and keep fields few and short: every output
token costs time on a small local model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FactKind = Literal["statement", "commitment", "figure", "event", "position", "plan"]
Status = Literal["verified", "partial", "unsupported"]
Alignment = Literal["sentences", "exact", "normalised", "fuzzy", "none"]


class Article(BaseModel):
    """A stored article. `provenance` says where each metadata value came from."""

    id: str
    content_hash: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: date | None = None
    path: str
    provenance: dict[str, str] = Field(default_factory=dict)
    ingested_at: str
    language: str | None = None


# --- extraction (LLM output) ----------------------------------------------
CLAIM_CHARS = 300  # a claim's bound: a model copying a long sentence is cut off there
# How a fact's reasons note that it is its sentence as written, not the model's claim.
AS_WRITTEN_NOTE = "stated as the sentence is written"


class FactOut(BaseModel):
    """One fact as the model states it: which sentence, and what it says.

    Actors, figures and time are not asked for: they are read off the claim and
    its sentence afterwards, which is both cheaper and checkable.
    """

    model_config = ConfigDict(extra="forbid")
    sentence: int = Field(description="number of the sentence that states the fact")
    claim: str = Field(max_length=CLAIM_CHARS,
                       description="the fact in one short plain sentence")


class ExtractionOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    facts: list[FactOut] = Field(max_length=16)


# --- synthesis (LLM output) -----------------------------------------------
MAX_FACTS_PER_EVENT = 24  # checked facts offered to the model for one section
# A section's reply holds at most twice the sentences the prompt asks for (5): a bound
# on a small model that cycles through its list until the token limit cuts the reply
# off (three attempts of 1,536 tokens, minutes on a CPU, then no section at all), not
# a limit on what it writes — no reply in the benchmarks' stores had more than 7.
MAX_SECTION_SENTENCES = 10


class SentenceOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fact_ids: list[str] = Field(max_length=MAX_FACTS_PER_EVENT,
                                description="ids of the facts it rests on, e.g. F2")
    text: str = Field(description="one sentence of the brief")


class EventBriefOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(description="short neutral title of the event, under 10 words")
    sentences: list[SentenceOut] = Field(max_length=MAX_SECTION_SENTENCES)


# --- stored facts and their checks ------------------------------------------
class Figure(BaseModel):
    value: str
    unit: str


class Span(BaseModel):
    """Character offsets [start, end) into an article's stored text, and that text."""

    start: int
    end: int
    quote: str


class Fact(BaseModel):
    """A fact extracted from one article, with where it stands in the text and its check."""

    id: str
    article_id: str
    claim: str
    kind: FactKind
    actors: list[str]
    figures: list[Figure]
    time: str
    sentence_ids: list[int]
    spans: list[Span]
    alignment: Alignment
    status: Status
    reasons: list[str]


# --- events: articles about one happening -----------------------------------
@dataclass
class Event:
    """A group of articles about one happening; `copy_of` maps a copy to its original."""

    id: str
    title: str
    article_ids: list[str]
    copy_of: dict[str, str] = field(default_factory=dict)
    first_date: date | None = None
    last_date: date | None = None

    @property
    def independent_sources(self) -> int:
        """Distinct texts: an article and its copies count once (a copy whose original
        is an earlier article outside the period stands for that original)."""
        return len({self.copy_of.get(a, a) for a in self.article_ids})


# --- a brief's section of one event, as the model wrote and the checks kept it ---
@dataclass
class BriefSentence:
    text: str
    fact_ids: list[str]

@dataclass
class Dropped:
    text: str
    reason: str

@dataclass
class EventSection:
    event: Event
    title: str
    sentences: list[BriefSentence]
    dropped: list[Dropped] = field(default_factory=list)
    failed: bool = False  # the model's reply never fit: stated from its facts alone

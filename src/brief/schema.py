"""Data shapes. The LLM-facing models *are* the schemas sent to the model.

LLM-facing models forbid extra keys and keep fields few and short: every output
token costs time on a small local model.
"""

from __future__ import annotations

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


# --- extraction (LLM output) ----------------------------------------------
class FigureOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str = Field(description="the number as written in the article, e.g. 81.8")
    unit: str = Field(description="what it counts, e.g. 'billion dollars', 'nations'")


class FactOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sentence_ids: list[int] = Field(description="numbers of the 1-3 sentences stating it")
    quote: str = Field(description="verbatim words from those sentences, or empty")
    claim: str = Field(description="one plain sentence saying only what they say")
    kind: FactKind
    actors: list[str] = Field(description="people, countries or bodies named in it")
    figures: list[FigureOut]
    time: str = Field(description="when, as the article says it, or empty")


class ExtractionOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    facts: list[FactOut]


# --- synthesis (LLM output) -----------------------------------------------
class SentenceOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="one sentence of the brief")
    fact_ids: list[str] = Field(description="ids of the facts it rests on, e.g. F2")


class EventBriefOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(description="short neutral title of the event, under 10 words")
    sentences: list[SentenceOut]


# --- stored facts and their checks ------------------------------------------
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
    figures: list[FigureOut]
    time: str
    sentence_ids: list[int]
    spans: list[Span]
    alignment: Alignment
    status: Status
    reasons: list[str]

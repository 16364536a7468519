"""Shared fixtures: an isolated working directory and a scripted fake model."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brief.llm import Message, factory
from brief.llm.types import RawReply, Usage
from brief.schema import MAX_SECTION_SENTENCES

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
pytest_plugins = ["smtp_server"]  # the `smtp` fixture: an SMTP server on 127.0.0.1

Reply = str | Exception | Callable[[list[Message], str], str]


class ScriptedModel:
    """A Backend that answers from a queue of scripted replies, then from `responder`.

    Records every call so tests can count them and read what was sent.
    """

    name = "fake"
    model = "fake-1"

    def __init__(self, replies: list[Reply] | None = None,
                 responder: Callable[[list[Message], str], str] | None = None) -> None:
        self.replies = list(replies or [])
        self.responder = responder
        self.calls: list[tuple[list[Message], str]] = []

    def generate(
        self, messages: list[Message], schema: dict[str, Any], schema_name: str
    ) -> RawReply:
        self.calls.append((list(messages), schema_name))
        reply: Reply
        if self.replies:
            reply = self.replies.pop(0)
        elif self.responder is not None:
            reply = self.responder
        else:
            raise AssertionError("the scripted model ran out of replies")
        if isinstance(reply, Exception):
            raise reply
        text = reply(messages, schema_name) if callable(reply) else reply
        return RawReply(text, Usage(calls=1, prompt_tokens=100, completion_tokens=20))


PLANTED_CLAIM = "Canada will deploy 5,000 soldiers to Kyiv next month."


def seed_responder(messages: list[Message], schema_name: str) -> str:
    """Replies like a careful model: facts restate cited sentences word for word.

    In the article about Blair's defence conference it also plants a fact that its
    sentence does not bear out (a figure and a place the article never states);
    the brief must hold it back.
    """
    user = messages[1]["content"]
    if schema_name == "ExtractionOut":
        sentences = re.findall(r"^\[(\d+)\] (.+)$", user, re.M)
        facts = [
            {"sentence": int(n), "claim": text}
            for n, text in sentences if len(text) > 60
        ][:3]
        if "defense conference in Ottawa" in user:
            facts.append({"sentence": 1, "claim": PLANTED_CLAIM})
        return json.dumps({"facts": facts})
    if schema_name == "JudgeOut":  # a judge that finds every claim stated
        return json.dumps({"evidence": [1], "missing": [], "verdict": "supported"})
    offered = re.findall(r"^(F\d+): (.+)$", user, re.M)
    # within the schema's bound, as a model under structured outputs is
    sentences = [{"text": claim, "fact_ids": [label]}
                 for label, claim in offered][:MAX_SECTION_SENTENCES - 1]
    sentences.append({"text": "Observers expect a breakthrough soon.", "fact_ids": []})
    return json.dumps({"title": "Event " + offered[0][0], "sentences": sentences})


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every test in its own directory with no endpoint, key or store configured."""
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "BRIEF_MODEL", "BRIEF_BACKEND",
                "BRIEF_DB", "BRIEF_OUT_DIR", "BRIEF_RESPONSE_FORMAT", "BRIEF_MODEL_PATH",
                "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the sample articles (with their date sidecars) the test may change."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> ScriptedModel:
    """The scripted model, installed as the backend every command gets."""
    fake = ScriptedModel(responder=seed_responder)
    monkeypatch.setattr(factory, "make_backend", lambda settings: fake)
    return fake

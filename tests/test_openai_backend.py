"""The OpenAI adapter against a local server speaking the Chat Completions API."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from pydantic import BaseModel
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from brief.errors import (
    ConfigError,
    LLMAuthError,
    LLMOutputError,
    LLMRequestError,
    LLMUnavailableError,
)
from brief.judge import JudgeOut
from brief.llm import StructuredLLM, factory
from brief.llm.openai_backend import OpenAIBackend, ResponseFormat, RetryPolicy
from brief.llm.strict import outside_strict_subset
from brief.schema import EventBriefOut, ExtractionOut

PATH = "/v1/chat/completions"
KEY = "sk-test-0123456789abcdef"
GOOD = {"facts": [{"sentence": 1, "claim": "Canada is ready."}]}
MESSAGES: Any = [{"role": "system", "content": "Extract."}, {"role": "user", "content": "[1] x"}]


def completion(content: str, *, prompt: int = 50, completion_tokens: int = 10) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion_tokens,
                  "total_tokens": prompt + completion_tokens},
    }


def make_llm(server: HTTPServer, *, fmt: ResponseFormat = "json_schema", timeout: float = 5.0,
             attempts: int = 3) -> StructuredLLM:
    backend = OpenAIBackend(
        model="m", base_url=server.url_for("/v1"), api_key=KEY,
        response_format=fmt,
        timeout=timeout, retry=RetryPolicy(attempts=attempts, wait_multiplier=0.01, wait_max=0.05),
    )
    return StructuredLLM(backend)


def sent(server: HTTPServer, n: int) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(server.log[n][0].get_data())
    return body


def test_success_sends_a_strict_schema_and_counts_tokens(httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request(PATH, method="POST").respond_with_json(
        completion(json.dumps(GOOD)))
    llm = make_llm(httpserver)
    result = llm.complete(MESSAGES, ExtractionOut, prompt_version="p@1")
    assert result.obj.facts[0].claim == "Canada is ready."
    body = sent(httpserver, 0)
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert body["response_format"]["json_schema"]["schema"]["required"] == ["facts"]
    assert httpserver.log[0][0].headers["Authorization"] == f"Bearer {KEY}"
    assert llm.usage.calls == 1
    assert (llm.usage.prompt_tokens, llm.usage.completion_tokens) == (50, 10)


def test_json_object_style_for_llama_cpp_servers(httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request(PATH).respond_with_json(completion(json.dumps(GOOD)))
    make_llm(httpserver, fmt="json_object").complete(MESSAGES, ExtractionOut, prompt_version="p")
    fmt = sent(httpserver, 0)["response_format"]
    assert fmt["type"] == "json_object"
    assert fmt["schema"]["title"] == "ExtractionOut"


@pytest.mark.parametrize("status", [429, 500, 503])
def test_transient_status_is_retried_then_succeeds(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_ordered_request(PATH).respond_with_json(
        {"error": {"message": "busy"}}, status=status)
    httpserver.expect_ordered_request(PATH).respond_with_json(completion(json.dumps(GOOD)))
    llm = make_llm(httpserver)
    result = llm.complete(MESSAGES, ExtractionOut, prompt_version="p")
    assert result.obj.facts
    assert len(httpserver.log) == 2


def test_401_is_not_retried_and_names_the_key_variable(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_json(
        {"error": {"message": f"Incorrect API key provided: {KEY}"}}, status=401)
    with pytest.raises(LLMAuthError) as caught:
        make_llm(httpserver).complete(MESSAGES, ExtractionOut, prompt_version="p")
    assert len(httpserver.log) == 1
    assert "OPENAI_API_KEY" in str(caught.value)
    assert KEY not in str(caught.value)


def test_malformed_json_is_re_asked_with_the_error(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(PATH).respond_with_json(completion('{"facts": [ oops'))
    httpserver.expect_ordered_request(PATH).respond_with_json(completion(json.dumps(GOOD)))
    llm = make_llm(httpserver)
    result = llm.complete(MESSAGES, ExtractionOut, prompt_version="p")
    assert result.obj.facts
    second = sent(httpserver, 1)["messages"]
    assert second[2] == {"role": "assistant", "content": '{"facts": [ oops'}
    assert "not valid JSON" in second[3]["content"]
    assert len(MESSAGES) == 2  # the caller's list was not changed
    assert llm.usage.calls == 2 and llm.usage.prompt_tokens == 100


def test_schema_breaking_reply_gives_a_typed_error_after_re_asks(httpserver: HTTPServer) -> None:
    bad = json.dumps({"facts": [{"claim": "no ids", "kind": "rumour"}]})
    httpserver.expect_request(PATH).respond_with_json(completion(bad))
    llm = make_llm(httpserver)
    with pytest.raises(LLMOutputError) as caught:
        llm.complete(MESSAGES, ExtractionOut, prompt_version="p")
    error = caught.value
    assert error.attempts == 3
    assert error.last_output == bad
    assert error.usage.calls == 3 and error.usage.prompt_tokens == 150
    assert "facts.0.sentence: Field required" in str(error)
    assert len(httpserver.log) == 3


def test_timeout_is_retried_then_reported(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.6)
        return Response(json.dumps(completion(json.dumps(GOOD))), content_type="application/json")

    httpserver.expect_request(PATH).respond_with_handler(slow)
    with pytest.raises(LLMUnavailableError) as caught:
        make_llm(httpserver, timeout=0.2, attempts=2).complete(
            MESSAGES, ExtractionOut, prompt_version="p")
    assert "timed out" in str(caught.value)
    assert "2 attempts" in str(caught.value)


LLM_FACING = [ExtractionOut, EventBriefOut, JudgeOut]  # every schema brief asks a model for


def test_the_models_own_schema_has_bounds_the_strict_subset_refuses() -> None:
    assert "#/$defs/FactOut/properties/claim: maxLength" in outside_strict_subset(
        ExtractionOut.model_json_schema())


@pytest.mark.parametrize("model", LLM_FACING, ids=lambda m: m.__name__)
def test_every_schema_sent_in_strict_mode_is_in_the_strict_subset(
        httpserver: HTTPServer, model: type[BaseModel]) -> None:
    backend = OpenAIBackend(model="m", base_url=httpserver.url_for("/v1"), api_key=KEY)
    httpserver.expect_request(PATH).respond_with_json(completion("{}"))
    backend.generate(MESSAGES, model.model_json_schema(), model.__name__)
    sent_schema = sent(httpserver, 0)["response_format"]["json_schema"]["schema"]
    assert outside_strict_subset(sent_schema) == []


def test_our_limits_still_hold_after_the_schema_drops_them(httpserver: HTTPServer) -> None:
    too_long = {"facts": [{"sentence": 1, "claim": "x" * 400}]}  # maxLength is 300
    httpserver.expect_ordered_request(PATH).respond_with_json(completion(json.dumps(too_long)))
    httpserver.expect_ordered_request(PATH).respond_with_json(completion(json.dumps(GOOD)))
    llm = make_llm(httpserver)
    result = llm.complete(MESSAGES, ExtractionOut, prompt_version="p")
    assert result.obj == ExtractionOut.model_validate(GOOD)
    assert "300" in sent(httpserver, 1)["messages"][-1]["content"]  # re-asked with the error


def test_a_400_about_the_schema_is_a_schema_problem_and_not_retried(
        httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_json(
        {"error": {"message": "Invalid schema for response_format 'ExtractionOut': "
                   "'maxLength' is not permitted.", "type": "invalid_request_error"}},
        status=400)
    with pytest.raises(LLMRequestError, match=r"refused the response schema \(HTTP 400\): "
                       r".*Invalid schema.*maxLength.*json_object"):
        make_llm(httpserver).complete(MESSAGES, ExtractionOut, prompt_version="p")
    assert len(httpserver.log) == 1


AZURE_PATH = "/openai/deployments/brief-gpt4o/chat/completions"


def test_azure_openai_calls_the_deployment_with_its_api_version_and_key(
        httpserver: HTTPServer) -> None:
    httpserver.expect_request(AZURE_PATH, query_string={"api-version": "2024-10-21"},
                              headers={"api-key": KEY}).respond_with_json(
        completion(json.dumps(GOOD)))
    settings = factory.ModelSettings(
        model="brief-gpt4o", api_key=KEY, azure_endpoint=httpserver.url_for("/"),
        api_version="2024-10-21")
    backend = factory.make_backend(settings)
    assert backend.name == "azure"
    result = StructuredLLM(backend).complete(MESSAGES, ExtractionOut, prompt_version="p")
    assert result.obj == ExtractionOut.model_validate(GOOD)
    body = sent(httpserver, 0)
    assert body["response_format"]["json_schema"]["strict"] is True
    assert outside_strict_subset(body["response_format"]["json_schema"]["schema"]) == []


@pytest.mark.parametrize(("settings", "message"), [
    ({"azure_endpoint": "https://x.openai.azure.com", "model": "d"}, "OPENAI_API_VERSION"),
    ({"backend": "azure", "api_version": "2024-10-21", "model": "d"}, "AZURE_OPENAI_ENDPOINT"),
    ({"azure_endpoint": "https://x.openai.azure.com", "api_version": "v"}, "deployment"),
])
def test_azure_settings_that_are_missing_are_named(settings: dict[str, Any],
                                                   message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        factory.make_backend(factory.ModelSettings(**settings))


def test_a_refused_azure_key_names_the_azure_variable(httpserver: HTTPServer) -> None:
    httpserver.expect_request(AZURE_PATH).respond_with_json({"error": {"message": "no"}},
                                                            status=401)
    backend = factory.make_backend(factory.ModelSettings(
        model="brief-gpt4o", api_key=KEY, azure_endpoint=httpserver.url_for("/"),
        api_version="2024-10-21"))
    with pytest.raises(LLMAuthError, match="AZURE_OPENAI_API_KEY"):
        StructuredLLM(backend).complete(MESSAGES, ExtractionOut, prompt_version="p")

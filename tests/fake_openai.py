"""An OpenAI-compatible chat endpoint on 127.0.0.1 that answers like a careful model
and injects faults on request: the tests' and benchmarks' stand-in for a remote API.

    with FakeOpenAI(faults={1: "429", 2: "429"}, delay=0.0) as server:
        ... --base-url server.url ...

`faults` maps the number of a request (1-based) to a fault, or is a function of
that number. Every request is recorded in `requests` as (number, schema, fault);
a request for log-probabilities (the judge's yes/no question) has schema "yes/no"
and is answered by `yes_no(messages)`, a log-probability of Yes (None: send none).
"""

from __future__ import annotations

import json
import math
import socket
import struct
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from conftest import seed_responder

FAULTS = ("429", "500", "timeout", "reset", "truncated", "not_json", "schema", "length")

Plan = dict[int, str] | Callable[[int], str | None]


class FakeOpenAI:
    def __init__(self, faults: Plan | None = None, *, delay: float = 0.0,
                 hang: float = 3.0, api_key: str | None = None,
                 yes_no: Callable[[list[dict[str, str]]], float | None] | None = None) -> None:
        self.faults: Plan = faults or {}
        self.yes_no = yes_no or (lambda messages: -0.1)
        self.delay, self.hang, self.api_key = delay, hang, api_key
        self.requests: list[tuple[int, str, str | None]] = []
        self.headers_seen: list[str] = []
        self.started: list[float] = []  # monotonic time each request arrived
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def count(self, schema: str | None = None) -> int:
        return sum(1 for _, s, f in self.requests if f is None and schema in (None, s))

    def _fault(self, number: int) -> str | None:
        if callable(self.faults):
            return self.faults(number)
        return self.faults.get(number)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with fake._lock:
                    number = len(fake.requests) + 1
                    fault = fake._fault(number)
                    schema = ("yes/no" if body.get("logprobs") else
                              body["response_format"].get("json_schema", {}).get("name", "?"))
                    fake.requests.append((number, schema, fault))
                    fake.headers_seen.append(str(self.headers))
                    fake.started.append(time.monotonic())
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    self._answer(body, number, fault, schema)
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

            def _answer(self, body: dict[str, Any], number: int, fault: str | None,
                        schema: str) -> None:
                if fake.api_key and self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                    return self._send(401, {"error": {"message": "Incorrect API key"}})
                if fake.delay:
                    time.sleep(fake.delay)
                if fault == "429":
                    return self._send(429, {"error": {"message": "Rate limit reached"}})
                if fault == "500":
                    return self._send(500, {"error": {"message": "internal error"}})
                if fault == "timeout":
                    time.sleep(fake.hang)
                if fault == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.connection.close()
                    return None
                if fault == "not_json":
                    return self._raw(200, b"<html><body>Bad gateway</body></html>", "text/html")
                if schema == "yes/no":
                    return self._yes_no(body, number)
                content = seed_responder(body["messages"], schema)
                finish = "stop"
                if fault == "schema":
                    content = json.dumps({"facts": "none", "note": "ignored the schema"})
                if fault == "length":
                    content, finish = content[: len(content) // 2], "length"
                reply = json.dumps({
                    "id": f"c{number}", "object": "chat.completion", "created": 0,
                    "model": body["model"],
                    "choices": [{"index": 0, "finish_reason": finish,
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 100, "completion_tokens": 20,
                              "total_tokens": 120},
                }).encode()
                if fault == "truncated":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply[: len(reply) // 2])
                    self.wfile.flush()
                    self.connection.close()
                    return None
                return self._raw(200, reply, "application/json")

            def _yes_no(self, body: dict[str, Any], number: int) -> None:
                yes = fake.yes_no(body["messages"])
                choice: dict[str, Any] = {
                    "index": 0, "finish_reason": "length",
                    "message": {"role": "assistant", "content": "Yes"}}
                if yes is not None:
                    no = math.log1p(-math.exp(yes)) if yes < 0 else -30.0
                    top = [{"token": "Yes", "logprob": yes, "bytes": None},
                           {"token": "No", "logprob": no, "bytes": None}]
                    choice["logprobs"] = {"content": [
                        {**top[0 if yes >= no else 1], "top_logprobs": top}]}
                self._send(200, {"id": f"c{number}", "object": "chat.completion",
                                 "created": 0, "model": body["model"], "choices": [choice],
                                 "usage": {"prompt_tokens": 80, "completion_tokens": 1,
                                           "total_tokens": 81}})

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                self._raw(status, json.dumps(payload).encode(), "application/json")

            def _raw(self, status: int, data: bytes, kind: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout under test)

        return Handler

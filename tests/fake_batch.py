"""The fake endpoint with a Batch API: `/files` and `/batches` as OpenAI and Azure
OpenAI serve them, on 127.0.0.1.

    with FakeBatchAPI(outcome="expired", polls=2) as server:
        ... --base-url server.url --batch ...

A batch stays `in_progress` for `polls` status checks (forever while `hold` is set),
then ends as `outcome`:
- "completed": every request answered;
- "partial": completed, but every third request failed (HTTP 500) and one reply
  does not fit its schema;
- "expired" / "cancelled": the first half answered, the rest not;
- "failed": the input refused as a whole.
Replies are the careful model's (`seed_responder`), billed 100 prompt + 20
completion tokens like the direct endpoint.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import threading
from typing import Any
from urllib.parse import urlsplit

from fake_openai import FakeOpenAI

from conftest import seed_responder

OUTCOMES = ("completed", "partial", "expired", "cancelled", "failed")


class FakeBatchAPI(FakeOpenAI):
    def __init__(self, outcome: str = "completed", *, polls: int = 1, **kwargs: Any) -> None:
        assert outcome in OUTCOMES
        self.outcome, self.polls = outcome, polls
        self.hold = threading.Event()
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.paths: list[str] = []  # every Batch API request, as "GET /openai/batches/…"
        super().__init__(**kwargs)

    def lines_sent(self) -> list[dict[str, Any]]:
        """Every request line of every batch input uploaded."""
        return [json.loads(line) for data in self.files.values()
                if not data.startswith(b"#out") for line in data.decode().splitlines()]

    def _handler(self) -> Any:
        base: Any = super()._handler()
        fake = self

        class Handler(base):  # type: ignore[misc,valid-type]
            def do_POST(self) -> None:
                path = urlsplit(self.path).path
                if not re.search(r"/(files|batches)$", path):
                    return super().do_POST()
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with fake._lock:
                    fake.paths.append(f"POST {path}")
                    if path.endswith("/files"):
                        return self._send(200, fake._upload(self.headers, body))
                    return self._send(200, fake._create(json.loads(body)))

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                with fake._lock:
                    fake.paths.append(f"GET {path}")
                    found = re.search(r"/batches/([\w-]+)$", path)
                    if found and found[1] in fake.batches:
                        return self._send(200, fake._retrieve(found[1]))
                    found = re.search(r"/files/([\w-]+)/content$", path)
                    if found and found[1] in fake.files:
                        return self._raw(200, fake.files[found[1]].removeprefix(b"#out\n"),
                                         "application/octet-stream")
                return self._send(404, {"error": {"message": f"no such thing: {path}"}})

        return Handler

    def _upload(self, headers: Any, body: bytes) -> dict[str, Any]:
        raw = f"Content-Type: {headers['Content-Type']}\r\n\r\n".encode() + body
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
        data = next(p.get_payload(decode=True) for p in message.iter_parts()
                    if p.get_param("name", header="content-disposition") == "file")
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = data
        return {"id": file_id, "object": "file", "bytes": len(data), "created_at": 0,
                "filename": "input.jsonl", "purpose": "batch", "status": "processed"}

    def _create(self, body: dict[str, Any]) -> dict[str, Any]:
        batch_id = f"batch_{len(self.batches) + 1}"
        lines = self.files[body["input_file_id"]].decode().splitlines()
        self.batches[batch_id] = {
            "id": batch_id, "object": "batch", "endpoint": body["endpoint"],
            "input_file_id": body["input_file_id"], "completion_window": "24h",
            "status": "validating", "created_at": 0, "output_file_id": None,
            "error_file_id": None, "errors": None, "metadata": body.get("metadata"),
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
            "_lines": lines, "_checks": 0,
        }
        return self._public(batch_id)

    def _public(self, batch_id: str) -> dict[str, Any]:
        return {k: v for k, v in self.batches[batch_id].items() if not k.startswith("_")}

    def _retrieve(self, batch_id: str) -> dict[str, Any]:
        batch = self.batches[batch_id]
        if batch["status"] in ("validating", "in_progress"):
            batch["_checks"] += 1
            if self.hold.is_set() or batch["_checks"] <= self.polls:
                batch["status"] = "in_progress"
            else:
                self._finish(batch)
        return self._public(batch_id)

    def _finish(self, batch: dict[str, Any]) -> None:
        if self.outcome == "failed":
            batch["status"] = "failed"
            batch["errors"] = {"object": "list", "data": [
                {"code": "invalid_request", "line": 1,
                 "message": "The model fake-remote does not support batches."}]}
            return
        out, errors = [], []
        lines = batch["_lines"]
        for n, line in enumerate(lines):
            request = json.loads(line)
            key, body = request["custom_id"], request["body"]
            if self.outcome in ("expired", "cancelled") and n >= len(lines) // 2:
                code = f"batch_{self.outcome}"
                errors.append({"id": f"r{n}", "custom_id": key, "response": None,
                               "error": {"code": code, "message": "not run"}})
            elif self.outcome == "partial" and n % 3 == 1:
                errors.append({"id": f"r{n}", "custom_id": key, "error": None, "response": {
                    "status_code": 500, "request_id": f"q{n}",
                    "body": {"error": {"message": "internal error", "type": "server"}}}})
            else:
                name = body["response_format"].get("json_schema", {}).get("name", "?")
                content = seed_responder(body["messages"], name)
                if self.outcome == "partial" and n == 0:
                    content = json.dumps({"facts": "none"})  # does not fit the schema
                out.append({"id": f"r{n}", "custom_id": key, "error": None, "response": {
                    "status_code": 200, "request_id": f"q{n}", "body": {
                        "id": f"c{n}", "object": "chat.completion", "created": 0,
                        "model": body["model"],
                        "choices": [{"index": 0, "finish_reason": "stop", "message": {
                            "role": "assistant", "content": content}}],
                        "usage": {"prompt_tokens": 100, "completion_tokens": 20,
                                  "total_tokens": 120}}}})
        batch["status"] = self.outcome if self.outcome != "partial" else "completed"
        batch["request_counts"] = {"total": len(lines), "completed": len(out),
                                   "failed": len(errors)}
        for name, rows in (("output_file_id", out), ("error_file_id", errors)):
            if rows:
                file_id = f"file-{len(self.files) + 1}"
                self.files[file_id] = b"#out\n" + "\n".join(json.dumps(r) for r in rows
                                                            ).encode()
                batch[name] = file_id

"""The Batch API (OpenAI, Azure OpenAI): many requests as one file, answered within
24 hours at about half the price.

`OpenAIBatcher.run` writes the requests as JSONL, uploads it (`/files`), starts a
batch (`/batches`), polls it with progress, and reads each reply from the batch's
output and error files. Every batch is stored with the cache keys it asks for until
its replies are read, so a run stopped while a batch is pending (interrupted, or
past `--batch-wait`) picks that batch up again instead of sending, and paying for,
the same requests twice; only requests no pending batch holds are sent anew.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from brief.errors import BatchPending, LLMRequestError
from brief.llm.openai_backend import OpenAIBackend
from brief.llm.types import BatchItem, BatchOutcome, RawReply, Usage

log = logging.getLogger(__name__)

FINAL = {"completed", "failed", "expired", "cancelled"}


class BatchLog(Protocol):
    """Where batches are kept between runs (the store)."""

    def batch_record(self, endpoint: str, batch_id: str, keys: list[str], status: str
                     ) -> None: ...

    def batches_open(self, endpoint: str) -> list[tuple[str, list[str]]]: ...


def elapsed(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {rest:02d} s"


def _times(waited: float, answered: int, total: int) -> str:
    """"3 min 10 s waited", and once some items are answered, about how long the rest take."""
    shown = f"{elapsed(waited)} waited"
    if 0 < answered < total:
        shown += f", about {elapsed(waited / answered * (total - answered))} left"
    return shown


@dataclass
class OpenAIBatcher:
    backend: OpenAIBackend
    store: BatchLog
    poll: float = 30.0  # seconds between status checks
    wait: float | None = None  # give up waiting after this many seconds (None: never)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    @property
    def endpoint(self) -> str:
        # Azure OpenAI names the endpoint without the version prefix.
        return "/chat/completions" if self.backend.name == "azure" else "/v1/chat/completions"

    @property
    def where(self) -> str:
        return f"{self.backend.base_url} {self.backend.model}"

    def run(self, items: list[BatchItem]) -> BatchOutcome:
        wanted = {item.key for item in items}
        outcome = BatchOutcome()
        start = self.clock()
        for batch_id, keys in self.store.batches_open(self.where):
            if wanted & set(keys):
                log.info("picking up batch %s (%d requests) from an earlier run", batch_id,
                         len(keys))
                self._collect(batch_id, keys, wanted, outcome, start, resumed=True)
        rest = [item for item in items if item.key not in outcome.replies]
        if rest:
            keys = [item.key for item in rest]
            batch_id = self._submit(rest, keys)
            self._collect(batch_id, keys, wanted, outcome, start, resumed=False)
        for key in wanted - outcome.replies.keys():
            outcome.failures.setdefault(key, "no reply in the batch")
        for key in outcome.replies:
            outcome.failures.pop(key, None)
        return outcome

    def _input(self, items: list[BatchItem]) -> bytes:
        lines = [json.dumps({
            "custom_id": item.key, "method": "POST", "url": self.endpoint,
            "body": self.backend.request_body(item.messages, item.schema, item.schema_name),
        }, sort_keys=True, ensure_ascii=False) for item in items]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def _api(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self.backend._request(lambda: call(*args, **kwargs), completion=False)

    def _submit(self, items: list[BatchItem], keys: list[str]) -> str:
        client, data = self.backend.client, self._input(items)
        upload = self._api(client.files.create,
                           file=("brief-batch.jsonl", data, "application/jsonl"),
                           purpose="batch")
        batch = self._api(client.batches.create, input_file_id=upload.id,
                          endpoint=self.endpoint, completion_window="24h",
                          metadata={"made_by": "brief"})
        self.store.batch_record(self.where, batch.id, keys, batch.status)
        log.info("sent %d requests as batch %s (%s of input)", len(items), batch.id,
                 f"{len(data) / 1e6:.1f} MB" if len(data) >= 1e5 else f"{len(data)} bytes")
        return str(batch.id)

    def _collect(self, batch_id: str, keys: list[str], wanted: set[str],
                 outcome: BatchOutcome, start: float, *, resumed: bool) -> None:
        """Wait for the batch, read its replies for `wanted` into `outcome`, and mark it
        read. A batch refused as a whole raises LLMRequestError; one cancelled (unless
        picked up from an earlier run, when the rest is simply sent again) stops the run."""
        batch = self._wait(batch_id, keys, start)
        self.store.batch_record(self.where, batch_id, keys, "read")
        if batch.status == "failed":
            errors = getattr(getattr(batch, "errors", None), "data", None) or []
            said = "; ".join(f"line {getattr(e, 'line', None) or '-'}: {e.message}"
                             for e in errors[:3]) or "no reason given"
            if resumed:  # its requests are sent again, in this run's batch
                log.warning("batch %s of an earlier run was refused (%s)", batch_id, said)
                return
            raise LLMRequestError(f"{self.backend.base_url} refused batch {batch_id} ({said})")
        replies: dict[str, RawReply] = {}
        for file_id in (batch.output_file_id, batch.error_file_id):
            if file_id:
                text = self._api(self.backend.client.files.content, file_id).text
                for number, line in enumerate(text.splitlines(), 1):
                    if line.strip():
                        _read_line(line, number, replies, outcome.failures)
        outcome.replies.update((k, r) for k, r in replies.items() if k in wanted)
        if batch.status == "expired":
            log.warning("batch %s expired with %d of its %d replies", batch_id,
                        len(replies), len(keys))
        if batch.status == "cancelled" and not resumed:
            outcome.stopped = (
                f"batch {batch_id} was cancelled at the endpoint: its {len(replies)} of "
                f"{len(keys)} replies are kept; run again to send the rest")

    def _wait(self, batch_id: str, keys: list[str], start: float) -> Any:
        seen = None
        try:
            while True:
                batch = self._api(self.backend.client.batches.retrieve, batch_id)
                counts = batch.request_counts
                done = (counts.completed, counts.failed, counts.total) if counts else (0, 0, 0)
                if (batch.status, done) != seen:
                    self.store.batch_record(self.where, batch_id, keys, batch.status)
                    log.info("batch %s: %s, %d of %d done, %d failed (%s)", batch_id,
                             batch.status, done[0], done[2], done[1],
                             _times(self.clock() - start, done[0] + done[1], done[2]))
                    seen = (batch.status, done)
                if batch.status in FINAL:
                    return batch
                if self.wait is not None and self.clock() - start >= self.wait:
                    raise BatchPending(
                        f"batch {batch_id} is still {batch.status} at "
                        f"{self.backend.base_url} ({done[0]} of {done[2]} done after "
                        f"{elapsed(self.clock() - start)}): run the same command again to "
                        "pick up its replies; it is not sent twice")
                self.sleep(self.poll)
        except KeyboardInterrupt:
            log.warning("interrupted: batch %s goes on at the endpoint; the same command "
                        "picks it up without sending it again", batch_id)
            raise


def _read_line(line: str, number: int, replies: dict[str, RawReply],
               failures: dict[str, str]) -> None:
    """One line of a batch's output or error file: a reply, or why there is none."""
    try:
        row = json.loads(line)
        key = str(row["custom_id"])
    except (ValueError, KeyError, TypeError):
        log.warning("batch output line %d is not a batch result: %.80s", number, line)
        return
    response = row.get("response") or {}
    body = response.get("body") or {}
    error = row.get("error") or body.get("error")
    status = response.get("status_code")
    try:
        text = body["choices"][0]["message"]["content"] or ""
    except (KeyError, IndexError, TypeError):
        text = None
    if error or status != 200 or text is None:
        if isinstance(error, dict):
            said = f"{error.get('code') or ''} {error.get('message') or ''}".strip()
        else:
            said = str(error or "no reply")
        failures[key] = f"HTTP {status}: {said}" if status else said
        return
    used = body.get("usage") or {}
    replies[key] = RawReply(text, Usage(
        calls=1, prompt_tokens=int(used.get("prompt_tokens") or 0),
        completion_tokens=int(used.get("completion_tokens") or 0)))

"""Progress of long work on stderr, with the time it took so far and an estimate of the rest.

On a terminal a tqdm bar (elapsed, remaining, rate) above the log lines; elsewhere (a
log file, CI, cron) plain log lines, one per step, each with the same times. Quiet
runs (`-q`) show neither.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Never, TextIO

from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

log = logging.getLogger("brief")


def clock(seconds: float) -> str:
    """0:07, 3:25, 1:02:09."""
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress(AbstractContextManager["Progress"]):
    """`total` steps of one job: `step(detail)` starts the next, `finished()` ends it;
    `advance_to(done)` is for work counted in units (bytes). Times are measured from
    entering the block; leaving it logs the total time."""

    def __init__(self, what: str, total: int, *, unit: str = "step",
                 stream: TextIO | None = None, plain_every: float = 0.0) -> None:
        self.what, self.total, self.unit = what, total, unit
        self.stream = stream or sys.stderr
        self.plain_every = plain_every  # for advance_to: at most one plain line per share
        self.done = 0  # steps (or units) finished
        self.current = 0  # steps started
        self.started = time.monotonic()
        self._shown = -1.0
        self._lock = threading.Lock()  # steps may start and end in worker threads
        self._bar: tqdm[Never] | None = None
        self._redirect: AbstractContextManager[None] | None = None

    def __enter__(self) -> Progress:
        self.started = time.monotonic()
        if log.isEnabledFor(logging.INFO) and self.total > 0 and _terminal(self.stream):
            self._redirect = logging_redirect_tqdm(loggers=[log])
            self._redirect.__enter__()
            self._bar = tqdm(total=self.total, desc=self.what, unit=self.unit,
                             file=self.stream, dynamic_ncols=True, leave=False,
                             unit_scale=self.unit == "B")
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.update(self.total - self._bar.n)
            self._bar.close()
        if self._redirect is not None:
            self._redirect.__exit__(kind, error, trace)
        if kind is None and self.current:
            log.info("%s: %d of %d in %s", self.what, self.done, self.total, clock(self.elapsed))
        elif kind is None and self.total:
            log.info("%s: done in %s", self.what, clock(self.elapsed))

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def times(self) -> str:
        """"0:42 elapsed, about 1:10 left" (no estimate before the first step is done)."""
        shown = f"{clock(self.elapsed)} elapsed"
        if 0 < self.done < self.total:
            left = self.elapsed / self.done * (self.total - self.done)
            shown += f", about {clock(left)} left"
        return shown

    def step(self, detail: str) -> None:
        """Start the next step, described by `detail`; call `finished` when it is done."""
        with self._lock:
            self.current = min(self.current + 1, self.total)
            if self._bar is not None:
                self._bar.set_postfix_str(detail[:60], refresh=True)
            else:
                log.info("[%d/%d] %s (%s)", self.current, self.total, detail, self.times())

    def finished(self) -> None:
        """The step started last is done (or given up)."""
        with self._lock:
            self.done = min(self.done + 1, self.total)
            if self._bar is not None:
                self._bar.update(self.done - self._bar.n)

    def advance_to(self, done: int) -> None:
        """`done` of `total` units finished (bytes of a model being assembled)."""
        self.done = min(done, self.total)
        if self._bar is not None:
            self._bar.update(self.done - self._bar.n)
            return
        share = self.done / self.total if self.total else 1.0
        if share - self._shown >= self.plain_every or self.done == self.total:
            self._shown = share
            log.info("%s: %d%% (%s)", self.what, int(share * 100), self.times())


def _terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

"""Progress of long work: elapsed time and an estimate, as a bar on a terminal and as
plain lines elsewhere."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.progress import Progress, clock

from conftest import ScriptedModel


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def info_logs() -> Iterator[io.StringIO]:
    """brief's log at INFO, written to a stream the test reads."""
    logger = logging.getLogger("brief")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_clock_reads_as_minutes_and_hours() -> None:
    assert [clock(s) for s in (7, 205, 3729)] == ["0:07", "3:25", "1:02:09"]


def test_plain_lines_carry_elapsed_time_and_an_estimate(info_logs: io.StringIO) -> None:
    with Progress("extracting facts", 3, unit="article") as progress:
        for name in ("a", "b", "c"):
            progress.step(name)
            time.sleep(0.05)
            progress.finished()
    lines = info_logs.getvalue().splitlines()
    assert lines[0] == "[1/3] a (0:00 elapsed)"  # no estimate before a step is done
    assert re.fullmatch(r"\[2/3\] b \(0:00 elapsed, about 0:00 left\)", lines[1])
    assert lines[-1] == "extracting facts: 3 of 3 in 0:00"


def test_a_terminal_gets_a_bar_with_elapsed_and_remaining_time(
        info_logs: io.StringIO) -> None:
    screen = Terminal()
    with Progress("writing sections", 2, unit="event", stream=screen) as progress:
        progress.step("event e1")
        progress.finished()
        progress.step("event e2")
        progress.finished()
    shown = screen.getvalue()
    assert "writing sections:  50%" in shown and "1/2" in shown and "event e2" in shown
    assert re.search(r"\[\d\d:\d\d<\d\d:\d\d", shown)  # tqdm's elapsed<remaining
    assert "[1/2]" not in info_logs.getvalue()  # the bar, not a line per step


def test_generate_reports_each_step_with_its_times(seeds: Path,
                                                   fake_model: ScriptedModel) -> None:
    result = CliRunner().invoke(cli, ["generate", "--since", "2025-01-01", "--until",
                                      "2026-06-30", str(seeds)])
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert re.search(r"\[2/5\] \S+ \[\w+\] \(\d+:\d\d elapsed, about \d+:\d\d left\)", err)
    assert re.search(r"extracting facts: 5 of 5 in \d+:\d\d", err)
    assert re.search(r"writing sections: \d+ of \d+ in \d+:\d\d", err)


def test_a_batch_being_answered_shows_time_waited_and_an_estimate() -> None:
    from brief.llm.batch import _times

    assert _times(95, 0, 40) == "1 min 35 s waited"  # nothing answered yet: no estimate
    assert _times(600, 10, 40) == "10 min 00 s waited, about 30 min 00 s left"
    assert _times(600, 40, 40) == "10 min 00 s waited"

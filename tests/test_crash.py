"""kill -9 during `brief generate`, at random points: never a partial brief, a store
that opens and is consistent, and a next run that finishes."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from brief.store import Store
from fake_openai import FakeOpenAI

from briefcheck import assert_cited_brief

KILLS = 6


def _complete_or_absent(briefs: Path) -> None:
    for brief in briefs.glob("*.md"):
        evidence = brief.with_suffix(".evidence.json")
        assert evidence.exists(), "a brief without its evidence"
        json.loads(evidence.read_text(encoding="utf-8"))
        text = brief.read_text(encoding="utf-8")
        assert text.rstrip().splitlines()[-1].startswith("[^"), "a brief cut short"
    for evidence in briefs.glob("*.evidence.json"):
        json.loads(evidence.read_text(encoding="utf-8"))


def test_kill_9_at_random_points(seeds: Path, tmp_path: Path) -> None:
    env = {**os.environ, "BRIEF_MODEL": "fake-remote", "BRIEF_LLM_RETRY_WAIT": "0.05"}
    rng = random.Random(20261123)
    with FakeOpenAI(delay=0.15) as server:
        command = [sys.executable, "-m", "brief", "generate", "--since", "2025-01-01",
                   "--until", "2026-06-30", "--base-url", server.url, str(seeds)]
        killed = 0
        for _ in range(KILLS):
            process = subprocess.Popen(command, cwd=tmp_path, env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.2, 3.0))
            if process.poll() is None:
                process.kill()  # SIGKILL: no cleanup of any kind
                killed += 1
            process.wait()
            _complete_or_absent(tmp_path / "briefs")
            db = tmp_path / ".brief" / "brief.db"
            if db.exists():
                with sqlite3.connect(db) as con:
                    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                Store(db).articles()  # opens, migrations and all
        assert killed >= KILLS // 2, "the runs finished before they could be killed"
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=120)
    assert done.returncode == 0, done.stderr
    brief = tmp_path / done.stdout.strip()
    assert_cited_brief(brief, Store(tmp_path / ".brief" / "brief.db"))
    assert not list((tmp_path / "briefs").glob(".*.tmp"))

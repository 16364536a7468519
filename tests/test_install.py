"""The light install: without the local extra (llama-cpp-python), everything but the
embedded model works, and the embedded model says how to get it."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from brief.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "briefs/2025-01-01_2026-01-31.md"
# Runs brief as a process in which llama_cpp cannot be imported, as after `pip install brief`.
WITHOUT_LLAMA = ("import sys; sys.modules['llama_cpp'] = None; "
                 "from brief.cli import main; sys.argv[0] = 'brief'; main()")


def brief_without_llama(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WITHOUT_LLAMA, *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_llama_cpp_is_an_extra_not_a_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.startswith("llama-cpp-python")]
    assert project["optional-dependencies"]["local"] == ["llama-cpp-python==0.3.36"]


def test_brief_check_runs_without_llama_cpp(tmp_path: Path) -> None:
    """The review workflow installs brief without the extra: the committed brief checks."""
    done = brief_without_llama("--db", str(tmp_path / "empty.db"), "check", str(BRIEF),
                               cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "every sentence is cited and checked" in done.stdout


def test_the_embedded_model_names_the_extra_when_it_is_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    monkeypatch.delitem(sys.modules, "brief.llm.grammar_sampler", raising=False)
    from brief.llm.embedded import EmbeddedBackend

    with pytest.raises(ConfigError, match=r"pip install 'brief\[local\]'"):
        EmbeddedBackend(tmp_path / "model.gguf")


def test_generate_without_llama_cpp_says_what_to_install(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ndate: 2025-03-05\n---\nThe council voted.\n",
                                   encoding="utf-8")
    done = brief_without_llama("generate", "--since", "2025-01-01", "--until", "2025-12-31",
                               "--backend", "embedded", "a.md", cwd=tmp_path)
    assert done.returncode == 1
    assert "brief[local]" in done.stderr and "Traceback" not in done.stderr


def test_the_readme_layout_names_every_module_where_it_is() -> None:
    """A newcomer finds a module from the README's layout: each one is listed under
    its folder, and nothing listed is missing."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Layout", 1)[1].split("```", 2)[1]
    listed: dict[str, set[str]] = {}
    folder = ""
    for line in block.splitlines():
        head = line[:18].strip()
        if line.startswith("  ") and head:
            folder = head.rstrip("/") if head.endswith("/") else ""
        names = set(re.findall(r"\b(\w+)\.py\b", line))
        if head and not head.endswith("/") and head.endswith(".py"):
            folder = ""
        listed.setdefault(folder, set()).update(names)
    package = ROOT / "src/brief"
    for path in package.rglob("*.py"):
        if path.name in {"__init__.py", "__main__.py"}:
            continue
        where = path.parent.relative_to(package).as_posix()
        where = "" if where == "." else where
        assert path.stem in listed.get(where, set()), f"{path.relative_to(ROOT)} not in README"
    for where, names in listed.items():
        for name in names:
            assert (package / where / f"{name}.py").is_file(), f"README lists {where}/{name}.py"

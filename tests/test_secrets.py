"""A planted API key and SMTP password never reach any artefact of a run."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from brief.cli import cli
from fake_openai import FakeOpenAI

KEY = "sk-planted-4f9c2a7e1d0b"
PASSWORD = "pw-planted-77ab19"


class Inbox:
    def __init__(self) -> None:
        self.logins: list[bytes] = []
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += 1
        return "250 OK"

    def auth(self, server: Any, session: Any, envelope: Any, mechanism: str,
             data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password == PASSWORD.encode()
        return AuthResult(success=ok, handled=False)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_no_artefact_holds_the_key_or_the_password(seeds: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = Inbox()
    port = _port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port,
                            authenticator=inbox.auth, auth_require_tls=False)
    controller.start()
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("BRIEF_MODEL", "fake-remote")
    monkeypatch.setenv("BRIEF_LLM_RETRY_WAIT", "0.05")
    for name, value in (("HOST", "127.0.0.1"), ("PORT", str(port)), ("SECURITY", "none"),
                        ("USER", "briefs"), ("PASSWORD", PASSWORD)):
        monkeypatch.setenv(f"BRIEF_SMTP_{name}", value)
    Path("brief.toml").write_text('[prices."fake-remote"]\nprompt = 1\ncompletion = 2\n',
                                  encoding="utf-8")
    outputs: list[str] = []

    def run(*args: str) -> int:
        result = CliRunner().invoke(cli, list(args))
        outputs.extend([result.stdout, result.stderr, repr(result.exception)])
        return result.exit_code

    try:
        with FakeOpenAI({2: "500", 3: "schema"}, api_key=KEY) as server:
            base = ["--base-url", server.url]
            assert run("generate", "--since", "2025-01-01", "--until", "2026-06-30", *base,
                       str(seeds)) == 0
            assert run("--debug", "generate", "--since", "2025-01-01", "--until",
                       "2026-06-30", *base, "-o", "-") == 0
            brief = "briefs/2025-01-01_2026-06-30.md"
            assert run("email", brief, "--from", "b@example.org", "--to", "a@example.org") == 0
            assert run("email", brief, "--from", "b@example.org", "--to", "c@example.org",
                       "--dry-run") == 0
            assert run("check", brief) == 0
            assert run("config", "show") == 0
            assert run("events", "--since", "2025-01-01") == 0
            monkeypatch.setenv("OPENAI_API_KEY", KEY + "-wrong")  # an error that names the key
            Path("new.md").write_text(
                "---\ndate: 2026-02-02\n---\nThe ministers of defence of twelve countries met "
                "in Brussels on Monday to discuss the planning of the mission in detail.\n",
                encoding="utf-8")
            assert run("generate", "--since", "2026-02-01", "--until", "2026-02-28", *base,
                       "new.md") == 1
        monkeypatch.setenv("BRIEF_SMTP_PASSWORD", PASSWORD + "-wrong")
        assert run("email", brief, "--from", "b@example.org", "--to", "d@example.org") == 1
    finally:
        controller.stop()
    assert inbox.received == 1
    assert any(f"Bearer {KEY}" in h for h in server.headers_seen)  # the key was used

    assert "api_key: set (redacted)" in "".join(outputs)
    files = [p for p in tmp_path.rglob("*") if p.is_file() and "seeds" not in p.parts]
    assert any(p.suffix == ".db" for p in files) and any(p.suffix == ".eml" for p in files)
    for secret in (KEY, PASSWORD):
        for blob in outputs:
            assert secret not in blob
        for path in files:
            assert secret.encode() not in path.read_bytes(), path

"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests: the `smtp` fixture.

    def test_x(smtp: Recorder) -> None: ...            # BRIEF_SMTP_* point at it
    @pytest.mark.parametrize("smtp", [{"refuse": ("b@example.org",)}], indirect=True)
"""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Recorder:
    """An SMTP handler that keeps what it receives and refuses chosen mailboxes."""

    def __init__(self, refuse: tuple[str, ...] = (), busy: int = 0) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.refuse = set(refuse)
        self.busy = busy  # answer this many DATA commands with 451 first

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.busy:
            self.busy -= 1
            return "451 4.3.0 try again later"
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(raw, policy=default) for _, raw in self.received]  # type: ignore[misc]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _deny(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    return AuthResult(success=False, handled=False)


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Recorder]:
    options = getattr(request, "param", {})
    handler = Recorder(options.get("refuse", ()), options.get("busy", 0))
    port = _free_port()
    extra = {"authenticator": _deny, "auth_require_tls": False} if options.get("auth") else {}
    controller = Controller(handler, hostname="127.0.0.1", port=port, **extra)
    controller.start()
    monkeypatch.setenv("BRIEF_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("BRIEF_SMTP_PORT", str(port))
    monkeypatch.setenv("BRIEF_SMTP_SECURITY", "none")
    yield handler
    controller.stop()



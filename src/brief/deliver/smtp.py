"""Deliver a brief by SMTP, exactly once per recipient.

One message per recipient, logged in the store (brief content hash + recipient)
as soon as the server accepts it: a re-run sends nothing already sent, and a run
cut short resumes with the rest. Transient failures (connection, timeouts, 4xx)
are retried with backoff; a recipient the server refuses for good is reported by
name and the others still get the brief; a refused login stops the run.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Literal

import yaml
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from brief.deliver.mail import body_of, compose, title_of
from brief.errors import BriefError, ConfigError
from brief.store import Store

log = logging.getLogger(__name__)

Security = Literal["starttls", "ssl", "none"]


class DeliveryError(BriefError):
    """The SMTP server cannot be used (refused login, unreachable after retries)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: Security = "starttls"
    user: str | None = None
    password: str | None = None  # kept here only; never logged or stored
    timeout: float = 30.0
    attempts: int = 4
    wait_max: float = 30.0

    @classmethod
    def from_env(cls, config: Mapping[str, object] | None = None) -> SmtpSettings:
        """BRIEF_SMTP_HOST/PORT/SECURITY/USER/PASSWORD, over the config's [smtp]."""
        base = dict(config or {})
        env = {k.removeprefix("BRIEF_SMTP_").lower(): v for k, v in os.environ.items()
               if k.startswith("BRIEF_SMTP_")}
        merged = {**base, **env}
        if not merged.get("host"):
            raise ConfigError("no SMTP server: set BRIEF_SMTP_HOST or [smtp] host in brief.toml")
        security = str(merged.get("security", "starttls"))
        if security not in ("starttls", "ssl", "none"):
            raise ConfigError(f"SMTP security {security!r}: use starttls, ssl or none")
        return cls(host=str(merged["host"]), port=int(str(merged.get("port", 587))),
                   security=security,  # type: ignore[arg-type]
                   user=str(merged["user"]) if merged.get("user") else None,
                   password=str(merged["password"]) if merged.get("password") else None)

    def __repr__(self) -> str:
        return (f"SmtpSettings(host={self.host!r}, port={self.port}, security="
                f"{self.security!r}, user={self.user!r}, password=[redacted])")


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    held: list[str] = field(default_factory=list)  # sent another version of this period

    def summary(self) -> str:
        held = (f", {len(self.held)} held (they have this period's brief in another "
                "version: --resend sends the correction)") if self.held else ""
        return (f"{len(self.sent)} sent, {len(self.already_sent)} already sent, "
                f"{len(self.refused)} refused{held}")

    def as_dict(self) -> dict[str, object]:
        return {"sent": self.sent, "already_sent": self.already_sent,
                "refused": self.refused, "held": self.held}


def _transient(error: BaseException) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError,
                              socket.timeout, ConnectionError))


def content_key(brief: str) -> str:
    """What the reader receives, hashed: the brief without its run metadata."""
    return hashlib.sha256(body_of(brief).encode("utf-8")).hexdigest()


def period_of(brief: str) -> str:
    """The period a brief covers ("2026-01-05..2026-01-11"), from its front matter."""
    found = re.match(r"\A---\n.*?\n---\n", brief, re.S)
    try:
        meta = yaml.safe_load(found.group()[4:-4]) if found else None
    except yaml.YAMLError:
        meta = None
    period = meta.get("period") if isinstance(meta, dict) else None
    if isinstance(period, dict) and period.get("since") and period.get("until"):
        return f"{period['since']}..{period['until']}"
    return ""


def send_brief(store: Store, settings: SmtpSettings, brief: str, *, sender: str,
               recipients: list[str], subject: str | None = None,
               links: Collection[str] = (), resend: bool = False) -> SendReport:
    """Send `brief` to each recipient once per period. Raises DeliveryError.

    A recipient already sent this content for this period gets nothing; one sent
    another version of this period's brief gets the new one only with `resend`, and
    its subject then says it is a correction.
    """
    report, key, period = SendReport(), content_key(brief), period_of(brief)
    for recipient in dict.fromkeys(recipients):
        versions = store.delivered(period or key, recipient)
        if key in versions:
            report.already_sent.append(recipient)
            continue
        if versions and not resend:
            report.held.append(recipient)
            continue
        title = subject or title_of(brief)
        message = compose(brief, sender=sender, recipients=[recipient],
                          subject=f"Corrected: {title}" if versions else title, links=links)
        try:
            _send_with_retries(settings, message, sender, recipient)
        except smtplib.SMTPRecipientsRefused as e:
            code, reason = e.recipients.get(recipient, (550, b"refused"))
            report.refused[recipient] = f"{code} {reason.decode(errors='replace')}"
            log.error("%s refused by %s: %s", recipient, settings.host,
                      report.refused[recipient])
            continue
        store.mark_delivered(period or key, recipient, key, str(message["Message-ID"]))
        report.sent.append(recipient)
        log.info("sent to %s", recipient)
    return report


def _send_with_retries(settings: SmtpSettings, message: EmailMessage, sender: str,
                       recipient: str) -> None:
    retrying = Retrying(
        retry=retry_if_exception(_transient),
        wait=wait_random_exponential(multiplier=1, max=settings.wait_max),
        stop=stop_after_attempt(settings.attempts), reraise=True,
        before_sleep=lambda rs: log.warning(
            "SMTP %s: %s; retrying", settings.host,
            rs.outcome.exception() if rs.outcome else "error"),
    )
    try:
        retrying(_send_once, settings, message, sender, recipient)
    except smtplib.SMTPAuthenticationError as e:
        raise DeliveryError(
            f"{settings.host} refused the login for {settings.user!r} ({e.smtp_code}): "
            "check BRIEF_SMTP_USER and BRIEF_SMTP_PASSWORD") from e
    except smtplib.SMTPRecipientsRefused:
        raise
    except (smtplib.SMTPException, OSError) as e:
        raise DeliveryError(f"{settings.host}:{settings.port}: {e}") from e


def _send_once(settings: SmtpSettings, message: EmailMessage, sender: str,
               recipient: str) -> None:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if settings.security == "ssl":
        client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                  context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with client:
        if settings.security == "starttls":
            client.starttls(context=context)
        if settings.user:
            client.login(settings.user, settings.password or "")
        client.send_message(message, from_addr=sender, to_addrs=[recipient])

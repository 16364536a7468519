"""Email over a real SMTP server on 127.0.0.1 (aiosmtpd), and the .eml dry run."""

from __future__ import annotations

import email
import html
import json
import re
import shutil
import subprocess
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.render.escape import md_plain
from brief.store import Store
from smtp_server import Recorder

from conftest import ScriptedModel

HOSTILE = ("Officials said the plan <script>alert('pwned')</script> would be signed soon, "
           "and a photo <img src=x onerror=alert(1)> of the signing was shared widely.")
PASSWORD = "s3cret-smtp-pass"


@pytest.fixture
def brief(seeds: Path, fake_model: ScriptedModel) -> Path:
    (seeds / "hostile.md").write_text(f"---\ndate: 2026-01-07\n---\n{HOSTILE}\n",
                                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", "--since", "2025-01-01", "--until",
                                      "2026-06-30", str(seeds)])
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    # It is in the brief as text: escaped, so no Markdown renderer reads it as a tag.
    assert "\\<script\\>" in path.read_text(encoding="utf-8")
    return path


def send(brief: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["email", str(brief), "--from", "briefs@example.org",
                                      *args])
    return result.exit_code, result.stdout, result.stderr


def parts(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    rich = message.get_body(("html",))
    assert plain is not None and rich is not None
    return plain.get_content(), rich.get_content()


def test_a_multipart_email_with_every_citation_and_no_script(brief: Path, smtp: Recorder) -> None:
    code, out, err = send(brief, "--to", "a@example.org", "--to", "b@example.org")
    assert code == 0, err
    assert out.strip() == "2 sent, 0 already sent, 0 refused"
    assert sorted(r for rcpts, _ in smtp.received for r in rcpts) == ["a@example.org",
                                                                      "b@example.org"]
    message = smtp.messages()[0]
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "Policy brief"
    text, page = parts(message)
    markdown = brief.read_text(encoding="utf-8")
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.+)$", markdown, re.M))
    assert notes
    for number, note in notes.items():
        assert f'href="#fn:{number}"' in page  # the superscript link
        quote = re.match(r"“(.+?)”(?= … “| — )", note)
        assert quote and html.escape(md_plain(quote.group(1)), quote=False) in page
        assert note in text
    # The article's markup arrives as text, never as markup.
    assert not re.search(r"<script", page, re.I)
    assert not re.search(r"<[^>]*\bonerror\s*=", page, re.I)
    assert not re.search(r"<img\b", page, re.I)
    assert "&lt;script&gt;" in page
    # Nothing is loaded from elsewhere: no src attributes at all.
    assert not re.search(r"<[^>]*\ssrc\s*=", page, re.I)


def test_a_second_run_sends_nothing(brief: Path, smtp: Recorder) -> None:
    assert send(brief, "--to", "a@example.org")[0] == 0
    code, out, _ = send(brief, "--to", "a@example.org", "--to", "b@example.org")
    assert code == 0 and out.strip() == "1 sent, 1 already sent, 0 refused"
    assert len(smtp.received) == 2


def test_the_same_period_generated_again_is_not_mailed_again(brief: Path,
                                                            smtp: Recorder) -> None:
    assert send(brief, "--to", "a@example.org")[0] == 0
    again = CliRunner().invoke(cli, ["generate", "--since", "2025-01-01", "--until",
                                     "2026-06-30"])  # a new run id and time, same content
    assert again.exit_code == 0, again.stderr
    assert Path(again.stdout.strip()) == brief
    code, out, _ = send(brief, "--to", "a@example.org")
    assert code == 0 and out.strip() == "0 sent, 1 already sent, 0 refused"
    assert len(smtp.received) == 1


def test_a_corrected_brief_goes_out_only_when_asked_and_says_so(brief: Path,
                                                               smtp: Recorder) -> None:
    assert send(brief, "--to", "a@example.org")[0] == 0
    text = brief.read_text(encoding="utf-8")
    brief.write_text(text.replace("## Key points", "## Key points\n\n*Corrected.*", 1),
                     encoding="utf-8")
    code, out, _ = send(brief, "--to", "a@example.org", "--to", "new@example.org")
    assert code == 0 and out.strip().startswith("1 sent, 0 already sent, 0 refused, 1 held")
    assert [r for rcpts, _ in smtp.received for r in rcpts] == ["a@example.org",
                                                                 "new@example.org"]
    assert smtp.messages()[1]["Subject"] == "Policy brief"  # new: not a correction to them
    code, out, _ = send(brief, "--to", "a@example.org", "--resend")
    assert code == 0 and out.strip() == "1 sent, 0 already sent, 0 refused"
    assert smtp.messages()[2]["Subject"] == "Corrected: Policy brief"
    assert send(brief, "--to", "a@example.org", "--resend")[1].strip().startswith("0 sent")


@pytest.mark.parametrize("smtp", [{"refuse": ("gone@example.org",)}], indirect=True)
def test_a_refused_recipient_is_named_and_the_others_still_get_it(brief: Path,
                                                                  smtp: Recorder) -> None:
    code, out, err = send(brief, "--to", "gone@example.org", "--to", "a@example.org")
    assert code == 1
    assert out.strip() == "1 sent, 0 already sent, 1 refused"
    assert "gone@example.org: refused (550" in err
    assert [r for rcpts, _ in smtp.received for r in rcpts] == ["a@example.org"]


@pytest.mark.parametrize("smtp", [{"busy": 1}], indirect=True)
def test_a_transient_refusal_is_retried(brief: Path, smtp: Recorder,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("brief.deliver.smtp.wait_random_exponential",
                        lambda **_: (lambda retry_state: 0.01))
    code, out, err = send(brief, "--to", "a@example.org")
    assert code == 0, err
    assert out.strip() == "1 sent, 0 already sent, 0 refused"
    assert "451" in err and "retrying" in err
    assert len(smtp.received) == 1


@pytest.mark.parametrize("smtp", [{"auth": True}], indirect=True)
def test_a_refused_login_is_a_clear_error(brief: Path, smtp: Recorder,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEF_SMTP_USER", "briefs")
    monkeypatch.setenv("BRIEF_SMTP_PASSWORD", PASSWORD)
    code, out, err = send(brief, "--to", "a@example.org")
    assert code == 1
    assert "refused the login for 'briefs'" in err and "BRIEF_SMTP_PASSWORD" in err
    assert PASSWORD not in out + err
    assert smtp.received == []


def test_dry_run_writes_an_eml_that_parses(brief: Path) -> None:
    code, out, err = send(brief, "--to", "a@example.org", "--dry-run")
    assert code == 0, err
    eml = Path(out.strip())
    assert eml == brief.with_suffix(".eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=default)
    assert message["To"] == "a@example.org"
    text, page = parts(message)  # type: ignore[arg-type]
    assert "## Key points" in text and "<h2" in page


def test_weekly_generates_then_sends(seeds: Path, fake_model: ScriptedModel,
                                     smtp: Recorder) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(seeds)]).exit_code == 0
    result = runner.invoke(cli, ["weekly", "--since", "2025-01-01", "--to", "a@example.org",
                                 "--from", "briefs@example.org"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "1 sent, 0 already sent, 0 refused"
    assert len(smtp.received) == 1


def test_weekly_run_twice_in_a_day_mails_once_and_records_what_it_sent(
        seeds: Path, fake_model: ScriptedModel, smtp: Recorder) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(seeds)]).exit_code == 0
    args = ["weekly", "--to", "a@example.org", "--to", "b@example.org",
            "--from", "briefs@example.org"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.stderr
    second = runner.invoke(cli, args)  # a cron that fires twice
    assert second.exit_code == 0, second.stderr
    assert second.stdout.strip() == "0 sent, 2 already sent, 0 refused"
    assert len(smtp.received) == 2
    last = Store(Path(".brief/brief.db")).last_run("weekly")
    assert last is not None
    detail = json.loads(last["detail"])
    assert detail["already_sent"] == ["a@example.org", "b@example.org"]
    assert detail["sent"] == []


@pytest.mark.screenshot
def test_the_html_part_as_a_person_sees_it(brief: Path, tmp_path: Path) -> None:
    """Renders the email's HTML in headless Chromium to email.png, to look at."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    code, out, _ = send(brief, "--to", "a@example.org", "--dry-run")
    assert code == 0
    message = email.message_from_bytes(Path(out.strip()).read_bytes(), policy=default)
    page = tmp_path / "email.html"
    page.write_text(parts(message)[1], encoding="utf-8")  # type: ignore[arg-type]
    png = tmp_path / "email.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=800,2400",
                    f"--screenshot={png}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert png.stat().st_size > 10_000
    shown = Path("/tmp/brief-email.png")
    shutil.copy(png, shown)  # where a person (or CI artefact step) can open it


def test_footnotes_side_by_side_stay_apart_in_the_html() -> None:
    """A sentence citing footnotes 1 and 2 must not read as citing footnote 12."""
    from brief.deliver.mail import to_html

    page = to_html("# Brief\n\nTroops were pledged.[^1][^2]\n\n[^1]: “a”\n[^2]: “b”\n")
    shown = re.sub(r"<[^>]+>", "", page)
    assert "pledged.1,2" in shown
    assert "pledged.12" not in shown

"""Kill -9 in the middle of ``kabinet mail fetch`` (a real process reading the real IMAP
server), run it again, and compare the mailbox with the tickets: nothing lost, nothing
twice, nothing left unread."""

from __future__ import annotations

import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kabinet.channels.email.tests.imap_server import Dovecot

ROOT = Path(__file__).resolve().parents[4]
MESSAGES = 120
PEOPLE = 12  # the loop guard hears at most 20 messages of one sender in 10 minutes
KILL_AFTER = 25
DEADLINE_SECONDS = 240


def _environment(data: Path) -> dict[str, str]:
    env = {**os.environ, "KABINET_DATA_DIR": str(data), "SECRET_KEY": secrets.token_hex(32)}
    env.pop("DATABASE_URL", None)  # the SQLite file under data/, read below while it runs
    env["DJANGO_SETTINGS_MODULE"] = "kabinet.settings"
    env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    return env


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _message(index: int) -> bytes:
    return (
        f"From: person{index % PEOPLE}@crash.test\r\n"
        "To: support@crash-partner.test\r\n"
        f"Subject: Crash request {index}\r\n"
        f"Message-ID: <crash-{index}@crash.test>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"Request number {index}, written once.\r\n"
    ).encode()


def _recorded(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as db:
            (count,) = db.execute("SELECT COUNT(*) FROM mail_inboundmessage").fetchone()
            return int(count)
    except sqlite3.OperationalError:
        return 0


@pytest.mark.skipif(
    os.environ.get("KABINET_REQUIRE_POSTGRES") == "1", reason="runs its own SQLite file"
)
def test_intake_killed_mid_batch_loses_nothing_and_doubles_nothing(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    env = _environment(tmp_path)
    _run(env, "-m", "kabinet", "migrate", "--no-input", "-v0")
    folder = dovecot.new_folder()
    _run(
        env,
        *("-m", "kabinet.channels.email.tests.crash_site", "setup"),
        *("--host", dovecot.host, "--port", str(dovecot.port)),
        *("--user", dovecot.user, "--password", dovecot.password, "--folder", folder),
        *("--people", str(PEOPLE)),
    )
    dovecot.append(folder, [_message(i) for i in range(MESSAGES)])

    fetch = [sys.executable, "-m", "kabinet", "mail", "fetch", "--no-progress"]
    first = subprocess.Popen(fetch, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    database = tmp_path / "kabinet.sqlite3"
    deadline = time.monotonic() + DEADLINE_SECONDS
    while _recorded(database) < KILL_AFTER and time.monotonic() < deadline:
        assert first.poll() is None, "the intake finished before it could be killed"
        time.sleep(0.01)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    killed_at = _recorded(database)
    assert KILL_AFTER <= killed_at < MESSAGES, killed_at

    _run(env, *fetch[1:])
    _run(env, *fetch[1:])  # and once more: nothing new, nothing twice
    report: dict[str, Any] = json.loads(
        _run(env, "-m", "kabinet.channels.email.tests.crash_site", "report")
    )

    inbound = report["inbound"]
    expected = {f"<crash-{i}@crash.test>" for i in range(MESSAGES)}
    assert sorted(row[0] for row in inbound) == sorted(expected), "each message recorded once"
    assert {row[1] for row in inbound} == {"opened"}
    tickets = report["tickets"]
    assert len(tickets) == MESSAGES
    assert sorted(row[2] for row in inbound) == sorted(number for number, _ in tickets)
    descriptions = sorted(description for _, description in tickets)
    assert descriptions == sorted(f"Request number {i}, written once." for i in range(MESSAGES))
    assert dovecot.count(folder, "UNSEEN") == 0
    assert dovecot.count(folder) == MESSAGES

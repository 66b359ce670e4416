"""A real IMAP server for the tests: Debian's dovecot (installed by .ci/run), started once
per test session as an unprivileged process with its configuration, users and mail in a
temporary folder and its listener on a free port of 127.0.0.1. Each test gets a folder of
its own in the one account."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "kabinet", "imap-test-secret"
STARTUP_SECONDS = 30

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class Dovecot:
    root: Path
    port: int
    process: subprocess.Popen[bytes]
    host: str = "127.0.0.1"
    user: str = USER
    password: str = PASSWORD

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port)
        client.login(self.user, self.password)
        return client

    def new_folder(self) -> str:
        name = f"t{uuid.uuid4().hex[:12]}"
        client = self.client()
        try:
            status, _ = client.create(name)
            assert status == "OK"
        finally:
            client.logout()
        return name

    def recreate(self, folder: str) -> None:
        """The folder renamed away and made anew, empty, under its name."""
        client = self.client()
        try:
            assert client.rename(folder, f"{folder}-old")[0] == "OK"
            assert client.create(folder)[0] == "OK"
        finally:
            client.logout()

    def append(self, folder: str, messages: list[bytes]) -> None:
        client = self.client()
        try:
            for raw in messages:
                status, answer = client.append(folder, None, None, raw)
                assert status == "OK", answer
        finally:
            client.logout()

    def deliver(self, folder: str, messages: list[bytes]) -> None:
        """Put messages into the folder as a local delivery agent does (files in the
        Maildir's ``new/``): dovecot's APPEND rewrites its UID list each time, quadratic
        over tens of thousands of messages; the benchmark's mailbox is filled this way."""
        new = self.root / "home" / self.user / "Maildir" / f".{folder}" / "new"
        owner = new.parent.stat()
        for made in (new, new.parent / "tmp"):
            made.mkdir(exist_ok=True)
            os.chown(made, owner.st_uid, owner.st_gid)
        stamp = int(time.time())
        for index, raw in enumerate(messages):
            path = new / f"{stamp}.M{index}P{os.getpid()}.kabinet"
            path.write_bytes(raw.replace(b"\r\n", b"\n"))
            os.chown(path, owner.st_uid, owner.st_gid)

    def count(self, folder: str, criterion: str = "ALL") -> int:
        client = self.client()
        try:
            client.select(folder, readonly=True)
            _, data = client.uid("SEARCH", criterion)
            return len(data[0].split()) if data and data[0] else 0
        finally:
            client.logout()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def start_dovecot() -> Dovecot:
    """Started as root's ``dovecot`` system user when the tests run as root (CI), otherwise
    as the tests' own user: never with root's rights."""
    root = Path(tempfile.mkdtemp(prefix="kabinet-dovecot-"))
    root.chmod(0o755)
    for folder in ("run", "state", "home"):
        (root / folder).mkdir()
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    if os.geteuid() == 0:
        account = pwd.getpwnam("dovecot")
        for path in [root, *root.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)
        user = account.pw_name
        run_as: tuple[int | None, int | None] = (account.pw_uid, account.pw_gid)
    else:
        account = pwd.getpwuid(os.geteuid())
        user, run_as = account.pw_name, (None, None)
    group = _group_name(account.pw_gid)
    port = free_port()
    (root / "dovecot.conf").write_text(CONFIG.format(root=root, user=user, group=group, port=port))
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        user=run_as[0],
        group=run_as[1],
    )
    server = Dovecot(root=root, port=port, process=process)
    _wait_until_ready(server)
    return server


def _group_name(gid: int) -> str:
    import grp

    return grp.getgrgid(gid).gr_name


def _wait_until_ready(server: Dovecot) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = server.root / "dovecot.log"
            detail = log.read_text() if log.exists() else ""
            raise RuntimeError(f"dovecot exited with {server.process.returncode}: {detail}")
        try:
            server.client().logout()
            return
        except (OSError, imaplib.IMAP4.error):
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("dovecot did not start listening in time")

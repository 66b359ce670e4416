"""The scale-out test (``python -m kabinet.operations.tests.scale_out``, run by ``.ci/run``):
Kabinet as several machines would run it, on PostgreSQL (a database of its own) and Redis.

Two gunicorn web processes on two ports, two Celery workers per queue, two beats racing for
the lease, a real SMTP server (aiosmtpd). Clients spread creates (with Idempotency-Key,
retried on the other web process when one dies) and replies over both web processes, while
tickets on a one-minute reaction target come due, and the contract's calendar is saved
twice (each save queues a recompute of every open deadline for the two ``recompute``
workers, run while the scan and the replies write the same tickets). Mid-run one web
process (its whole process group) and one SLA worker are killed with SIGKILL. At the end:
every accepted request is in the database once, every due warning and breach is recorded
once, every notification is delivered, none twice, every recompute finished. Prints the
figures; exits non-zero on any failure.

The killed worker is an SLA worker: its scan's transaction dies with it and the other
worker's next scan takes the tickets. A notification sender killed in the middle of a send
would hold its claim for the claim lease (minutes, by design) and could send that one message
twice (delivery is at-least-once across a crash), which no run of a few minutes can show.
"""

from __future__ import annotations

import email
import itertools
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from kabinet.operations.tests.scale_out_figures import verify, wait

ROOT = Path(__file__).resolve().parents[3]
PY = sys.executable
LOAD_SECONDS = float(os.environ.get("KABINET_SCALE_OUT_LOAD_SECONDS", "30"))
CLIENTS = int(os.environ.get("KABINET_SCALE_OUT_CLIENTS", "6"))
REACTION_MINUTES = 1
METRICS_TOKEN = secrets.token_urlsafe(24)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    """What the SMTP server received: Message-ID -> how many times."""

    received: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            for _recipient in envelope.rcpt_tos:
                self.received[str(message["Message-ID"])] += 1
        return "250 OK"


@dataclass
class Load:
    accepted_creates: dict[str, str] = field(default_factory=dict)  # key -> number
    accepted_replies: dict[str, str] = field(default_factory=dict)  # token -> number
    unanswered: int = 0
    retries: int = 0
    # Web processes a connection failed to, skipped from then on (as a load balancer's
    # health check would).
    down: set[str] = field(default_factory=set)

    def pick(self, webs: list[str], turn: int) -> str:
        live = [web for web in webs if web not in self.down] or webs
        return live[turn % len(live)]

    lock: threading.Lock = field(default_factory=threading.Lock)


class Cluster:
    def __init__(self, env: dict[str, str], data: Path) -> None:
        self.env = env
        self.data = data
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, command: list[str]) -> None:
        log = (self.data / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str) -> None:
        """SIGKILL to the process and every process it started (gunicorn's workers)."""
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _seed() -> dict[str, Any]:
    """Organisations, people with API tokens, and a contract whose package gives
    criticality 1 a one-minute reaction on the 24×7 calendar."""
    from kabinet.contracts.models import CalendarKey, DurationUnit, TargetKind
    from kabinet.contracts.tests.factories import ContractFactory, PackageFactory
    from kabinet.orgs.actions import grant_role, issue_api_token
    from kabinet.orgs.models import OrganisationKind, Role
    from kabinet.orgs.tests.factories import OrganisationFactory, PersonFactory

    partner = OrganisationFactory.create(name="Partner", kind=OrganisationKind.PARTNER)
    customer = OrganisationFactory.create(name="Customer")
    package = PackageFactory.create(
        critical_conditions_apply=False,
        targets=[
            (1, TargetKind.REACTION, REACTION_MINUTES, DurationUnit.MINUTES, CalendarKey.ALWAYS),
            (1, TargetKind.UPDATE, 10, DurationUnit.HOURS, CalendarKey.ALWAYS),
        ],
    )
    contract = ContractFactory.create(supplier=partner, customer=customer, package=package)
    tokens: dict[str, list[str]] = {"contact": [], "engineer": []}
    for role, org, kind in (
        ("contact", customer, Role.AUTHORISED_CONTACT),
        ("engineer", partner, Role.ENGINEER),
    ):
        for index in range(2):
            person = PersonFactory.create(username=f"{role}{index}")
            grant_role(organisation=org, person=person, role=kind)
            tokens[role].append(issue_api_token(person, "scale-out")[1])
    return {"contract": contract.pk, "tokens": tokens}


def _client(load: Load, webs: list[str], seed: dict[str, Any], stop_at: float, number: int) -> None:
    """One client: creates criticality-1 tickets, replies to every other one."""
    session = requests.Session()
    contact = {"Authorization": f"Bearer {seed['tokens']['contact'][number % 2]}"}
    engineer = {"Authorization": f"Bearer {seed['tokens']['engineer'][number % 2]}"}
    turn = itertools.count(number)
    while time.monotonic() < stop_at:
        key = uuid.uuid4().hex
        body = {
            "contract": seed["contract"],
            "subject": f"Load {key[:8]}",
            "description": "Scale-out load.",
            "criticality": 1,
            "is_production": True,
        }
        ticket = None
        for attempt in range(6):  # the same key on the other web process: never a second ticket
            web = load.pick(webs, next(turn))
            try:
                response = session.post(
                    f"{web}/api/v1/tickets",
                    json=body,
                    timeout=20,
                    headers={**contact, "Idempotency-Key": key},
                )
            except requests.RequestException:
                with load.lock:
                    load.retries += attempt == 0
                    load.down.add(web)
                continue
            if response.status_code in (200, 201):
                ticket = response.json()["number"]
                break
        with load.lock:
            if ticket is None:
                load.unanswered += 1
                continue
            load.accepted_creates[key] = ticket
        if int(key[:2], 16) % 2:
            continue
        token = f"reply-{uuid.uuid4().hex}"
        web = load.pick(webs, next(turn))
        try:
            response = session.post(
                f"{web}/api/v1/tickets/{ticket}/replies",
                json={"body": token},
                timeout=20,
                headers=engineer,
            )
        except requests.RequestException:
            with load.lock:
                load.unanswered += 1
                load.down.add(web)
            continue
        with load.lock:
            if response.status_code == 201:
                load.accepted_replies[token] = ticket
            else:
                load.unanswered += 1


def _save_calendar(seed: dict[str, Any], day: int) -> None:
    """A holiday far ahead: no 24×7 deadline of the load moves, but every open ticket is
    recomputed by a recompute worker while the load goes on."""
    from kabinet.contracts.actions import ChangeAuthor, change_business_calendar
    from kabinet.contracts.models import Contract

    contract = Contract.objects.get(pk=seed["contract"])
    spec = {**contract.business_calendar, "holidays": [f"2099-01-{day:02d}"]}
    change_business_calendar(contract=contract, spec=spec, author=ChangeAuthor(person=None))


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def main() -> int:
    """A database of the run's own, dropped at the end whatever happens."""
    database = f"kabinet_scale_out_{os.getpid()}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    try:
        return _in_database(database)
    finally:
        from django.db import connections

        connections.close_all()
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", database], check=False
        )


def _in_database(database: str) -> int:
    started = time.monotonic()
    redis_url = os.environ.get("KABINET_SCALE_OUT_REDIS", "redis://127.0.0.1:6379/13")
    import redis

    redis.Redis.from_url(redis_url).flushdb()  # this database number is the test's own
    data = Path(tempfile.mkdtemp(prefix="kabinet-scale-out-"))
    (data / "prometheus").mkdir()
    mailbox = Mailbox()
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    smtp = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "kabinet.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": redis_url,
        "KABINET_DATA_DIR": str(data),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "5",
        "KABINET_SLA_SCAN_SECONDS": "3",
        "KABINET_DELIVERY_SECONDS": "2",
        "KABINET_BEAT_LEASE_SECONDS": "6",
        "KABINET_READY_SCAN_SECONDS": "30",
        "KABINET_METRICS_TOKEN": METRICS_TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(data / "prometheus"),
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    os.environ.update(env)
    cluster = Cluster(env, data)
    code = 1
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        code = _run(cluster, _seed(), mailbox, started)
        return code
    finally:
        cluster.stop()
        smtp.stop()
        if code == 0:
            shutil.rmtree(data, ignore_errors=True)
        else:
            print(f"scale-out: the processes' logs are in {data}")


def _run(cluster: Cluster, seed: dict[str, Any], mailbox: Mailbox, started: float) -> int:
    from kabinet.celery import app

    ports = [_free_port(), _free_port()]
    webs = [f"http://127.0.0.1:{port}" for port in ports]
    for index, port in enumerate(ports):
        cluster.start(
            f"web{index}",
            [
                PY,
                "-m",
                "gunicorn",
                "kabinet.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "2",
                "--graceful-timeout",
                "5",
            ],
        )
    routes = app.conf.task_routes or {}
    queues = sorted({"sla", "notifications", *(r["queue"] for r in routes.values())})
    queues = [q if q != "notifications" else "notifications,celery" for q in queues]
    for queue in queues:
        for index in range(2):
            cluster.start(
                f"worker-{queue.split(',')[0]}-{index}",
                [
                    PY,
                    "-m",
                    "celery",
                    "-A",
                    "kabinet.celery",
                    "worker",
                    "--pool=solo",
                    "--without-mingle",
                    "--without-gossip",
                    "-Q",
                    queue,
                    "-n",
                    f"{queue.split(',')[0]}{index}@%h",
                    "--loglevel=WARNING",
                ],
            )
    for index in range(2):
        cluster.start(
            f"beat{index}",
            [
                PY,
                "-m",
                "celery",
                "-A",
                "kabinet.celery",
                "beat",
                "--loglevel=INFO",
                "-s",
                str(cluster.data / f"beat{index}-schedule"),
            ],
        )
    wait(lambda: all(_answers(f"{web}/healthz") for web in webs), 60, "the web processes")
    wait(lambda: _answers(f"{webs[1]}/readyz"), 60, "/readyz (a first SLA scan)")

    load = Load()
    stop_at = time.monotonic() + LOAD_SECONDS
    clients = [
        threading.Thread(target=_client, args=(load, webs, seed, stop_at, n))
        for n in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    kills = []
    time.sleep(LOAD_SECONDS / 4)
    _save_calendar(seed, 2)
    time.sleep(LOAD_SECONDS / 12)
    cluster.kill("web0")
    kills.append("web0 (gunicorn master and its workers)")
    _save_calendar(seed, 3)
    time.sleep(LOAD_SECONDS / 6)
    cluster.kill("worker-sla-0")
    kills.append("worker-sla-0")
    for client in clients:
        client.join()
    load_end = time.monotonic()
    print(f"load: {LOAD_SECONDS:.0f} s from {CLIENTS} clients")
    return verify(load, kills, mailbox, started, load_end, webs[1], METRICS_TOKEN)


if __name__ == "__main__":
    sys.exit(main())

"""The HTTP side of ``bench/service.py``: gunicorn as production runs it, a plain client,
concurrent creates and the timed pages of the ticket list."""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service_db import HOST, ROOT, Seed

TICKETS_PATH = "/api/v1/tickets"
HTTP_TIMEOUT = 30.0
SERVER_START_TIMEOUT = 60.0
# Criticality mix of the created tickets: 1 (both confirmations), 2, 3, 4.
CRITICALITY_MIX = (1,) * 1 + (2,) * 3 + (3,) * 10 + (4,) * 6


@dataclass
class Sample:
    status: int
    seconds: float
    body: bytes


@dataclass
class Stats:
    count: int
    ok: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    first_error: str = ""

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Stats:
        ms = sorted(s.seconds * 1000 for s in samples)
        ok = sum(1 for s in samples if 200 <= s.status < 300)
        bad = next((s for s in samples if not 200 <= s.status < 300), None)
        error = "" if bad is None else f"HTTP {bad.status}: {bad.body[:500]!r}"
        if len(ms) < 2:
            only = ms[0] if ms else float("nan")
            return cls(len(ms), ok, only, only, only, error)
        q = statistics.quantiles(ms, n=100, method="inclusive")
        return cls(len(ms), ok, q[49], q[94], q[98], error)


# --------------------------------------------------------------------------- the server


def tickets_path() -> str:
    """The collection URL as the project routes it (with or without a trailing slash)."""
    from django.urls import Resolver404, resolve

    for path in (TICKETS_PATH, TICKETS_PATH + "/"):
        with contextlib.suppress(Resolver404):
            resolve(path)
            return path
    raise RuntimeError(f"{TICKETS_PATH} is not routed by kabinet.urls")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """gunicorn serving kabinet.wsgi on 127.0.0.1; a ``gunicorn.conf.py`` in the repository
    root (the production configuration, if the project has one) is read by gunicorn itself;
    bind and worker count given here win over it."""

    def __init__(
        self,
        env: dict[str, str],
        workers: int,
        log_path: Path,
        port: int = 0,
        *,
        python: str = sys.executable,
        app: str = "kabinet.wsgi:application",
        cwd: Path = ROOT,
    ) -> None:
        self.port = port or free_port()
        self.log_path = log_path
        self.cwd = cwd
        self.command = [
            python,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            "--log-level",
            "warning",
            "--error-logfile",
            str(log_path),
        ]
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, probe: Callable[[], Sample]) -> None:
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log_tail()}")
            if probe().status != 0:
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {SERVER_START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # our own session: master + workers
            process.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# ------------------------------------------------------------------------------- client


class Client:
    """One HTTP/1.1 request per connection (gunicorn's sync workers close after each)."""

    def __init__(self, port: int) -> None:
        self.port = port

    def call(
        self,
        method: str,
        path: str,
        token: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Sample:
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        conn = http.client.HTTPConnection(HOST, self.port, timeout=HTTP_TIMEOUT)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            payload = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            status, payload = 0, repr(exc).encode()
        finally:
            conn.close()
        return Sample(status, time.perf_counter() - started, payload)


def local_path(url: str) -> str:
    """Path and query of a ``next`` link; refuses anything but this loopback server."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in (None, "", HOST, "localhost"):
        raise RuntimeError(f"refusing to follow a link off 127.0.0.1: {url}")
    return parts.path + ("?" + parts.query if parts.query else "")


def drf_cursor(position: str) -> str:
    """A cursor positioned at ``position`` going forward (DRF CursorPagination's format)."""
    query = urllib.parse.urlencode({"p": position}, doseq=True)
    return base64.b64encode(query.encode("ascii")).decode("ascii")


def create_tickets(
    client: Client,
    path: str,
    seed_rows: Seed,
    total: int,
    clients: int,
    budget: float,
    first: int = 0,
) -> tuple[list[Sample], float]:
    """``total`` creates from ``clients`` threads, each with its own contact's token;
    ``first`` numbers them on from an earlier run, so that no idempotency key repeats."""

    def request(i: int) -> tuple[dict[str, Any], dict[str, str]]:
        criticality = CRITICALITY_MIX[i % len(CRITICALITY_MIX)]
        body = {
            "contract": seed_rows.contract_id,
            "subject": f"Bench ticket {i}: posting documents fails",
            "description": "Error 500 when posting a sales invoice. " * 4,
            "criticality": criticality,
            "is_production": True,
            "confirmed_phone_24x7": criticality == 1,
            "confirmed_email_1h": criticality == 1,
            "intake": {"product": "1C:ERP 2.5.17", "business_impact": "Invoices blocked"},
        }
        return body, {"Idempotency-Key": f"bench-{i}"}

    return post_load(client, path, seed_rows.contact_tokens, total, clients, budget, first, request)


def post_load(
    client: Client,
    path: str,
    tokens: Sequence[str],
    total: int,
    clients: int,
    budget: float,
    first: int,
    request: Callable[[int], tuple[dict[str, Any], dict[str, str]]],
) -> tuple[list[Sample], float]:
    """``total`` POSTs of ``request(i)`` from ``clients`` threads, one token each."""
    samples: list[Sample] = []
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + budget

    def next_index() -> int | None:
        nonlocal issued
        with lock:
            if issued >= total or time.monotonic() > deadline:
                return None
            issued += 1
            return first + issued - 1

    def worker(slot: int) -> None:
        token = tokens[slot % len(tokens)]
        while (i := next_index()) is not None:
            body, headers = request(i)
            sample = client.call("POST", path, token, body, headers=headers)
            with lock:
                samples.append(sample)

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def measure_list(
    client: Client, path: str, token: str, requests: int, middle: str
) -> tuple[Stats, Stats, Stats]:
    """One client, one request at a time, the three kinds interleaved (so that load drift
    hits them alike): the first page; pages 2-5 by their ``next`` links; a page in the
    middle of the history."""
    first: list[Sample] = []
    following: list[Sample] = []
    deep: list[Sample] = []
    deep_path = f"{path}?cursor={urllib.parse.quote(drf_cursor(middle))}"
    link: str | None = None
    depth = 0
    for _ in range(requests):
        sample = client.call("GET", path, token)
        first.append(sample)
        if link is None or depth >= 4:
            link, depth = _next_link(sample), 0
        if link is not None:
            sample = client.call("GET", local_path(link), token)
            following.append(sample)
            link, depth = _next_link(sample), depth + 1
        sample = client.call("GET", deep_path, token)
        if 200 <= sample.status < 300 and not json.loads(sample.body).get("results"):
            sample = Sample(599, sample.seconds, b"empty page at the middle cursor")
        deep.append(sample)
    return Stats.of(first), Stats.of(following), Stats.of(deep)


def _next_link(sample: Sample) -> str | None:
    if not 200 <= sample.status < 300:
        return None
    link = json.loads(sample.body).get("next")
    return link if isinstance(link, str) else None

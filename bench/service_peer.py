"""Ticket creation side by side with django-helpdesk, the peer named by issue "Speed".

Run from the repository root (the local PostgreSQL on 127.0.0.1, trust auth)::

    .venv/bin/python bench/service_peer.py                 # 3 rounds of 2,000 creates each
    .venv/bin/python bench/service_peer.py --quick         # 3 rounds of 300

django-helpdesk needs another Django than Kabinet's, so it lives in a virtualenv of its own,
``bench/out/peer-venv``, built on the first run from ``bench/peer/requirements.txt`` (exact
pins, from PyPI) and served by ``bench/peer/helpdesk_site`` (its documented settings, on
PostgreSQL, mail to a dummy backend). Each service gets a database unique to the run and
the identical harness: gunicorn with the same sync workers, the same HTTP client (one
request per connection, a bearer token per client thread), the same concurrency. Kabinet
creates through ``POST /api/v1/tickets`` (with an idempotency key, its SLA clocks and
outbox), the peer through ``POST /api/tickets/`` (its ticket form and first follow-up).
Every worker of both is warmed on the create path first (untimed). The two alternate, the
order flipping every round, and the figures are per-round ratios and their median. The
script is a report: it always exits 0 and ends with ``GOAL`` lines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import service_db
from service_db import ROOT, drop_database, migrate, recreate_database, seed, setup_django
from service_http import Client, Sample, Server, Stats, create_tickets, post_load, tickets_path

PEER_DIR = ROOT / "bench" / "peer"
PEER_VENV = ROOT / "bench" / "out" / "peer-venv"
PEER_PATH = "/api/tickets/"
GOAL_RATE_RATIO = 3.0


@dataclass
class Round:
    service: str
    rate: float
    stats: Stats


def peer_python() -> str:
    """The peer's virtualenv, built or brought up to date with its pinned requirements."""
    requirements = PEER_DIR / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    stamp = PEER_VENV / ".installed"
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"installing the peer into {PEER_VENV.relative_to(ROOT)} ...", flush=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-r", str(requirements)],
            check=True,
        )
        stamp.write_text(digest)
    return str(python)


def peer_env(dbname: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helpdesk_site.settings",
        "PEER_DB": dbname,
        "PEER_DB_PORT": str(service_db.PG_PORT),
        "PEER_SECRET_KEY": secrets.token_urlsafe(50),
    }


def prepare_peer(python: str, env: dict[str, str], clients: int) -> tuple[int, list[str]]:
    subprocess.run(
        [python, "-m", "django", "migrate", "-v", "0"], cwd=PEER_DIR, env=env, check=True
    )
    out = subprocess.run(
        [python, "-m", "helpdesk_site.prepare", str(clients)],
        cwd=PEER_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    prepared = json.loads(out.strip().splitlines()[-1])
    return int(prepared["queue"]), list(prepared["tokens"])


def peer_request(queue: int) -> Callable[[int], tuple[dict[str, Any], dict[str, str]]]:
    def request(i: int) -> tuple[dict[str, Any], dict[str, str]]:
        body = {
            "queue": queue,
            "title": f"Bench ticket {i}: posting documents fails",
            "description": "Error 500 when posting a sales invoice. " * 4,
            "submitter_email": f"contact{i % 16}@example.com",
            "priority": 1 + i % 5,
        }
        return body, {}

    return request


def probe(client: Client, path: str, token: str) -> Callable[[], Sample]:
    return lambda: client.call("GET", path, token)


def warm(client: Client, path: str, token: str, workers: int) -> None:
    for _ in range(workers * 4):  # every worker imports and connects before the timing
        client.call("GET", path, token)


def timed(samples_and_wall: tuple[list[Sample], float], service: str) -> Round:
    samples, wall = samples_and_wall
    stats = Stats.of(samples)
    rate = stats.ok / wall if wall > 0 else 0.0
    print(
        f"  {service:<16} {stats.ok:>6,} of {stats.count:,} in {wall:6.1f} s: "
        f"{rate:7.1f} tickets/s; p50 {stats.p50_ms:6.1f} ms, p95 {stats.p95_ms:6.1f} ms, "
        f"p99 {stats.p99_ms:6.1f} ms; non-2xx {stats.count - stats.ok}",
        flush=True,
    )
    if stats.first_error:
        print(f"    first error: {stats.first_error}")
    return Round(service, rate, stats)


def run(args: argparse.Namespace) -> None:
    ours_db, peer_db = f"{args.db}_kabinet", f"{args.db}_helpdesk"
    data_dir = Path(tempfile.mkdtemp(prefix="kabinet-peer-bench-"))
    (data_dir / "static").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kabinet.settings",
        "DATABASE_URL": service_db.database_url(ours_db),
        "KABINET_DATA_DIR": str(data_dir),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
    }
    servers: list[Server] = []
    rounds: list[tuple[Round, Round]] = []
    try:
        python = peer_python()
        for name in (ours_db, peer_db):
            recreate_database(name)
        migrate(env)
        setup_django(env)
        seed_rows = seed(args.clients)
        path = tickets_path()
        penv = peer_env(peer_db)
        queue, peer_tokens = prepare_peer(python, penv, args.clients)
        print(f"databases {ours_db} and {peer_db} ready; {args.clients} clients each")

        ours = Server(env, args.workers, data_dir / "kabinet.log")
        peer = Server(
            penv,
            args.workers,
            data_dir / "helpdesk.log",
            python=python,
            app="helpdesk_site.wsgi:application",
            cwd=PEER_DIR,
        )
        client_ours, client_peer = Client(ours.port), Client(peer.port)
        token_ours = seed_rows.contact_tokens[0]
        for server, client, probe_path, token in (
            (ours, client_ours, path, token_ours),
            (peer, client_peer, PEER_PATH, peer_tokens[0]),
        ):
            servers.append(server)
            server.start(probe(client, probe_path, token))
            warm(client, probe_path, token, args.workers)
        print(
            f"gunicorn, {args.workers} sync workers each: Kabinet on :{ours.port}, "
            f"django-helpdesk on :{peer.port}"
        )

        def kabinet_round(first: int) -> Round:
            return timed(
                create_tickets(
                    client_ours, path, seed_rows, args.tickets, args.clients, 600.0, first
                ),
                "Kabinet",
            )

        def peer_round(first: int) -> Round:
            return timed(
                post_load(
                    client_peer,
                    PEER_PATH,
                    peer_tokens,
                    args.tickets,
                    args.clients,
                    600.0,
                    first,
                    peer_request(queue),
                ),
                "django-helpdesk",
            )

        # Untimed: every worker of both sides has run the create path (its lazy imports,
        # caches and prepared state) before the first timed round.
        warm_creates = args.workers * 10
        after_rounds = args.rounds * args.tickets
        create_tickets(
            client_ours, path, seed_rows, warm_creates, args.clients, 600.0, after_rounds
        )
        post_load(
            client_peer,
            PEER_PATH,
            peer_tokens,
            warm_creates,
            args.clients,
            600.0,
            after_rounds,
            peer_request(queue),
        )
        print(f"warm-up: {warm_creates} creates each, untimed")

        for number in range(args.rounds):
            print(
                f"\n== round {number + 1}: {args.tickets:,} creates each, "
                f"{args.clients} concurrent clients"
            )
            first = number * args.tickets
            if number % 2 == 0:
                ours_round = kabinet_round(first)
                peer_round_ = peer_round(first)
            else:
                peer_round_ = peer_round(first)
                ours_round = kabinet_round(first)
            rounds.append((ours_round, peer_round_))
    except Exception:
        print("ERROR: the benchmark stopped early:")
        traceback.print_exc(file=sys.stdout)
        for server in servers:
            if server.log_tail():
                print(f"log tail:\n{server.log_tail()}")
    finally:
        for server in servers:
            server.stop()
        report(rounds)
        cleanup(args, (ours_db, peer_db), data_dir)


def report(rounds: Sequence[tuple[Round, Round]]) -> None:
    print("\n== summary (median of the per-round figures)")
    if not rounds:
        print("no complete round")
        print(f"GOAL creates/s >= {GOAL_RATE_RATIO:.0f}x django-helpdesk: FAIL (not measured)")
        return
    rate_ratios = [o.rate / p.rate for o, p in rounds if p.rate > 0]
    p95_ratios = [p.stats.p95_ms / o.stats.p95_ms for o, p in rounds if o.stats.p95_ms > 0]
    ours_rate = statistics.median(o.rate for o, _ in rounds)
    peer_rate = statistics.median(p.rate for _, p in rounds)
    ours_p95 = statistics.median(o.stats.p95_ms for o, _ in rounds)
    peer_p95 = statistics.median(p.stats.p95_ms for _, p in rounds)
    print(f"  Kabinet          {ours_rate:7.1f} tickets/s, p95 {ours_p95:6.1f} ms")
    print(f"  django-helpdesk  {peer_rate:7.1f} tickets/s, p95 {peer_p95:6.1f} ms")
    rate_ratio = statistics.median(rate_ratios) if rate_ratios else 0.0
    p95_ratio = statistics.median(p95_ratios) if p95_ratios else 0.0
    print(
        f"  creates/s ratio (Kabinet / peer), per round: "
        f"{', '.join(f'{r:.2f}' for r in rate_ratios)}; median {rate_ratio:.2f}x"
    )
    print(
        f"  p95 ratio (peer / Kabinet), per round: "
        f"{', '.join(f'{r:.2f}' for r in p95_ratios)}; median {p95_ratio:.2f}x"
    )
    verdict = "PASS" if rate_ratio >= GOAL_RATE_RATIO else "FAIL"
    print(
        f"GOAL creates/s >= {GOAL_RATE_RATIO:.0f}x django-helpdesk: {verdict} ({rate_ratio:.2f}x)"
    )


def cleanup(args: argparse.Namespace, names: Sequence[str], data_dir: Path) -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # a report: nothing to close is fine
        pass
    for name in names:
        if args.keep_db:
            print(f"database {name} kept")
            continue
        try:
            drop_database(name)
        except Exception as exc:  # a report: say so and go on
            print(f"could not drop {name}: {exc}")
    shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--db", default=f"kabinet_peer_{os.getpid()}", help="database prefix")
    parser.add_argument("--pg-port", type=int, default=service_db.PG_PORT)
    parser.add_argument("--tickets", type=int, default=2_000, help="creates per round each")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers each")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--quick", action="store_true", help="300 creates per round")
    args = parser.parse_args(argv)
    if args.quick:
        args.tickets = 300
    if not args.db.replace("_", "").isalnum():
        print(f"refusing database prefix {args.db!r}")
        return 0
    service_db.PG_PORT = args.pg_port
    started = time.perf_counter()
    run(args)
    print(f"(whole run {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

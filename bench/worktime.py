"""Benchmark of ``kabinet.worktime`` against the peers on PyPI.

Run from the repository root::

    .venv/bin/python bench/worktime.py            # full run, about 1-2 minutes
    .venv/bin/python bench/worktime.py --quick    # smaller counts, for a smoke test

Workload (the issue): Moscow 9:30-18:00 Mon-Fri with the Russian production calendar,
over 2025; seeded random starts anywhere in 2025 (any time of day, whole seconds) and
amounts of 1-80 working hours (whole minutes); ``between`` pairs are a random start and
an end up to 16 calendar days later. Every implementation gets the same inputs.

Measured, all in one run:

* scalar ``add`` and ``between`` calls per second with aware datetimes in and out
  (a peer that needs naive local datetimes pays for the conversion inside the timed
  call), and a peer used at its best on its own input type prepared outside the timing
  (timegrid on naive datetimes) as a line of its own; every engine timed back to back in
  rounds, the ratio to ours the median of the per-round ratios, GC off while timing;
* ``add_bulk`` / ``between_bulk`` of 1,000,000 items (float64 epoch seconds), median of
  repetitions, and the same through each peer's batch API where it has one (conversion
  from/to float64 epoch seconds included);
* the floor: a bare NumPy ``searchsorted`` over our compiled timeline;
* a sample of each peer's answers against ours, with the differences classified and
  printed rather than hidden.

The script is a report: it always exits 0. Goal lines say PASS or FAIL.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time as _time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import numpy as np

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worktime_check import check_add, check_between, print_check
from worktime_peers import (
    F64,
    MSK,
    PEER_CLASSES,
    RANGE_FIRST,
    RANGE_LAST,
    TZ_NAME,
    YEAR,
    Peer,
    Production,
    load_production,
)
from worktime_timing import Floor, Job, Timing, round_ratio, run_scalar, runner, time_bulk

SEED = 20250101
BULK_N = 1_000_000
SPEC: dict[str, Any] = {
    "timezone": TZ_NAME,
    "week": {
        "mon": [["09:30", "18:00"]],
        "tue": [["09:30", "18:00"]],
        "wed": [["09:30", "18:00"]],
        "thu": [["09:30", "18:00"]],
        "fri": [["09:30", "18:00"]],
        "sat": [],
        "sun": [],
    },
    "production_calendar": "ru",
}


# --------------------------------------------------------------------------- our engine


class Engine(Protocol):
    """The part of ``kabinet.worktime.Calendar`` this benchmark relies on."""

    def add(self, start: datetime, amount: timedelta) -> datetime: ...

    def between(self, a: datetime, b: datetime) -> timedelta: ...

    def add_bulk(self, starts: F64, amounts: F64) -> F64: ...

    def between_bulk(self, a: F64, b: F64) -> F64: ...

    def timeline_arrays(self, start_year: int, end_year: int) -> tuple[F64, F64, F64]: ...


def load_engine() -> tuple[Engine | None, str]:
    try:
        module = importlib.import_module("kabinet.worktime")
        engine: Engine = module.Calendar.from_spec(SPEC)
    except Exception as error:  # the engine may not have landed yet
        return None, f"{type(error).__name__}: {error}"
    return engine, "kabinet.worktime.Calendar.from_spec"


# ------------------------------------------------------------------------------- inputs


@dataclass
class Inputs:
    start_s: F64  # bulk starts, epoch seconds
    amount_s: F64  # bulk amounts, seconds
    a_s: F64  # bulk between: a
    b_s: F64  # bulk between: b
    starts: list[datetime]  # scalar: the first n of the above, as aware datetimes
    amounts: list[timedelta]
    a: list[datetime]
    b: list[datetime]


def make_inputs(n_bulk: int, n_scalar: int) -> Inputs:
    # One stream per column, so the first items (the scalar inputs and the checked
    # sample) are the same whatever n_bulk is.
    rng = [np.random.default_rng([SEED, column]) for column in range(4)]
    lo = int(datetime(YEAR, 1, 1, tzinfo=MSK).timestamp())
    hi = int(datetime(YEAR + 1, 1, 1, tzinfo=MSK).timestamp())
    start_s = rng[0].integers(lo, hi, n_bulk).astype(np.float64)
    amount_s = rng[1].integers(60, 80 * 60 + 1, n_bulk).astype(np.float64) * 60.0
    a_s = rng[2].integers(lo, hi, n_bulk).astype(np.float64)
    b_s = a_s + rng[3].integers(0, 16 * 86400 + 1, n_bulk).astype(np.float64)

    def aware(values: F64) -> list[datetime]:
        return [datetime.fromtimestamp(float(v), MSK) for v in values[:n_scalar]]

    return Inputs(
        start_s,
        amount_s,
        a_s,
        b_s,
        aware(start_s),
        [timedelta(seconds=float(v)) for v in amount_s[:n_scalar]],
        aware(a_s),
        aware(b_s),
    )


# ------------------------------------------------------------------------------ report


def fmt_ops(ops: float) -> str:
    return f"{ops:,.0f} op/s ({1e6 / ops:,.2f} us)"


def fmt_secs(t: Timing) -> str:
    return f"{t.median:.3f} s (best {t.best:.3f})"


def identical(x: F64, y: F64) -> int:
    return int(np.sum(np.abs(np.asarray(x) - np.asarray(y)) < 1e-3))


@dataclass
class Results:
    scalar_add: dict[str, Timing] = field(default_factory=dict)
    scalar_between: dict[str, Timing] = field(default_factory=dict)
    bulk_add: dict[str, Timing] = field(default_factory=dict)
    bulk_between: dict[str, Timing] = field(default_factory=dict)


@dataclass
class Config:
    reps: int
    peer_bulk_reps: int
    n_bulk: int
    n_scalar: int
    budget: float
    n_check: int
    quick: bool


def print_header(cfg: Config, prod: Production, engine_source: str) -> None:
    print("kabinet.worktime benchmark")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"  python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {load} at start; numpy {np.__version__}"
    )
    print(f"  calendar: {TZ_NAME} 09:30-18:00 Mon-Fri + Russian production calendar, {YEAR}")
    print(
        f"  inputs (seed {SEED}): starts uniform over {YEAR} (any time of day, whole "
        "seconds), amounts 1-80 working hours (whole minutes); between: b = a + 0..16 days"
    )
    print(
        f"  timing: time.perf_counter, GC off; scalar = calls/s from the MEDIAN of "
        f"{cfg.reps} interleaved passes over up to {cfg.n_scalar:,} inputs (slow peers get a "
        f"prefix); bulk = MEDIAN of {cfg.reps} calls (peers' batch APIs: "
        f"{cfg.peer_bulk_reps}) after a warm-up"
    )
    print(
        f"  production calendar: {prod.source}; {RANGE_FIRST}..{RANGE_LAST}: "
        f"{len(prod.days_off)} days off, {len(prod.working_weekends)} working weekend "
        f"day(s), {len(prod.shortened)} shortened"
    )
    print(f"  our engine: {engine_source}")
    print()


def print_peers(peers: Sequence[Peer]) -> None:
    print("Peers (richest calendar each can express; how aware datetimes get in and out)")
    for peer in peers:
        print(f"  {peer.name} {peer.version()}")
        print(f"    calendar: {peer.expresses}")
        print(f"    in/out:   {peer.io}")
        print(f"    batch:    {peer.bulk_note}")
        native = peer.native()
        if native is not None:
            print(f"    native:   {native.note}")
    print()


def measure_scalar(
    cfg: Config, engine: Engine | None, peers: Sequence[Peer], inputs: Inputs, res: Results
) -> None:
    add_jobs: list[Job] = []
    between_jobs: list[Job] = []
    if engine is not None:
        add_jobs.append(Job("ours", engine.add, inputs.starts, inputs.amounts))
        between_jobs.append(Job("ours", engine.between, inputs.a, inputs.b))
    for peer in peers:
        add_jobs.append(Job(peer.name, peer.add_fn(), inputs.starts, inputs.amounts))
        between = peer.between_fn()
        if between is not None:
            between_jobs.append(Job(peer.name, between, inputs.a, inputs.b))
        native = peer.native()
        if native is not None:
            key = f"{peer.name} (native)"
            starts = [native.prepare(t) for t in inputs.starts]
            add_jobs.append(Job(key, native.add, starts, inputs.amounts))
            if native.between is not None:
                a = [native.prepare(t) for t in inputs.a]
                b = [native.prepare(t) for t in inputs.b]
                between_jobs.append(Job(key, native.between, a, b))
    run_scalar(add_jobs, cfg.budget, cfg.reps)
    run_scalar(between_jobs, cfg.budget, cfg.reps)
    res.scalar_add.update({job.key: job.timing for job in add_jobs})
    res.scalar_between.update({job.key: job.timing for job in between_jobs})

    print(
        "Scalar calls, aware datetimes in and out, '(native)': the peer's own input type "
        "prepared beforehand (calls/s, median pass; n = inputs per pass)"
    )
    for name in res.scalar_add:
        label = "kabinet (ours)" if name == "ours" else name
        add_t = res.scalar_add[name]
        line = f"  {label:20s} add {fmt_ops(add_t.ops):>28s} n={add_t.n:<6,d}"
        bt = res.scalar_between.get(name)
        if bt is None:
            line += "   between (no API)"
        else:
            line += f"   between {fmt_ops(bt.ops):>28s} n={bt.n:,d}"
        print(line)
    print()


def measure_bulk(
    cfg: Config, engine: Engine | None, peers: Sequence[Peer], inputs: Inputs, res: Results
) -> None:
    n = cfg.n_bulk
    starts, amounts, a, b = inputs.start_s, inputs.amount_s, inputs.a_s, inputs.b_s
    print(f"Bulk: {n:,} items, float64 epoch seconds in and out (median s, best in brackets)")
    if engine is not None:
        eng = engine
        adds = {"ours": runner(eng.add_bulk, starts, amounts)}
        betweens = {"ours": runner(eng.between_bulk, a, b)}
        floor: Floor | None = None
        try:
            arrays = eng.timeline_arrays(YEAR, YEAR + 1)
            floor = Floor(*(np.asarray(x, dtype=np.float64) for x in arrays))
            adds["floor"] = runner(floor.add, starts, amounts)
            betweens["floor"] = runner(floor.between, a, b)
        except Exception as error:
            print(f"  floor: unavailable ({type(error).__name__}: {error})")
        res.bulk_add.update(time_bulk(adds, cfg.reps))
        res.bulk_between.update(time_bulk(betweens, cfg.reps))
        print(f"  {'kabinet (ours)':32s} add {fmt_secs(res.bulk_add['ours']):>22s}", end="")
        print(f"   between {fmt_secs(res.bulk_between['ours']):>22s}")
        out_add = eng.add_bulk(starts, amounts)
        out_between = eng.between_bulk(a, b)
        if floor is not None:
            label = "floor: bare numpy searchsorted"
            print(f"  {label:32s} add {fmt_secs(res.bulk_add['floor']):>22s}", end="")
            print(f"   between {fmt_secs(res.bulk_between['floor']):>22s}")
            same_add = identical(floor.add(starts, amounts), out_add)
            same_between = identical(floor.between(a, b), out_between)
            print(
                f"    floor vs ours: add identical {same_add:,}/{n:,}, between identical "
                f"{same_between:,}/{n:,} (timeline: {len(floor.starts):,} intervals)"
            )
        k = cfg.n_check
        pairs = zip(inputs.starts[:k], inputs.amounts[:k], strict=True)
        scalar_add = np.array([eng.add(s, d).timestamp() for s, d in pairs])
        spans = zip(inputs.a[:k], inputs.b[:k], strict=True)
        scalar_between = np.array([eng.between(x, y).total_seconds() for x, y in spans])
        print(
            f"    ours scalar vs ours bulk: add identical {identical(scalar_add, out_add[:k])}"
            f"/{k}, between identical {identical(scalar_between, out_between[:k])}/{k}"
        )
    for peer in peers:
        add_bulk, between_bulk = peer.add_bulk_fn(), peer.between_bulk_fn()
        if add_bulk is None or between_bulk is None:
            continue
        res.bulk_add.update(
            {peer.name: time_bulk({"": runner(add_bulk, starts, amounts)}, cfg.peer_bulk_reps)[""]}
        )
        res.bulk_between.update(
            {peer.name: time_bulk({"": runner(between_bulk, a, b)}, cfg.peer_bulk_reps)[""]}
        )
        print(f"  {peer.name:32s} add {fmt_secs(res.bulk_add[peer.name]):>22s}", end="")
        print(f"   between {fmt_secs(res.bulk_between[peer.name]):>22s}")
    no_bulk = [p.name for p in peers if p.add_bulk_fn() is None]
    print(f"  no batch API: {', '.join(no_bulk)}")
    print()


def sample_check(
    cfg: Config, engine: Engine, peers: Sequence[Peer], prod: Production, inputs: Inputs
) -> None:
    n = cfg.n_check
    print(f"Sample check: first {n} inputs, each peer against ours (differences classified)")
    for peer in peers:
        note = " (amounts rounded to whole hours, for ours too)" if peer.whole_hours_only else ""
        print(f"  {peer.name}{note}")
        print_check("add", check_add(peer, peer.add_fn(), engine, prod, inputs, n))
        between = peer.between_fn()
        if between is not None:
            print_check("between", check_between(between, engine, prod, inputs, n))
        native = peer.native()
        if native is not None and native.between is not None:
            same = sum(
                native.between(native.prepare(x), native.prepare(y)) == engine.between(x, y)
                for x, y in zip(inputs.a[:n], inputs.b[:n], strict=True)
            )
            print(f"    between (native) vs ours: {same}/{n} identical")
        add_bulk, between_bulk = peer.add_bulk_fn(), peer.between_bulk_fn()
        if add_bulk is not None:
            ours = engine.add_bulk(inputs.start_s[:n], inputs.amount_s[:n])
            theirs = add_bulk(inputs.start_s[:n], inputs.amount_s[:n])
            print(f"    add_many vs our add_bulk: {identical(ours, theirs)}/{n} identical")
        if between_bulk is not None:
            ours = engine.between_bulk(inputs.a_s[:n], inputs.b_s[:n])
            theirs = between_bulk(inputs.a_s[:n], inputs.b_s[:n])
            print(f"    between_many vs our between_bulk: {identical(ours, theirs)}/{n} identical")
    print()


def print_ratios(res: Results, n_bulk: int) -> None:
    print("Speed: ours as a ratio to each peer (>1 means ours is faster)")
    header = f"  {'operation':22s} {'implementation':20s} {'figure':>30s} {'ours/peer':>10s}"
    print(header)
    print("  " + "-" * (len(header) - 2))
    tables = (
        ("scalar add", res.scalar_add, True),
        ("scalar between", res.scalar_between, True),
        (f"bulk add {n_bulk:,}", res.bulk_add, False),
        (f"bulk between {n_bulk:,}", res.bulk_between, False),
    )
    for op, table, scalar in tables:
        ours = table.get("ours")
        label_op = op
        for name, t in table.items():
            figure = fmt_ops(t.ops) if scalar else fmt_secs(t)
            label = "kabinet (ours)" if name == "ours" else name
            ratio = ""
            if name != "ours" and ours is not None:
                speedup = round_ratio(ours, t) if scalar else t.median / ours.median
                ratio = f"{speedup:.2f}x"
            print(f"  {label_op:22s} {label:20s} {figure:>30s} {ratio:>10s}")
            label_op = ""
    print()


def fastest_peer(table: dict[str, Timing], *, by_round: bool) -> tuple[str, Timing] | None:
    """The fastest peer: by median figure, or (``by_round``: scalar passes, interleaved)
    the one ours is the least ahead of by the median of per-round ratios."""
    peers = {k: v for k, v in table.items() if k not in ("ours", "floor")}
    if not peers:
        return None
    ours = table.get("ours")
    if by_round and ours is not None:
        name = min(peers, key=lambda k: round_ratio(ours, peers[k]))
    else:
        name = max(peers, key=lambda k: peers[k].ops)
    return name, peers[name]


def print_goals(res: Results, cfg: Config) -> None:
    rows: list[tuple[str, str, str, str, str, str]] = []
    for op, table, need in (
        ("scalar add", res.scalar_add, 2.0),
        ("scalar between", res.scalar_between, 1.0),
    ):
        ours, best = table.get("ours"), fastest_peer(table, by_round=True)
        peer_txt = f"{best[0]} {fmt_ops(best[1].ops)}" if best else "-"
        if ours is None or best is None:
            rows.append((op, "n/a", peer_txt, "n/a", f">= {need:.2f}x", "FAIL (not measured)"))
            continue
        ratio = round_ratio(ours, best[1])
        verdict = "PASS" if ratio >= need else "FAIL"
        rows.append((op, fmt_ops(ours.ops), peer_txt, f"{ratio:.2f}x", f">= {need:.2f}x", verdict))
    for op, table in (("bulk add", res.bulk_add), ("bulk between", res.bulk_between)):
        ours, floor = table.get("ours"), table.get("floor")
        best = fastest_peer(table, by_round=False)
        peer_txt = f"{best[0]} {best[1].median:.3f} s" if best else "-"
        if floor is not None:
            peer_txt += f" (floor {floor.median:.3f} s)"
        op = f"{op} {cfg.n_bulk:,}"
        if ours is None:
            rows.append((op, "n/a", peer_txt, "n/a", "< 0.250 s", "FAIL (not measured)"))
            continue
        ratio_txt = f"{best[1].median / ours.median:.2f}x" if best else "n/a"
        verdict = "PASS" if ours.median < 0.25 else "FAIL"
        if cfg.n_bulk != BULK_N:
            verdict += f" (--quick: {cfg.n_bulk:,} items, not the goal's 1,000,000)"
        rows.append((op, f"{ours.median:.3f} s", peer_txt, ratio_txt, "< 0.250 s", verdict))

    print("Goals (all measured in this run)")
    widths = [22, 26, 48, 9, 9]
    head = ("operation", "ours", "fastest peer (floor)", "ours/peer", "goal", "verdict")
    print("  " + " ".join(h.ljust(w) for h, w in zip(head, [*widths, 0], strict=True)))
    for row in rows:
        print("  " + " ".join(c.ljust(w) for c, w in zip(row, [*widths, 0], strict=True)))
    print()
    for row in rows:
        print(f"GOAL {row[0]}: {row[5]}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kabinet.worktime benchmark against peers")
    parser.add_argument("--quick", action="store_true", help="smaller counts (smoke test)")
    parser.add_argument("--reps", type=int, default=9, help="repetitions per measurement")
    parser.add_argument("--check", type=int, default=1000, help="answers sample-checked per peer")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # pandas PerformanceWarning and the like
    quick = bool(args.quick)
    n_scalar = 5_000 if quick else 20_000
    cfg = Config(
        reps=3 if quick else max(1, args.reps),
        peer_bulk_reps=1 if quick else 2,
        n_bulk=100_000 if quick else BULK_N,
        n_scalar=n_scalar,
        budget=0.05 if quick else 0.25,
        n_check=max(1, min(args.check, n_scalar)),
        quick=quick,
    )
    t_run = _time.perf_counter()
    prod = load_production()
    engine, engine_source = load_engine()
    print_header(cfg, prod, engine_source if engine else "NOT AVAILABLE: " + engine_source)
    inputs = make_inputs(cfg.n_bulk, cfg.n_scalar)

    peers: list[Peer] = []
    for cls in PEER_CLASSES:
        try:
            peers.append(cls(prod))
        except Exception as error:
            print(f"  peer {cls.name}: could not be set up: {type(error).__name__}: {error}")
    print_peers(peers)

    res = Results()
    measure_scalar(cfg, engine, peers, inputs, res)
    measure_bulk(cfg, engine, peers, inputs, res)
    if engine is not None:
        sample_check(cfg, engine, peers, prod, inputs)
    print_ratios(res, cfg.n_bulk)
    print_goals(res, cfg)
    print(
        f"\n(run took {_time.perf_counter() - t_run:.0f} s; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

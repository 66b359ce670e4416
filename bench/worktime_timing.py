"""The timing harness of ``bench/worktime.py``: interleaved scalar passes, bulk medians and
the bare NumPy ``searchsorted`` floor that the bulk figures are compared with."""

from __future__ import annotations

import gc
import statistics
import time as _time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from worktime_peers import F64


@dataclass
class Timing:
    n: int  # items per repetition
    reps: list[float]  # seconds per repetition

    @property
    def median(self) -> float:
        return statistics.median(self.reps)

    @property
    def best(self) -> float:
        return min(self.reps)

    @property
    def ops(self) -> float:
        """Calls per second, from the median repetition."""
        return self.n / self.median


def round_ratio(ours: Timing, peer: Timing) -> float:
    """Ours as a multiple of the peer's speed (>1: ours is faster): the median over rounds
    of the two per-call times of the same round, which were measured back to back."""
    pairs = zip(ours.reps, peer.reps, strict=True)
    return statistics.median((p / peer.n) / (o / ours.n) for o, p in pairs)


def _loop(fn: Callable[[Any, Any], object], xs: Sequence[Any], ys: Sequence[Any]) -> float:
    gc_was = gc.isenabled()
    gc.disable()
    try:
        t0 = _time.perf_counter()
        for x, y in zip(xs, ys, strict=True):
            fn(x, y)
        return _time.perf_counter() - t0
    finally:
        if gc_was:
            gc.enable()


@dataclass
class Job:
    """One scalar measurement: ``fn(x, y)`` over the first ``n`` pairs."""

    key: str
    fn: Callable[[Any, Any], object]
    xs: Sequence[Any]
    ys: Sequence[Any]
    n: int = 0
    reps: list[float] = field(default_factory=list)

    @property
    def timing(self) -> Timing:
        return Timing(self.n, self.reps)


def run_scalar(jobs: Sequence[Job], budget: float, reps: int) -> None:
    """Time every job ``reps`` times, interleaved (round-robin) so that drift in machine
    load hits everyone alike. Slow implementations get a prefix of the inputs so one pass
    costs about ``budget`` seconds (never fewer than 100 items)."""
    for job in jobs:
        probe = min(len(job.xs), 100)
        _loop(job.fn, job.xs[:probe], job.ys[:probe])  # warm-up (caches, lazy compilation)
        per_call = _loop(job.fn, job.xs[:probe], job.ys[:probe]) / probe
        job.n = int(min(len(job.xs), max(100, budget / max(per_call, 1e-9))))
    for _ in range(reps):
        for job in jobs:
            job.reps.append(_loop(job.fn, job.xs[: job.n], job.ys[: job.n]))


def runner(fn: Callable[[F64, F64], object], x: F64, y: F64) -> Callable[[int], object]:
    """``run(k)`` calls ``fn`` on the first ``k`` items (all of them when ``k`` is 0)."""

    def run(k: int) -> object:
        return fn(x[:k], y[:k]) if k else fn(x, y)

    return run


def time_bulk(fns: dict[str, Callable[[int], object]], reps: int) -> dict[str, Timing]:
    """``fn(k)`` runs the first ``k`` items (0: all). After a warm-up on a slice, every
    function runs ``reps`` times, interleaved (round-robin) like the scalar passes."""
    for fn in fns.values():
        fn(10_000)  # warm-up: compiles timelines, imports, caches
    out: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(reps):
        for name, fn in fns.items():
            gc_was = gc.isenabled()
            gc.disable()
            try:
                t0 = _time.perf_counter()
                fn(0)
                out[name].append(_time.perf_counter() - t0)
            finally:
                if gc_was:
                    gc.enable()
    return {name: Timing(1, times) for name, times in out.items()}


# -------------------------------------------------------------------- the NumPy floor


@dataclass
class Floor:
    """A bare NumPy implementation over our compiled timeline: the speed floor."""

    starts: F64
    ends: F64
    cum: F64
    cum_end: F64 = field(init=False)

    def __post_init__(self) -> None:
        self.cum_end = self.cum + (self.ends - self.starts)

    def position(self, t: F64) -> F64:
        i = np.searchsorted(self.ends, t, side="right")
        np.minimum(i, len(self.starts) - 1, out=i)
        result: F64 = self.cum[i] + np.clip(t - self.starts[i], 0.0, None)
        return result

    def add(self, starts: F64, amounts: F64) -> F64:
        target = self.position(starts) + amounts
        j = np.searchsorted(self.cum_end, target, side="left")
        result: F64 = self.starts[j] + (target - self.cum[j])
        return result

    def between(self, a: F64, b: F64) -> F64:
        result: F64 = self.position(b) - self.position(a)
        return result

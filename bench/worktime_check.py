"""The sample check of ``bench/worktime.py``: the first inputs through each peer and ours,
every difference counted and classified by the kind of day it falls on."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from worktime_peers import MSK, Peer, Production

if TYPE_CHECKING:  # the script that runs the check defines what it checks
    from worktime import Engine, Inputs


def _epoch(t: datetime) -> float:
    return t.timestamp()


@dataclass
class CheckReport:
    total: int = 0
    equal: int = 0
    errors: int = 0
    kinds: dict[str, list[float]] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)

    def note(self, kind: str, diff: float, example: str) -> None:
        self.kinds.setdefault(kind, []).append(diff)
        self.examples.setdefault(kind, example)


def _span_kinds(prod: Production, first: date, last: date) -> list[str]:
    kinds = []
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    if any(d in prod.working_weekends for d in days):
        kinds.append("working weekend in span")
    if any(d in prod.shortened for d in days):
        kinds.append("shortened day in span")
    if any(d in prod.days_off for d in days):
        kinds.append("day off in span")
    return kinds


def check_add(
    peer: Peer,
    peer_add: Callable[[datetime, timedelta], datetime],
    engine: Engine,
    prod: Production,
    inputs: Inputs,
    n: int,
) -> CheckReport:
    rep = CheckReport()
    for start, amount in zip(inputs.starts[:n], inputs.amounts[:n], strict=True):
        amount = peer.effective_amount(amount)
        rep.total += 1
        ours = engine.add(start, amount)
        try:
            theirs = peer_add(start, amount)
        except Exception as error:
            rep.errors += 1
            rep.note(f"raised {type(error).__name__}", 0.0, f"{start} + {amount}: {error}")
            continue
        diff = _epoch(theirs) - _epoch(ours)
        if abs(diff) < 1e-3:
            rep.equal += 1
            continue
        lo, hi = min(ours, theirs), max(ours, theirs)
        example = f"{start:%Y-%m-%d %a %H:%M:%S} + {amount}: ours {ours:%m-%d %a %H:%M:%S}, "
        example += f"peer {theirs:%m-%d %a %H:%M:%S}"
        if engine.between(lo, hi) == timedelta(0):
            kind = "same working instant, other side of a gap (end-of-interval convention)"
        else:
            span = _span_kinds(prod, start.astimezone(MSK).date(), hi.astimezone(MSK).date())
            kind = span[0] if span else "other"
        rep.note(kind, diff / 3600.0, example)
    return rep


def check_between(
    peer_between: Callable[[datetime, datetime], timedelta],
    engine: Engine,
    prod: Production,
    inputs: Inputs,
    n: int,
) -> CheckReport:
    rep = CheckReport()
    for a, b in zip(inputs.a[:n], inputs.b[:n], strict=True):
        rep.total += 1
        ours = engine.between(a, b)
        try:
            theirs = peer_between(a, b)
        except Exception as error:
            rep.errors += 1
            rep.note(f"raised {type(error).__name__}", 0.0, f"{a} .. {b}: {error}")
            continue
        diff = (theirs - ours).total_seconds()
        if abs(diff) < 1e-3:
            rep.equal += 1
            continue
        example = f"{a:%Y-%m-%d %a %H:%M:%S} .. {b:%m-%d %a %H:%M:%S}: ours {ours}, peer {theirs}"
        span = _span_kinds(prod, a.astimezone(MSK).date(), b.astimezone(MSK).date())
        rep.note(span[0] if span else "other", diff / 3600.0, example)
    return rep


def print_check(title: str, rep: CheckReport) -> None:
    print(f"  {title}: {rep.equal}/{rep.total} identical", end="")
    print(f", {rep.errors} raised" if rep.errors else "")
    for kind, diffs in sorted(rep.kinds.items(), key=lambda kv: -len(kv[1])):
        med = statistics.median(diffs)
        print(
            f"    {len(diffs):5d} x {kind}: peer-ours median {med:+.2f} h "
            f"(range {min(diffs):+.2f}..{max(diffs):+.2f} h)"
        )
        print(f"            e.g. {rep.examples[kind]}")

"""explain(): per-day working time, pauses, days off and the arithmetic, as plain data."""

import json
from datetime import date, timedelta

from kabinet.sla import LevelTargets, Policy, TargetExplanation, evaluate, explain
from kabinet.sla.explain import duration_text
from kabinet.sla.tests.builders import (
    MSK,
    RU,
    awaiting,
    business,
    customer_reply,
    msk,
    registered,
)

POLICY = Policy(levels={3: LevelTargets(reaction=business(8), resolution=business(8))})
EVENTS = [
    registered(msk("2026-12-30", "17:45"), level=3),
    awaiting(msk("2027-01-11", "10:00")),
    customer_reply(msk("2027-01-12", "11:00")),
]


def _targets(now: str) -> dict[str, TargetExplanation]:
    state = evaluate(EVENTS, POLICY, RU, msk("2027-01-12", now))
    return {t.name: t for t in explain(state, RU, tz=MSK).targets}


def test_explanation_serialises_to_json() -> None:
    state = evaluate(EVENTS, POLICY, RU, msk("2027-01-12", "11:00"))
    data = json.loads(json.dumps(explain(state, RU, tz=MSK).as_dict()))
    resolution = data["targets"][2]
    assert resolution["target"] == "resolution"
    assert resolution["due_at"] == "2027-01-13T09:45:00+03:00"
    assert resolution["duration_seconds"] == 8 * 3600
    assert resolution["pauses"] == [
        {
            "start": "2027-01-11T10:00:00+03:00",
            "end": "2027-01-12T11:00:00+03:00",
            "reason": "awaiting_customer",
        }
    ]


def test_reaction_arithmetic_reads_like_the_design_example() -> None:
    reaction = _targets("12:00")["reaction"]
    assert reaction.arithmetic == (
        "15 min on 2026-12-30, 7 h 45 min on 2027-01-11 = 8 h → due 2027-01-11 17:15"
        # 17:15-18:00 on the 11th and 9:30-12:00 on the 12th: 45 min + 2 h 30 min.
        "; 3 h 15 min of working time past due"
        "; breached: due 2027-01-11 17:15 missed"
    )


def test_resolution_shows_used_and_projected_days_and_the_pause() -> None:
    resolution = _targets("11:00")["resolution"]
    # 15 min on 30 Dec, 30 min on 11 Jan before the pause; 7 h on 12 Jan, 15 min on 13 Jan.
    assert [(d.day.isoformat(), duration_text(d.worked)) for d in resolution.counted] == [
        ("2026-12-30", "15 min"),
        ("2027-01-11", "30 min"),
    ]
    assert [(d.day.isoformat(), duration_text(d.worked)) for d in resolution.projected] == [
        ("2027-01-12", "7 h"),
        ("2027-01-13", "15 min"),
    ]
    assert resolution.arithmetic == (
        "15 min on 2026-12-30, 30 min on 2027-01-11, 7 h on 2027-01-12, 15 min on 2027-01-13"
        " = 8 h → due 2027-01-13 09:45"
        "; paused 2027-01-11 10:00 – 2027-01-12 11:00 (awaiting_customer)"
    )


def test_days_off_list_the_new_year_break() -> None:
    # 31 Dec 2026 to 10 Jan 2027: eleven days without working time.
    assert _targets("11:00")["resolution"].days_off == tuple(
        date(2026, 12, 31) + timedelta(days=n) for n in range(11)
    )


def test_duration_text() -> None:
    assert duration_text(timedelta(minutes=15)) == "15 min"
    assert duration_text(timedelta(hours=42, minutes=30)) == "42 h 30 min"
    assert duration_text(timedelta(0)) == "0 min"
    assert duration_text(timedelta(seconds=-90)) == "-1 min 30 s"

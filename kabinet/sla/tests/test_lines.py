"""A support line's reaction target (OLA) runs from entering the line."""

from kabinet.sla import TargetStatus, evaluate
from kabinet.sla.lines import evaluate_line_reaction
from kabinet.sla.policy import LevelTargets, Policy
from kabinet.sla.tests.builders import PLAIN, business, msk, registered, reply

MON = "2026-04-06"
EVENTS = [
    registered(msk(MON, "09:00")),
    reply(msk(MON, "09:30")),  # line 1 answers the customer
    reply(msk(MON, "11:00")),  # line 1 hands over to line 2 with a public note
    reply(msk(MON, "13:30")),  # line 2's first response
]


def test_line_reaction_starts_at_entry_and_ignores_the_hand_over_note() -> None:
    state = evaluate_line_reaction(
        EVENTS[:3],
        entered_at=msk(MON, "11:00"),
        target=business(2),
        calendars=PLAIN,
        now=msk(MON, "12:00"),
    )
    assert state.status is TargetStatus.RUNNING
    assert state.due_at == msk(MON, "13:00")  # 11:00 + 2 h


def test_late_line_response_breaches_the_ola_but_not_the_contract_sla() -> None:
    state = evaluate_line_reaction(
        EVENTS,
        entered_at=msk(MON, "11:00"),
        target=business(2),
        calendars=PLAIN,
        now=msk(MON, "14:00"),
    )
    assert state.met_at == msk(MON, "13:30")
    assert state.breached is True
    contract = Policy(levels={3: LevelTargets(reaction=business(4))})
    assert evaluate(EVENTS, contract, PLAIN, msk(MON, "14:00")).reaction.breached is False

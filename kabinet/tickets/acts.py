"""Which of the ticket's own acts a person may take now: each act is answered by the guard its
action calls, so a page offers exactly what the action would accept (its input aside).

Not here: the acts of the apps built on tickets (``escalations.acts``, ``lines.acts``); the
cabinet unions their answers with this one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum

from kabinet.errors import DomainError
from kabinet.orgs.models import Person
from kabinet.tickets.actions.agreed_deadline import guard_agree_resolution_deadline
from kabinet.tickets.actions.attachments import guard_add_attachment
from kabinet.tickets.actions.closing import guard_close_withdrawn_ticket, guard_withdraw_ticket
from kabinet.tickets.actions.credentials import (
    guard_give_credentials,
    guard_remove_credentials,
    guard_reveal_credentials,
)
from kabinet.tickets.actions.criticality import guard_change_criticality, guard_classify_ticket
from kabinet.tickets.actions.details import guard_assign, guard_update_ticket_details
from kabinet.tickets.actions.expedite import guard_request_expedite
from kabinet.tickets.actions.merging import guard_link_tickets, guard_merge_ticket
from kabinet.tickets.actions.postponement import (
    guard_answer_postponement,
    guard_propose_postponement,
)
from kabinet.tickets.actions.refusal import guard_refuse_ticket
from kabinet.tickets.actions.replies import (
    guard_add_internal_comment,
    guard_customer_reply,
    guard_log_phone_call,
    guard_record_public_reply,
    guard_return_for_information,
)
from kabinet.tickets.actions.resolution import (
    guard_accept_solution,
    guard_propose_solution,
    guard_rate_ticket,
    guard_reject_solution,
    guard_reopen_ticket,
)
from kabinet.tickets.actions.upload_places import (
    guard_add_to_upload_place,
    guard_close_upload_place,
    guard_open_upload_place,
)
from kabinet.tickets.models import Ticket


class Act(StrEnum):
    """A ticket's own acts, named after their actions (a proposal covers solution and
    workaround alike: one guard)."""

    PUBLIC_REPLY = "public_reply"
    LOG_PHONE_CALL = "log_phone_call"
    INTERNAL_COMMENT = "internal_comment"
    CUSTOMER_REPLY = "customer_reply"
    RETURN_FOR_INFORMATION = "return_for_information"
    PROPOSE_SOLUTION = "propose_solution"
    ACCEPT_SOLUTION = "accept_solution"
    REJECT_SOLUTION = "reject_solution"
    REOPEN = "reopen"
    RATE = "rate"
    CHANGE_CRITICALITY = "change_criticality"
    CLASSIFY = "classify"
    AGREE_DEADLINE = "agree_deadline"
    ASSIGN = "assign"
    EDIT_DETAILS = "edit_details"
    ATTACH = "attach"
    ATTACH_INTERNAL = "attach_internal"
    OPEN_UPLOAD_PLACE = "open_upload_place"
    CLOSE_UPLOAD_PLACE = "close_upload_place"
    UPLOAD_TO_PLACE = "upload_to_place"
    WITHDRAW = "withdraw"
    CLOSE_WITHDRAWN = "close_withdrawn"
    PROPOSE_POSTPONEMENT = "propose_postponement"
    ANSWER_POSTPONEMENT = "answer_postponement"  # agree or decline: one guard
    MERGE = "merge"
    LINK = "link"
    GIVE_CREDENTIALS = "give_credentials"
    REVEAL_CREDENTIALS = "reveal_credentials"
    REMOVE_CREDENTIALS = "remove_credentials"
    REQUEST_EXPEDITE = "request_expedite"
    REFUSE = "refuse"


Guard = Callable[[Person, Ticket, dt.datetime], object]

GUARDS: dict[Act, Guard] = {
    Act.PUBLIC_REPLY: lambda p, t, now: guard_record_public_reply(p, t),
    Act.LOG_PHONE_CALL: lambda p, t, now: guard_log_phone_call(p, t),
    Act.INTERNAL_COMMENT: lambda p, t, now: guard_add_internal_comment(p, t),
    Act.CUSTOMER_REPLY: lambda p, t, now: guard_customer_reply(p, t),
    Act.RETURN_FOR_INFORMATION: lambda p, t, now: guard_return_for_information(p, t),
    Act.PROPOSE_SOLUTION: lambda p, t, now: guard_propose_solution(p, t),
    Act.ACCEPT_SOLUTION: lambda p, t, now: guard_accept_solution(p, t),
    Act.REJECT_SOLUTION: lambda p, t, now: guard_reject_solution(p, t),
    Act.REOPEN: lambda p, t, now: guard_reopen_ticket(p, t, now=now),
    Act.RATE: lambda p, t, now: guard_rate_ticket(p, t),
    Act.CHANGE_CRITICALITY: lambda p, t, now: guard_change_criticality(p, t),
    Act.CLASSIFY: lambda p, t, now: guard_classify_ticket(p, t),
    Act.AGREE_DEADLINE: lambda p, t, now: guard_agree_resolution_deadline(p, t),
    Act.ASSIGN: lambda p, t, now: guard_assign(p, t),
    Act.EDIT_DETAILS: lambda p, t, now: guard_update_ticket_details(p, t),
    Act.ATTACH: lambda p, t, now: guard_add_attachment(p, t),
    Act.ATTACH_INTERNAL: lambda p, t, now: guard_add_attachment(p, t, internal=True),
    Act.OPEN_UPLOAD_PLACE: lambda p, t, now: guard_open_upload_place(p, t, now=now),
    Act.CLOSE_UPLOAD_PLACE: lambda p, t, now: guard_close_upload_place(p, t, now=now),
    # The action reads the clock itself when the file arrives; the place is the one usable now.
    Act.UPLOAD_TO_PLACE: lambda p, t, now: guard_add_to_upload_place(p, t, now=now),
    Act.WITHDRAW: lambda p, t, now: guard_withdraw_ticket(p, t),
    Act.CLOSE_WITHDRAWN: lambda p, t, now: guard_close_withdrawn_ticket(p, t),
    Act.PROPOSE_POSTPONEMENT: lambda p, t, now: guard_propose_postponement(p, t),
    Act.ANSWER_POSTPONEMENT: lambda p, t, now: guard_answer_postponement(p, t),
    # The other ticket is input: the action checks it (same customer, open to merge into).
    Act.MERGE: lambda p, t, now: guard_merge_ticket(p, t),
    Act.LINK: lambda p, t, now: guard_link_tickets(p, t),
    Act.GIVE_CREDENTIALS: lambda p, t, now: guard_give_credentials(p, t),
    Act.REVEAL_CREDENTIALS: lambda p, t, now: guard_reveal_credentials(p, t),
    Act.REMOVE_CREDENTIALS: lambda p, t, now: guard_remove_credentials(p, t),
    Act.REQUEST_EXPEDITE: lambda p, t, now: guard_request_expedite(p, t, now=now),
    Act.REFUSE: lambda p, t, now: guard_refuse_ticket(p, t),
}


def permitted[**P](guard: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> bool:
    """Whether ``guard`` lets the act through (a domain refusal means it does not)."""
    try:
        guard(*args, **kwargs)
    except DomainError:
        return False
    return True


def available_acts(person: Person, ticket: Ticket, *, now: dt.datetime) -> frozenset[Act]:
    """The ticket's own acts ``person`` may take at ``now``; the action still decides on
    submit (the input, and anything that changed in between)."""
    return frozenset(act for act, guard in GUARDS.items() if permitted(guard, person, ticket, now))

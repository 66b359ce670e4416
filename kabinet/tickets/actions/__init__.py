"""Every state change of a ticket, one named action each; split by sub-domain."""

from kabinet.tickets.actions.agreed_deadline import agree_resolution_deadline
from kabinet.tickets.actions.attachments import add_attachment
from kabinet.tickets.actions.closing import (
    auto_close_ticket,
    close_unanswered_proposals,
    close_withdrawn_ticket,
    notify_auto_close,
    withdraw_ticket,
)
from kabinet.tickets.actions.credentials import (
    give_credentials,
    remove_credentials,
    reveal_credentials,
)
from kabinet.tickets.actions.criticality import (
    apply_automatic_changes,
    change_criticality,
    classify_ticket,
)
from kabinet.tickets.actions.details import assign, update_ticket_details
from kabinet.tickets.actions.expedite import request_expedite
from kabinet.tickets.actions.merging import link_tickets, merge_ticket
from kabinet.tickets.actions.postponement import (
    agree_postponement,
    decline_postponement,
    propose_postponement,
)
from kabinet.tickets.actions.refusal import refuse_ticket
from kabinet.tickets.actions.registration import register_ticket, register_ticket_once
from kabinet.tickets.actions.replies import (
    add_internal_comment,
    customer_reply,
    log_phone_call,
    record_public_reply,
    return_for_information,
)
from kabinet.tickets.actions.resolution import (
    accept_solution,
    propose_solution,
    propose_workaround,
    rate_ticket,
    reject_solution,
    reopen_ticket,
)

__all__ = [
    "accept_solution",
    "add_attachment",
    "add_internal_comment",
    "agree_postponement",
    "agree_resolution_deadline",
    "apply_automatic_changes",
    "assign",
    "auto_close_ticket",
    "change_criticality",
    "classify_ticket",
    "close_unanswered_proposals",
    "close_withdrawn_ticket",
    "customer_reply",
    "decline_postponement",
    "give_credentials",
    "link_tickets",
    "log_phone_call",
    "merge_ticket",
    "notify_auto_close",
    "propose_postponement",
    "propose_solution",
    "propose_workaround",
    "rate_ticket",
    "record_public_reply",
    "refuse_ticket",
    "register_ticket",
    "register_ticket_once",
    "reject_solution",
    "remove_credentials",
    "reopen_ticket",
    "request_expedite",
    "return_for_information",
    "reveal_credentials",
    "update_ticket_details",
    "withdraw_ticket",
]

"""The payload of every ticket event kind, defined once: the actions write these shapes and
the clock, the pages and the apps above tickets read them. Not here: what an event means to
the SLA clock (``deadlines``) or who may read it (``access``)."""

# Without ``from __future__ import annotations``: a TypedDict tells NotRequired keys apart
# only from evaluated annotations (``__optional_keys__``, which the tests check against).
from typing import NotRequired, TypedDict

from kabinet.tickets.models import EventKind


class Registered(TypedDict):
    criticality: int  # the level registered (3 for an unconfirmed level 1)
    requested_criticality: int
    channel: str
    more_diagnostic_data: NotRequired[bool]


class Message(TypedDict):
    """An internal comment, a customer reply, a solution or a workaround proposal."""

    body: str


class PublicReply(TypedDict):
    body: str
    action_plan: NotRequired[bool]  # a level-1 status update of the "action plan" type
    # A logged phone call: via "phone", CallDirection, the call's and the log's instants.
    via: NotRequired[str]
    direction: NotRequired[str]
    called_at: NotRequired[str]
    logged_at: NotRequired[str]


# "from" is a keyword, hence the functional form.
CriticalityChanged = TypedDict(
    "CriticalityChanged",
    {"from": int, "to": int, "reason": str, "rule": NotRequired[str]},
)
"""``rule`` names the automatic rule that made the change (the reason is then a msgid)."""


class ReturnedForInformation(TypedDict):
    reason: str  # a ReturnReason
    body: str


class Reason(TypedDict):
    """A rejected solution."""

    reason: str


class Reopened(TypedDict):
    reason: str
    previous_rating: NotRequired[int]
    previous_solution_rating: NotRequired[int]


class Rated(TypedDict):
    """``rating`` the support's quality, ``solution_rating`` the solution's (seed 000; absent
    on ratings given before it existed, and from channels that ask for one figure),
    ``comment`` the customer's wishes."""

    rating: int
    comment: str
    solution_rating: NotRequired[int]


Assigned = TypedDict("Assigned", {"from": int | None, "to": int | None})
Classified = TypedDict("Classified", {"from": str, "to": str})


class DetailsChanged(TypedDict):
    changes: dict[str, list[object]]  # field name -> [before, after]


class AttachmentAdded(TypedDict):
    attachment: int
    filename: str
    size: int
    upload_place: NotRequired[int]


class UploadPlaceOpened(TypedDict):
    body: str  # a note (msgid)
    upload_place: int
    limit: int
    expires_at: str
    requested: bool  # opened by the customer saying there is more diagnostic data


class UploadPlaceClosed(TypedDict):
    body: str  # a note (msgid)
    upload_place: int


LineMoved = TypedDict("LineMoved", {"body": str, "from": str | None, "to": str, "reason": str})
"""``from`` and ``to`` are support line keys; ``body`` a note (msgid)."""


class Development(TypedDict):
    """A handover to development (either kind) or the release it waits for."""

    body: str  # a note (msgid)
    version: str
    release_kind: NotRequired[str]  # on a release: "version" or "patch" (lines.ReleaseKind)


class EscalationOpened(TypedDict):
    body: str  # a note (msgid)
    escalation: str  # the vendor ticket's number
    vendor_event: int  # the last vendor-ticket event at opening: copying starts after it


class EscalationRelayed(TypedDict):
    body: str  # a note (msgid)
    relayed_as: str
    customer_event: int


VendorUpdate = TypedDict(
    "VendorUpdate",
    {
        "body": str,  # a note (msgid) naming what happened on the vendor ticket
        "escalation": str,
        "vendor_event": int,
        "vendor_kind": str,
        "status": str,  # the vendor ticket's status after the change
        "excerpt": str,
        "from": NotRequired[int],
        "to": NotRequired[int],
        "rating": NotRequired[int],
        "reason": NotRequired[str],
    },
)
"""An internal copy, on the customer's ticket, of one event of the vendor ticket."""


class DeadlineAgreed(TypedDict):
    """A resolution term agreed with the customer. ``seconds`` on ``calendar`` is the target
    the clock replays (from registration, like the package's); ``due`` (ISO instant) or
    ``amount`` with ``unit`` is what was agreed, as it was said."""

    reason: str
    seconds: int
    calendar: str  # sla.CalendarKey
    due: NotRequired[str]
    amount: NotRequired[int]
    unit: NotRequired[str]  # contracts.DurationUnit


class Withdrawn(TypedDict):
    """The customer withdrew the ticket (it closes, the clocks stop); the reason may be
    blank, the customer owes none."""

    reason: str


class ClosedAsWithdrawn(TypedDict):
    """The supplier closed a ticket the customer withdrew elsewhere (a call, a letter)."""

    reason: str


class AutoCloseNotice(TypedDict):
    """The customer is told in advance that the proposed solution closes the ticket by
    itself at ``closes_at`` unless they accept or reject it."""

    body: str  # a note (msgid)
    proposal: int  # the SOLUTION_PROPOSED event waiting for the answer
    closes_at: str


class AutoClosed(TypedDict):
    """The proposed solution went unanswered for the package's ``auto_close_days``: the
    ticket closed, resolved at the proposal."""

    body: str  # a note (msgid)
    proposal: int
    proposed_at: str


class PostponementProposed(TypedDict):
    """The supplier asks the customer to let the resolution be due at ``until``."""

    reason: str  # a PostponementReason
    body: str  # the supplier's explanation
    until: str  # ISO 8601, aware


class PostponementAgreed(TypedDict):
    """The customer agreed: the resolution is due no earlier than ``until``."""

    proposal: int  # the POSTPONEMENT_PROPOSED event
    until: str


class PostponementDeclined(TypedDict):
    proposal: int
    reason: str


LoweringProposed = TypedDict("LoweringProposed", {"from": int, "to": int, "reason": str})
"""The vendor proposes to lower its critical ticket after restoration (seed 001, 4.8.2):
from level ``from`` to ``to``; ``reason`` its own words (may be blank)."""


class LoweringAnswer(TypedDict):
    """The partner's answer to a lowering proposal (``proposal``: its event); a refusal
    always gives its ``reason``, blank on an agreement."""

    proposal: int
    reason: str


class ActionPlanAnswer(TypedDict):
    """The partner's answer, on the vendor ticket, to the vendor's action plan (``plan``:
    its PUBLIC_REPLY event); a refusal's ``reason`` may be blank, which lets the vendor
    lower a critical ticket (seed 001, 4.8.2)."""

    plan: int
    reason: str


class Merged(TypedDict):
    """On the duplicate (MERGED_INTO) and on the ticket it went into (DUPLICATE_MERGED):
    ``other`` is the other ticket's number."""

    other: str
    reason: str


class Linked(TypedDict):
    """On each of two related tickets; ``other`` is the other one's number."""

    other: str


class CredentialsRemoved(TypedDict):
    """Credentials removed before closing: ``by`` who removed them ("customer"/"supplier")."""

    by: str


class CredentialsWiped(TypedDict):
    """The ticket closed: the stored credentials were wiped and the customer is reminded to
    change them (``body``, a note: msgid)."""

    body: str


class ExpediteRequested(TypedDict):
    """The customer asks the supplier's quality controllers and the line's lead to
    expedite the ticket (seed 003, 5.2-5.3; seed 004, 5)."""

    body: str


class Refused(TypedDict):
    """The supplier refuses to handle the ticket: ``reason`` a RefusalReason, ``body`` the
    supplier's explanation. The ticket closes and its clocks stop."""

    reason: str
    body: str


class Empty(TypedDict):
    pass


PAYLOADS: dict[EventKind, type] = {
    EventKind.REGISTERED: Registered,
    EventKind.PUBLIC_REPLY: PublicReply,
    EventKind.INTERNAL_COMMENT: Message,
    EventKind.CUSTOMER_REPLY: Message,
    EventKind.CRITICALITY_CHANGED: CriticalityChanged,
    EventKind.RETURNED_FOR_INFORMATION: ReturnedForInformation,
    EventKind.SOLUTION_PROPOSED: Message,
    EventKind.WORKAROUND_PROPOSED: Message,
    EventKind.SOLUTION_ACCEPTED: Empty,
    EventKind.SOLUTION_REJECTED: Reason,
    EventKind.REOPENED: Reopened,
    EventKind.RATED: Rated,
    EventKind.ASSIGNED: Assigned,
    EventKind.CLASSIFIED: Classified,
    EventKind.DETAILS_CHANGED: DetailsChanged,
    EventKind.ATTACHMENT_ADDED: AttachmentAdded,
    EventKind.UPLOAD_PLACE_OPENED: UploadPlaceOpened,
    EventKind.UPLOAD_PLACE_CLOSED: UploadPlaceClosed,
    EventKind.DEADLINE_AGREED: DeadlineAgreed,
    EventKind.LINE_MOVED: LineMoved,
    EventKind.HANDED_TO_DEVELOPMENT: Development,
    EventKind.AWAITING_RELEASE: Development,
    EventKind.RELEASED: Development,
    EventKind.ESCALATION_OPENED: EscalationOpened,
    EventKind.ESCALATION_RELAYED: EscalationRelayed,
    EventKind.VENDOR_UPDATE: VendorUpdate,
    EventKind.WITHDRAWN: Withdrawn,
    EventKind.CLOSED_AS_WITHDRAWN: ClosedAsWithdrawn,
    EventKind.AUTO_CLOSE_NOTICE: AutoCloseNotice,
    EventKind.AUTO_CLOSED: AutoClosed,
    EventKind.MERGED_INTO: Merged,
    EventKind.DUPLICATE_MERGED: Merged,
    EventKind.LINKED: Linked,
    EventKind.ACTION_PLAN_AGREED: ActionPlanAnswer,
    EventKind.ACTION_PLAN_REFUSED: ActionPlanAnswer,
    EventKind.LOWERING_PROPOSED: LoweringProposed,
    EventKind.LOWERING_AGREED: LoweringAnswer,
    EventKind.LOWERING_REFUSED: LoweringAnswer,
    EventKind.POSTPONEMENT_PROPOSED: PostponementProposed,
    EventKind.POSTPONEMENT_AGREED: PostponementAgreed,
    EventKind.POSTPONEMENT_DECLINED: PostponementDeclined,
    EventKind.CREDENTIALS_GIVEN: Empty,
    EventKind.CREDENTIALS_VIEWED: Empty,
    EventKind.CREDENTIALS_REMOVED: CredentialsRemoved,
    EventKind.CREDENTIALS_WIPED: CredentialsWiped,
    EventKind.EXPEDITE_REQUESTED: ExpediteRequested,
    EventKind.REFUSED: Refused,
}
"""Each kind's payload shape."""

NOTE_KINDS = frozenset(
    {
        EventKind.UPLOAD_PLACE_OPENED,
        EventKind.UPLOAD_PLACE_CLOSED,
        EventKind.LINE_MOVED,
        EventKind.HANDED_TO_DEVELOPMENT,
        EventKind.AWAITING_RELEASE,
        EventKind.RELEASED,
        EventKind.ESCALATION_OPENED,
        EventKind.ESCALATION_RELAYED,
        EventKind.VENDOR_UPDATE,
        EventKind.AUTO_CLOSE_NOTICE,
        EventKind.AUTO_CLOSED,
        EventKind.CREDENTIALS_WIPED,
    }
)
"""Kinds whose ``body`` is a note the action wrote, stored untranslated (a msgid): readers
show it in the reader's language; every other body is a person's own words."""

"""Filing a ticket in the chat: contract and criticality by inline keyboard (the contract
only where there is more than one), then subject, description and the package's mandatory
intake fields as messages; registered by ``register_ticket`` with ``channel="messenger"``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kabinet.channels.telegram.chat import Chat
from kabinet.channels.telegram.queries import filing_contracts, messenger_allowed
from kabinet.contracts.access import access_contract
from kabinet.contracts.models import Channel, Contract, Criticality, IntakeField
from kabinet.errors import DomainError, NotAllowedError
from kabinet.tickets.actions import register_ticket
from kabinet.tickets.actions.registration import guard_register_ticket
from kabinet.tickets.acts import permitted

CONTRACT, LEVEL, SUBJECT, DESCRIPTION, INTAKE = (
    "contract",
    "level",
    "subject",
    "description",
    "intake",
)
STEPS = frozenset({SUBJECT, DESCRIPTION, INTAKE})
SUBJECT_LIMIT = 300


def open_contracts(chat: Chat) -> list[Contract]:
    """The contracts the person may file on through this bot; raises the refusal the person
    should read when there is none."""
    contracts = filing_contracts(chat.person, chat.bot)
    if not contracts:
        raise NotAllowedError(_("You have no contract with this supplier."))
    by_messenger = [c for c in contracts if messenger_allowed(c.package)]
    if not by_messenger:
        raise NotAllowedError(
            _(
                "Your support package does not include messengers: tickets are not taken "
                "here. Please use the channels your contract names."
            )
        )
    allowed = [c for c in by_messenger if permitted(guard_register_ticket, chat.person, c)]
    if not allowed:
        guard_register_ticket(chat.person, by_messenger[0])  # raises the reason
    return allowed


def start(chat: Chat) -> None:
    contracts = open_contracts(chat)
    chat.conversation.draft = {}
    if len(contracts) == 1:
        chat.conversation.draft["contract"] = contracts[0].pk
        _ask_level(chat, contracts[0])
        return
    chat.conversation.step = CONTRACT
    chat.conversation.save()
    rows = [[(f"{c.number} · {c.customer}", f"contract:{c.pk}")] for c in contracts]
    chat.say(_("Which contract is the ticket about?"), buttons=rows)


def choose_contract(chat: Chat, value: str) -> None:
    if chat.conversation.step != CONTRACT:
        return
    chosen = [c for c in open_contracts(chat) if str(c.pk) == value]
    if not chosen:
        chat.say(_("Please choose one of the contracts offered."))
        return
    chat.conversation.draft["contract"] = chosen[0].pk
    _ask_level(chat, chosen[0])


def _ask_level(chat: Chat, contract: Contract) -> None:
    chat.conversation.step = LEVEL
    chat.conversation.save()
    rows = []
    for level in Criticality:
        label = f"{level.value} · {level.label}"
        if contract.package.requires_production(level):
            label += " · " + _("production system")
        rows.append([(label, f"level:{level.value}")])
    chat.say(_("How critical is it?"), buttons=rows)


def choose_level(chat: Chat, value: str) -> None:
    if chat.conversation.step != LEVEL:
        return
    if value not in {str(v) for v in Criticality.values}:
        chat.say(_("Please choose one of the levels offered."))
        return
    chat.conversation.draft["criticality"] = int(value)
    chat.conversation.step = SUBJECT
    chat.conversation.save()
    chat.say(_("The subject of the ticket, in one line:"))


def take_text(chat: Chat, text: str) -> None:
    """The next message of the filing dialogue (subject, description, an intake field)."""
    draft = chat.conversation.draft
    step = chat.conversation.step
    if not text:
        chat.say(_("Please answer with text."))
        return
    if step == SUBJECT:
        if len(text) > SUBJECT_LIMIT:
            chat.say(_("The subject is at most %(count)d characters.") % {"count": SUBJECT_LIMIT})
            return
        draft["subject"] = text
        chat.conversation.step = DESCRIPTION
        chat.conversation.save()
        chat.say(_("Describe the problem: what happens, what you expected, steps to repeat:"))
        return
    if step == DESCRIPTION:
        draft["description"] = text
    elif step.startswith(INTAKE + ":"):
        draft.setdefault("intake", {})[step.partition(":")[2]] = text
    _next_or_register(chat)


def _next_or_register(chat: Chat) -> None:
    draft = chat.conversation.draft
    contract = access_contract(chat.person, draft["contract"], for_filing=True)
    intake = draft.get("intake", {})
    missing = [n for n in contract.package.mandatory_intake_fields if not intake.get(n)]
    if missing:
        chat.conversation.step = f"{INTAKE}:{missing[0]}"
        chat.conversation.save()
        label = IntakeField(missing[0]).label if missing[0] in IntakeField.values else missing[0]
        chat.say(_("The support package asks for this too — %(field)s:") % {"field": label})
        return
    chat.reset()
    try:
        ticket = register_ticket(
            contract=contract,
            reporter=chat.person,
            subject=draft["subject"],
            description=draft["description"],
            criticality=draft["criticality"],
            is_production=contract.package.requires_production(draft["criticality"]),
            intake=intake,
            channel=Channel.MESSENGER,
        )
    except DomainError as error:
        chat.say(str(error.message) + "\n" + _("Send /new to start again."))
        return
    chat.reset(ticket=ticket)
    chat.say(
        _(
            "Ticket %(number)s is registered: %(subject)s\n"
            "Reply to this message (or just write here) to add to it; send photos and files "
            "the same way."
        )
        % {"number": ticket.number, "subject": ticket.subject},
        ticket=ticket,
    )

"""The nine-item escalation dossier of seed 001, section 5: which items there are, which
are missing, and the draft the partner starts from. Storing and acting on a dossier
belongs to the actions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.models import IntakeField

if TYPE_CHECKING:
    from kabinet.orgs.models import Person
    from kabinet.tickets.models import Ticket


class DossierItem(models.TextChoices):
    """In the seed's order; the label is what a refusal names."""

    CONTACTS = "contacts", _("names and contacts of the customer and the partner")
    CRITICAL_CONDITIONS = (
        "critical_conditions_confirmed",
        _("confirmation of the conditions for critical tickets"),
    )
    DESCRIPTION = "description", _("detailed description")
    ENVIRONMENT = "environment", _("hardware and software description")
    RECENT_CHANGES = "recent_changes", _("recent changes to hardware or software")
    PERFORMANCE = "performance_before_after", _("performance data before and after")
    RESOURCES_CONSULTED = "resources_consulted", _("resources already consulted")
    TEST_SCENARIO = "test_scenario", _("test scenario and test data")
    ESCALATION_REASON = "escalation_reason", _("reason for escalation")


def missing_items(dossier: Mapping[str, Any], *, performance_issue: bool) -> list[DossierItem]:
    """Items absent or blank, in the seed's order. The critical-conditions item is a yes/no
    answer and is missing only when unanswered; performance data is required only for a
    performance issue."""
    missing: list[DossierItem] = []
    for item in DossierItem:
        value = dossier.get(item.value)
        if item is DossierItem.PERFORMANCE and not performance_issue:
            continue
        if item is DossierItem.CRITICAL_CONDITIONS:
            if not isinstance(value, bool):
                missing.append(item)
        elif not isinstance(value, str) or not value.strip():
            missing.append(item)
    return missing


def render(dossier: Mapping[str, Any]) -> str:
    """The dossier as the vendor ticket's description: one labelled section per item."""
    sections = []
    for number, item in enumerate(DossierItem, start=1):
        value = dossier.get(item.value)
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        sections.append(f"{number}) {item.label}:\n{value}")
    return "\n\n".join(sections)


# Which intake answers (seed 001, Appendix 1) start which dossier item, in this order.
_FROM_INTAKE: dict[DossierItem, tuple[str, ...]] = {
    DossierItem.ENVIRONMENT: ("product", "client_environment", "server_environment"),
    DossierItem.RECENT_CHANGES: ("recent_changes",),
    DossierItem.PERFORMANCE: ("performance_before_after",),
    DossierItem.TEST_SCENARIO: ("test_scenario", "steps_to_reproduce"),
}


def drafted_from(ticket: Ticket, partner: Person, *, consulted: str = "") -> dict[str, Any]:
    """The dossier as the partner starts it: what the customer's ticket already says, so
    the partner reviews and completes instead of retyping; the reason for escalation is the
    partner's own words and starts empty. ``consulted`` is item 7 as the knowledge base
    recorded it (the articles the partner opened)."""
    intake: Mapping[str, str] = ticket.intake or {}

    def labelled(names: tuple[str, ...]) -> str:
        return "\n".join(
            f"{capfirst(IntakeField(name).label)}: {intake[name]}"
            for name in names
            if str(intake.get(name, "")).strip()
        )

    customer = [intake.get("company") or ticket.contract.customer.name]
    customer += [
        str(intake.get(name) or "").strip()
        for name in ("contact_name", "contact_phone", "contact_email")
    ]
    partner_line = [ticket.contract.supplier.name, partner.full_name, partner.phone, partner.email]
    description = [ticket.subject, ticket.description]
    description += [labelled(("business_impact", "page_address"))]
    drafted: dict[DossierItem, Any] = {
        DossierItem.CONTACTS: "\n".join(
            [
                _("Customer: %(who)s") % {"who": ", ".join(p for p in customer if p)},
                _("Partner: %(who)s") % {"who": ", ".join(p for p in partner_line if p)},
            ]
        ),
        # The customer's own confirmation at filing; the partner confirms for its side.
        DossierItem.CRITICAL_CONDITIONS: ticket.confirmed_phone_24x7 and ticket.confirmed_email_1h,
        DossierItem.DESCRIPTION: "\n\n".join(part for part in description if part.strip()),
        DossierItem.RESOURCES_CONSULTED: consulted,
    }
    for item, names in _FROM_INTAKE.items():
        drafted[item] = labelled(names)
    return {item.value: value for item, value in drafted.items() if value != ""}

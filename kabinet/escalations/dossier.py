"""The nine-item escalation dossier of seed 001, section 5: which items there are and which
are missing. Storing and acting on a dossier belongs to the actions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


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

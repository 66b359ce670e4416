"""Seed 002 through POST /api/v1/tickets on the integrator packages preset: the customer's one
responsible contact files; a colleague, even an authorised contact, is refused with the
responsible contact's name; the supplier still registers a phone call for the customer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from kabinet.api.tests.clients import client_for
from kabinet.presets.loading import load_preset
from kabinet.presets.regimes import PRESETS

# Tue 2026-05-19 12:00 Moscow: a working day of the Business package.
NOW = dt.datetime(2026, 5, 19, 9, 0, tzinfo=dt.UTC)


def _ticket(contract_id: int, channel: str = "portal") -> dict[str, Any]:
    return {
        "contract": contract_id,
        "subject": "Сделки не синхронизируются",
        "description": "С утра сделки не попадают в CRM.",
        "criticality": 3,
        "is_production": True,
        "channel": channel,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "detail"),
    [
        (
            "en",
            "The support package accepts tickets only from the customer's responsible "
            "contact: Татьяна Волкова.",
        ),
        (
            "ru",
            "По пакету поддержки обращения принимаются только от ответственного "
            "контактного лица клиента: Татьяна Волкова.",
        ),
    ],
)
def test_only_the_responsible_contact_files(language: str, detail: str) -> None:
    with time_machine.travel(NOW, tick=False):
        loaded = load_preset(PRESETS["integrator_packages"], tickets=False)
        contract = loaded.contracts["GAMMA-BZ-001"]
        colleague = client_for(loaded.people["business.colleague"], language)
        refused = colleague.post("/api/v1/tickets", _ticket(contract.pk), format="json")
        assert refused.status_code == 403
        assert refused.json()["detail"] == detail
        responsible = client_for(loaded.people["business.client"])
        filed = responsible.post("/api/v1/tickets", _ticket(contract.pk), format="json")
        assert filed.status_code == 201, filed.json()
        support = client_for(loaded.people["gamma.support"])
        call = support.post("/api/v1/tickets", _ticket(contract.pk, "phone"), format="json")
        assert call.status_code == 201, call.json()
        assert call.json()["channel"] == "phone"

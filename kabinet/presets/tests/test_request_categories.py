"""The presets' request categories, as the seeds say: seed 002's configuration and development
consultations only from Business and Premium (Basic refuses them, naming itself), seed 003's
wishes for the product, seed 004's project managers taking technical consultations and the
work outside support."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from kabinet.errors import DomainError
from kabinet.lines.queries import current_line
from kabinet.presets.loading import Loaded, load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.presets.tests.rest import at
from kabinet.tickets.actions import register_ticket
from kabinet.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def filing(loaded: Loaded, contract: str, reporter: str, category: str, **extra: Any) -> Ticket:
    return register_ticket(
        contract=loaded.contracts[contract],
        reporter=loaded.people[reporter],
        subject="Вопрос",
        description="Подробности",
        criticality=4,
        is_production=False,
        category=category,
        **extra,
    )


def test_seed_002_configuration_consultations_only_from_business_and_premium() -> None:
    with time_machine.travel(at(4, 7, 12), tick=False):
        loaded = load_preset(PRESETS["integrator_packages"], tickets=False)
        with pytest.raises(DomainError, match="“Basic” does not cover") as info:
            filing(loaded, "GAMMA-B-001", "basic.client", "configuration")
        assert info.value.field == "category"
        for contract, reporter in (
            ("GAMMA-BZ-001", "business.client"),
            ("GAMMA-P-001", "premium.client"),
        ):
            assert filing(loaded, contract, reporter, "configuration").category == "configuration"
            with pytest.raises(DomainError, match="outside its support"):
                filing(loaded, contract, reporter, "paid_work")


def test_seed_003_takes_wishes_for_the_product() -> None:
    with time_machine.travel(at(4, 7, 12), tick=False):
        loaded = load_preset(PRESETS["saas_vendor"], tickets=False)
        wish = filing(loaded, "SAAS-0042", "saas.client", "wish", channel="email")
        assert wish.category == "wish"


def test_seed_004_technical_consultations_and_paid_work_start_with_the_project_manager() -> None:
    with time_machine.travel(at(4, 7, 12), tick=False):
        loaded = load_preset(PRESETS["integrator_lines"], tickets=False)
        intake = {"steps_to_reproduce": "1", "page_address": "https://x", "product": "5.2"}
        question = filing(loaded, "DELTA-2026-07", "vostok.client", "support", intake=intake)
        consultation = filing(
            loaded, "DELTA-2026-07", "vostok.client", "configuration", intake=intake
        )
        paid = filing(loaded, "DELTA-2026-07", "vostok.client", "paid_work", intake=intake)
        assert [current_line(t).key for t in (question, consultation, paid)] == [  # type: ignore[union-attr]
            "line1",
            "line2",
            "line2",
        ]


def test_seed_002_only_premium_has_a_dedicated_specialist() -> None:
    with time_machine.travel(at(4, 7, 12), tick=False):
        loaded = load_preset(PRESETS["integrator_packages"], tickets=False)
        packages = {key: package.dedicated_specialist for key, package in loaded.packages.items()}
        assert packages == {"basic": False, "business": False, "premium": True}
        premium = filing(loaded, "GAMMA-P-001", "premium.client", "support")
        assert premium.assignee == loaded.people["gamma.dedicated"]
        basic = loaded.contracts["GAMMA-B-001"]
        basic.personal_consultant = loaded.people["gamma.dedicated"]
        with pytest.raises(ValidationError, match="dedicated specialist"):
            basic.full_clean()

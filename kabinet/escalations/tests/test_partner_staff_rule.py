"""Seed 001, Appendix 2, 4.5: "Партнер обязан назначить … не менее одного контактного лица
… не менее двух уполномоченных сотрудников с учетом п.2.5" — where the vendor's package
makes it a rule, a partner escalates only once it has an organisation admin and two
engineers holding the certificate 2.5 asks for, valid on the day; the refusal names what is
missing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kabinet.contracts.models import Contract
from kabinet.errors import NotAllowedError
from kabinet.escalations.actions import escalate_to_vendor, escalation_refusal
from kabinet.escalations.tests.conftest import EXPERT, Chain, certify, full_dossier
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Certificate, Role
from kabinet.orgs.tests.factories import PersonFactory

NOW = dt.datetime(2026, 5, 8, 13, tzinfo=dt.UTC)


@pytest.fixture
def ruled(chain: Chain) -> Chain:
    package = Contract.objects.get(number="V-1").package
    package.escalation_requires_staff = True
    package.escalation_certificate = EXPERT
    package.save(update_fields=["escalation_requires_staff", "escalation_certificate"])
    Certificate.objects.filter(person=chain.world.engineer).update(kind=EXPERT)
    return chain


def test_without_an_admin_and_a_second_certified_engineer_the_partner_is_refused(
    ruled: Chain,
) -> None:
    world = ruled.world
    refusal = str(escalation_refusal(world.engineer, ruled.ticket, now=NOW))
    assert refusal == (
        "Before escalating to the vendor the partner must name at least one organisational "
        "contact and two certified engineers; missing: an organisational contact (an "
        "organisation admin); 1 more engineer with a valid certificate."
    )
    with translation.override("ru"), pytest.raises(NotAllowedError) as info:
        escalate_to_vendor(ruled.ticket, author=world.engineer, dossier=full_dossier())
    assert "контактное лицо" in str(info.value.message)


def test_a_certificate_of_another_kind_or_expired_does_not_count(ruled: Chain) -> None:
    world = ruled.world
    admin = PersonFactory.create(username="partner_admin")
    grant_role(organisation=world.partner, person=admin, role=Role.ORG_ADMIN)
    second = PersonFactory.create(username="second")
    grant_role(organisation=world.partner, person=second, role=Role.ENGINEER)
    certify(second, until=dt.date(2026, 5, 7))  # expired the day before
    Certificate.objects.filter(person=second).update(kind=EXPERT)
    refusal = str(escalation_refusal(world.engineer, ruled.ticket, now=NOW))
    assert refusal.endswith("missing: 1 more engineer with a valid certificate.")
    Certificate.objects.filter(person=second).update(valid_until=dt.date(2026, 12, 31))
    assert escalation_refusal(world.engineer, ruled.ticket, now=NOW) is None
    escalation = escalate_to_vendor(ruled.ticket, author=world.engineer, dossier=full_dossier())
    assert escalation.vendor_ticket.number


def test_without_the_rule_one_certified_engineer_is_enough(chain: Chain) -> None:
    assert escalation_refusal(chain.world.engineer, chain.ticket, now=NOW) is None

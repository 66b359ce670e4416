from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kabinet.conftest import World
from kabinet.contracts.models import IntakeField
from kabinet.errors import ConflictError, DomainError, NotAllowedError
from kabinet.tickets.models import EventKind, OutboxMessage, Status, Ticket, Visibility
from kabinet.tickets.tests.factories import file_ticket


def test_registration_assigns_number_and_starts_timeline(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    assert ticket.number == f"KB-{ticket.pk:06d}"
    assert ticket.status == Status.REGISTERED
    assert ticket.assignee == world.engineer  # the personal consultant takes it first
    events = list(ticket.events.all())
    assert [e.kind for e in events] == [EventKind.REGISTERED]
    assert events[0].actor_side == "customer"


def test_numbers_are_unique_and_increasing(world: World) -> None:
    numbers = [file_ticket(world.contract, world.contact).number for _ in range(3)]
    assert len(set(numbers)) == 3
    assert numbers == sorted(n or "" for n in numbers)


@pytest.mark.django_db(transaction=True)
def test_notification_is_queued_only_after_commit(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    registered = ticket.events.get(kind=EventKind.REGISTERED)
    assert OutboxMessage.objects.filter(event=registered).exists() is True


@pytest.mark.django_db(transaction=True)
def test_notification_is_not_queued_when_transaction_rolls_back(world: World) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        file_ticket(world.contract, world.contact)
        raise RuntimeError
    assert OutboxMessage.objects.count() == 0


def test_expired_contract_refuses_new_tickets(world: World) -> None:
    world.contract.valid_to = dt.date(2026, 5, 7)
    world.contract.save()
    with pytest.raises(DomainError, match="is not in force on 2026-05-08") as info:
        file_ticket(world.contract, world.contact)
    assert info.value.field == "contract"


def test_contract_date_is_taken_in_contract_time_zone(world: World) -> None:
    # 2026-05-07 22:30 UTC is already the 8th in Moscow.
    world.contract.valid_from = dt.date(2026, 5, 8)
    world.contract.save()
    with time_machine.travel(dt.datetime(2026, 5, 7, 22, 30, tzinfo=dt.UTC), tick=False):
        assert file_ticket(world.contract, world.contact).pk is not None


@pytest.mark.parametrize("criticality", [1, 2])
def test_high_criticality_needs_production_system(world: World, criticality: int) -> None:
    with pytest.raises(DomainError, match="only for production systems") as info:
        file_ticket(world.contract, world.contact, criticality=criticality, is_production=False)
    assert info.value.field == "criticality"


def test_unconfirmed_critical_is_registered_as_level_3_with_reason(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact, criticality=1, confirmed_phone_24x7=True)
    assert ticket.criticality == 3
    change = ticket.events.get(kind=EventKind.CRITICALITY_CHANGED)
    assert change.actor is None
    assert change.visibility == Visibility.PUBLIC
    assert change.payload["from"] == 1 and change.payload["to"] == 3
    assert "24×7" in change.payload["reason"]


def test_confirmed_critical_stays_level_1(world: World) -> None:
    ticket = file_ticket(
        world.contract,
        world.contact,
        criticality=1,
        confirmed_phone_24x7=True,
        confirmed_email_1h=True,
    )
    assert ticket.criticality == 1
    assert not ticket.events.filter(kind=EventKind.CRITICALITY_CHANGED).exists()


def test_mandatory_intake_fields_are_enforced(world: World) -> None:
    package = world.contract.package
    package.mandatory_intake_fields = [IntakeField.PRODUCT]
    package.save()
    with pytest.raises(DomainError) as info:
        file_ticket(world.contract, world.contact, intake={"product": "  "})
    assert info.value.field == "intake.product"
    assert file_ticket(world.contract, world.contact, intake={"product": "ERP 2.5"}).pk


def test_channel_must_be_in_package(world: World) -> None:
    with pytest.raises(DomainError) as info:
        file_ticket(world.contract, world.contact, channel="messenger")
    assert info.value.field == "channel"


def test_outsider_cannot_file_on_foreign_contract(world: World) -> None:
    with pytest.raises(NotAllowedError):
        file_ticket(world.contract, world.outsider)


def test_group_member_contact_may_file_on_sibling_contract(world: World) -> None:
    assert file_ticket(world.sibling_contract, world.contact).pk


def test_supplier_engineer_may_register_on_behalf(world: World) -> None:
    ticket = file_ticket(world.contract, world.engineer, channel="phone")
    assert ticket.events.get().actor_side == "supplier"


def test_idempotency_key_returns_first_ticket(world: World) -> None:
    first = file_ticket(world.contract, world.contact, idempotency_key="abc")
    again = file_ticket(world.contract, world.contact, idempotency_key="abc")
    assert again.pk == first.pk
    assert Ticket.objects.count() == 1


def test_idempotency_key_reused_for_other_content_is_a_conflict(world: World) -> None:
    file_ticket(world.contract, world.contact, idempotency_key="abc")
    with pytest.raises(ConflictError, match="already used for a different request"):
        file_ticket(world.contract, world.contact, idempotency_key="abc", subject="x")
    assert Ticket.objects.count() == 1


def test_a_retry_answers_the_first_ticket_even_when_the_contract_lapsed_since(
    world: World,
) -> None:
    first = file_ticket(world.contract, world.contact, idempotency_key="abc")
    world.contract.valid_to = dt.date(2026, 5, 7)
    world.contract.save()
    again = file_ticket(world.contract, world.contact, idempotency_key="abc")
    assert again.pk == first.pk
    with pytest.raises(DomainError, match="is not in force"):
        file_ticket(world.contract, world.contact, idempotency_key="other")


def test_a_retry_inside_a_callers_transaction_answers_the_first_ticket(world: World) -> None:
    first = file_ticket(world.contract, world.contact, idempotency_key="abc")
    with transaction.atomic():
        again = file_ticket(world.contract, world.contact, idempotency_key="abc")
        # The failed insert was undone to its savepoint: the transaction goes on.
        assert Ticket.objects.count() == 1
    assert again.pk == first.pk


def test_the_number_is_written_by_the_insert_and_never_cut(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    assert Ticket.objects.get(pk=ticket.pk).number == ticket.number == f"KB-{ticket.pk:06d}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('tickets_ticket', 'id'), 1234566)")
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = 1234566 WHERE name = 'tickets_ticket'")
    big = file_ticket(world.contract, world.contact)
    assert big.pk == 1234567
    assert Ticket.objects.get(pk=big.pk).number == big.number == "KB-1234567"


def test_registration_query_count_is_bounded(world: World) -> None:
    with CaptureQueriesContext(connection) as queries:
        file_ticket(world.contract, world.contact)
    assert len(queries) < 25

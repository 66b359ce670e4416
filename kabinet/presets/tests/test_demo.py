"""``kabinet demo`` loads every regime with tickets in every SLA state, and twice is once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from kabinet.contracts.models import Contract, Package
from kabinet.escalations.models import Escalation
from kabinet.orgs.models import Person
from kabinet.tickets.models import EventKind, SlaAlert, Status, Ticket, TicketEvent


@pytest.mark.django_db
def test_demo_loads_every_state_and_running_it_twice_duplicates_nothing() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    counts = [m.objects.count() for m in (Person, Package, Contract, Ticket, TicketEvent, SlaAlert)]
    call_command("demo", stdout=StringIO())
    again = [m.objects.count() for m in (Person, Package, Contract, Ticket, TicketEvent, SlaAlert)]

    assert again == counts
    printed = out.getvalue()
    assert "kabinet-demo" in printed
    # Who is who: name, role in words, organisation and the cabinet the login opens.
    assert (
        "client.contact       Дмитрий Соколов — уполномоченное лицо; ПАО «Уральские сети»; "
        "http://127.0.0.1:8000/client/"
    ) in printed
    assert "vendor.engineer      Андрей Вендоров — инженер; Фирма «1С»; " in printed
    assert "authorised_contact" not in printed and "org_admin" not in printed
    assert printed.count("С чего начать:") == 5
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Ticket.objects.filter(reaction_breached=True).exists() is True
    assert Ticket.objects.filter(update_breached=True).exists() is True
    assert Ticket.objects.filter(rating=5).exists() is True
    assert Person.objects.get(username="client.contact").check_password("kabinet-demo") is True
    # Seed 001's chain: one escalated ticket, answered by the vendor, the answer seen by the
    # partner on the customer's ticket as an internal copy.
    escalation = Escalation.objects.get()
    assert escalation.vendor_ticket.events.filter(kind="public_reply").count() == 1
    copies = escalation.customer_ticket.events.filter(kind=EventKind.VENDOR_UPDATE)
    assert [c.visibility for c in copies] == ["internal"]


@pytest.mark.django_db
def test_preset_load_names_an_unknown_preset() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown preset 'nope'"):
        call_command("preset", "load", "nope")
    out = StringIO()
    call_command("preset", "load", "integrator_packages", stdout=out)
    assert "3 packages" in out.getvalue()

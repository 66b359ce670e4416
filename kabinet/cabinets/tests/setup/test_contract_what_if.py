"""The contract form's what-if: a new package or time zone shows, before saving, how the
open tickets' deadlines move and which become breached or stop being overdue; saving
moves them in bulk, and breaches already recorded stay. Tickets are filed at known
Moscow times and the clock is moved between the steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from kabinet.audit.models import AuditRecord
from kabinet.cabinets.tests.setup.conftest import Admins
from kabinet.cabinets.tests.setup.test_calendar_pages import _tickets
from kabinet.conftest import World
from kabinet.contracts.models import Contract, Package, TargetKind
from kabinet.contracts.tests.factories import SEED_001_TARGETS, PackageFactory
from kabinet.tickets.models import Ticket

# Saving queues the recompute (the `recompute` queue); here it runs in the sender.
pytestmark = pytest.mark.usefixtures("eager_tasks")

URL = "/setup/contracts/{}/"


def _client(person: object, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(person)  # type: ignore[arg-type]
    return client


def _packages(world: World) -> tuple[Package, Package]:
    """The contract's package, now the partner's, and a stricter one of the partner's:
    a level-3 ticket must be reacted to within 1 working hour instead of 8."""
    current = world.contract.package
    current.supplier = world.partner
    current.save()
    strict_targets = [
        (level, kind, 1 if (level, kind) == (3, TargetKind.REACTION) else amount, unit, cal)
        for level, kind, amount, unit, cal in SEED_001_TARGETS
    ]
    strict = PackageFactory.create(supplier=world.partner, name="Strict", targets=strict_targets)
    return current, strict


def _form_data(contract: Contract, **changes: Any) -> dict[str, Any]:
    """What the browser sends for the contract's form as shown, with ``changes``."""
    contract = Contract.objects.get(pk=contract.pk)
    data: dict[str, Any] = {
        "number": contract.number,
        "customer": contract.customer_id,
        "package": contract.package_id,
        "valid_from": contract.valid_from.isoformat(),
        "valid_to": contract.valid_to.isoformat(),
        "seats": contract.seats,
        "time_zone": contract.time_zone,
        "responsible_contacts": list(contract.responsible_contacts.values_list("pk", flat=True)),
    }
    if contract.personal_consultant_id:
        data["personal_consultant"] = contract.personal_consultant_id
    return {**data, **changes}


def _due(field: str = "reaction_due_at") -> dict[int, dt.datetime | None]:
    return dict(Ticket.objects.values_list("pk", field))


def test_a_new_package_is_shown_before_saving_and_changes_nothing(
    world: World, admins: Admins
) -> None:
    tickets = _tickets(world)
    current, strict = _packages(world)
    before, records = _due(), AuditRecord.objects.count()
    page = _client(admins.partner).post(
        URL.format(world.contract.pk) + "preview/", _form_data(world.contract, package=strict.pk)
    )
    assert page.status_code == 200
    report = page.context["what_if"]
    reaction = report.rows[0]
    assert (report.tickets, reaction.earlier, reaction.later) == (3, 3, 0)
    # ``close`` (Thursday 17:00) was due Friday 16:30; within 1 hour it was due Thursday
    # 18:00, and it is Friday 16:00 now.
    assert [t.number for t in reaction.became_breached] == [tickets["close"].number]
    assert reaction.no_longer_overdue == []
    html = page.content.decode()
    assert f'href="/tickets/{tickets["close"].number}/"' in html
    assert 'id="what-if"' in html
    assert f'value="{strict.pk}" selected' in html  # the choice shown is the one typed
    assert Contract.objects.get(pk=world.contract.pk).package == current
    assert _due() == before
    assert AuditRecord.objects.count() == records


def test_saving_a_new_package_then_back_with_the_clock_moved(
    world: World,
    admins: Admins,
    frozen_time: time_machine.Traveller,
    django_capture_on_commit_callbacks: Any,
) -> None:
    tickets = _tickets(world)
    current, strict = _packages(world)
    client = _client(admins.partner)
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            URL.format(world.contract.pk), _form_data(world.contract, package=strict.pk)
        )
    assert saved.status_code == 302
    close = Ticket.objects.get(pk=tickets["close"].pk)
    assert close.reaction_breached
    assert close.reaction_due_at == dt.datetime(2026, 5, 7, 15, 0, tzinfo=dt.UTC)
    record = AuditRecord.objects.get(action="contract.changed")
    assert (record.before["package"], record.after["package"]) == (current.pk, strict.pk)

    # Twenty minutes on (Friday 16:20), back to the 8 hours: ``close`` is due at 16:30
    # again, so it is no longer overdue; its recorded breach stays.
    frozen_time.shift(dt.timedelta(minutes=20))
    page = client.post(
        URL.format(world.contract.pk) + "preview/", _form_data(world.contract, package=current.pk)
    )
    reaction = page.context["what_if"].rows[0]
    assert [t.number for t in reaction.no_longer_overdue] == [close.number]
    assert (reaction.earlier, reaction.later) == (0, 3)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL.format(world.contract.pk), _form_data(world.contract, package=current.pk))
    close = Ticket.objects.get(pk=close.pk)
    assert close.reaction_due_at == dt.datetime(2026, 5, 8, 13, 30, tzinfo=dt.UTC)
    assert close.reaction_breached  # recorded: never taken back
    late = Ticket.objects.get(pk=tickets["late"].pk)
    assert late.reaction_breached


def test_a_new_time_zone_previews_exactly_what_saving_does(
    world: World, admins: Admins, django_capture_on_commit_callbacks: Any
) -> None:
    _tickets(world)
    _packages(world)
    client = _client(admins.partner)
    data = _form_data(world.contract, time_zone="Asia/Vladivostok")
    before = _due()
    page = client.post(URL.format(world.contract.pk) + "preview/", data)
    reaction = page.context["what_if"].rows[0]
    assert reaction.earlier + reaction.later > 0
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL.format(world.contract.pk), data).status_code == 302
    moves = [
        (was, now)
        for pk, now in _due().items()
        if (was := before[pk]) is not None and now is not None and was != now
    ]
    earlier = sum(1 for was, now in moves if now < was)
    later = sum(1 for was, now in moves if now > was)
    assert (reaction.earlier, reaction.later) == (earlier, later)
    assert Contract.objects.get(pk=world.contract.pk).time_zone == "Asia/Vladivostok"


def test_a_bad_preview_names_the_field_in_russian_and_keeps_what_was_typed(
    world: World, admins: Admins
) -> None:
    _packages(world)
    data = _form_data(world.contract, seats="много", valid_to="2020-01-01", number="П-99")
    page = _client(admins.partner, "ru").post(URL.format(world.contract.pk) + "preview/", data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Рабочих мест</a>: Введите целое число." in html
    assert 'value="много"' in html and 'value="П-99"' in html
    assert "what_if" not in page.context


def test_the_dates_are_shown_as_a_browser_reads_them_in_russian(
    world: World, admins: Admins
) -> None:
    _packages(world)
    html = _client(admins.partner, "ru").get(URL.format(world.contract.pk)).content.decode()
    assert f'value="{world.contract.valid_from.isoformat()}"' in html
    assert f'value="{world.contract.valid_to.isoformat()}"' in html


def test_the_what_if_page_saves_to_the_contract_not_to_the_preview(
    world: World, admins: Admins
) -> None:
    _packages(world)
    url = URL.format(world.contract.pk)
    page = _client(admins.partner).post(url + "preview/", _form_data(world.contract))
    html = page.content.decode()
    assert f'id="contract-form" action="{url}"' in html
    assert f'formaction="{url}preview/"' in html

"""The work queue's filters (support line, assignee, number or words, contract) on the partner
queue and the vendor console: each alone, together, in the regime's work order, and only over
the person's own supplier side — other tenants' lines and people are neither offered nor
accepted, and refusing them names nothing of theirs."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kabinet.cabinets.queries import TicketFilter, filtered
from kabinet.conftest import World
from kabinet.contracts.models import Contract
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.lines.actions import move_to_line
from kabinet.lines.models import SupportLine
from kabinet.orgs.actions import grant_role
from kabinet.orgs.models import Person, Role
from kabinet.orgs.tests.factories import PersonFactory
from kabinet.tickets.actions import assign
from kabinet.tickets.models import Ticket
from kabinet.tickets.tests.factories import file_ticket

FOREIGN_LINE = "Чужая линия"
FOREIGN_PERSON = "Чужой Инженер"


@dataclass
class Queue:
    world: World
    line_one: SupportLine
    line_two: SupportLine
    foreign_line: SupportLine
    colleague: Person
    foreign_person: Person
    second_contract: Contract
    posting: Ticket  # contract, level 3, engineer, line one
    report: Ticket  # contract, level 2, unassigned, line two
    second: Ticket  # second contract, level 3, colleague, line one
    sibling: Ticket  # sibling's contract, level 4, unassigned, line one
    critical: Ticket  # contract, level 1 (registered last), unassigned, line one
    foreign: Ticket  # the other partner's ticket


def _member(organisation: object, name: str) -> Person:
    person = PersonFactory.create(full_name=name)
    grant_role(organisation=organisation, person=person, role=Role.ENGINEER)  # type: ignore[arg-type]
    return person


@pytest.fixture
def queue(world: World) -> Queue:
    line_one = SupportLine.objects.create(supplier=world.partner, key="one", name="Консультант")
    line_two = SupportLine.objects.create(
        supplier=world.partner, key="two", name="Инженер", position=2
    )
    foreign_line = SupportLine.objects.create(
        supplier=world.other_partner, key="one", name=FOREIGN_LINE
    )
    colleague = _member(world.partner, "Коллега Коля")
    foreign_person = _member(world.other_partner, FOREIGN_PERSON)
    second_contract = ContractFactory.create(
        supplier=world.partner, customer=world.customer, number="C-SECOND"
    )
    posting = file_ticket(world.contract, world.contact, subject="Ошибка проведения документов")
    report = file_ticket(
        world.contract,
        world.contact,
        subject="Slow report",
        description="Отчёт по продажам формируется час; 100% загрузка процессора.",
        criticality=2,
    )
    second = file_ticket(second_contract, world.contact, subject="Печать счёта")
    sibling = file_ticket(world.sibling_contract, world.sibling_contact, criticality=4)
    critical = file_ticket(
        world.contract,
        world.contact,
        subject="Система остановлена",
        criticality=1,
        confirmed_phone_24x7=True,
        confirmed_email_1h=True,
    )
    foreign = file_ticket(world.other_contract, world.outsider, subject="Ошибка проведения")
    # The contract's personal consultant (the engineer) is given its new tickets.
    assert posting.assignee == critical.assignee == world.engineer
    assign(critical, author=world.engineer, assignee_id=None)
    assign(second, author=world.engineer, assignee_id=colleague.pk)
    move_to_line(report, author=world.engineer, line=line_two, reason="Нужен инженер")
    return Queue(
        world=world,
        line_one=line_one,
        line_two=line_two,
        foreign_line=foreign_line,
        colleague=colleague,
        foreign_person=foreign_person,
        second_contract=second_contract,
        posting=posting,
        report=report,
        second=second,
        sibling=sibling,
        critical=critical,
        foreign=foreign,
    )


def _numbers(client: Client, query: dict[str, str], who: Person) -> list[str]:
    """The ticket numbers the partner queue lists under ``query``, in the listed order."""
    client.force_login(who)
    response = client.get("/partner/", query)
    assert response.status_code == 200
    page = response.content.decode()
    marker = 'class="num">'
    return [part.split("<", 1)[0] for part in page.split(marker)[1:]]


def _all(*tickets: Ticket) -> list[str]:
    return [str(ticket.number) for ticket in tickets]


def test_the_queue_without_new_filters_is_the_regimes_work_order(
    queue: Queue, client: Client
) -> None:
    numbers = _numbers(client, {"status": "open"}, queue.world.engineer)

    assert numbers == _all(queue.critical, queue.posting, queue.report, queue.second, queue.sibling)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("line_one", ("critical", "posting", "second", "sibling")),
        ("line_two", ("report",)),
    ],
)
def test_the_line_filter_takes_the_current_line(
    queue: Queue, client: Client, line: str, expected: tuple[str, ...]
) -> None:
    """A ticket never moved is in the supplier's entry line; a moved one in its latest."""
    chosen = getattr(queue, line)

    numbers = _numbers(client, {"line": str(chosen.pk)}, queue.world.engineer)

    assert numbers == _all(*(getattr(queue, name) for name in expected))


def test_a_ticket_moved_back_is_in_the_line_it_entered_last(queue: Queue, client: Client) -> None:
    move_to_line(queue.report, author=queue.world.engineer, line=queue.line_one)

    assert _numbers(client, {"line": str(queue.line_two.pk)}, queue.world.engineer) == []
    assert str(queue.report.number) in _numbers(
        client, {"line": str(queue.line_one.pk)}, queue.world.engineer
    )


@pytest.mark.parametrize(
    ("assignee", "expected"),
    [
        ("engineer", ("posting",)),
        ("colleague", ("second",)),
        ("none", ("critical", "report", "sibling")),
    ],
)
def test_the_assignee_filter(
    queue: Queue, client: Client, assignee: str, expected: tuple[str, ...]
) -> None:
    person = queue.world.engineer if assignee == "engineer" else getattr(queue, assignee, None)
    value = str(person.pk) if person is not None else "none"

    numbers = _numbers(client, {"assignee": value}, queue.world.engineer)

    assert numbers == _all(*(getattr(queue, name) for name in expected))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ОШИБКА", ("posting",)),  # Cyrillic, another case, in the subject
        ("отчёт процессора", ("report",)),  # every word, across the description
        ("SLOW отчёт", ("report",)),  # one word in the subject, one in the description
        ("ошибка отчёт", ()),  # the words must all be there
        ("100%", ("report",)),  # a percent sign is a character, not a wildcard
        ("%", ("report",)),
        ("_", ()),
    ],
)
def test_words_are_found_in_subject_or_description_ignoring_case(
    queue: Queue, client: Client, text: str, expected: tuple[str, ...]
) -> None:
    numbers = _numbers(client, {"text": text}, queue.world.engineer)

    assert numbers == _all(*(getattr(queue, name) for name in expected))


def test_a_ticket_number_finds_exactly_that_ticket(queue: Queue, client: Client) -> None:
    number = str(queue.second.number)
    digits = number.removeprefix("KB-").lstrip("0")

    for typed in (number, number.lower(), f" KB-{digits} ", f"kb{digits}"):
        assert _numbers(client, {"text": typed}, queue.world.engineer) == [number]
    assert _numbers(client, {"text": str(queue.foreign.number)}, queue.world.engineer) == []


def test_a_ticket_number_is_looked_up_by_its_unique_index(queue: Queue) -> None:
    """The number is compared as stored (no UPPER or LIKE around the column), so the unique
    index answers it."""
    tickets = filtered(Ticket.objects.all(), TicketFilter(text=f"kb-{queue.second.pk}"))

    sql = str(tickets.query)
    assert f'"tickets_ticket"."number" = {queue.second.number}' in sql.replace("'", "")
    assert "LIKE" not in sql.upper()
    assert list(tickets) == [queue.second]


def test_the_contract_filter_tells_contracts_of_one_customer_apart(
    queue: Queue, client: Client
) -> None:
    numbers = _numbers(client, {"contract": str(queue.second_contract.pk)}, queue.world.engineer)

    assert numbers == _all(queue.second)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"line": "line_one", "assignee": "none"}, ("critical", "sibling")),
        ({"line": "line_one", "text": "ошибка"}, ("posting",)),
        ({"line": "line_two", "assignee": "none", "criticality": "2"}, ("report",)),
        ({"line": "line_two", "criticality": "3"}, ()),
        ({"contract": "contract", "assignee": "none"}, ("critical", "report")),
        ({"customer": "customer", "line": "line_one"}, ("critical", "posting", "second")),
        ({"mine": "on", "line": "line_one"}, ("posting",)),
        ({"mine": "on", "assignee": "colleague"}, ()),
        ({"status": "", "text": "документов", "assignee": "engineer"}, ("posting",)),
    ],
)
def test_filters_combine_and_keep_the_work_order(
    queue: Queue, client: Client, query: dict[str, str], expected: tuple[str, ...]
) -> None:
    world = queue.world
    ids = {
        "line_one": queue.line_one.pk,
        "line_two": queue.line_two.pk,
        "contract": world.contract.pk,
        "customer": world.customer.pk,
        "colleague": queue.colleague.pk,
        "engineer": world.engineer.pk,
    }
    values = {key: str(ids.get(value, value)) for key, value in query.items()}

    numbers = _numbers(client, values, world.engineer)

    assert numbers == _all(*(getattr(queue, name) for name in expected))


def test_only_the_persons_own_lines_people_and_contracts_are_offered(
    queue: Queue, client: Client
) -> None:
    world = queue.world
    client.force_login(world.engineer)

    page = client.get("/partner/").content.decode()

    assert f'<option value="{queue.line_one.pk}">Консультант</option>' in page
    assert f'<option value="{queue.colleague.pk}">Коллега Коля</option>' in page
    assert '<option value="none">unassigned</option>' in page
    for offered in ("Консультант", "Инженер", "Коллега Коля", "C-SECOND", "unassigned"):
        assert offered in page
    for hidden in (FOREIGN_LINE, FOREIGN_PERSON, world.other_contract.number):
        assert hidden not in page


def test_the_other_partner_is_offered_only_its_own(queue: Queue, client: Client) -> None:
    world = queue.world
    client.force_login(world.other_engineer)

    page = client.get("/partner/").content.decode()

    assert FOREIGN_LINE in page
    assert FOREIGN_PERSON in page
    for hidden in ("Консультант", "Коллега Коля", "C-SECOND", world.contract.number):
        assert hidden not in page
    numbers = _numbers(client, {"line": str(queue.foreign_line.pk)}, world.other_engineer)
    assert numbers == _all(queue.foreign)


@pytest.mark.parametrize(
    ("field", "value", "english", "russian"),
    [
        ("line", "foreign_line", "Choose one of your support lines.", "Выберите одну из ваших"),
        ("line", "abc", "Choose one of your support lines.", "Выберите одну из ваших"),
        ("line", "99999999999999999999", "Choose one of your support lines.", "Выберите"),
        (
            "assignee",
            "foreign_person",
            "Choose one of your colleagues, or “unassigned”.",
            "Выберите одного из ваших коллег",
        ),
        ("assignee", "-1", "Choose one of your colleagues, or “unassigned”.", "коллег"),
        ("contract", "other_contract", "Choose one of the contracts in the list.", "договоров"),
        ("customer", "other_customer", "Choose one of the customers in the list.", "клиентов"),
        ("text", "x" * 101, "Search for at most 100 characters at a time.", "не более 100 знаков"),
    ],
)
def test_another_tenants_choice_is_refused_in_both_languages_without_naming_it(
    queue: Queue, client: Client, field: str, value: str, english: str, russian: str
) -> None:
    world = queue.world
    objects = {
        "foreign_line": queue.foreign_line,
        "foreign_person": queue.foreign_person,
        "other_contract": world.other_contract,
        "other_customer": world.other_customer,
    }
    typed = str(objects[value].pk) if value in objects else value
    client.force_login(world.engineer)

    for language, message in (("en", english), ("ru", russian)):
        response = client.get("/partner/", {field: typed}, headers={"Accept-Language": language})
        assert response.status_code == 400
        page = response.content.decode()
        assert message in page
        assert 'class="num"' not in page  # nothing is listed under a refused filter
        for hidden in (FOREIGN_LINE, FOREIGN_PERSON, "Other customer", "Other partner"):
            assert hidden not in page
        assert world.other_contract.number not in page


def test_the_vendor_console_filters_by_the_vendors_own_lines_and_people(
    chain_ready: World, client: Client
) -> None:
    world = chain_ready
    vendor_contract = Contract.objects.get(supplier=world.vendor, customer=world.partner)
    first = SupportLine.objects.create(supplier=world.vendor, key="l1", name="Первая линия")
    second = SupportLine.objects.create(
        supplier=world.vendor, key="l2", name="Вторая линия", position=2
    )
    partner_line = SupportLine.objects.create(supplier=world.partner, key="p", name="Партнёрская")
    waiting = file_ticket(vendor_contract, world.vendor_engineer, subject="Ждёт")
    moved = file_ticket(vendor_contract, world.vendor_engineer, subject="Передано")
    move_to_line(moved, author=world.vendor_engineer, line=second)
    client.force_login(world.vendor_engineer)

    page = client.get("/vendor/", {"line": str(first.pk)}).content.decode()
    refused = client.get("/vendor/", {"line": str(partner_line.pk)})
    by_assignee = client.get("/vendor/", {"assignee": str(world.engineer.pk)})

    assert str(waiting.number) in page
    assert str(moved.number) not in page
    assert "Партнёрская" not in page
    assert refused.status_code == 400
    assert by_assignee.status_code == 400  # the partner's engineer is not the vendor's staff


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("engineer", "/partner/", 200),
        ("other_engineer", "/partner/", 200),
        ("contact", "/partner/", 404),
        ("vendor_engineer", "/partner/", 404),
        ("vendor_engineer", "/vendor/", 200),
        ("engineer", "/vendor/", 404),
    ],
)
def test_who_opens_a_filtered_queue(
    queue: Queue, client: Client, who: str, url: str, status: int
) -> None:
    client.force_login(getattr(queue.world, who))

    response = client.get(url, {"assignee": "none", "text": "ошибка"})

    assert response.status_code == status
    if who == "other_engineer":
        assert str(queue.foreign.number) in response.content.decode()
        assert str(queue.posting.number) not in response.content.decode()


def test_anonymous_is_sent_to_sign_in(queue: Queue, client: Client) -> None:
    response = client.get("/partner/", {"assignee": "none"})

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def _queries_for_page(client: Client, query: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/partner/", query)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _file_mine(world: World, count: int) -> None:
    for _ in range(count):
        ticket = file_ticket(world.contract, world.contact, subject="Зависание склада")
        assign(ticket, author=world.engineer, assignee_id=world.engineer.pk)


PAGE_FILTERS = [
    {"mine": "on"},
    {"assignee": "engineer"},
    {"assignee": "none"},
    {"contract": "contract", "customer": "customer", "criticality": "3"},
]


def _query_counts(client: Client, world: World, line: SupportLine) -> list[int]:
    """How many queries the partner queue takes under each of ``PAGE_FILTERS``, all with
    the line and the words filters on."""
    ids = {
        "engineer": world.engineer.pk,
        "contract": world.contract.pk,
        "customer": world.customer.pk,
    }
    counts = []
    for extra in PAGE_FILTERS:
        query = {"line": str(line.pk), "text": "СКЛАДА", "status": "open"}
        query.update({key: str(ids.get(value, value)) for key, value in extra.items()})
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/partner/", query)
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    return counts


def test_the_page_query_count_does_not_grow_with_the_tickets(queue: Queue, client: Client) -> None:
    world = queue.world
    _file_mine(world, 5)
    client.force_login(world.engineer)
    few = _query_counts(client, world, queue.line_one)
    shown = {"line": str(queue.line_one.pk), "text": "склада", "mine": "on"}
    assert len(_numbers(client, shown, world.engineer)) == 5

    _file_mine(world, 45)

    assert len(_numbers(client, shown, world.engineer)) == 50
    assert _query_counts(client, world, queue.line_one) == few
    # Every row names its current line, and that costs no query per row.
    page = client.get("/partner/", shown).content.decode()
    assert page.count("Консультант</span>") == 50


def test_the_work_order_survives_every_filter(queue: Queue) -> None:
    """Filtering narrows the ordered queue; it never reorders it."""
    world = queue.world
    everything = list(Ticket.objects.filter(contract__supplier=world.partner).in_work_order())
    chosen = TicketFilter(line=queue.line_one.pk, unassigned=True)

    narrowed = list(filtered(Ticket.objects.all(), chosen).in_work_order())

    assert narrowed == [ticket for ticket in everything if ticket in narrowed]
    assert narrowed == [queue.critical, queue.sibling]


def _rows(page: str) -> dict[str, str]:
    """Each listed ticket's row, by number."""
    rows = page.split('class="ticket-row')[1:]
    return {row.split('class="num">', 1)[1].split("<", 1)[0]: row for row in rows}


def test_each_queue_row_names_its_current_line(queue: Queue) -> None:
    client = Client(headers={"accept-language": "en"})
    client.force_login(queue.world.engineer)

    rows = _rows(client.get("/partner/", {"status": "open"}).content.decode())

    assert "Line: Инженер" in rows[str(queue.report.number)]  # moved to line two
    for ticket in (queue.posting, queue.second, queue.sibling, queue.critical):
        assert "Line: Консультант" in rows[str(ticket.number)]  # the entry line
    assert str(queue.foreign.number) not in rows
    assert FOREIGN_LINE not in "".join(rows.values())


def test_the_line_is_named_in_russian_too(queue: Queue) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(queue.world.engineer)

    rows = _rows(client.get("/partner/", {"line": str(queue.line_two.pk)}).content.decode())

    assert list(rows) == [str(queue.report.number)]
    assert "Линия: Инженер" in rows[str(queue.report.number)]


def test_the_customers_list_never_names_a_line(queue: Queue) -> None:
    client = Client(headers={"accept-language": "en"})
    client.force_login(queue.world.contact)

    page = client.get("/client/").content.decode()

    assert str(queue.report.number) in page
    assert "Line:" not in page and "Инженер" not in page and "Консультант" not in page


def test_the_vendor_console_names_the_vendors_lines(chain_ready: World) -> None:
    world = chain_ready
    vendor_contract = Contract.objects.get(supplier=world.vendor, customer=world.partner)
    SupportLine.objects.create(supplier=world.vendor, key="l1", name="Первая линия")
    second = SupportLine.objects.create(
        supplier=world.vendor, key="l2", name="Вторая линия", position=2
    )
    waiting = file_ticket(vendor_contract, world.vendor_engineer, subject="Ждёт")
    moved = file_ticket(vendor_contract, world.vendor_engineer, subject="Передано")
    move_to_line(moved, author=world.vendor_engineer, line=second)
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.vendor_engineer)

    rows = _rows(client.get("/vendor/").content.decode())

    assert "Line: Первая линия" in rows[str(waiting.number)]
    assert "Line: Вторая линия" in rows[str(moved.number)]


def test_a_supplier_without_lines_lists_tickets_without_a_line(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.engineer)

    rows = _rows(client.get("/partner/").content.decode())

    assert "Line:" not in rows[str(ticket.number)]

"""Saved views of the work queue: the actions' rules, then the pages — each person sees and
deletes only their own views, in the queues they work in."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import translation

from kabinet.cabinets.models import SavedView
from kabinet.cabinets.saved_views import MAX_VIEWS, delete_view, save_view
from kabinet.conftest import World
from kabinet.dashboards.tests.history import register
from kabinet.errors import ConflictError, DomainError, NotFoundError
from kabinet.lines.models import SupportLine
from kabinet.tickets.actions import assign
from kabinet.tickets.models import Ticket

LEVEL_2 = {"status": "", "criticality": "2"}


def test_a_view_keeps_the_filters_as_the_queue_reads_them(world: World) -> None:
    view = save_view(world.engineer, cabinet="partner", name="  Level  2 ", filters=LEVEL_2)

    assert view.name == "Level 2"
    assert view.query == "status=&criticality=2"
    assert view.person == world.engineer


@pytest.mark.parametrize(
    ("name", "in_english", "in_russian"),
    [
        ("   ", "Give the view a name.", "Назовите вид."),
        ("x" * 81, "A view name has at most 80 characters.", "не длиннее 80 символов"),
    ],
)
def test_a_view_needs_a_short_name(
    world: World, name: str, in_english: str, in_russian: str
) -> None:
    with pytest.raises(DomainError) as refused:
        save_view(world.engineer, cabinet="partner", name=name, filters=LEVEL_2)
    assert str(refused.value.message) == in_english
    assert refused.value.field == "name"
    with translation.override("ru"):
        with pytest.raises(DomainError) as refused:
            save_view(world.engineer, cabinet="partner", name=name, filters=LEVEL_2)
        assert in_russian in str(refused.value.message)


def test_names_are_unique_per_person_ignoring_case(world: World) -> None:
    save_view(world.engineer, cabinet="partner", name="Мои срочные", filters=LEVEL_2)

    with pytest.raises(ConflictError, match=r"You already have a view named “МОИ СРОЧНЫЕ”\."):
        save_view(world.engineer, cabinet="partner", name="МОИ СРОЧНЫЕ", filters={})
    save_view(world.other_engineer, cabinet="partner", name="Мои срочные", filters={})
    save_view(world.engineer, cabinet="vendor", name="Мои срочные", filters={})
    assert SavedView.objects.count() == 3


def test_a_person_keeps_at_most_twenty_views_per_queue(world: World) -> None:
    for number in range(MAX_VIEWS):
        save_view(world.engineer, cabinet="partner", name=f"View {number}", filters={})

    with pytest.raises(ConflictError, match="You have 20 saved views, the most there can be"):
        save_view(world.engineer, cabinet="partner", name="One more", filters={})


def test_only_the_owner_deletes_a_view(world: World) -> None:
    view = save_view(world.engineer, cabinet="partner", name="Level 2", filters=LEVEL_2)

    with pytest.raises(NotFoundError):
        delete_view(world.other_engineer, view.pk)
    assert SavedView.objects.filter(pk=view.pk).exists() is True
    delete_view(world.engineer, view.pk)
    assert SavedView.objects.filter(pk=view.pk).exists() is False


def _ticket(world: World, criticality: int) -> Ticket:
    return register(world.contract, world.contact, criticality)


def test_the_engineer_saves_the_current_filters_and_opens_them(
    world: World, client: Client
) -> None:
    urgent = _ticket(world, 2)
    quiet = _ticket(world, 3)
    client.force_login(world.engineer)

    response = client.post("/queue-views/partner/", {**LEVEL_2, "name": "Level 2"})

    assert response.status_code == 302
    assert response["Location"] == "/partner/?status=&criticality=2"
    page = client.get(response["Location"]).content.decode()
    assert 'href="?status=&amp;criticality=2" aria-current="page"><strong>Level 2</strong>' in page
    assert str(urgent.number) in page
    assert str(quiet.number) not in page  # the level-3 ticket is filtered out
    assert "Level 2" not in _page(client, world, "other_engineer", "/partner/")


def _page(client: Client, world: World, who: str, url: str) -> str:
    client.force_login(getattr(world, who))
    return client.get(url).content.decode()


@pytest.mark.parametrize(
    ("who", "queue", "status"),
    [
        ("engineer", "partner", 302),
        ("engineer", "vendor", 404),
        ("vendor_engineer", "vendor", 302),
        ("vendor_engineer", "partner", 404),
        ("contact", "partner", 404),
        ("engineer", "client", 404),
        ("engineer", "nonsense", 404),
    ],
)
def test_who_may_save_a_view_of_which_queue(
    world: World, client: Client, who: str, queue: str, status: int
) -> None:
    client.force_login(getattr(world, who))
    response = client.post(f"/queue-views/{queue}/", {"status": "open", "name": "Open"})
    assert response.status_code == status
    assert SavedView.objects.filter(name="Open").exists() is (status == 302)


def test_anonymous_may_not_save_or_delete(world: World, client: Client) -> None:
    view = save_view(world.engineer, cabinet="partner", name="Level 2", filters=LEVEL_2)
    assert client.post("/queue-views/partner/", {"name": "x"})["Location"].startswith("/login/")
    assert client.post(f"/queue-views/{view.pk}/delete/")["Location"].startswith("/login/")
    assert client.get("/queue-views/partner/").status_code in (302, 405)


@pytest.mark.parametrize("who", ["other_engineer", "vendor_engineer", "contact"])
def test_nobody_else_deletes_a_view(world: World, client: Client, who: str) -> None:
    view = save_view(world.engineer, cabinet="partner", name="Level 2", filters=LEVEL_2)
    client.force_login(getattr(world, who))

    assert client.post(f"/queue-views/{view.pk}/delete/").status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists() is True


def test_the_owner_deletes_a_view(world: World, client: Client) -> None:
    view = save_view(world.engineer, cabinet="partner", name="Level 2", filters=LEVEL_2)
    client.force_login(world.engineer)

    response = client.post(f"/queue-views/{view.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"] == "/partner/"
    assert SavedView.objects.exists() is False


def test_a_refused_name_is_explained_next_to_the_field_in_russian(
    world: World, client: Client
) -> None:
    save_view(world.engineer, cabinet="partner", name="Level 2", filters=LEVEL_2)
    client.force_login(world.engineer)

    response = client.post(
        "/queue-views/partner/",
        {**LEVEL_2, "name": "level 2"},
        headers={"Accept-Language": "ru"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="view-name-error">У вас уже есть вид с названием «level 2».</p>' in html
    assert 'name="criticality" value="2"' in html  # the filters are still there to save
    assert SavedView.objects.count() == 1


def test_a_view_stores_and_restores_the_line_assignee_words_and_contract(
    world: World, client: Client
) -> None:
    line = SupportLine.objects.create(supplier=world.partner, key="two", name="Инженеры")
    wanted = register(world.contract, world.contact, 3)
    assign(wanted, author=world.engineer, assignee_id=None)
    other = register(world.contract, world.contact, 3)  # stays with the personal consultant
    filters = {
        "status": "open",
        "contract": str(world.contract.pk),
        "line": str(line.pk),
        "assignee": "none",
        "text": "ошибка",
    }
    client.force_login(world.engineer)

    response = client.post("/queue-views/partner/", {**filters, "name": "Пул инженеров"})

    assert response.status_code == 302
    assert response["Location"] == "/partner/?" + urlencode(filters)
    html = client.get(response["Location"]).content.decode()
    assert f'<option value="{world.contract.pk}" selected>' in html
    assert f'<option value="{line.pk}" selected>Инженеры</option>' in html
    assert '<option value="none" selected>unassigned</option>' in html
    assert 'value="ошибка"' in html
    assert f'class="num">{wanted.number}<' in html
    assert f'class="num">{other.number}<' not in html


def test_a_view_of_another_tenants_line_or_person_is_not_saved(
    world: World, client: Client
) -> None:
    foreign_line = SupportLine.objects.create(
        supplier=world.other_partner, key="one", name="Чужая линия"
    )
    client.force_login(world.engineer)

    refused = [
        client.post("/queue-views/partner/", {"line": str(foreign_line.pk), "name": "Чужое"}),
        client.post(
            "/queue-views/partner/",
            {"assignee": str(world.other_engineer.pk), "name": "Чужое"},
        ),
    ]

    assert [response.status_code for response in refused] == [400, 400]
    assert "Choose one of your support lines." in refused[0].content.decode()
    assert "Чужая линия" not in refused[0].content.decode()
    assert "Choose one of your colleagues" in refused[1].content.decode()
    assert SavedView.objects.exists() is False

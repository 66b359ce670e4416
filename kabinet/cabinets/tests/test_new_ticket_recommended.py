"""Seed 001, Appendix 1, 4: besides the required information "также рекомендуется
подготовить" recent changes, performance before and after, and a test scenario. The
customer's form offers the three as optional fields, in Russian; what is typed is kept with
the ticket and the API takes the same fields."""

from __future__ import annotations

from django.test import Client

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.tickets.models import Ticket

RECOMMENDED = ("recent_changes", "performance_before_after", "test_scenario")


def test_the_form_offers_the_recommended_items_as_optional(world: World) -> None:
    client = Client(headers={"accept-language": "ru"})
    client.force_login(world.contact)
    html = client.get("/client/new/").content.decode()
    for label in (
        "последние изменения в системе",
        "производительность до и после возникновения проблемы",
        "тестовый сценарий, воспроизводящий проблему",
    ):
        assert label in html
    for name in RECOMMENDED:
        assert f'name="intake_{name}"' in html
        start = html.index(f'name="intake_{name}"')
        tag = html[html.rindex("<", 0, start) : html.index(">", start)]
        assert "required" not in tag
    posted = client.post(
        "/client/new/",
        {
            "contract": world.contract.pk,
            "subject": "Медленно проводятся документы",
            "description": "После обновления проведение занимает минуту.",
            "criticality": "3",
            "is_production": "on",
            "intake_recent_changes": "Обновление платформы до 8.3.25 в пятницу",
            "intake_test_scenario": "Провести документ №42",
        },
    )
    assert posted.status_code == 302
    ticket = Ticket.objects.get(subject="Медленно проводятся документы")
    assert ticket.intake["recent_changes"] == "Обновление платформы до 8.3.25 в пятницу"
    assert ticket.intake["test_scenario"] == "Провести документ №42"
    assert "performance_before_after" not in ticket.intake


def test_the_api_takes_the_recommended_items(world: World) -> None:
    body = {
        "contract": world.contract.pk,
        "subject": "Slow posting",
        "description": "Posting takes a minute since Friday.",
        "criticality": 3,
        "is_production": True,
        "intake": {"performance_before_after": "2 s before, 60 s after"},
    }
    response = client_for(world.contact).post("/api/v1/tickets", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["intake"] == {"performance_before_after": "2 s before, 60 s after"}

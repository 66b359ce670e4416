"""Hostile input never becomes a 500: every operation of the OpenAPI schema, fed values
beyond 64 bits, dates at the ends of the calendar, NUL characters, JSON nested thousands
deep, forged cursors and oversized headers in each path parameter, query parameter, body
field and header, answers below 500, and every refusal in the API's error format.

The operations come from the schema the application serves, so a new endpoint is swept
without touching this file. Run it on SQLite and PostgreSQL (``DATABASE_URL``): the two
refuse different things (PostgreSQL: NUL in text, numbers beyond bigint).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.http import HttpResponse
from rest_framework.test import APIClient

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.contracts.tests.factories import ContractFactory
from kabinet.entitlements.actions import request_service
from kabinet.entitlements.catalogue import SEED_000_SERVICES, equip_package
from kabinet.escalations.actions import escalate_to_vendor
from kabinet.escalations.models import Escalation
from kabinet.escalations.tests.conftest import certify, full_dossier
from kabinet.knowledge.tests.factories import publish
from kabinet.orgs.actions import issue_api_token
from kabinet.orgs.models import PartnerStatus
from kabinet.tickets.actions import add_attachment
from kabinet.tickets.actions.upload_places import open_upload_place
from kabinet.tickets.tests.factories import file_ticket

# A JSON value spliced into a body as raw text: deeper than any decoder's recursion limit,
# and just under it (the depth that used to pass the parser and fail further in).
DEEP = {f"__deep_{n}__": '{"a":' * n + "1" + "}" * n for n in (40, 400, 900, 990, 3000)} | {
    "__deep_list__": "[" * 5000 + "]" * 5000
}

BIG_NUMBERS: list[Any] = [2**63, 2**64, -(2**63) - 1, 10**30]
EDGE_DATETIMES = [
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59Z",
]
EDGE_DATES = ["0001-01-01", "9999-12-31"]
NUL_TEXTS = ["nul\x00inside", "\x00"]
BODY_VALUES: list[Any] = [*BIG_NUMBERS, *EDGE_DATETIMES, *EDGE_DATES, *NUL_TEXTS, *DEEP]

BIG_DIGITS = ["9223372036854775808", "18446744073709551616", "9" * 40, "-9223372036854775809"]
QUERY_VALUES = [*BIG_DIGITS, "9" * 5000, "²", *EDGE_DATETIMES, *EDGE_DATES, *NUL_TEXTS, "0"]


def _cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


FORGED_CURSORS = [
    _cursor("o=1&r=1&p=9999-12-31+23:59:59.999999+00:00"),
    _cursor("o=1&r=0&p=0001-01-01+00:00:00%2B14:00"),
    _cursor("p=not-a-date"),
    _cursor(f"o={'9' * 40}"),
    _cursor("o=-5"),
    _cursor("p=" + "\x00"),
    _cursor("p=" + "1" * 40),
    "%%%",
    "x" * 5000,
]
PAGE_SIZES = ["9" * 40, "-1", "0", "\x00"]

# Path parameters of the URL map by name: the real object, then hostile stand-ins.
HOSTILE_STRINGS = [f"KB-{'9' * 40}", "KB-\x00", "\x00", "9" * 40]
HOSTILE_IDS = [*BIG_DIGITS[:3], "0"]

# Object fields the schema does not spell out (checked in code): swept all the same.
EXTRA_BODY_FIELDS = {
    "/api/v1/tickets": {"intake": {"product": "x"}},
    "/api/v1/tickets/{number}": {"intake": {"product": "x"}},
}


@dataclass
class Stage:
    world: World
    ids: dict[str, str]
    escalation: Escalation


@pytest.fixture
def stage(world: World) -> Stage:
    PartnerStatus.objects.create(
        organisation=world.partner,
        level="ЦК КОРП",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    certify(world.engineer)
    ContractFactory.create(supplier=world.vendor, customer=world.partner, number="V-1")
    ticket = file_ticket(world.contract, world.contact)
    escalated = file_ticket(world.contract, world.contact)
    escalation = escalate_to_vendor(escalated, author=world.engineer, dossier=full_dossier())
    attachment = add_attachment(
        ticket,
        author=world.contact,
        filename="trace.log",
        content_type="text/plain",
        chunks=iter([b"line\n"]),
    )
    open_upload_place(ticket, author=world.engineer)
    token, _ = issue_api_token(world.engineer, "spare")
    equip_package(world.contract.package, SEED_000_SERVICES)
    course = request_service(
        contract=world.contract,
        service_code="course",
        requested_by=world.contact,
        quantity=1,
        preferred_dates=[dt.date(2026, 5, 12)],
    )
    ids = {
        "number": str(ticket.number),
        "contract_id": str(world.contract.pk),
        "person_id": str(world.contact.pk),
        "token_id": str(token.pk),
        "attachment_id": str(attachment.pk),
        "filename": "trace.log",
        "article_id": str(publish(world.engineer, world.partner, "Статья").pk),
        "booking_id": str(course.booking.pk),
    }
    return Stage(world=world, ids=ids, escalation=escalation)


def _schema() -> dict[str, Any]:
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return dict(json.loads(response.content))


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _operations() -> list[Operation]:
    schema = _static_schema()
    return [
        Operation(method.upper(), path, spec)
        for path, methods in schema["paths"].items()
        for method, spec in methods.items()
    ]


def _static_schema() -> dict[str, Any]:
    """The schema as generated from the URL map, for parametrising at collection time
    (no database yet); the sweep itself also fetches it over HTTP."""
    from drf_spectacular.generators import SchemaGenerator

    return dict(SchemaGenerator().get_schema(request=None, public=True))  # type: ignore[no-untyped-call]


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if "allOf" in node:
        return _resolve(schema, node["allOf"][0])
    return node


def _sample(schema: dict[str, Any], node: dict[str, Any]) -> Any:
    """A plausible value for a schema node, so that the other fields pass and the hostile
    one is what the endpoint has to deal with."""
    node = _resolve(schema, node)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "integer":
        return max(1, node.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "object":
        props = node.get("properties", {})
        return {name: _sample(schema, props[name]) for name in node.get("required", [])}
    if kind == "array":
        return []
    return "text"


def _body_fields(schema: dict[str, Any], op: Operation) -> tuple[dict[str, Any], list[str]]:
    """The base body and the dotted paths of every field to attack (nested objects too)."""
    content = op.spec.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return {}, []
    node = _resolve(schema, content["application/json"]["schema"])
    base = _sample(schema, node)
    base.update(EXTRA_BODY_FIELDS.get(op.path, {}))
    fields: list[str] = []
    for name, prop in node.get("properties", {}).items():
        fields.append(name)
        inner = _resolve(schema, prop)
        if inner.get("type") == "object":
            base.setdefault(name, _sample(schema, inner))
            fields += [f"{name}.{sub}" for sub in inner.get("properties", {})]
    for name, value in EXTRA_BODY_FIELDS.get(op.path, {}).items():
        fields.append(name)
        fields += [f"{name}.{sub}" for sub in value]
    return base, fields


@dataclass
class Attempt:
    what: str
    path: str
    query: dict[str, str]
    body: str | None
    content_type: str
    headers: dict[str, str]


def _attempts(stage: Stage, schema: dict[str, Any], op: Operation) -> Iterator[Attempt]:
    ids = dict(stage.ids)
    if op.path.startswith("/api/v1/escalations/"):
        ids["number"] = stage.escalation.number
    params = op.spec.get("parameters", [])
    path_names = [p["name"] for p in params if p["in"] == "path"]
    query_names = [p["name"] for p in params if p["in"] == "query"]
    query = {
        p["name"]: _query_sample(p) for p in params if p["in"] == "query" and p.get("required")
    }
    if op.path.endswith("/reports/sla") or ".csv" in op.path or ".xlsx" in op.path:
        query = {"from": "2026-01-01", "to": "2026-12-31"}
    base, fields = _body_fields(schema, op)
    raw = "application/octet-stream" in op.spec.get("requestBody", {}).get("content", {})
    content_type = "application/octet-stream" if raw else "application/json"
    body = (
        "payload" if raw else (json.dumps(base) if op.method in {"POST", "PUT", "PATCH"} else None)
    )
    headers = {"If-Match": '"1"'} if op.method == "PATCH" else {}

    def url(path_ids: dict[str, str]) -> str:
        path = op.path
        for name in path_names:
            path = path.replace("{" + name + "}", quote(path_ids[name], safe=""))
        return path

    def attempt(what: str, **changes: Any) -> Attempt:
        values: dict[str, Any] = {
            "path": url(ids),
            "query": query,
            "body": body,
            "content_type": content_type,
            "headers": headers,
        }
        values.update(changes)
        return Attempt(what=what, **values)

    yield attempt("baseline")
    for name in path_names:
        hostile = HOSTILE_IDS if name.endswith("_id") else HOSTILE_STRINGS
        for value in hostile:
            yield attempt(f"path {name}={value!r}", path=url({**ids, name: value}))
    for value in QUERY_VALUES if query_names else []:
        yield attempt(f"all queries={value!r}", query=dict.fromkeys(query_names, value))
        for name in query_names:
            yield attempt(f"query {name}={value!r}", query={**query, name: value})
    if op.method == "GET":
        for value in FORGED_CURSORS:
            yield attempt(f"cursor={value[:40]!r}", query={**query, "cursor": value})
        for value in PAGE_SIZES:
            yield attempt(f"page_size={value!r}", query={**query, "page_size": value})
    for field in fields:
        for value in BODY_VALUES:
            yield attempt(f"body {field}={str(value)[:30]!r}", body=_with(base, field, value))
    if raw:
        yield attempt("long content type", content_type="application/" + "x" * 200)
        yield attempt("content type with NUL", content_type="text/plain; a=\x00")
        for value in [*NUL_TEXTS, "a/" * 200, "x" * 1000]:
            yield attempt(f"filename {value[:20]!r}", query={**query, "filename": value})
    if op.method == "POST" and op.path == "/api/v1/tickets":
        for value in ["key\x00", "k" * 5000]:
            yield attempt(f"Idempotency-Key {value[:20]!r}", headers={"Idempotency-Key": value})
    if op.method == "PATCH":
        for value in [f'"{"9" * 40}"', f'"{"9" * 5000}"', '"²"', '"-1"', "\x00"]:
            yield attempt(f"If-Match {value[:20]!r}", headers={"If-Match": value})


def _query_sample(param: dict[str, Any]) -> str:
    return "1" if param.get("schema", {}).get("type") == "integer" else "text"


def _with(base: dict[str, Any], field: str, value: Any) -> str:
    """The base body as JSON text with one (dotted) field replaced."""
    body = json.loads(json.dumps(base))
    node = body
    *parents, leaf = field.split(".")
    for name in parents:
        if not isinstance(node.get(name), dict):
            node[name] = {}
        node = node[name]
    node[leaf] = value
    text = json.dumps(body)
    if value in DEEP:
        return text.replace(json.dumps(value), DEEP[value])
    return text


def _send(client: APIClient, method: str, attempt: Attempt) -> HttpResponse:
    path = attempt.path
    if attempt.query:
        path += "?" + urlencode(attempt.query)
    response: HttpResponse = client.generic(
        method,
        path,
        data=attempt.body or "",
        content_type=attempt.content_type,
        headers=attempt.headers,
    )
    return response


def _fault(response: HttpResponse) -> str | None:
    """What is wrong with the answer to a hostile request, or None."""
    if response.status_code >= 500:
        exc = getattr(response, "exc_info", None)
        return f"{response.status_code}: {exc[1]!r:.200}" if exc else str(response.status_code)
    if response.status_code < 400:
        return None
    if not response["Content-Type"].startswith("application/json"):
        return f"{response.status_code} as {response['Content-Type']}"
    body = json.loads(response.content)
    if not isinstance(body.get("detail"), str) or not body["detail"] or "field" not in body:
        return f"{response.status_code} not in the error format: {body}"
    return None


@pytest.mark.parametrize("op", _operations(), ids=str)
def test_hostile_input_is_refused_in_the_error_format(stage: Stage, op: Operation) -> None:
    schema = _schema()
    world = stage.world
    faults = []
    for role, person in (("supplier", world.engineer), ("customer", world.contact)):
        client = client_for(person)
        client.raise_request_exception = False
        for attempt in _attempts(stage, schema, op):
            if fault := _fault(_send(client, op.method, attempt)):
                faults.append(f"as {role}, {attempt.what}: {fault}")
    assert not faults, "\n".join(faults)


def test_a_refusal_reads_in_the_callers_language(stage: Stage) -> None:
    number = stage.ids["number"]
    path = f"/api/v1/tickets/{number}/phone-calls"
    body = {"summary": "call", "called_at": "0001-01-01T00:00:00+14:00"}
    en = client_for(stage.world.engineer, "en").post(path, body, format="json")
    ru = client_for(stage.world.engineer, "ru").post(path, body, format="json")
    assert en.status_code == ru.status_code == 400
    assert en.json()["field"] == ru.json()["field"] == "called_at"
    assert en.json()["detail"] != ru.json()["detail"]

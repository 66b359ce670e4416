"""Big files through the raw ``PUT`` against a real HTTP server: streamed by ``http.client``
in chunks, stored whole, and never held in the server's memory."""

from __future__ import annotations

import hashlib
import http.client
import json
import tracemalloc
from typing import Any
from urllib.parse import urlsplit

from pytest_django.live_server_helper import LiveServer

from kabinet.conftest import World
from kabinet.orgs.actions import issue_api_token
from kabinet.orgs.models import Person
from kabinet.tickets.actions.upload_places import open_upload_place
from kabinet.tickets.models import Attachment
from kabinet.tickets.tests.factories import file_ticket

MB = 1024 * 1024
CHUNK = 64 * 1024


def _put(
    server: LiveServer, person: Person, path: str, size: int, pattern: bytes
) -> tuple[int, dict[str, Any]]:
    """PUT ``size`` bytes (``pattern`` repeated) with Content-Length, sent chunk by chunk."""
    _, token = issue_api_token(person, "live")
    url = urlsplit(server.url)
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=120)
    connection.putrequest("PUT", path)
    connection.putheader("Authorization", f"Bearer {token}")
    connection.putheader("Content-Type", "application/octet-stream")
    connection.putheader("Content-Length", str(size))
    connection.endheaders()
    chunk = (pattern * (CHUNK // len(pattern) + 1))[:CHUNK]
    left = size
    while left:
        piece = chunk if left >= CHUNK else chunk[:left]
        connection.send(piece)
        left -= len(piece)
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    return response.status, body


def _digest(size: int, pattern: bytes) -> str:
    chunk = (pattern * (CHUNK // len(pattern) + 1))[:CHUNK]
    digest, left = hashlib.sha256(), size
    while left:
        piece = chunk if left >= CHUNK else chunk[:left]
        digest.update(piece)
        left -= len(piece)
    return digest.hexdigest()


def test_twelve_megabytes_go_through_the_place_above_a_five_megabyte_package_limit(
    world: World, live_server: LiveServer
) -> None:
    package = world.contract.package
    package.attachment_size_limit = 5 * MB
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    normal = f"/api/v1/tickets/{ticket.number}/attachments?filename=techlog.zip"
    refused, detail = _put_normal(live_server, world.contact, normal, 12 * MB)
    assert refused == 413, detail
    open_upload_place(ticket, author=world.engineer)
    path = f"/api/v1/tickets/{ticket.number}/upload-place/files/techlog.zip"
    status, body = _put(live_server, world.contact, path, 12 * MB, b"1C:TJ ")
    assert status == 201, body
    assert body["size"] == 12 * MB
    assert body["sha256"] == _digest(12 * MB, b"1C:TJ ")
    stored = Attachment.objects.get(pk=body["id"])
    assert stored.upload_place is not None and stored.size == 12 * MB


def _put_normal(server: LiveServer, person: Person, path: str, size: int) -> tuple[int, str]:
    """POST to the normal attachment endpoint, declaring the size only: refused up front."""
    _, token = issue_api_token(person, "live")
    url = urlsplit(server.url)
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=60)
    connection.putrequest("POST", path)
    connection.putheader("Authorization", f"Bearer {token}")
    connection.putheader("Content-Length", str(size))
    connection.endheaders()
    response = connection.getresponse()
    detail = json.loads(response.read())["detail"]
    connection.close()
    return response.status, detail


def test_fifty_megabytes_raise_the_peak_allocation_by_far_less_than_the_file(
    world: World, live_server: LiveServer
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    path = f"/api/v1/tickets/{ticket.number}/upload-place/files/dump.bin"
    _put(live_server, world.contact, path.replace("dump", "warm"), 1 * MB, b"w")
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        status, body = _put(live_server, world.contact, path, 50 * MB, b"\x00\x01\x02")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 201, body
    assert body["size"] == 50 * MB
    assert peak - before < 8 * MB, peak - before

"""Uploads without a length (``Transfer-Encoding: chunked``, what ``curl -T -`` sends from a
pipe): under gunicorn, which de-chunks, stored whole or refused above the limit; under a
server that cannot supply the body (Django's own), refused with 411; never stored empty."""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import secrets
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from pytest_django.live_server_helper import LiveServer

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.orgs.actions import issue_api_token
from kabinet.tickets.actions.upload_places import open_upload_place
from kabinet.tickets.models import Attachment
from kabinet.tickets.tests.api.gunicorn_site import ATTACHMENT_LIMIT
from kabinet.tickets.tests.factories import file_ticket

MB = 1024 * 1024
STARTUP_SECONDS = 60
ROOT = Path(__file__).resolve().parents[4]


@dataclass(frozen=True)
class Site:
    port: int
    token: str
    number: str
    data: Path


@pytest.fixture(scope="module")
def gunicorn_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Kabinet as production serves it: gunicorn's sync worker on its own SQLite data folder."""
    data = tmp_path_factory.mktemp("gunicorn-site")
    env = {**os.environ, "KABINET_DATA_DIR": str(data), "SECRET_KEY": secrets.token_hex(32)}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "kabinet.settings"
    setup = subprocess.run(
        [sys.executable, "-m", "kabinet.tickets.tests.api.gunicorn_site"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    made = json.loads(setup.stdout.strip().splitlines()[-1])
    port = _free_port()
    with (data / "gunicorn.log").open("w") as log:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "kabinet.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "120"),
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )
        try:
            _wait_until_listening(port, server, data / "gunicorn.log")
            yield Site(port=port, token=made["token"], number=made["number"], data=data)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _wait_until_listening(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")


def _body(size: int) -> Iterator[bytes]:
    """``size`` reproducible bytes in uneven chunks, as a pipe delivers them."""
    sent = 0
    for n in range(size):
        if sent >= size:
            return
        piece = hashlib.sha256(str(n).encode()).digest() * (1000 + n % 700)
        piece = piece[: size - sent]
        sent += len(piece)
        yield piece


def _digest(size: int) -> str:
    digest = hashlib.sha256()
    for piece in _body(size):
        digest.update(piece)
    return digest.hexdigest()


def _send_chunked(port: int, token: str, method: str, path: str, size: int) -> tuple[int, Any]:
    """The body as an iterator without a length: http.client sends it chunked."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(
        method,
        path,
        body=_body(size),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/octet-stream"},
        encode_chunked=True,
    )
    response = connection.getresponse()
    status, payload = response.status, json.loads(response.read())
    connection.close()
    return status, payload


def _download(site: Site, attachment_id: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=120)
    path = f"/api/v1/tickets/{site.number}/attachments/{attachment_id}"
    connection.request("GET", path, headers={"Authorization": f"Bearer {site.token}"})
    response = connection.getresponse()
    assert response.status == 200
    digest = hashlib.sha256()
    while piece := response.read(64 * 1024):
        digest.update(piece)
    connection.close()
    return digest.hexdigest()


@pytest.mark.parametrize("size", [1, 70_001, 3 * MB + 17])
def test_chunked_attachment_is_stored_whole_under_gunicorn(gunicorn_site: Site, size: int) -> None:
    site = gunicorn_site
    path = f"/api/v1/tickets/{site.number}/attachments?filename=trace-{size}.log"
    status, body = _send_chunked(site.port, site.token, "POST", path, size)
    assert status == 201, body
    assert body["size"] == size
    assert body["sha256"] == _digest(size)
    assert _download(site, body["id"]) == _digest(size)


def test_chunked_upload_place_file_of_megabytes_is_stored_whole_under_gunicorn(
    gunicorn_site: Site,
) -> None:
    site, size = gunicorn_site, 12 * MB + 5
    path = f"/api/v1/tickets/{site.number}/upload-place/files/techlog.zip"
    status, body = _send_chunked(site.port, site.token, "PUT", path, size)
    assert status == 201, body
    assert body["size"] == size
    assert body["sha256"] == _digest(size)
    assert _download(site, body["id"]) == _digest(size)


def test_chunked_attachment_above_the_limit_is_413_and_leaves_nothing(
    gunicorn_site: Site,
) -> None:
    site = gunicorn_site
    before = sorted(p.name for p in (site.data / "attachments").rglob("*") if p.is_file())
    path = f"/api/v1/tickets/{site.number}/attachments?filename=big.bin"
    status, body = _send_chunked(site.port, site.token, "POST", path, ATTACHMENT_LIMIT + 1)
    assert status == 413, body
    assert body["field"] == "file"
    after = sorted(p.name for p in (site.data / "attachments").rglob("*") if p.is_file())
    assert after == before


def test_chunked_json_is_refused_with_411_rather_than_read_as_empty(gunicorn_site: Site) -> None:
    site = gunicorn_site
    path = f"/api/v1/tickets/{site.number}/upload-place"
    status, body = _send_chunked(site.port, site.token, "POST", path, 10)
    assert status == 411, body
    assert body["field"] is None and "Content-Length" in body["detail"]


def test_django_server_cannot_de_chunk_so_it_refuses_with_411(
    world: World, live_server: LiveServer
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    _, token = issue_api_token(world.contact, "live")
    port = urlsplit(live_server.url).port or 80
    path = f"/api/v1/tickets/{ticket.number}/attachments?filename=trace.log"
    status, body = _send_chunked(port, token, "POST", path, 5000)
    assert status == 411, body
    assert "Content-Length" in body["detail"]
    assert not Attachment.objects.filter(ticket=ticket).exists()


def _unsized(body: bytes, *, terminated: bool) -> dict[str, Any]:
    """WSGI environ of a chunked request as a server hands it over: no CONTENT_LENGTH, the
    de-chunked body in ``wsgi.input`` if the server ends it there."""
    return {
        "CONTENT_LENGTH": "",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": io.BytesIO(body if terminated else b""),
        "wsgi.input_terminated": terminated,
    }


def test_terminated_input_is_read_to_its_end(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    body = os.urandom(200_000)
    response = client_for(world.contact).generic(
        "POST",
        f"/api/v1/tickets/{ticket.number}/attachments?filename=t.bin",
        content_type="application/octet-stream",
        **_unsized(body, terminated=True),
    )
    assert response.status_code == 201, response.content
    stored = Attachment.objects.get(pk=response.json()["id"])
    assert stored.size == len(body) and stored.sha256 == hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize(
    "method, place", [("POST", "attachments?filename=t.bin"), ("PUT", "upload-place/files/t.bin")]
)
def test_unterminated_input_is_411_in_the_users_language(
    world: World, method: str, place: str
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    response = client_for(world.contact, "ru").generic(
        method,
        f"/api/v1/tickets/{ticket.number}/{place}",
        content_type="application/octet-stream",
        **_unsized(b"", terminated=False),
    )
    assert response.status_code == 411
    assert response.json() == {
        "detail": "Тело запроса без Content-Length здесь не принимается; укажите его длину.",
        "field": None,
    }
    assert not Attachment.objects.filter(ticket=ticket).exists()


@pytest.mark.parametrize("path", ["files/", "upload-place/files/"])
def test_cabinet_form_without_a_length_is_411_not_an_empty_form(
    world: World, client: Client, path: str
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    open_upload_place(ticket, author=world.engineer)
    client.force_login(world.contact)
    boundary = "kabinet"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.log"\r\n'
        f"\r\nline\r\n--{boundary}--\r\n"
    ).encode()
    response = client.generic(
        "POST",
        f"/tickets/{ticket.number}/{path}",
        content_type=f"multipart/form-data; boundary={boundary}",
        **_unsized(body, terminated=True),
    )
    assert response.status_code == 411
    assert not Attachment.objects.filter(ticket=ticket).exists()


def test_gunicorn_keeps_stored_files_and_the_database_private(gunicorn_site: Site) -> None:
    site = gunicorn_site
    path = f"/api/v1/tickets/{site.number}/attachments?filename=private.log"
    assert _send_chunked(site.port, site.token, "POST", path, 10)[0] == 201
    stored = list((site.data / "attachments").rglob("*"))
    assert stored
    for item in stored:
        assert stat.S_IMODE(item.stat().st_mode) == (0o700 if item.is_dir() else 0o600), item
    assert stat.S_IMODE((site.data / "kabinet.sqlite3").stat().st_mode) == 0o600
    for database in site.data.glob("kabinet.sqlite3-*"):  # -wal, -shm while a connection lasts
        try:
            mode = database.stat().st_mode
        except FileNotFoundError:
            continue  # the last connection closed in between, and SQLite removed the file
        assert stat.S_IMODE(mode) == 0o600, database

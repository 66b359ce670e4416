from __future__ import annotations

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.tickets.tests.factories import file_ticket


def test_upload_then_download_round_trip(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = client_for(world.contact)
    base = f"/api/v1/tickets/{ticket.number}/attachments"
    upload = client.generic(
        "POST", f"{base}?filename=trace.log", data="line 1\nline 2\n", content_type="text/plain"
    )
    assert upload.status_code == 201, upload.content
    body = upload.json()
    assert body["size"] == 14 and body["filename"] == "trace.log"
    listed = client.get(base).json()
    assert [a["id"] for a in listed] == [body["id"]]
    download = client_for(world.engineer).get(f"{base}/{body['id']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"line 1\nline 2\n"  # type: ignore[attr-defined]
    assert "trace.log" in download["Content-Disposition"]


def test_upload_over_package_limit_is_413(world: World) -> None:
    package = world.contract.package
    package.attachment_size_limit = 100
    package.save()
    ticket = file_ticket(world.contract, world.contact)
    response = client_for(world.contact, "ru").generic(
        "POST",
        f"/api/v1/tickets/{ticket.number}/attachments?filename=big.bin",
        data="x" * 101,
        content_type="application/octet-stream",
    )
    assert response.status_code == 413
    assert response.json()["field"] == "file"
    assert "байт" in response.json()["detail"]


def test_upload_without_filename_is_400(world: World) -> None:
    ticket = file_ticket(world.contract, world.contact)
    response = client_for(world.contact).generic(
        "POST", f"/api/v1/tickets/{ticket.number}/attachments", data="x", content_type="text/plain"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "filename"

"""``kabinet backup`` and ``kabinet restore`` round trips on the database the suite runs on
(SQLite through its backup API, PostgreSQL through pg_dump/pg_restore): every row of every
model (tickets, timelines, attachments, people, TOTP secrets, audit records) identical after
a restore, the attachments' bytes too, and the API serving the same JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from kabinet import clock
from kabinet.accounts.actions import begin_totp_setup, confirm_totp
from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.operations.backups import MANIFEST
from kabinet.tickets.tests.s3_server import S3Server, s3_bucket, s3_server

__all__ = ["s3_bucket", "s3_server"]  # fixtures used here

pytestmark = pytest.mark.django_db(transaction=True)


def _build_history(world: World) -> list[str]:
    """Tickets with replies and attachments, made through the API; returns their numbers."""
    customer, supplier = client_for(world.contact), client_for(world.engineer)
    numbers = []
    for index in range(3):
        created = customer.post(
            "/api/v1/tickets",
            {
                "contract": world.contract.pk,
                "subject": f"Проводка не проходит {index}",
                "description": "Ошибка при проведении документа.",
                "criticality": 3,
                "is_production": True,
            },
            format="json",
        )
        assert created.status_code == 201, created.content
        number = created.json()["number"]
        numbers.append(number)
        uploaded = customer.generic(
            "POST",
            f"/api/v1/tickets/{number}/attachments?filename=trace-{index}.log",
            data=f"stack trace {index}\n" * 1000,
            content_type="text/plain",
        )
        assert uploaded.status_code == 201, uploaded.content
        replied = supplier.post(
            f"/api/v1/tickets/{number}/replies", {"body": "Смотрим."}, format="json"
        )
        assert replied.status_code == 201, replied.content
    profile = begin_totp_setup(world.admin)
    confirm_totp(world.admin, pyotp.TOTP(profile.totp_secret).at(clock.now()))
    return numbers


def _every_row() -> dict[str, Any]:
    return {
        model._meta.label: json.loads(
            serializers.serialize("json", model._default_manager.order_by("pk"))
        )
        for model in apps.get_models()
    }


def _served(world: World, numbers: list[str]) -> list[Any]:
    client = client_for(world.engineer)
    answers: list[Any] = []
    for number in numbers:
        for suffix in ("", "/events", "/sla", "/attachments"):
            response = client.get(f"/api/v1/tickets/{number}{suffix}")
            assert response.status_code == 200, response.content
            answers.append(response.json())
        for attachment in answers[-1]:
            download = client.get(f"/api/v1/tickets/{number}/attachments/{attachment['id']}")
            answers.append(b"".join(download.streaming_content).decode())  # type: ignore[attr-defined]
    return answers


def test_a_restore_into_an_empty_installation_gives_back_everything(
    world: World, tmp_path: Path, attachments_dir: Path
) -> None:
    numbers = _build_history(world)
    served = _served(world, numbers)
    rows = _every_row()
    assert len(rows["tickets.Attachment"]) == 3
    assert rows["accounts.Profile"][0]["fields"]["totp_secret"]

    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert len(manifest["files"]) == 3

    call_command("flush", interactive=False)
    shutil.rmtree(attachments_dir)
    call_command("restore", str(tmp_path / "backup"))

    assert _every_row() == rows
    assert _served(world, numbers) == served


def test_a_restore_refuses_an_installation_that_holds_data_unless_forced(
    world: World, tmp_path: Path
) -> None:
    numbers = _build_history(world)
    rows = _every_row()
    call_command("backup", str(tmp_path / "backup"))
    client_for(world.engineer).post(
        f"/api/v1/tickets/{numbers[0]}/replies", {"body": "После копии."}, format="json"
    )
    with_later_reply = _every_row()

    with pytest.raises(CommandError, match="already holds data; add --force"):
        call_command("restore", str(tmp_path / "backup"))
    assert _every_row() == with_later_reply

    call_command("restore", str(tmp_path / "backup"), force=True)
    assert _every_row() == rows


def test_a_backup_with_a_changed_file_is_refused_before_anything_changes(
    world: World, tmp_path: Path
) -> None:
    _build_history(world)
    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    damaged = tmp_path / "backup" / "files" / manifest["files"][1]["name"]
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"!")
    before = _every_row()

    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(tmp_path / "backup"), force=True)
    assert _every_row() == before


def test_a_backup_goes_only_into_a_new_or_empty_folder(world: World, tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("kept")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(tmp_path / "used"))
    assert (tmp_path / "used" / "something").read_text() == "kept"


def test_a_restore_from_a_folder_without_a_backup_says_so(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="holds no readable backup manifest"):
        call_command("restore", str(tmp_path))


def test_a_round_trip_with_attachments_in_object_storage(
    world: World, tmp_path: Path, s3_server: S3Server, s3_bucket: str
) -> None:
    numbers = _build_history(world)
    served = _served(world, numbers)
    rows = _every_row()
    call_command("backup", str(tmp_path / "backup"))
    client = s3_server.client()
    for item in client.list_objects_v2(Bucket=s3_bucket)["Contents"]:  # type: ignore[attr-defined]
        client.delete_object(Bucket=s3_bucket, Key=item["Key"])  # type: ignore[attr-defined]
    call_command("flush", interactive=False)

    call_command("restore", str(tmp_path / "backup"))

    assert _every_row() == rows
    assert _served(world, numbers) == served
    listing = client.list_objects_v2(Bucket=s3_bucket)  # type: ignore[attr-defined]
    assert len(listing["Contents"]) == 3

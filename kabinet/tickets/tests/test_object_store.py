"""The attachment store on S3-compatible object storage (moto's server, a real HTTP S3 API):
uploads streamed in parts with the limit checked as bytes arrive, downloads streamed from the
response body, through the API as through the store, and the faults of a bucket."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import tracemalloc
from collections.abc import Iterator

import pytest
from django.conf import LazySettings

from kabinet import clock
from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.errors import NotFoundError, TooLargeError, UnavailableError
from kabinet.tickets import storage
from kabinet.tickets.models import Attachment
from kabinet.tickets.tests.factories import file_ticket
from kabinet.tickets.tests.s3_server import S3Server, s3_bucket, s3_server

__all__ = ["s3_bucket", "s3_server"]  # fixtures used here

MIB = 1024 * 1024


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    block = random.Random(7).randbytes(size)  # the same bytes at every call
    for start in range(0, total, size):
        yield block[: min(size, total - start)]


def _objects(server: S3Server, bucket: str) -> list[str]:
    listing = server.client().list_objects_v2(Bucket=bucket)  # type: ignore[attr-defined]
    return sorted(item["Key"] for item in listing.get("Contents", []))


def _round_trip(total: int) -> tuple[int, int]:
    """Store ``total`` bytes and read them back; the peak memory of each direction."""
    expected = hashlib.sha256()
    for chunk in _chunks(total):
        expected.update(chunk)
    tracemalloc.start()
    try:
        stored = storage.store(_chunks(total), limit=total)
        _, upload_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        read_back, size = hashlib.sha256(), 0
        with storage.open_stored(stored.name) as stream:
            while chunk := stream.read(64 * 1024):
                read_back.update(chunk)
                size += len(chunk)
        _, download_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stored.size == size == total
    assert stored.sha256 == expected.hexdigest() == read_back.hexdigest()
    return upload_peak, download_peak


def test_files_stream_in_and_out_in_memory_that_does_not_grow_with_their_size(
    s3_server: S3Server, s3_bucket: str
) -> None:
    small_up, _small_down = _round_trip(17 * MIB)
    large_up, large_down = _round_trip(56 * MIB)
    assert len(_objects(s3_server, s3_bucket)) == len(list(storage.stored_names())) == 2
    # A file three times larger takes no more memory: parts, never the whole file.
    assert large_up < small_up + 2 * MIB, (small_up, large_up)
    assert large_up < 56 * MIB
    assert large_down < 4 * MIB, large_down


def test_a_file_over_the_limit_leaves_no_object_and_no_open_upload(
    s3_server: S3Server, s3_bucket: str
) -> None:
    with pytest.raises(TooLargeError):
        storage.store(_chunks(20 * MIB), limit=17 * MIB)
    assert _objects(s3_server, s3_bucket) == []
    uploads = s3_server.client().list_multipart_uploads(Bucket=s3_bucket)  # type: ignore[attr-defined]
    assert uploads.get("Uploads", []) == []


def test_an_upload_left_by_a_killed_worker_is_aborted_once_old(
    s3_server: S3Server, s3_bucket: str
) -> None:
    client = s3_server.client()
    client.create_multipart_upload(Bucket=s3_bucket, Key="attachments/ab/left")  # type: ignore[attr-defined]
    # moto reports every upload as begun in 2010, so only "old enough" can be seen here.
    assert storage.remove_partial_files(older_than=clock.now() - dt.timedelta(hours=6)) == 1
    assert client.list_multipart_uploads(Bucket=s3_bucket).get("Uploads", []) == []  # type: ignore[attr-defined]


def test_an_object_gone_from_the_bucket_is_not_found(s3_bucket: str) -> None:
    stored = storage.store([b"trace"], limit=100)
    storage.delete(stored.name)
    with pytest.raises(NotFoundError):
        storage.open_stored(stored.name)


def test_an_unreachable_bucket_is_unavailable_not_a_crash(settings: LazySettings) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "nowhere",
                "endpoint_url": "http://127.0.0.1:9",
                "region_name": "us-east-1",
                "access_key": "x",
                "secret_key": "y",
            },
        },
    }
    with pytest.raises(UnavailableError):
        storage.store([b"data"], limit=100)
    with pytest.raises(UnavailableError):
        storage.open_stored("ab/cd")


def test_the_api_uploads_to_and_downloads_from_the_bucket(
    world: World, s3_server: S3Server, s3_bucket: str
) -> None:
    ticket = file_ticket(world.contract, world.contact)
    client = client_for(world.contact)
    body = b"".join(_chunks(3 * MIB + 17))
    created = client.generic(
        "POST",
        f"/api/v1/tickets/{ticket.number}/attachments?filename=dump.bin",
        data=body,  # type: ignore[arg-type]
        content_type="application/octet-stream",
    )
    assert created.status_code == 201, created.content
    attachment = Attachment.objects.get()
    assert _objects(s3_server, s3_bucket) == [f"attachments/{attachment.storage_name}"]
    response = client.get(f"/api/v1/tickets/{ticket.number}/attachments/{created.json()['id']}")
    assert response.status_code == 200
    assert response.streaming is True
    assert b"".join(response.streaming_content) == body  # type: ignore[attr-defined]

"""Attachment bytes in S3-compatible object storage, through django-storages' ``S3Storage``
(which reads the bucket, endpoint and credentials): multipart uploads fed from a chunk
iterator and downloads streamed from the response body, so no file is ever whole in memory.
``kabinet.tickets.storage`` chooses between this and the folder; nothing else calls it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from botocore.exceptions import BotoCoreError, ClientError

from kabinet.errors import TooLargeError

if TYPE_CHECKING:
    from storages.backends.s3 import S3Storage

# Parts of 8 MiB sent one after another: an upload holds one part, whatever its size
# (S3 takes parts of 5 MiB and more, except the last).
PART_BYTES = 8 * 1024 * 1024
# What a bucket that cannot be reached or refuses answers with.
FAULTS: tuple[type[BaseException], ...] = (BotoCoreError, ClientError, OSError)
MISSING_CODES = frozenset({"NoSuchKey", "404", "NotFound"})


class MissingObjectError(LookupError):
    """No object under that name."""


class LimitedReader(io.RawIOBase):
    """A readable stream over ``chunks`` that counts and hashes what passes and raises
    ``refusal`` as soon as more than ``limit`` bytes have arrived (the multipart upload is
    then aborted by the transfer manager)."""

    def __init__(self, chunks: Iterable[bytes], *, limit: int, refusal: TooLargeError) -> None:
        self._chunks = iter(chunks)
        self._pending = b""
        self.limit = limit
        self.refusal = refusal
        self.size = 0
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self.size += len(chunk)
            if self.size > self.limit:
                raise self.refusal
            self.digest.update(chunk)
            self._pending = chunk
        view = memoryview(buffer).cast("B")
        taken = self._pending[: len(view)]
        view[: len(taken)] = taken
        self._pending = self._pending[len(taken) :]
        return len(taken)


def _key(bucket: S3Storage, name: str) -> str:
    location = str(bucket.location or "").strip("/")
    return f"{location}/{name}" if location else name


def upload(bucket: S3Storage, name: str, source: BinaryIO | io.RawIOBase) -> None:
    """Stream ``source`` into the object ``name``, one part in memory at a time; the object
    exists only once whole. Whatever ``source`` raises (a TooLargeError) comes out here
    unchanged, after the parts sent so far are discarded."""
    target = bucket.bucket.Object(_key(bucket, name))
    part = _read_part(source)
    following = _read_part(source) if len(part) == PART_BYTES else b""
    if not following:
        target.put(Body=part)
        return
    upload = target.initiate_multipart_upload()
    try:
        parts = []
        number = 1
        while part:
            sent = upload.Part(number).upload(Body=part)
            parts.append({"PartNumber": number, "ETag": sent["ETag"]})
            part, following = following, (_read_part(source) if following else b"")
            number += 1
        upload.complete(MultipartUpload={"Parts": parts})
    except BaseException:
        upload.abort()
        raise


def _read_part(source: BinaryIO | io.RawIOBase) -> bytes:
    """Up to PART_BYTES from ``source`` (less only at its end)."""
    pieces, size = [], 0
    while size < PART_BYTES:
        piece = source.read(PART_BYTES - size)
        if not piece:
            break
        pieces.append(piece)
        size += len(piece)
    return b"".join(pieces)


def download(bucket: S3Storage, name: str) -> BinaryIO:
    """The object's body as a stream, read as the response is sent."""
    try:
        response = bucket.bucket.Object(_key(bucket, name)).get()
    except ClientError as exc:
        if str(exc.response.get("Error", {}).get("Code")) in MISSING_CODES:
            raise MissingObjectError(name) from exc
        raise
    return cast(BinaryIO, response["Body"])


def names(bucket: S3Storage) -> Iterator[str]:
    location = str(bucket.location or "").strip("/")
    prefix = f"{location}/" if location else ""
    for summary in bucket.bucket.objects.filter(Prefix=prefix):
        yield summary.key[len(prefix) :]


def check(bucket: S3Storage) -> None:
    bucket.connection.meta.client.head_bucket(Bucket=bucket.bucket_name)


def abort_uploads(bucket: S3Storage, *, older_than: dt.datetime) -> int:
    """Abort multipart uploads begun before ``older_than`` (left by a worker killed in the
    middle of one: their parts are billed but never become an object); returns how many."""
    aborted = 0
    for pending in bucket.bucket.multipart_uploads.all():
        if pending.initiated < older_than:
            pending.abort()
            aborted += 1
    return aborted

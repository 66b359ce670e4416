"""Attachment bytes, on a folder (``settings.ATTACHMENTS_DIR``, local or a shared mount) or
in S3-compatible object storage (``STORAGES["attachments"]``, django-storages): streamed in
with a size limit checked as bytes arrive, streamed out by name, never a whole file in memory.
On a folder a file is written under a temporary ``.part`` name and renamed when whole, into
files and folders only the service's user may read; in a bucket a multipart upload is
invisible until completed. A store that refuses a write is a 503 (``UnavailableError``), a
file gone from under its row a 404. Knows nothing of tickets or access."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import logging
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kabinet.errors import NotFoundError, TooLargeError, UnavailableError
from kabinet.private_files import create_file, make_folder
from kabinet.tickets import object_store

if TYPE_CHECKING:
    from storages.backends.s3 import S3Storage

log = logging.getLogger(__name__)

# A file being written; a worker killed mid-upload leaves one (see remove_partial_files).
PARTIAL_SUFFIX = ".part"
# What the disk answers when it cannot take a file now: full, over quota, read-only, not
# permitted, broken, or the folder is not a folder.
DISK_FAULTS = frozenset(
    {
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EFBIG,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.EIO,
        errno.ENOTDIR,
        errno.EEXIST,
        errno.EISDIR,
        errno.ENOENT,
        errno.EMFILE,
        errno.ENFILE,
    }
)


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int
    sha256: str


def root() -> Path:
    return Path(settings.ATTACHMENTS_DIR)


def bucket_store() -> S3Storage | None:
    """The object storage when ``KABINET_STORAGE_URL`` names one; None for the folder."""
    if "attachments" not in settings.STORAGES:
        return None
    from django.core.files.storage import storages

    bucket: S3Storage = storages["attachments"]
    return bucket


def _unavailable(exc: BaseException) -> UnavailableError:
    log.error("attachment store refused a write: %s", exc)
    return UnavailableError(
        _("Files cannot be stored right now. Try again later."), retry_after=300
    )


def too_large(limit: int) -> TooLargeError:
    """The package's refusal of a file above its attachment limit (413)."""
    return TooLargeError(
        _("The file is larger than %(limit)s bytes allowed by the package.") % {"limit": limit},
        field="file",
    )


def store(
    chunks: Iterable[bytes], *, limit: int, refusal: TooLargeError | None = None
) -> StoredFile:
    """Write chunks to a new file, one chunk in memory at a time; past ``limit`` bytes stop,
    delete the partial file and raise ``refusal`` (by default the package's TooLargeError)."""
    name = f"{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"
    bucket = bucket_store()
    if bucket is not None:
        reader = object_store.LimitedReader(
            chunks, limit=limit, refusal=refusal or too_large(limit)
        )
        try:
            object_store.upload(bucket, name, reader)
        except object_store.FAULTS as exc:
            raise _unavailable(exc) from exc
        return StoredFile(name=name, size=reader.size, sha256=reader.digest.hexdigest())
    path = root() / name
    digest, size = hashlib.sha256(), 0
    partial = path.with_suffix(PARTIAL_SUFFIX)
    try:
        make_folder(path.parent)
        with os.fdopen(create_file(partial), "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise refusal or too_large(limit)
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())  # the bytes are on disk before the name says so
        os.replace(partial, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # the folder itself may be what failed
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in DISK_FAULTS:
            raise _unavailable(exc) from exc
        raise
    return StoredFile(name=name, size=size, sha256=digest.hexdigest())


def open_stored(name: str) -> BinaryIO:
    """The stored file, open for reading. A file gone from the disk is NotFoundError (logged:
    its row says it should be there); a disk that cannot be read, UnavailableError."""
    bucket = bucket_store()
    if bucket is not None:
        return _open_object(bucket, name)
    try:
        return (root() / name).open("rb")
    except FileNotFoundError as exc:
        log.error("attachment file %s is missing from the store", name)
        raise NotFoundError(_("The attachment's file is missing from the store.")) from exc
    except OSError as exc:
        log.error("attachment file %s cannot be read: %s", name, exc)
        raise UnavailableError(_("Files cannot be read right now. Try again later.")) from exc


def _open_object(bucket: S3Storage, name: str) -> BinaryIO:
    try:
        return object_store.download(bucket, name)
    except object_store.MissingObjectError as exc:
        log.error("attachment object %s is missing from the bucket", name)
        raise NotFoundError(_("The attachment's file is missing from the store.")) from exc
    except object_store.FAULTS as exc:
        log.error("attachment object %s cannot be read: %s", name, exc)
        raise UnavailableError(_("Files cannot be read right now. Try again later.")) from exc


def delete(name: str) -> None:
    bucket = bucket_store()
    if bucket is not None:
        bucket.delete(name)
        return
    (root() / name).unlink(missing_ok=True)


def stored_names() -> Iterator[str]:
    """Every whole stored file's name (no partial ones), for backups."""
    bucket = bucket_store()
    if bucket is not None:
        yield from object_store.names(bucket)
        return
    if not root().is_dir():
        return
    for path in sorted(root().glob("*/*")):
        if path.is_file() and path.suffix != PARTIAL_SUFFIX:
            yield str(path.relative_to(root()))


def put(name: str, source: BinaryIO) -> None:
    """Write ``source`` under exactly ``name`` (a restore's files keep their names, which
    the database's rows refer to); an existing file of that name is replaced."""
    bucket = bucket_store()
    if bucket is not None:
        object_store.upload(bucket, name, source)
        return
    path = root() / name
    partial = path.with_suffix(PARTIAL_SUFFIX)
    make_folder(path.parent)
    partial.unlink(missing_ok=True)
    with os.fdopen(create_file(partial), "wb") as out:
        while chunk := source.read(1024 * 1024):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)


def check() -> None:
    """Raise if the store cannot take files now (readiness): the folder is missing and
    cannot be made or is not writable, or the bucket does not answer."""
    bucket = bucket_store()
    if bucket is not None:
        object_store.check(bucket)
        return
    make_folder(root())
    if not os.access(root(), os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, "not writable", str(root()))


def remove_partial_files(*, older_than: dt.datetime) -> int:
    """Delete ``.part`` files last written before ``older_than`` (left by a worker killed in
    the middle of an upload); returns how many. An upload still in progress writes its file
    all the time, so a cut-off hours back never takes one. In a bucket: abort the multipart
    uploads begun before ``older_than``."""
    bucket = bucket_store()
    if bucket is not None:
        return object_store.abort_uploads(bucket, older_than=older_than)
    removed = 0
    cutoff = older_than.timestamp()
    for partial in root().glob(f"*/*{PARTIAL_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):  # finished or removed meanwhile
            if partial.stat().st_mtime < cutoff:
                partial.unlink()
                removed += 1
    return removed

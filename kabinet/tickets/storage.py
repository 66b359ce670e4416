"""Attachment bytes on disk under ``settings.ATTACHMENTS_DIR``: streamed in with a size limit
checked as bytes arrive, into files and folders only the service's user may read; streamed
out by name. Knows nothing of tickets or access."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kabinet.errors import TooLargeError
from kabinet.private_files import create_file, make_folder


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int
    sha256: str


def root() -> Path:
    return Path(settings.ATTACHMENTS_DIR)


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
    path = root() / name
    make_folder(path.parent)
    digest, size = hashlib.sha256(), 0
    partial = path.with_suffix(".part")
    try:
        with os.fdopen(create_file(partial), "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise refusal or too_large(limit)
                digest.update(chunk)
                out.write(chunk)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return StoredFile(name=name, size=size, sha256=digest.hexdigest())


def open_stored(name: str) -> BinaryIO:
    return (root() / name).open("rb")


def delete(name: str) -> None:
    (root() / name).unlink(missing_ok=True)

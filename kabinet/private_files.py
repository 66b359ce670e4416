"""Files and folders that only the service's own user may read: attachments, upload-place
files and the SQLite database hold customers' data. Modes are set explicitly, so the umask a
server happens to start with does not decide them."""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_folder(folder: Path) -> None:
    """``folder`` and any missing parents, each created ``FOLDER_MODE``; a folder that
    exists (also one another worker made meanwhile) is left as it is."""
    try:
        folder.mkdir(mode=FOLDER_MODE)
    except FileExistsError:
        return
    except FileNotFoundError:
        make_folder(folder.parent)
        make_folder(folder)
        return
    folder.chmod(FOLDER_MODE)


def create_file(path: Path) -> int:
    """A new file at ``path`` (refused if one exists), ``FILE_MODE``, open for writing; the
    caller owns the returned descriptor."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    return descriptor


def ensure_private(path: Path) -> None:
    """``path`` exists and others cannot read it: created empty with ``FILE_MODE`` if
    missing; an existing one loses only the permissions of others (a group chosen by the
    deployment stays)."""
    make_folder(path.parent)
    try:
        os.close(create_file(path))
    except FileExistsError:
        mode = path.stat().st_mode & 0o777
        if mode & 0o007:
            path.chmod(mode & ~0o007)

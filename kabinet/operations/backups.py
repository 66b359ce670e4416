"""Back up and restore a whole installation: a consistent snapshot of the database
(PostgreSQL through ``pg_dump`` custom format; SQLite through its online backup API, safe
while the service runs) and every stored attachment file, with a manifest of sizes and
SHA-256 checksums. A restore checks every checksum before it changes anything, and refuses a
target that already holds data unless forced.

The database is taken first and the files after it: a file is stored before the row that
names it is committed, so every row in the snapshot finds its file in the backup (a file
stored meanwhile is only an extra)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.apps import apps
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from kabinet.private_files import create_file, make_folder
from kabinet.tickets import storage

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# Stored names are "<2 hex>/<32 hex>": anything else in a manifest is not ours.
STORED_NAME = re.compile(r"[0-9a-f]{2}/[0-9a-f]{32}")
# Rows that `migrate` itself creates: a database holding only these is empty.
CREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
BLOCK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    sha256: str


def _copy(source: BinaryIO, target: BinaryIO | None) -> Entry:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(BLOCK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return Entry(name="", size=size, sha256=digest.hexdigest())


def _checksum(path: Path) -> Entry:
    with path.open("rb") as source:
        entry = _copy(source, None)
    return Entry(name=path.name, size=entry.size, sha256=entry.sha256)


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    args = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    if settings["USER"]:
        args += ["-U", settings["USER"]]
    env = dict(os.environ)
    if settings["PASSWORD"]:
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            _("%(program)s is not installed (PostgreSQL's client tools are needed).")
            % {"program": command[0]}
        ) from exc
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": command[0], "error": done.stderr.strip()}
        )


def _dump_database(target: Path) -> None:
    if connection.vendor == "postgresql":
        args, env = _pg_environment()
        name = connection.settings_dict["NAME"]
        _run(
            ["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(target), *args, name], env
        )
        return
    if connection.vendor != "sqlite":
        raise BackupError(_("Only PostgreSQL and SQLite can be backed up."))
    connection.ensure_connection()
    os.close(create_file(target))
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def back_up(destination: Path, *, now: dt.datetime) -> dict[str, Any]:
    """Write the snapshot into ``destination`` (new or empty); returns the manifest."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(_("%(path)s is not empty.") % {"path": destination})
    make_folder(destination)
    database_file = destination / DATABASE_FILES.get(connection.vendor, "database")
    _dump_database(database_file)
    database = _checksum(database_file)
    files = [_copy_out(name, destination / FILES) for name in storage.stored_names()]
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "database": {
            "vendor": connection.vendor,
            "file": database_file.name,
            "size": database.size,
            "sha256": database.sha256,
            "migrations": _migrations(),
        },
        "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in files],
    }
    with os.fdopen(create_file(destination / MANIFEST), "w") as out:
        json.dump(manifest, out, indent=2, sort_keys=True)
    return manifest


def _copy_out(name: str, folder: Path) -> Entry:
    target = folder / name
    make_folder(target.parent)
    with storage.open_stored(name) as source, os.fdopen(create_file(target), "wb") as out:
        entry = _copy(source, out)
    return Entry(name=name, size=entry.size, sha256=entry.sha256)


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(
            _("%(path)s holds no readable backup manifest.") % {"path": source}
        ) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("The backup's format is not one this version reads."))
    return manifest


def verify(source: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest names is there with its size and checksum."""
    database = manifest["database"]
    expected = [(source / Path(database["file"]).name, database)]
    for entry in manifest["files"]:
        if not STORED_NAME.fullmatch(str(entry["name"])):
            raise BackupError(_("The manifest names a file that is not an attachment."))
        expected.append((source / FILES / entry["name"], entry))
    for path, entry in expected:
        try:
            found = _checksum(path)
        except OSError as exc:
            raise BackupError(_("%(path)s is missing.") % {"path": path}) from exc
        if (found.size, found.sha256) != (entry["size"], entry["sha256"]):
            raise BackupError(
                _("%(path)s does not match its checksum in the manifest.") % {"path": path}
            )


def holds_data() -> bool:
    """The database has rows beyond what ``migrate`` creates, or the store has files."""
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.label_lower in CREATED_BY_MIGRATE or model._meta.db_table not in tables:
            continue
        if model._default_manager.using(connection.alias).exists():
            return True
    return next(iter(storage.stored_names()), None) is not None


def restore(source: Path, *, force: bool) -> dict[str, Any]:
    """Replace the database and the stored files with the backup in ``source``. Run with the
    web processes, workers and beat stopped. Nothing is changed unless every checksum
    holds and (without ``force``) the target holds no data."""
    manifest = read_manifest(source)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            _("The backup is of a %(backup)s database; this one is %(target)s.")
            % {"backup": vendor, "target": connection.vendor}
        )
    verify(source, manifest)
    if not force and holds_data():
        raise BackupError(
            _("The database or the file store already holds data; add --force to replace it.")
        )
    _load_database(source / Path(manifest["database"]["file"]).name)
    for entry in manifest["files"]:
        with (source / FILES / entry["name"]).open("rb") as file:
            storage.put(entry["name"], file)
    return manifest


def _load_database(dump: Path) -> None:
    if connection.vendor == "postgresql":
        args, env = _pg_environment()
        name = connection.settings_dict["NAME"]
        connection.close()  # its locks and its cached state belong to the old tables
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "-d",
                name,
                *args,
                str(dump),
            ],
            env,
        )
        return
    connection.ensure_connection()
    backup = sqlite3.connect(dump)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()
    connection.close()


def manifest_lines(manifest: dict[str, Any]) -> Iterator[str]:
    files = manifest["files"]
    yield _("database: %(vendor)s, %(size)d bytes") % manifest["database"]
    yield _("files: %(count)d, %(size)d bytes") % {
        "count": len(files),
        "size": sum(entry["size"] for entry in files),
    }

"""``kabinet restore SRC [--force]``: the database and the stored files from a backup, once
every checksum holds; a target that holds data only with ``--force``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kabinet.operations.backups import BackupError, manifest_lines, restore


class Command(BaseCommand):
    help = (
        "Restore the database and the stored files from the backup in SRC. Stop the web "
        "processes, workers and beat first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace a database or store that holds data"
        )

    def handle(self, *args: Any, source: Path, force: bool, **options: Any) -> None:
        try:
            manifest = restore(source, force=force)
        except BackupError as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(_("Restored from %(path)s") % {"path": source})
        for line in manifest_lines(manifest):
            self.stdout.write(f"  {line}")

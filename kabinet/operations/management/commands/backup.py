"""``kabinet backup DEST``: the database and every stored file into a new folder, with a
manifest of checksums (``kabinet.operations.backups``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kabinet import clock
from kabinet.operations.backups import BackupError, back_up, manifest_lines


class Command(BaseCommand):
    help = "Back up the database and the stored files into DEST (a new or empty folder)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path)

    def handle(self, *args: Any, destination: Path, **options: Any) -> None:
        try:
            manifest = back_up(destination, now=clock.now())
        except BackupError as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(_("Backed up into %(path)s") % {"path": destination})
        for line in manifest_lines(manifest):
            self.stdout.write(f"  {line}")

"""``kabinet conformance``: how many clauses of each seed Kabinet implements, partly
implements, does not, or has no software behaviour for, counted from docs/conformance.md."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kabinet.presets.conformance import STATUSES, TableError, counts, read_table


class Command(BaseCommand):
    help = "Count the seeds' clauses by status, from docs/conformance.md."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--table",
            default=str(Path(settings.BASE_DIR) / "docs" / "conformance.md"),
            help="the conformance table (default: docs/conformance.md of this checkout)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["table"])
        if not path.is_file():
            raise CommandError(f"No conformance table at {path}")
        try:
            per_seed = counts(read_table(path))
        except TableError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write("seed  " + "".join(f"{s:>8}" for s in (*STATUSES, "total")))
        total: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for seed, counted in sorted(per_seed.items()):
            figures = [counted[s] for s in STATUSES]
            for status, figure in zip(STATUSES, figures, strict=True):
                total[status] += figure
            self.stdout.write(f"{seed}   " + "".join(f"{f:>8}" for f in (*figures, sum(figures))))
        sums = [total[s] for s in STATUSES]
        self.stdout.write("all   " + "".join(f"{f:>8}" for f in (*sums, sum(sums))))

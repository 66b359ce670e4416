"""``kabinet preset load NAME`` loads one regime's packages, organisations, people and
contracts (``--with-tickets`` adds its demo tickets); ``kabinet preset list`` names them."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kabinet.presets.loading import load_preset
from kabinet.presets.regimes import PRESETS


class Command(BaseCommand):
    help = "Load a support regime preset (packages, calendars, organisations, contracts)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("verb", choices=["load", "list"])
        parser.add_argument("name", nargs="?")
        parser.add_argument("--with-tickets", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "list":
            for name, preset in PRESETS.items():
                self.stdout.write(f"{name}\t{preset.title}")
            return
        name = options["name"]
        if name not in PRESETS:
            raise CommandError(f"Unknown preset {name!r}; one of: {', '.join(PRESETS)}")
        loaded = load_preset(PRESETS[name], tickets=options["with_tickets"])
        self.stdout.write(
            f"{name}: {len(loaded.packages)} packages, {len(loaded.contracts)} contracts, "
            f"{len(loaded.people)} people, {loaded.tickets} demo tickets"
        )

"""``kabinet demo``: loads all five regimes with tickets in every SLA state, runs the SLA
sweep once, and prints the demo logins and the URL. Running it twice changes nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kabinet import clock
from kabinet.presets.loading import DEMO_PASSWORD, load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.tickets.actions.sla_sweep import sweep_sla


class Command(BaseCommand):
    help = "Load the demo data of the five support regimes and print the logins."

    def handle(self, *args: Any, **options: Any) -> None:
        now = clock.now()
        logins: list[tuple[str, str, str]] = []
        for name, preset in PRESETS.items():
            load_preset(preset, now=now)
            for person in preset.people:
                logins.append((name, person.username, ", ".join(person.roles)))
        report = sweep_sla(now=clock.now())
        self.stdout.write(
            f"Demo loaded: {len(PRESETS)} regimes; SLA sweep recorded {len(report.alerts)} "
            "new alerts."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for preset_name, username, roles in logins:
            self.stdout.write(f"  {username:<20} {roles:<32} [{preset_name}]")
        self.stdout.write(f"URL: {settings.KABINET_BASE_URL}/")

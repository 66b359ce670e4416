"""``kabinet demo``: loads all five regimes with tickets in every SLA state, runs the SLA
sweep once, and prints who is who: each demo login with the person's name, organisation,
roles in words and the cabinet it opens, and where to start with each regime. Running it
twice changes nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from kabinet import clock
from kabinet.orgs.models import OrganisationKind, Role
from kabinet.presets.loading import DEMO_PASSWORD, load_preset
from kabinet.presets.regimes import PRESETS
from kabinet.presets.spec import Preset
from kabinet.tickets.actions.sla_sweep import sweep_sla

# The cabinet each side of a contract opens first (the cabinets' own URLs).
CABINET_PATHS = {
    OrganisationKind.CUSTOMER: "/client/",
    OrganisationKind.PARTNER: "/partner/",
    OrganisationKind.VENDOR: "/vendor/",
}


class Command(BaseCommand):
    help = "Load the demo data of the five support regimes and print the logins."

    def handle(self, *args: Any, **options: Any) -> None:
        now = clock.now()
        for preset in PRESETS.values():
            load_preset(preset, now=now)
        report = sweep_sla(now=clock.now())
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write(
                _("Demo loaded: %(regimes)s regimes; the SLA sweep recorded %(alerts)s new alerts.")
                % {"regimes": len(PRESETS), "alerts": len(report.alerts)}
            )
            self.stdout.write(
                _("Demo logins, password for all: %(password)s") % {"password": DEMO_PASSWORD}
            )
            base = settings.KABINET_BASE_URL.rstrip("/")
            for name, preset in PRESETS.items():
                self._regime(name, preset, base)
            self.stdout.write("")
            self.stdout.write(_("Open %(url)s and sign in as any of them.") % {"url": f"{base}/"})

    def _regime(self, name: str, preset: Preset, base: str) -> None:
        orgs = {org.key: org for org in preset.orgs}
        self.stdout.write("")
        self.stdout.write(f"{preset.title} [{name}]")
        for person in preset.people:
            org = orgs[person.org]
            roles = ", ".join(str(Role(role).label) for role in person.roles)
            cabinet = CABINET_PATHS[OrganisationKind(org.kind)]
            self.stdout.write(
                f"  {person.username:<20} {person.full_name} — {roles}; {org.name}; {base}{cabinet}"
            )
        if preset.start_here:
            self.stdout.write("  " + _("Where to start: %(text)s") % {"text": preset.start_here})

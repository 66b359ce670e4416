"""The deployment files say the same as the code: every queue a task is routed to has a
worker in compose.yaml and among the systemd units docs/deploy.md enables, and the unit
files in deploy/systemd are the ones the guide shows."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.conf import settings

from kabinet.celery import app

ROOT = Path(settings.BASE_DIR)
GUIDE = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def _routed() -> set[str]:
    return {route["queue"] for route in app.conf.task_routes.values()} | {"celery"}


def test_compose_runs_a_worker_for_every_queue() -> None:
    services = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]
    served: list[str] = []
    for service in services.values():
        command = service.get("command") or []
        if command[:4] == ["celery", "-A", "kabinet.celery", "worker"]:
            served += command[command.index("-Q") + 1].split(",")
    assert sorted(served) == sorted(_routed())  # each once, none left out


def test_the_guide_enables_a_worker_unit_for_every_queue() -> None:
    enable = re.search(r"`systemctl enable --now ([^`]*)`", GUIDE)
    assert enable is not None
    units = enable.group(1).split()
    served = [
        q
        for unit in units
        if unit.startswith("kabinet-worker@")
        for q in unit.removeprefix("kabinet-worker@").split(",")
    ]
    assert sorted(served) == sorted(_routed())
    assert {"kabinet-web", "kabinet-beat"} <= set(units)


def test_the_unit_files_are_the_guides() -> None:
    shown = {
        re.match(r"# /etc/systemd/system/(\S+)", block).group(1): block  # type: ignore[union-attr]
        for block in re.findall(r"```ini\n(.*?)```", GUIDE, re.DOTALL)
    }
    files = {
        path.name: path.read_text(encoding="utf-8")
        for path in (ROOT / "deploy" / "systemd").iterdir()
    }
    assert files == shown
    assert set(files) == {"kabinet-web.service", "kabinet-worker@.service", "kabinet-beat.service"}

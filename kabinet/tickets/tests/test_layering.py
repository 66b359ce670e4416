"""House rule: tenant-scoped rows are fetched by key only through access_* functions."""

from __future__ import annotations

import re
from pathlib import Path

import kabinet

ROOT = Path(kabinet.__file__).parent
FORBIDDEN = re.compile(r"\b(Ticket|Contract|Attachment|TicketEvent)\.objects\.get\(")


def _allowed(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return (
        "tests" in parts
        or "migrations" in parts
        or path.name == "access.py"
        or ("actions" in parts or path.name == "actions.py")
    )


def test_tenant_rows_are_fetched_only_in_access_and_actions() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("*.py")
        if not _allowed(path)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN.search(line)
    ]
    assert offenders == []

"""The ``kabinet`` command: ``kabinet calendar ...`` runs the business-time tools, every
other command goes to Django's management commands."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["calendar"]:
        from kabinet.worktime.cli import main as calendar_main

        return calendar_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabinet.settings")
    from django.core.management import execute_from_command_line

    from kabinet.deployment import check_secret_key

    check_secret_key()
    execute_from_command_line(["kabinet", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``kabinet`` command: ``kabinet calendar ...`` runs the business-time tools (an
imported production calendar year then queues the move of the open deadlines of the
contracts on it, for the ``recompute`` worker),
every other command goes to Django's management commands."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["calendar"]:
        from kabinet.worktime.cli import main as calendar_main

        code = calendar_main(args[1:])
        if code != 0 or args[1:2] != ["import"]:
            return code
        # The year is in place: the contracts on that calendar get their deadlines moved, by
        # the recompute worker (``kabinet sla recompute --calendar NAME`` does it here).
        args = ["sla", "recompute", "--calendar", _imported_calendar(args[2:]), "--queue"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabinet.settings")
    from django.core.management import execute_from_command_line

    from kabinet.deployment import check_secret_key

    check_secret_key()
    execute_from_command_line(["kabinet", *args])
    return 0


def _imported_calendar(import_args: list[str]) -> str:
    """The production calendar name ``kabinet calendar import`` wrote to (its ``--name``)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--name", default="ru")
    known, _ = parser.parse_known_args(import_args)
    return str(known.name)


if __name__ == "__main__":
    sys.exit(main())

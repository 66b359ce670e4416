"""``kabinet sla recompute [--calendar NAME | --package ID | --contract ID | --all]
[--dry-run | --queue]``: move open tickets' deadlines after a calendar or a package changed,
here with a progress bar, or (``--queue``) by the worker of the ``recompute`` queue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import MofNCompleteColumn, Progress, TimeElapsedColumn

from kabinet.tickets.actions.recompute import (
    RecomputeReport,
    RecomputeScope,
    open_ticket_count,
    recompute_open_deadlines,
)
from kabinet.tickets.actions.recompute_queue import queue_recompute


class Command(BaseCommand):
    help = "SLA maintenance: recompute open tickets' deadlines on today's calendars and targets."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        recompute = commands.add_parser("recompute", help="recompute open tickets' deadlines")
        scope = recompute.add_mutually_exclusive_group(required=True)
        scope.add_argument("--calendar", metavar="NAME", help="production calendar, e.g. ru")
        scope.add_argument("--package", type=int, metavar="ID")
        scope.add_argument("--contract", type=int, metavar="ID")
        scope.add_argument("--all", action="store_true", help="every contract")
        how = recompute.add_mutually_exclusive_group()
        how.add_argument(
            "--dry-run", action="store_true", help="report how deadlines would move; write nothing"
        )
        how.add_argument(
            "--queue", action="store_true", help="leave it to the worker of the recompute queue"
        )
        recompute.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["command"] != "recompute":
            raise CommandError(f"Unknown command {options['command']!r}.")
        scope = RecomputeScope(
            calendar=options["calendar"],
            package_id=options["package"],
            contract_id=options["contract"],
        )
        if options["queue"]:
            request = queue_recompute(scope)
            self.stdout.write(
                f"Recompute {request.pk} queued: the worker of the recompute queue moves "
                f"{open_ticket_count(scope)} open tickets' deadlines."
            )
            return
        if options["no_progress"] or options["verbosity"] == 0:
            report = recompute_open_deadlines(scope, dry_run=options["dry_run"])
        else:
            with Progress(
                *Progress.get_default_columns(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                transient=True,
            ) as progress:
                task = progress.add_task("Open tickets", total=open_ticket_count(scope))
                report = recompute_open_deadlines(
                    scope,
                    dry_run=options["dry_run"],
                    progress=lambda n: progress.advance(task, n),
                )
        self.stdout.write(describe(report))
        if report.failed:
            raise CommandError(f"{report.failed} tickets failed; see the log.")


def describe(report: RecomputeReport) -> str:
    verb = "would move" if report.dry_run else "moved"
    lines = [
        f"{report.tickets} open tickets: {report.plain} in bulk, {report.exact} one by one; "
        f"{report.changed} {verb}."
    ]
    for name, shift in report.shifts.items():
        lines.append(
            f"  {name}: {shift.earlier} earlier, {shift.later} later, "
            f"{len(shift.became_breached)} become breached, "
            f"{len(shift.no_longer_overdue)} no longer overdue"
        )
    return "\n".join(lines)

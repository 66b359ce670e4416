"""``kabinet mail fetch [--mailbox NAME] [--no-progress]``: take in new mail now, with a
progress bar per mailbox, and print what each message became."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import MofNCompleteColumn, Progress, TaskID, TimeElapsedColumn

from kabinet.channels.email.imap import FetchReport
from kabinet.channels.email.intake_runs import fetch_active_mailboxes
from kabinet.channels.email.models import Mailbox


class Command(BaseCommand):
    help = "Inbound mail: take in new messages from the IMAP mailboxes."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        fetch = commands.add_parser("fetch", help="take in new messages now")
        fetch.add_argument("--mailbox", metavar="NAME", help="only this mailbox (even inactive)")
        fetch.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["mailbox"]
        if name is not None and not Mailbox.objects.filter(name=name).exists():
            raise CommandError(f"No mailbox named {name!r}.")
        if options["no_progress"] or options["verbosity"] == 0:
            reports = fetch_active_mailboxes(name)
        else:
            with Progress(
                *Progress.get_default_columns(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                transient=True,
            ) as bar:
                tasks: dict[int, TaskID] = {}

                def step(mailbox: Mailbox, done: int, total: int) -> None:
                    if mailbox.pk not in tasks:
                        tasks[mailbox.pk] = bar.add_task(mailbox.name, total=total)
                    bar.update(tasks[mailbox.pk], completed=done)

                reports = fetch_active_mailboxes(name, progress=step)
        for report in reports:
            self.stdout.write(describe(report))
        if any((r.outcomes or {}).get("error") for r in reports):
            raise CommandError("Some mail could not be taken in; see the log.")


def describe(report: FetchReport) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in sorted((report.outcomes or {}).items()))
    finished = f"; {report.finished} left from an earlier run finished" if report.finished else ""
    return f"{report.mailbox}: {report.taken} messages taken in{finished}" + (
        f" ({counts})" if counts else ""
    )

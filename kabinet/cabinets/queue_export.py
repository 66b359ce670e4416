"""The work queue's current view (its filters, ready-made view and order) as a table with
Russian column headers, written as CSV or XLSX the way the SLA report is: text that a
spreadsheet would run as a formula (a subject "=HYPERLINK(...)") stays text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from kabinet.reports.export import CSV_DELIMITER, formula_like
from kabinet.tickets.models import Status, Ticket

# A spreadsheet of the queue, not a dump of the database: beyond this a view is narrowed.
EXPORT_LIMIT = 10_000

HEADER = (
    "Номер",
    "Тема",
    "Клиент",
    "Договор",
    "Критичность",
    "Статус",
    "Исполнитель",
    "Зарегистрировано",
    "Срок реакции",
    "Срок обновления",
    "Срок решения",
    "Нарушено",
)


def _moment(value: dt.datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def table(tickets: Iterable[Ticket], zone: ZoneInfo) -> list[list[object]]:
    """One row per ticket, times in ``zone`` (the reader's)."""
    out: list[list[object]] = []
    for ticket in tickets:
        breached = ticket.reaction_breached or ticket.update_breached or ticket.resolution_breached
        out.append(
            [
                ticket.number or "",
                ticket.subject,
                str(ticket.contract.customer),
                ticket.contract.number,
                ticket.criticality,
                str(Status(ticket.status).label),
                str(ticket.assignee) if ticket.assignee else "",
                _moment(ticket.registered_at, zone),
                _moment(ticket.reaction_due_at if ticket.reaction_met_at is None else None, zone),
                _moment(ticket.update_due_at, zone),
                _moment(
                    ticket.resolution_due_at if ticket.resolution_met_at is None else None, zone
                ),
                "да" if breached else "",
            ]
        )
    return out


def to_csv(rows: list[list[object]]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel reads the Cyrillic headers."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(HEADER)
    for values in rows:
        writer.writerow([f"'{v}" if formula_like(v) else str(v) for v in values])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Очередь"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if formula_like(cell.value):
                cell.data_type = "s"  # openpyxl takes "=..." for a formula; the value is text
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The report as a table with Russian column headers, written as CSV or XLSX; text that a
spreadsheet would run as a formula (an organisation named ``=HYPERLINK(...)``) stays text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from kabinet.reports.queries import Grouping, Period, ReportRow

COLUMNS: tuple[tuple[str, str], ...] = (
    ("tickets", "Обращений"),
    ("reaction_measured", "Реакция: измерено"),
    ("reaction_met", "Реакция: в срок"),
    ("reaction_breaches", "Реакция: нарушений"),
    ("reaction_compliance", "Реакция: соблюдение, %"),
    ("update_measured", "Обновления: измерено"),
    ("update_met", "Обновления: без пропусков"),
    ("update_breaches", "Обновления: пропущено"),
    ("update_compliance", "Обновления: соблюдение, %"),
    ("resolution_measured", "Решение: измерено"),
    ("resolution_met", "Решение: в срок"),
    ("resolution_breaches", "Решение: нарушений"),
    ("resolution_compliance", "Решение: соблюдение, %"),
    ("breaches", "Нарушений всего"),
    ("mean_reaction_minutes", "Среднее время реакции, раб. мин"),
    ("mean_resolution_minutes", "Среднее время решения, раб. мин"),
    ("rating_mean", "Средняя оценка"),
    ("rating_count", "Оценок"),
)
GROUP_HEADERS = {Grouping.SUPPLIER: "Поставщик", Grouping.CUSTOMER: "Клиент"}
CSV_DELIMITER = ";"  # what Excel with a Russian locale expects
# Leading characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
# (OWASP "CSV injection"), with the full-width forms some of them accept and line breaks.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def header(grouping: Grouping) -> list[str]:
    return [GROUP_HEADERS[grouping], *(title for _, title in COLUMNS)]


def table(rows: Sequence[ReportRow]) -> list[list[object]]:
    return [[row.org_name, *(getattr(row, name) for name, _ in COLUMNS)] for row in rows]


def formula_like(value: object) -> bool:
    """Text a spreadsheet would take for a formula, also behind leading blanks (which some
    importers trim); numbers, negative ones too, are not."""
    return isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    )


def to_csv(rows: Sequence[ReportRow], grouping: Grouping) -> bytes:
    """UTF-8 with a byte order mark, so that Excel reads the Cyrillic headers."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(header(grouping))
    for values in table(rows):
        writer.writerow(["" if v is None else _csv_value(v) for v in values])
    return out.getvalue().encode("utf-8-sig")


def _csv_value(value: object) -> str:
    """Formula-like text gets a leading apostrophe, which the spreadsheet shows as text."""
    if formula_like(value):
        return f"'{value}"
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def to_xlsx(rows: Sequence[ReportRow], grouping: Grouping, period: Period) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"SLA {period.start:%Y-%m-%d}…{period.end:%Y-%m-%d}"[:31]
    sheet.append(header(grouping))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in table(rows):
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if formula_like(cell.value):
                cell.data_type = "s"  # openpyxl takes "=..." for a formula; the value is text
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

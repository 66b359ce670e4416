"""Exports cannot carry formulas: text that a spreadsheet would run (an organisation named
``=HYPERLINK(...)``) is neutralised in CSV and written as text in XLSX; numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import openpyxl  # type: ignore[import-untyped]
import pytest

from kabinet.api.tests.clients import client_for
from kabinet.conftest import World
from kabinet.reports.export import COLUMNS, to_csv, to_xlsx
from kabinet.reports.queries import Grouping, Period, ReportRow
from kabinet.tickets.tests.factories import file_ticket

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "\n=1+1",
    " =1+1",
    "\uff1dSUM(A1)",
]
PERIOD = Period(start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 31))
MEAN_REACTION = [name for name, _ in COLUMNS].index("mean_reaction_minutes") + 1


def _row(name: str) -> ReportRow:
    return ReportRow(org_id=1, org_name=name, tickets=2, mean_reaction_minutes=-12.5)


@pytest.mark.parametrize("name", HOSTILE)
def test_csv_prefixes_formula_like_text_with_an_apostrophe(name: str) -> None:
    text = to_csv([_row(name)], Grouping.CUSTOMER).decode("utf-8-sig")
    _, row = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert row[0] == "'" + name
    assert row[MEAN_REACTION] == "-12,5"  # a genuine negative number stays a number


@pytest.mark.parametrize("name", HOSTILE)
def test_xlsx_writes_formula_like_text_as_a_string(name: str) -> None:
    book = to_xlsx([_row(name)], Grouping.CUSTOMER, PERIOD)
    cells = openpyxl.load_workbook(io.BytesIO(book)).active[2]
    assert cells[0].data_type == "s"
    # A bare CR survives where openpyxl writes through lxml (which escapes it); its own
    # writer leaves it bare and XML then reads it as LF. Either way the text is the name.
    assert cells[0].value in (name, name.replace("\r", "\n"))
    assert cells[MEAN_REACTION].value == -12.5 and cells[MEAN_REACTION].data_type == "n"
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_plain_names_are_written_unchanged() -> None:
    text = to_csv([_row("ООО «Ромашка» - филиал")], Grouping.CUSTOMER).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("ООО «Ромашка» - филиал;2;")


def test_an_organisation_named_like_a_formula_comes_out_as_text(world: World) -> None:
    world.customer.name = '=HYPERLINK("http://x","y")'
    world.customer.save()
    file_ticket(world.contract, world.contact)
    query = "?from=2026-05-08&to=2026-05-08"
    client = client_for(world.engineer)
    text = client.get(f"/api/v1/reports/sla.csv{query}").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1][0] == "'" + world.customer.name
    book = client.get(f"/api/v1/reports/sla.xlsx{query}").content
    cell = openpyxl.load_workbook(io.BytesIO(book)).active["A2"]
    assert (cell.value, cell.data_type) == (world.customer.name, "s")

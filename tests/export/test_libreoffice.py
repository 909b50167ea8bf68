"""LibreOffice opens the report as it is (no repair) and sees what Excel users will see."""

from __future__ import annotations

import csv

import pytest

from desktop_app.export import SHEET_ORDER
from tests.export.readback import Report
from tests.export.scenario import FORMULA_TEXTS
from tests.export.soffice import convert, needs_soffice

# CSV export options: comma, double quote, UTF-8, from line 1, values formatted as shown,
# every sheet to its own file (-1).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

pytestmark = [
    pytest.mark.slow,
    needs_soffice,
]


@pytest.fixture(scope="module")
def sheets_as_csv(
    report: Report, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[list[str]]]:
    work = tmp_path_factory.mktemp("libreoffice")
    result = convert(report.path, CSV_FILTER, work)
    tables = {}
    for sheet in SHEET_ORDER:
        path = work / f"{report.path.stem}-{sheet}.csv"
        assert path.exists(), f"LibreOffice did not write {sheet}: {result.stdout}"
        with path.open(encoding="utf-8", newline="") as handle:
            tables[sheet] = list(csv.reader(handle))
    return tables


def test_libreoffice_reads_every_sheet_with_the_same_shape(
    report: Report, sheets_as_csv: dict[str, list[list[str]]]
) -> None:
    for sheet in SHEET_ORDER[1:]:
        rows = sheets_as_csv[sheet]
        assert rows[0] == report.headers(sheet)
        assert len(rows) == report.sheet(sheet).max_row


def test_formula_like_text_is_not_evaluated_by_libreoffice(
    sheets_as_csv: dict[str, list[list[str]]],
) -> None:
    descriptions = [row[14] for row in sheets_as_csv["Discrepancies"][1:]]
    assert set(FORMULA_TEXTS[:4]) <= set(descriptions)
    numbers = [row[3] for row in sheets_as_csv["Discrepancies"][1:]]
    assert "=1+1" in numbers  # an invoice number, not 2


def test_libreoffice_shows_dates_and_currency_formats(
    sheets_as_csv: dict[str, list[list[str]]],
) -> None:
    first = sheets_as_csv["Discrepancies"][1]
    assert first[4] == "2024-03-01"
    assert first[7] == "£300.00"
    duplicate = next(r for r in sheets_as_csv["Discrepancies"] if r[0] == "DUPLICATE_PAYMENT")
    assert duplicate[7:10] == ["¥150,000", "¥300,000", "¥150,000"]
    assert duplicate[13] == "-¥150,000"
    fee = next(r for r in sheets_as_csv["Discrepancies"] if r[0] == "AMOUNT_MISMATCH")
    assert fee[9] == "-€10.00"
    assert sheets_as_csv["Matches"][1][9] == "98%"  # the Score as the window shows it

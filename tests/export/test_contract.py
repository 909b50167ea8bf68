"""The workbook contract of design.md: sheet order, header texts, and the working aids."""

from __future__ import annotations

import pytest

from desktop_app.domain import Severity
from desktop_app.export import SHEET_ORDER
from desktop_app.export.styles import SEVERITY_COLOURS
from tests.export.readback import Report
from tests.export.scenario import RECONCILIATION

CONTRACT_DISCREPANCIES = [
    "Type", "Provider", "Invoice ID", "Invoice Number", "Invoice Date", "Due Date", "Currency",
    "Invoice Amount", "Paid Amount", "Difference", "Statement", "Row", "Statement Date",
    "Statement Amount", "Description", "Explanation",
]  # fmt: skip
CONTRACT_MATCHES = [
    "Provider", "Invoice ID", "Invoice Number", "Invoice Amount", "Statement", "Row",
    "Statement Date", "Statement Amount", "Description", "Score", "Explanation",
]  # fmt: skip
DATA_SHEETS = [
    "Discrepancies", "Matches", "Invoices", "Statement lines", "Audit", "Import Warnings",
]  # fmt: skip
DATA_ROWS = {
    "Discrepancies": 15, "Matches": 11, "Invoices": 13, "Statement lines": 17, "Audit": 2,
    "Import Warnings": 2,
}  # fmt: skip


def test_sheets_come_in_the_contract_order(report: Report) -> None:
    assert report.book.sheetnames == list(SHEET_ORDER)
    assert report.calamine.sheet_names == list(SHEET_ORDER)
    assert report.book.sheetnames[:3] == ["Summary", "Discrepancies", "Matches"]


@pytest.mark.parametrize(
    ("sheet", "contract"),
    [("Discrepancies", CONTRACT_DISCREPANCIES), ("Matches", CONTRACT_MATCHES)],
)
def test_contract_headers_are_exact_and_first(
    report: Report, sheet: str, contract: list[str]
) -> None:
    headers = report.headers(sheet)
    assert headers[: len(contract)] == contract
    assert len(set(headers)) == len(headers), "a header text appears twice"
    assert report.calamine_rows(sheet)[0] == headers


def test_additional_columns_follow_the_contract_ones(report: Report) -> None:
    assert report.headers("Discrepancies")[16:] == [
        "Severity", "Discrepancy", "Line", "Statement Currency", "Reference",
        "Invoice Status", "Invoice URL", "Direction", "Decision", "Decided By", "Decided At",
        "Decision Note",
    ]  # fmt: skip
    assert report.headers("Matches")[11:] == [
        "Match", "State", "Invoice Currency", "Statement Currency", "Runner-up", "Signals",
        "Invoice URL", "Counted Elsewhere",
    ]  # fmt: skip
    # after the Invoices sheet's URL: whether the invoice was taken in for a decision
    assert report.headers("Invoices")[-2:] == ["Invoice URL", "Taken In"]


@pytest.mark.parametrize("sheet", DATA_SHEETS)
def test_data_sheets_freeze_the_header_and_filter_every_row(report: Report, sheet: str) -> None:
    ws = report.sheet(sheet)
    last_column = ws.cell(row=1, column=len(report.headers(sheet))).column_letter
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{last_column}{DATA_ROWS[sheet] + 1}"
    assert ws.max_row == DATA_ROWS[sheet] + 1
    assert all(cell.font.bold for cell in ws[1])


@pytest.mark.parametrize("sheet", DATA_SHEETS)
def test_every_column_has_a_width_that_fits_its_header(report: Report, sheet: str) -> None:
    ws = report.sheet(sheet)
    for cell in ws[1]:
        width = ws.column_dimensions[cell.column_letter].width
        assert 6 <= width <= 70, (cell.value, width)
    if sheet in {"Discrepancies", "Matches"}:  # long free text gets room to be read
        letter = ws.cell(row=1, column=report.column(sheet, "Explanation")).column_letter
        assert ws.column_dimensions[letter].width >= 40


def test_discrepancy_rows_are_shaded_by_their_severity(report: Report) -> None:
    ws = report.sheet("Discrepancies")
    rules = {}
    for area, area_rules in ws.conditional_formatting._cf_rules.items():
        assert str(area.sqref) == "A2:AB16"  # every column of every data row
        for rule in area_rules:
            rules[rule.formula[0]] = rule.dxf.fill.bgColor.rgb
    severity_letter = ws.cell(
        row=1, column=report.column("Discrepancies", "Severity")
    ).column_letter
    assert rules == {
        f'${severity_letter}2="{severity.value}"': SEVERITY_COLOURS[severity]
        for severity in Severity
    }
    # Each row's Severity cell, which the rules read, is its discrepancy type's severity.
    records = report.records("Discrepancies")
    # One row per line; the duplicate's two lines, and the currency mismatch's invoice
    # (in euros) apart from its payment (in pounds), are two rows each.
    numbers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11, 12, 12, 13]
    assert [r["Discrepancy"].value for r in records] == numbers
    expected = [RECONCILIATION.discrepancies[n - 1].severity.value for n in numbers]
    assert [r["Severity"].value for r in records] == expected
    assert {"high", "medium", "low"} <= set(expected)


def test_the_colours_distinguish_the_severities() -> None:
    assert len(set(SEVERITY_COLOURS.values())) == len(Severity)

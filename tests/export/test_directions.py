"""What we are owed and what we owe, kept apart on the Summary, in a real run's report.

The Summary's "Discrepancies by type" had one row per type and currency: an unpaid
invoice we issued (£300 owed to us) and an unpaid bill (£200 we owe) were one
UNPAID_INVOICE row of £500, owed by no one, and a receipt nothing explains was netted
against a payment nothing explains. Its "Totals by provider" counted and summed every
invoice as Invoices and Invoiced (void, written off, draft) beside a Reconciled that
counts only those expecting a payment. Written by the real engine and exporter, read back
cell by cell with openpyxl.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.domain import (
    Direction,
    Discrepancy,
    DiscrepancyType,
    InvoiceStatus,
    Money,
    Reconciliation,
    Side,
)
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import Report, cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line
from tests.matching.test_upcoming import PREVIEW

CI = "Content Ignite"
BILLS = {"provider": CI, "direction": Direction.PAYABLE, "payee": "Northwind Media"}
RECEIVABLES = [
    invoice("EL-2025-00001", "300.00"),  # unpaid
    invoice("EL-2025-00002", "90.00", currency="EUR"),  # unpaid, in euros
    invoice("EL-2025-00003", "120.00"),  # paid £118.50
]
PAYABLES = [
    invoice("CI-0001", "200.00", **BILLS),  # unpaid
    invoice("CI-0002", "80.00", **BILLS),  # paid £79.00
]
LINES = [
    line("118.50", "EL-2025-00003", row=2),
    line("-79.00", "CI-0002", row=3),
    line("25.00", "SUNDRY RECEIPT", row=4),
    line("-40.00", "CARD PURCHASE", row=5),
]


def _report(tmp_path: Path, invoices: list[Any], lines: list[Any]) -> Report:
    out = tmp_path / "report.xlsx"
    run = reconcile(invoices, lines)
    write_report(run, out, context=ReportContext(generated_at=GENERATED_AT))
    return read_report(out)


def test_each_types_totals_are_per_direction_and_currency(tmp_path: Path) -> None:
    report = _report(tmp_path, [*RECEIVABLES, *PAYABLES], LINES)
    rows = cell_values(report.summary_block("Discrepancies by type"), 9)
    assert rows == [
        ("Type", "Direction", "Severity", "Count", "Currency", "Invoice Amount", "Paid Amount",
         "Difference", "Statement Amount"),
        ("UNPAID_INVOICE", "receivable", "medium", 1, "EUR", 90, 0, -90, 0),
        ("UNPAID_INVOICE", "receivable", "medium", 1, "GBP", 300, 0, -300, 0),
        ("UNPAID_INVOICE", "payable", "medium", 1, "GBP", 200, 0, -200, 0),
        ("STATUS_CONFLICT", None, "high", 0, None, 0, 0, 0, 0),
        ("UNMATCHED_PAYMENT", "money in, no invoice", "medium", 1, "GBP", 0, 25, 0, 25),
        ("UNMATCHED_PAYMENT", "money out, no invoice", "medium", 1, "GBP", 0, -40, 0, -40),
        ("AMOUNT_MISMATCH", "receivable", "medium", 1, "GBP", 120, 118.5, -1.5, 118.5),
        ("AMOUNT_MISMATCH", "payable", "medium", 1, "GBP", 80, 79, -1, -79),
        ("DUPLICATE_PAYMENT", None, "high", 0, None, 0, 0, 0, 0),
        ("VOID_INVOICE_PAID", None, "high", 0, None, 0, 0, 0, 0),
        ("CURRENCY_MISMATCH", None, "medium", 0, None, 0, 0, 0, 0),
        ("LINE_ITEMS_MISMATCH", None, "low", 0, None, 0, 0, 0, 0),
    ]  # fmt: skip
    # each amount in its row's currency, whichever direction the row is
    gbp = [row for row in report.summary_block("Discrepancies by type") if row[4].value == "GBP"]
    assert {cell.number_format for row in gbp for cell in row[5:9]} == {'"£"#,##0.00'}
    # the Direction column is wide enough for the longest, not cut off by Severity
    width = report.sheet("Summary").column_dimensions["B"].width
    assert width >= max(len(side.value) for side in Side)


def test_a_direction_with_nothing_has_no_rows(tmp_path: Path) -> None:
    """Receivables alone: no payable row, not even of zeros, and no row of money that
    went out when none did."""
    report = _report(tmp_path, RECEIVABLES, [line("118.50", "EL-2025-00003", row=2)])
    rows = cell_values(report.summary_block("Discrepancies by type")[1:], 5)
    assert [row for row in rows if row[3]] == [
        ("UNPAID_INVOICE", "receivable", "medium", 1, "EUR"),
        ("UNPAID_INVOICE", "receivable", "medium", 1, "GBP"),
        ("AMOUNT_MISMATCH", "receivable", "medium", 1, "GBP"),
    ]
    assert {row[1] for row in rows} == {"receivable", None}  # None: a type with none at all


def test_invoices_of_both_directions_paired_by_hand_are_neither_direction(
    tmp_path: Path,
) -> None:
    """A payment matched by hand to an invoice we issued and a bill (netted): its row is
    of both, apart from the receivables' and the payables'."""
    owed_to_us, we_owe = RECEIVABLES[2], PAYABLES[1]
    paid = line("40.00", "NETTED", row=2)
    netted = Discrepancy(
        DiscrepancyType.AMOUNT_MISMATCH,
        "paid £40.00 for both",
        lines=(paid,),
        paid_amount=Money("40.00", "GBP"),
        group=(owed_to_us, we_owe),
    )
    unpaid = Discrepancy(DiscrepancyType.UNPAID_INVOICE, "no payment", RECEIVABLES[0])
    run = Reconciliation((*RECEIVABLES, *PAYABLES), (paid,), (), (netted, unpaid))
    out = tmp_path / "report.xlsx"
    write_report(run, out, context=ReportContext(generated_at=GENERATED_AT))
    report = read_report(out)
    rows = cell_values(report.summary_block("Discrepancies by type")[1:], 9)
    assert [row for row in rows if row[3]] == [
        ("UNPAID_INVOICE", "receivable", "medium", 1, "GBP", 300, 0, 0, 0),
        ("AMOUNT_MISMATCH", "receivable and payable", "medium", 1, "GBP", 0, 40, 0, 40),
    ]
    (record,) = [r for r in report.records("Discrepancies") if r["Row"].value == 2]
    assert record["Direction"].value == "receivable and payable"


def test_every_discrepancy_row_says_its_direction(tmp_path: Path) -> None:
    """The Discrepancies sheet's Direction (after the contract's columns), so its rows
    filtered by Type, Direction and Currency sum to the Summary's row."""
    report = _report(tmp_path, [*RECEIVABLES, *PAYABLES], LINES)
    cells = [
        (r["Type"].value, r["Invoice Number"].value, r["Row"].value, r["Direction"].value)
        for r in report.records("Discrepancies")
    ]
    assert sorted(cells, key=lambda c: (c[0], c[1] or "", c[2] or 0)) == [
        ("AMOUNT_MISMATCH", "CI-0002", 3, "payable"),
        ("AMOUNT_MISMATCH", "EL-2025-00003", 2, "receivable"),
        ("UNMATCHED_PAYMENT", None, 4, "money in, no invoice"),
        ("UNMATCHED_PAYMENT", None, 5, "money out, no invoice"),
        ("UNPAID_INVOICE", "CI-0001", None, "payable"),
        ("UNPAID_INVOICE", "EL-2025-00001", None, "receivable"),
        ("UNPAID_INVOICE", "EL-2025-00002", None, "receivable"),
    ]
    headers = report.headers("Discrepancies")
    assert headers.index("Direction") > headers.index("Explanation")  # after the contract's


def test_totals_by_provider_count_and_sum_what_reconciled_counts(tmp_path: Path) -> None:
    """Invoices and Invoiced are of the invoices that expect a payment, as Reconciled and
    Not Reconciled are: a void, a written-off, a draft invoice and an upcoming preview
    are none of them (they were counted, and their amounts invoiced)."""
    elevate = [
        invoice("EL-2025-00101", "100.00"),  # paid
        invoice("EL-2025-00102", "50.00"),  # unpaid
        invoice("EL-2025-00103", "80.00", status=InvoiceStatus.VOID),
        invoice("EL-2025-00104", "70.00", status=InvoiceStatus.UNCOLLECTIBLE),
        invoice("EL-2025-00105", "75.00", status=InvoiceStatus.DRAFT),
    ]
    bills = [invoice("CI-0003", "40.00", **BILLS), invoice("CI-0004", "99.00", **BILLS)]
    void_bill = invoice("CI-0005", "60.00", status=InvoiceStatus.VOID, **BILLS)
    lines = [line("100.00", "EL-2025-00101", row=2), line("-40.00", "CI-0003", row=3)]
    report = _report(tmp_path, [*elevate, *bills, void_bill, PREVIEW], lines)
    rows = cell_values(report.summary_block("Totals by provider"), 8)
    assert rows == [
        ("Provider", "Currency", "Invoices", "Invoiced", "Reconciled", "Not Reconciled",
         "Discrepancies", "Difference"),
        (CI, "GBP", 2, 139, 1, 1, 1, -99),
        ("Elevate", "GBP", 2, 150, 1, 1, 1, -50),
    ]  # fmt: skip
    assert "Providers used counts every invoice fetched" in _notes(report)


def _notes(report: Report) -> str:
    rows = report.summary_block("How to read this workbook")
    return " ".join(str(row[0].value) for row in rows)

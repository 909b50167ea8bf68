"""An invoice paid in full twice, as the workbook shows it: one DUPLICATE_PAYMENT, its
excess once on the Discrepancies sheet and once in the Summary's totals; no
AMOUNT_MISMATCH beside it counting part of the excess again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.domain import Invoice, StatementLine
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import Report, cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import PARTLY_PAID, invoice, line

DISCREPANCY = (
    "Type",
    "Invoice Number",
    "Currency",
    "Invoice Amount",
    "Paid Amount",
    "Difference",
    "Row",
    "Statement Amount",
    "Line",
)


def _report(tmp_path: Path, invoices: list[Invoice], lines: list[StatementLine]) -> Report:
    out = tmp_path / "report.xlsx"
    write_report(reconcile(invoices, lines), out, context=ReportContext(generated_at=GENERATED_AT))
    return read_report(out)


def _cells(report: Report) -> list[tuple[Any, ...]]:
    return [tuple(r[n].value for n in DISCREPANCY) for r in report.records("Discrepancies")]


def _by_type(report: Report) -> dict[tuple[str, str | None], tuple[Any, ...]]:
    """Discrepancies by type: (type, currency) -> (count, invoice, paid, difference, statement),
    of the one direction these receivables' rows are in."""
    rows = cell_values(report.summary_block("Discrepancies by type")[1:], 9)
    assert {r[1] for r in rows} <= {"receivable", None}
    return {(r[0], r[4]): (r[3], *r[5:9]) for r in rows}


def test_a_repeat_short_by_a_fee_is_one_duplicate_and_counted_once(tmp_path: Path) -> None:
    lines = [
        line("500.65", "EL-2025-00174", row=2, day=date(2025, 3, 10)),
        line("498.65", "EL-2025-00174", row=3, day=date(2025, 3, 17)),
    ]
    report = _report(tmp_path, [invoice("EL-2025-00174", "500.65")], lines)
    assert _cells(report) == [
        ("DUPLICATE_PAYMENT", "EL-2025-00174", "GBP", 500.65, 999.30, 498.65, 2, 500.65, "1 of 2"),
        ("DUPLICATE_PAYMENT", "EL-2025-00174", "GBP", None, None, None, 3, 498.65, "2 of 2"),
    ]
    totals = _by_type(report)
    assert totals["DUPLICATE_PAYMENT", "GBP"] == (1, 500.65, 999.30, 498.65, 999.30)
    assert totals["AMOUNT_MISMATCH", None] == (0, 0, 0, 0, 0)


def test_the_gross_of_a_partly_paid_invoice_paid_twice_is_one_excess(tmp_path: Path) -> None:
    lines = [
        line("276.62", "EL-2025-00003", row=5, day=date(2025, 3, 4)),
        line("276.62", "EL-2025-00003", row=6, day=date(2025, 3, 11)),
    ]
    report = _report(tmp_path, [PARTLY_PAID], lines)
    assert _cells(report) == [
        ("DUPLICATE_PAYMENT", "EL-2025-00003", "GBP", 201.70, 553.24, 351.54, 5, 276.62, "1 of 2"),
        ("DUPLICATE_PAYMENT", "EL-2025-00003", "GBP", None, None, None, 6, 276.62, "2 of 2"),
    ]
    count, invoiced, paid, difference, statement = _by_type(report)["DUPLICATE_PAYMENT", "GBP"]
    assert (count, invoiced, paid) == (1, 201.70, 553.24)
    assert Decimal(repr(difference)) == Decimal("351.54")
    assert Decimal(repr(statement)) == Decimal("553.24")
    assert _by_type(report)["AMOUNT_MISMATCH", None] == (0, 0, 0, 0, 0)

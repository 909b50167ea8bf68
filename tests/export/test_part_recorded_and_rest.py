"""The workbook of an invoice partly paid before, paid in parts with the part its
provider records as paid, read back cell by cell.

EL-2025-00003 is £276.62, £201.70 still owed (£74.92 recorded as paid). Paid by the
part's line and lines paying what is still owed, it is paid in full: no Discrepancies
row, so the Summary's AMOUNT_MISMATCH Difference is the real shortfalls alone (an over
row of +£74.92 used to net against them). The part's line and the rest's paid in euros
are one CURRENCY_MISMATCH, its pounds measured against the gross.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.domain import Decision, DecisionKind, InvoiceStatus, Money
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import Report, cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import OPEN_BESIDE, PARTLY_PAID, invoice, line

CONTEXT = ReportContext(generated_at=GENERATED_AT)
CELLS = ("Type", "Invoice Number", "Currency", "Invoice Amount", "Paid Amount", "Difference", "Row")

PART = line("74.92", "EL-2025-00003", row=2)
PAYMENT = line("100.00", "BACS CUSTOMER PAYMENT", row=3)
BALANCE = line("101.70", "BACS CUSTOMER BALANCE", row=4)
SHORT = line("1301.19", "EL-2025-00006", row=5)  # £10.00 short of OPEN_BESIDE's £1,311.19


def _cells(report: Report, sheet: str, names: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return [tuple(record[name].value for name in names) for record in report.records(sheet)]


def test_the_gross_paid_in_parts_with_the_part_is_no_discrepancy(tmp_path: Path) -> None:
    lines = [PART, PAYMENT, BALANCE, SHORT]
    by_hand = Decision(
        DecisionKind.MANUAL_MATCH, (PARTLY_PAID.key,), (PART.key, PAYMENT.key, BALANCE.key)
    )
    out = tmp_path / "report.xlsx"
    write_report(
        reconcile([PARTLY_PAID, OPEN_BESIDE], lines, decisions=[by_hand]), out, context=CONTEXT
    )
    report = read_report(out)

    assert _cells(report, "Discrepancies", CELLS) == [
        ("AMOUNT_MISMATCH", "EL-2025-00006", "GBP", 1311.19, 1301.19, -10.0, 5)
    ]
    matched = _cells(report, "Matches", ("Invoice Number", "Row", "Explanation"))
    assert [(number, row) for number, row, _ in matched] == [
        ("EL-2025-00003", 2),
        ("EL-2025-00003", 3),
        ("EL-2025-00003", 4),
        ("EL-2025-00006", 5),
    ]
    assert (
        "total equal to the gross: bank.csv row 2 (2025-03-04, £74.92) pays the £74.92 of "
        "£276.62 Elevate records as paid, the others the £201.70 still owed"
    ) in matched[0][2]
    # The Summary sums the rows: the shortfall alone, not netted with a false +£74.92.
    rows = report.summary_block("Discrepancies by type")
    table = {(r[0], r[1], r[4]): r for r in cell_values(rows[1:], 9)}
    mismatch = table["AMOUNT_MISMATCH", "receivable", "GBP"]
    assert mismatch[3] == 1
    assert Decimal(repr(mismatch[7])) == Decimal("-10.00")


def test_the_part_and_the_rest_in_euros_are_one_currency_mismatch(tmp_path: Path) -> None:
    """£971.79, £409.84 still owed: £561.95 recorded as paid, then €470.00. One match of
    both; the pounds' row is the gross less the part (-£409.84 still owed, not +£152.11
    over what is owed), the euros' row what came in euros."""
    abroad = invoice(
        "EL-2025-00182",
        "971.79",
        status=InvoiceStatus.PARTIALLY_PAID,
        amount_outstanding=Money("409.84", "GBP"),
    )
    lines = [
        line("561.95", "EL 2025 00182 CUSTOMER 1060", row=26, day=date(2025, 3, 5)),
        line(
            "470.00", "EL-2025-00182 CUSTOMER 1060", row=127, day=date(2025, 3, 14), currency="EUR"
        ),
    ]
    out = tmp_path / "report.xlsx"
    write_report(reconcile([abroad], lines), out, context=CONTEXT)
    report = read_report(out)

    assert _cells(report, "Discrepancies", CELLS) == [
        ("CURRENCY_MISMATCH", "EL-2025-00182", "GBP", 971.79, 561.95, -409.84, 26),
        ("CURRENCY_MISMATCH", "EL-2025-00182", "EUR", None, 470.0, 470.0, 127),
    ]
    (told,) = {r["Explanation"].value for r in report.records("Discrepancies")}
    assert told == (
        "EL-2025-00182: paid £561.95, the part of £971.79 Elevate records as paid, and "
        "€470.00 against the £409.84 still owed of £971.79"
    )
    assert [r["Row"].value for r in report.records("Matches")] == [26, 127]

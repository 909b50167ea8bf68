"""Every amount on a Discrepancies row is in the row's Currency: filtering by currency and
summing a column never adds euros to pounds, and gives the Summary's figure."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.domain import (
    Direction,
    Invoice,
    InvoiceStatus,
    Money,
    Settlement,
    StatementLine,
)
from desktop_app.export import ReportContext, write_report
from desktop_app.export.styles import currency_format
from desktop_app.matching import reconcile
from tests.export.readback import Report, cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line

CONTEXT = ReportContext(generated_at=GENERATED_AT)
MONEY = ("Invoice Amount", "Paid Amount", "Difference", "Statement Amount")
SHOWN = ("Type", "Invoice Number", "Currency", *MONEY, "Row", "Line")


def _report(tmp_path: Path, invoices: list[Invoice], lines: list[StatementLine]) -> Report:
    out = tmp_path / "report.xlsx"
    write_report(reconcile(invoices, lines), out, context=CONTEXT)
    return read_report(out)


def _month(tmp_path: Path) -> Report:
    """A £ invoice paid in €, and a void £ invoice a € payment fits."""
    void = invoice(
        "CI-1003",
        "99.99",
        provider="Content Ignite",
        status=InvoiceStatus.VOID,
        direction=Direction.PAYABLE,
    )
    lines = [
        line("140.40", "EL-2025-00017", currency="EUR", row=2),
        line("-99.99", "CI-1003 VOIDED", currency="EUR", row=3),
        line("118.50", "EL-2025-00018", row=4),
    ]
    invoices = [invoice(), invoice("EL-2025-00018"), void]
    return _report(tmp_path, invoices, lines)


def test_a_payment_in_another_currency_is_two_rows_each_in_its_own(tmp_path: Path) -> None:
    rows = [
        tuple(r[name].value for name in SHOWN)
        for r in _month(tmp_path).records("Discrepancies")
        if r["Type"].value in {"CURRENCY_MISMATCH", "VOID_INVOICE_PAID"}
    ]
    assert rows == [
        # the void invoice's payment in euros, its Difference in each currency as a
        # currency mismatch's: the £99.99 not paid in pounds, the €99.99 paid
        ("VOID_INVOICE_PAID", "CI-1003", "GBP", 99.99, None, -99.99, None, None, "1 of 2"),
        ("VOID_INVOICE_PAID", "CI-1003", "EUR", None, 99.99, 99.99, -99.99, 3, "2 of 2"),
        # the Difference in each currency: the £120.00 not paid in pounds, the €140.40 paid
        ("CURRENCY_MISMATCH", "EL-2025-00017", "GBP", 120.00, None, -120.00, None, None, "1 of 2"),
        ("CURRENCY_MISMATCH", "EL-2025-00017", "EUR", None, 140.40, 140.40, 140.40, 2, "2 of 2"),
    ]


def test_every_amount_is_formatted_in_its_rows_currency(tmp_path: Path) -> None:
    for record in _month(tmp_path).records("Discrepancies"):
        expected = currency_format(record["Currency"].value)
        for name in MONEY:
            cell = record[name]
            if cell.value is not None:
                assert cell.number_format == expected, (record["Type"].value, name)


def test_a_currency_filter_sums_to_the_summarys_figures(tmp_path: Path) -> None:
    report = _month(tmp_path)
    sheet: defaultdict[tuple[Any, Any, Any], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    for record in report.records("Discrepancies"):
        sums = sheet[record["Type"].value, record["Direction"].value, record["Currency"].value]
        for position, name in enumerate(MONEY):
            value = record[name].value
            sums[position] += Decimal(repr(value)) if value is not None else 0
    summary = {
        (kind, direction, currency): [Decimal(repr(amount)) for amount in amounts]
        for kind, direction, _, _, currency, *amounts in cell_values(
            report.summary_block("Discrepancies by type")[1:], 9
        )
        if currency is not None
    }
    assert dict(sheet) == {key: amounts for key, amounts in summary.items() if any(amounts)}
    assert ("CURRENCY_MISMATCH", "receivable", "EUR") in sheet


def test_the_common_row_is_one_row_as_before(tmp_path: Path) -> None:
    report = _report(tmp_path, [invoice()], [line("118.50", "EL-2025-00017")])
    (record,) = report.records("Discrepancies")
    assert tuple(record[name].value for name in SHOWN) == (
        "AMOUNT_MISMATCH", "EL-2025-00017", "GBP", 120.0, 118.5, -1.5, 118.5, 2, None,
    )  # fmt: skip
    assert record["Invoice Date"].value == datetime(2025, 3, 1)


def test_a_line_without_currency_counts_in_its_invoices(tmp_path: Path) -> None:
    """The statement gives no currency; the matcher compared the line in the invoice's
    pounds, its row says GBP, and the Summary counts it there: no row of its own with no
    currency and a count of 0."""
    report = _report(tmp_path, [invoice()], [line("118.50", "EL-2025-00017", currency=None)])
    (record,) = report.records("Discrepancies")
    assert (record["Currency"].value, record["Statement Currency"].value) == ("GBP", None)
    rows = cell_values(report.summary_block("Discrepancies by type")[1:], 9)
    assert [r for r in rows if r[0] == "AMOUNT_MISMATCH"] == [
        ("AMOUNT_MISMATCH", "receivable", "medium", 1, "GBP", 120.0, 118.5, -1.5, 118.5),
    ]


def test_a_short_payment_in_the_settlement_currency_is_a_row_in_that_currency(
    tmp_path: Path,
) -> None:
    """Cell by cell: the settlement amount, the paid amount and the difference in euros,
    on the euro line's row."""
    euros = invoice(
        "CI-0042",
        "85.00",
        provider="Content Ignite",
        direction=Direction.PAYABLE,
        settlement=Settlement("EUR", Money("100.00", "EUR"), Decimal("1.1765")),
    )
    out = tmp_path / "report.xlsx"
    result = reconcile([euros], [line("-90.00", "CI-0042", currency="EUR")])
    write_report(result, out, context=ReportContext(generated_at=GENERATED_AT))
    names = ("Type", "Currency", "Invoice Amount", "Paid Amount", "Difference", "Row")
    rows = [tuple(r[n].value for n in names) for r in read_report(out).records("Discrepancies")]
    assert rows == [("AMOUNT_MISMATCH", "EUR", 100.00, 90.00, -10.00, 2)]


def _no_currency_month(tmp_path: Path) -> Report:
    """A statement that gives no currency (the sample csv): a line paying a £ invoice
    short, and a fee no invoice explains."""
    lines = [
        line("118.50", "EL-2025-00017", currency=None),
        line("-8.50", "ACCOUNT FEE", currency=None, row=3),
    ]
    return _report(tmp_path, [invoice()], lines)


def test_a_line_without_currency_shows_its_amounts_as_its_row_cell_by_cell(
    tmp_path: Path,
) -> None:
    """The matched line's row is in its invoice's pounds (design.md: "its invoice's where
    the statement gives none"), so its Statement Amount is formatted in pounds as the Paid
    Amount beside it (it had the plain format). The fee's row is in no currency: its Paid
    Amount is the money that moved, as for a line in a stated currency (it was blank),
    a number with two decimals as its Statement Amount."""
    shown = [
        (
            record["Type"].value,
            record["Currency"].value,
            *((record[name].value, record[name].number_format) for name in MONEY),
        )
        for record in _no_currency_month(tmp_path).records("Discrepancies")
    ]
    pounds, plain = '"£"#,##0.00', "#,##0.00"
    assert shown == [
        ("UNMATCHED_PAYMENT", None,
         (None, "General"), (-8.5, plain), (None, "General"), (-8.5, plain)),
        ("AMOUNT_MISMATCH", "GBP",
         (120.0, pounds), (118.5, pounds), (-1.5, pounds), (118.5, pounds)),
    ]  # fmt: skip


def test_a_line_without_currency_sums_to_the_summarys_row_of_no_currency(
    tmp_path: Path,
) -> None:
    """The fee's Paid Amount is in the Summary's UNMATCHED_PAYMENT row of no currency, so
    the sheet filtered to it sums to that row, as it does for a currency."""
    report = _no_currency_month(tmp_path)
    sheet: defaultdict[tuple[Any, Any, Any], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 4)
    for record in report.records("Discrepancies"):
        sums = sheet[record["Type"].value, record["Direction"].value, record["Currency"].value]
        for position, name in enumerate(MONEY):
            value = record[name].value
            sums[position] += Decimal(repr(value)) if value is not None else 0
    summary = {
        (kind, direction, currency): [Decimal(repr(amount)) for amount in amounts]
        for kind, direction, _, _, currency, *amounts in cell_values(
            report.summary_block("Discrepancies by type")[1:], 9
        )
        if direction is not None
    }
    assert dict(sheet) == summary
    fee = summary["UNMATCHED_PAYMENT", "money out, no invoice", None]
    assert fee == [0, Decimal("-8.5"), 0, Decimal("-8.5")]

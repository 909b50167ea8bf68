"""A written-off invoice paid, as the workbook shows it: the payment on the Matches sheet,
and a VOID_INVOICE_PAID row saying the write-off is to be reversed, the one row counting
the payment however else it is amiss."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.domain import InvoiceStatus
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line

DISCREPANCY = (
    "Type",
    "Invoice Number",
    "Currency",
    "Invoice Amount",
    "Paid Amount",
    "Difference",
    "Row",
    "Statement Amount",
    "Invoice Status",
    "Explanation",
)
MATCH = ("Invoice Number", "Invoice Amount", "Row", "Statement Amount", "State")


def test_a_written_off_invoice_paid_is_matched_and_reported(tmp_path: Path) -> None:
    written_off = invoice("EL-2025-00173", "534.40", status=InvoiceStatus.UNCOLLECTIBLE)
    out = tmp_path / "report.xlsx"
    reconciliation = reconcile([written_off], [line("534.40", "EL-2025-00173")])
    write_report(reconciliation, out, context=ReportContext(generated_at=GENERATED_AT))
    report = read_report(out)
    told = (
        "payment bank.csv row 2 (2025-03-04, £534.40) settles Elevate EL-2025-00173, which is "
        "written off (UNCOLLECTIBLE): reverse the write-off and book the payment against it"
    )
    assert [tuple(r[n].value for n in DISCREPANCY) for r in report.records("Discrepancies")] == [
        (
            "VOID_INVOICE_PAID",
            "EL-2025-00173",
            "GBP",
            534.40,
            534.40,
            0,
            2,
            534.40,
            "UNCOLLECTIBLE",
            told,
        ),
    ]
    assert [tuple(r[n].value for n in MATCH) for r in report.records("Matches")] == [
        ("EL-2025-00173", 534.40, 2, 534.40, "auto"),
    ]


def test_written_off_invoices_paid_amiss_count_each_payment_once(tmp_path: Path) -> None:
    """Paid short, paid twice, and paid short in a batch with an open invoice: each
    payment is one VOID_INVOICE_PAID discrepancy carrying its amounts (no AMOUNT_MISMATCH
    or second VOID_INVOICE_PAID beside it), so the sheet's columns and the Summary's
    totals count every line's money once: Paid Amount and Statement Amount are what the
    statement paid, £1,558.00, and the Difference what the payments are short or over."""
    short = invoice("EL-2025-00173", "534.40", status=InvoiceStatus.UNCOLLECTIBLE)
    twice = invoice(
        "EL-2025-00176", "200.00", status=InvoiceStatus.UNCOLLECTIBLE, payee="Birch Ltd"
    )
    batched = invoice(
        "EL-2025-00180", "400.00", status=InvoiceStatus.UNCOLLECTIBLE, payee="Cedar Ltd"
    )
    beside = invoice("EL-2025-00181", "234.00", payee="Cedar Ltd")
    lines = [
        line("530.00", "EL-2025-00173", row=2),
        line("200.00", "EL-2025-00176", row=3, day=date(2025, 3, 10)),
        line("198.00", "EL-2025-00176", row=4, day=date(2025, 3, 17)),
        line("630.00", "EL-2025-00180 EL-2025-00181", row=5),
    ]
    out = tmp_path / "report.xlsx"
    reconciliation = reconcile([short, twice, batched, beside], lines)
    write_report(reconciliation, out, context=ReportContext(generated_at=GENERATED_AT))
    report = read_report(out)
    columns = (
        "Type",
        "Invoice Number",
        "Currency",
        "Invoice Amount",
        "Paid Amount",
        "Difference",
        "Row",
        "Statement Amount",
        "Discrepancy",
        "Line",
        "Invoice Status",
    )
    records = report.records("Discrepancies")
    assert [tuple(r[n].value for n in columns) for r in records] == [
        (
            "VOID_INVOICE_PAID",
            "EL-2025-00173",
            "GBP",
            534.40,
            530.00,
            -4.40,
            2,
            530.00,
            1,
            None,
            "UNCOLLECTIBLE",
        ),
        (
            "VOID_INVOICE_PAID",
            "EL-2025-00176",
            "GBP",
            200.00,
            398.00,
            198.00,
            3,
            200.00,
            2,
            "1 of 2",
            "UNCOLLECTIBLE",
        ),
        (
            "VOID_INVOICE_PAID",
            "EL-2025-00176",
            "GBP",
            None,
            None,
            None,
            4,
            198.00,
            2,
            "2 of 2",
            "UNCOLLECTIBLE",
        ),
        (
            "VOID_INVOICE_PAID",
            "EL-2025-00180; EL-2025-00181",
            "GBP",
            634.00,
            630.00,
            -4.00,
            5,
            630.00,
            3,
            None,
            "UNCOLLECTIBLE; OPEN",
        ),
    ]
    explanations = [r["Explanation"].value for r in records]
    assert explanations[0] == (
        "payment bank.csv row 2 (2025-03-04, £530.00) settles Elevate EL-2025-00173, which is "
        "written off (UNCOLLECTIBLE): reverse the write-off and book the payment against it; "
        "EL-2025-00173: paid £530.00 of £534.40, £4.40 short (within tolerance: likely a bank "
        "fee or charge)"
    )
    assert (
        explanations[1]
        == explanations[2]
        == (
            "Elevate EL-2025-00176 is written off (UNCOLLECTIBLE): reverse the write-off and book "
            "a payment against it; EL-2025-00176 paid 2 times: bank.csv row 3 (2025-03-10, "
            "£200.00), bank.csv row 4 (2025-03-17, £198.00)"
        )
    )
    assert explanations[3] == (
        "payment bank.csv row 5 (2025-03-04, £630.00) (paying EL-2025-00181 too) settles "
        "Elevate EL-2025-00180, which is written off (UNCOLLECTIBLE): reverse the write-off "
        "and book the payment against it; EL-2025-00180, EL-2025-00181: paid £630.00 of "
        "£634.00, £4.00 short (within tolerance: likely a bank fee or charge)"
    )
    summary = report.book["Summary"]
    counted = {row[0].value: row[1].value for row in summary.iter_rows(max_row=12)}
    assert counted["Discrepancies"] == 3
    by_type = cell_values(report.summary_block("Discrepancies by type"), 9)
    assert by_type == [
        (
            "Type",
            "Direction",
            "Severity",
            "Count",
            "Currency",
            "Invoice Amount",
            "Paid Amount",
            "Difference",
            "Statement Amount",
        ),
        ("UNPAID_INVOICE", None, "medium", 0, None, 0, 0, 0, 0),
        ("STATUS_CONFLICT", None, "high", 0, None, 0, 0, 0, 0),
        ("UNMATCHED_PAYMENT", None, "medium", 0, None, 0, 0, 0, 0),
        ("AMOUNT_MISMATCH", None, "medium", 0, None, 0, 0, 0, 0),
        ("DUPLICATE_PAYMENT", None, "high", 0, None, 0, 0, 0, 0),
        ("VOID_INVOICE_PAID", "receivable", "high", 3, "GBP", 1368.40, 1558.00, 189.60, 1558.00),
        ("CURRENCY_MISMATCH", None, "medium", 0, None, 0, 0, 0, 0),
        ("LINE_ITEMS_MISMATCH", None, "low", 0, None, 0, 0, 0, 0),
    ]
    by_provider = cell_values(report.summary_block("Totals by provider"), 8)
    assert by_provider == [
        (
            "Provider",
            "Currency",
            "Invoices",
            "Invoiced",
            "Reconciled",
            "Not Reconciled",
            "Discrepancies",
            "Difference",
        ),
        ("Elevate", "GBP", 1, 234.00, 1, 0, 3, 189.60),
    ]
    notes = " ".join(str(row[0].value) for row in report.summary_block("How to read this workbook"))
    assert "a written-off invoice's payment that is also short, over, in another" in notes


def test_a_written_off_invoice_paid_in_another_currency_differs_in_each(tmp_path: Path) -> None:
    """Its VOID_INVOICE_PAID row stands for the CURRENCY_MISMATCH it would have been, so it
    carries that row's Difference in each currency (design.md): the £120.00 not paid in
    pounds on the pound row, the €140.40 that came in on the euro row; the Summary sums
    them per currency, by type and by provider. Without them the money received abroad
    was in Paid Amount but in no Difference, and the pounds short were said nowhere."""
    written_off = invoice("EL-2025-00017", "120.00", status=InvoiceStatus.UNCOLLECTIBLE)
    out = tmp_path / "report.xlsx"
    reconciliation = reconcile([written_off], [line("140.40", "EL-2025-00017", currency="EUR")])
    write_report(reconciliation, out, context=ReportContext(generated_at=GENERATED_AT))
    report = read_report(out)
    columns = ("Type", "Currency", "Invoice Amount", "Paid Amount", "Difference", "Row", "Line")
    assert [tuple(r[n].value for n in columns) for r in report.records("Discrepancies")] == [
        ("VOID_INVOICE_PAID", "GBP", 120.00, None, -120.00, None, "1 of 2"),
        ("VOID_INVOICE_PAID", "EUR", None, 140.40, 140.40, 2, "2 of 2"),
    ]
    by_type = cell_values(report.summary_block("Discrepancies by type")[1:], 9)
    assert [row for row in by_type if row[0] == "VOID_INVOICE_PAID"] == [
        ("VOID_INVOICE_PAID", "receivable", "high", 1, "EUR", 0, 140.40, 140.40, 140.40),
        ("VOID_INVOICE_PAID", "receivable", "high", 1, "GBP", 120.00, 0, -120.00, 0),
    ]
    by_provider = cell_values(report.summary_block("Totals by provider")[1:], 8)
    assert by_provider == [
        ("Elevate", "EUR", 0, 0, 0, 0, 1, 140.40),
        ("Elevate", "GBP", 0, 0, 0, 0, 1, -120.00),
    ]

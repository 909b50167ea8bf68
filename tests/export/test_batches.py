"""A payment short for a batch of invoices, and one invoice paid short in parts, as the
workbook shows them: the invoices named on the Discrepancies row, the difference filed
under their provider on the Summary, and each invoice carrying it on the Invoices sheet."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.domain import Invoice, StatementLine
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import Report, cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line

CONTEXT = ReportContext(generated_at=GENERATED_AT)
IDENTITY = ("Provider", "Invoice ID", "Invoice Number", "Invoice Date", "Due Date", "Currency")
AMOUNTS = ("Invoice Amount", "Paid Amount", "Difference", "Row", "Statement Amount")


def _report(tmp_path: Path, invoices: list[Invoice], lines: list[StatementLine]) -> Report:
    out = tmp_path / "report.xlsx"
    write_report(reconcile(invoices, lines), out, context=CONTEXT)
    return read_report(out)


def _rows(report: Report, kind: str) -> list[tuple[Any, ...]]:
    return [
        tuple(record[name].value for name in (*IDENTITY, *AMOUNTS))
        for record in report.records("Discrepancies")
        if record["Type"].value == kind
    ]


def _by_provider(report: Report) -> list[tuple[Any, ...]]:
    """(Provider, Currency, Invoices, Reconciled, Discrepancies, Difference) rows."""
    rows = cell_values(report.summary_block("Totals by provider")[1:], 8)
    return [(r[0], r[1], r[2], r[4], r[6], r[7]) for r in rows]


def _invoice_types(report: Report) -> dict[str, Any]:
    return {r["Invoice Number"].value: r["Discrepancies"].value for r in report.records("Invoices")}


def test_a_batch_paid_short_names_its_invoices_and_is_their_providers(tmp_path: Path) -> None:
    invoices = [invoice("EL-2025-00017", "120.00"), invoice("EL-2025-00018", "80.50")]
    report = _report(tmp_path, invoices, [line("198.50", "BGC EL-2025-00017 EL-2025-00018")])
    issued, due = datetime(2025, 3, 1), datetime(2025, 3, 31)
    assert _rows(report, "AMOUNT_MISMATCH") == [
        ("Elevate", "EL-2025-00017; EL-2025-00018", "EL-2025-00017; EL-2025-00018", issued, due,
         "GBP", 200.50, 198.50, -2.00, 2, 198.50),
    ]  # fmt: skip
    assert _by_provider(report) == [("Elevate", "GBP", 2, 2, 1, -2.00)]  # no "(statement only)"
    assert _invoice_types(report) == {
        "EL-2025-00017": "AMOUNT_MISMATCH",
        "EL-2025-00018": "AMOUNT_MISMATCH",
    }


def test_a_batch_across_providers_is_filed_under_both_names_once(tmp_path: Path) -> None:
    """Its difference is the batch's: shared out between the providers it would be made
    up, given to each it would be counted twice. It stands under both names together, as
    the Discrepancies row says, and each provider keeps its own invoices' figures."""
    invoices = [
        invoice("EL-2025-00017", "120.00"),
        invoice("CI-0042", "80.50", provider="Content Ignite", issue=date(2025, 3, 2)),
    ]
    report = _report(tmp_path, invoices, [line("198.50", "BGC EL-2025-00017 CI-0042")])
    ((provider, ids, numbers, issued, due, *rest),) = _rows(report, "AMOUNT_MISMATCH")
    assert (provider, ids, numbers) == (
        "Content Ignite; Elevate",
        "CI-0042; EL-2025-00017",
        "CI-0042; EL-2025-00017",
    )
    assert (issued, due) == (None, None)  # they differ: the Invoices sheet has each
    assert rest == ["GBP", 200.50, 198.50, -2.00, 2, 198.50]
    assert _by_provider(report) == [
        ("Content Ignite", "GBP", 1, 1, 0, 0),
        ("Content Ignite; Elevate", "GBP", 0, 0, 1, -2.00),
        ("Elevate", "GBP", 1, 1, 0, 0),
    ]
    assert set(_invoice_types(report).values()) == {"AMOUNT_MISMATCH"}


def test_one_invoice_paid_short_in_parts_is_one_discrepancy_of_two_rows(tmp_path: Path) -> None:
    lines = [
        line("70.00", "PART PAYMENT EL-2025-00017", row=2),
        line("48.50", "ACME TRADING BALANCE", row=3, day=date(2025, 3, 20)),
    ]
    report = _report(tmp_path, [invoice()], lines)
    identity = ("Elevate", "EL-2025-00017", "EL-2025-00017", datetime(2025, 3, 1))
    assert _rows(report, "AMOUNT_MISMATCH") == [
        (*identity, datetime(2025, 3, 31), "GBP", 120.00, 118.50, -1.50, 2, 70.00),
        (*identity, datetime(2025, 3, 31), "GBP", None, None, None, 3, 48.50),
    ]
    assert _by_provider(report) == [("Elevate", "GBP", 1, 1, 1, -1.50)]
    assert _invoice_types(report) == {"EL-2025-00017": "AMOUNT_MISMATCH"}

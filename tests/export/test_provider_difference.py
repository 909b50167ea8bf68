"""The Summary's "Totals by provider" Difference is what the payments differ by: an
invoice's line items disagreeing with its own amount is no payment short or over, and has
a column of its own.

The explorer's Content Ignite 3712 was unpaid (-£75,201.76), and its line items came to
a penny more than its net: the provider's Difference read -£75,201.75."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain import Discrepancy, DiscrepancyType, Money, Reconciliation
from desktop_app.export import ReportContext, write_report
from desktop_app.export.summary_sheet import NOTES
from tests.export.readback import cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice

T = DiscrepancyType


def test_a_line_items_difference_is_kept_out_of_the_payments_difference(tmp_path: Path) -> None:
    unpaid = invoice("3712", "75201.76", provider="Content Ignite")
    short = invoice("EL-1", "100.00", provider="Elevate")
    gbp = "GBP"
    discrepancies = (
        Discrepancy(
            T.UNPAID_INVOICE,
            "3712 unpaid",
            unpaid,
            (),
            unpaid.gross,
            Money.of("0", gbp),
            -unpaid.gross,
        ),
        Discrepancy(
            T.LINE_ITEMS_MISMATCH,
            "3712: line items £62,668.14, net £62,668.13",
            unpaid,
            (),
            Money.of("62668.13", gbp),
            None,
            Money.of("0.01", gbp),
        ),
        Discrepancy(
            T.UNPAID_INVOICE,
            "EL-1 unpaid",
            short,
            (),
            short.gross,
            Money.of("0", gbp),
            -short.gross,
        ),
    )
    reconciliation = Reconciliation((unpaid, short), (), (), discrepancies)
    out = tmp_path / "report.xlsx"
    write_report(reconciliation, out, context=ReportContext(generated_at=GENERATED_AT))
    rows = cell_values(read_report(out).summary_block("Totals by provider"), 9)
    assert rows == [
        (
            "Provider", "Currency", "Invoices", "Invoiced", "Reconciled", "Not Reconciled",
            "Discrepancies", "Difference", "Line Items Difference",
        ),
        ("Content Ignite", gbp, 1, 75201.76, 0, 1, 2, -75201.76, 0.01),
        ("Elevate", gbp, 1, 100, 0, 1, 1, -100, 0),
    ]  # fmt: skip
    (note,) = [n for n in NOTES if n.startswith("Totals by provider")]
    assert "Line Items Difference" in note

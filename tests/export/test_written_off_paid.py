"""A written-off invoice paid, as the workbook shows it: the payment on the Matches sheet,
and a VOID_INVOICE_PAID row saying the write-off is to be reversed."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain import InvoiceStatus
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import read_report
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

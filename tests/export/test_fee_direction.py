"""An overpayment received within tolerance, as the workbook shows it: an overpayment on
the Discrepancies row and on the Matches row, never "a fee" (a fee makes a receipt
smaller)."""

from __future__ import annotations

from pathlib import Path

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
    "Explanation",
)
MATCH = ("Invoice Number", "Invoice Amount", "Row", "Statement Amount", "Explanation")


def test_an_over_receipt_is_an_overpayment_on_both_sheets(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    reconciliation = reconcile(
        [invoice("EL-2025-00174", "500.65")], [line("510.65", "EL-2025-00174")]
    )
    write_report(reconciliation, out, context=ReportContext(generated_at=GENERATED_AT))
    report = read_report(out)
    told = (
        "EL-2025-00174: paid £510.65 of £500.65, £10.00 over "
        "(within tolerance: an overpayment; a bank fee would have made it smaller)"
    )
    assert [tuple(r[n].value for n in DISCREPANCY) for r in report.records("Discrepancies")] == [
        ("AMOUNT_MISMATCH", "EL-2025-00174", "GBP", 500.65, 510.65, 10.00, 2, 510.65, told),
    ]
    explanation = (
        "reference EL-2025-00174 in text; £10.00 more than invoiced (within tolerance: "
        "overpaid); paid 3 days after issue"
    )
    assert [tuple(r[n].value for n in MATCH) for r in report.records("Matches")] == [
        ("EL-2025-00174", 500.65, 2, 510.65, explanation),
    ]

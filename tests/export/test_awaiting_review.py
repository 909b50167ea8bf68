"""An unpaid invoice with several payments awaiting review, as the workbook shows it: its
Discrepancies row names every one of them, each line's row the invoice it may pay."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line

CELLS = ("Type", "Invoice Number", "Invoice Amount", "Row", "Statement Amount", "Explanation")


def test_every_payment_awaiting_review_is_named(tmp_path: Path) -> None:
    lines = [
        line("100.00", "EL-2025-00014 PART 1", row=2),
        line("100.00", "EL-2025-00014 PART 2", row=3, day=date(2025, 3, 5)),
    ]
    out = tmp_path / "report.xlsx"
    reconciliation = reconcile([invoice("EL-2025-00014", "276.62")], lines)
    write_report(reconciliation, out, context=ReportContext(generated_at=GENERATED_AT))
    report = read_report(out)
    offered = "matched to no invoice yet: a possible match (EL-2025-00014) awaits review"
    unpaid = (
        "EL-2025-00014 for £276.62, due 2025-03-31: no payment found; 2 possible "
        "payments await review: bank.csv row 2 (2025-03-04, £100.00) or bank.csv row 3 "
        "(2025-03-05, £100.00)"
    )
    rows = [tuple(r[name].value for name in CELLS) for r in report.records("Discrepancies")]
    assert rows == [
        ("UNPAID_INVOICE", "EL-2025-00014", 276.62, None, None, unpaid),
        ("UNMATCHED_PAYMENT", None, None, 2, 100.00, offered),
        ("UNMATCHED_PAYMENT", None, None, 3, 100.00, offered),
    ]

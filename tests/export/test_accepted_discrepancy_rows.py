"""An accepted discrepancy, as the workbook shows it, read back cell by cell.

EL-2025-00175 is paid £19.59 over and the accountant accepted it ("overpaid 19.59, held
on account"); EL-2025-00166 is paid £5.00 short and nobody has looked at it. The two rows
read alike, and the Summary counted both invoices "with a discrepancy still to look at".
Now the accepted row says so (Decision, Decided By, Decided At, Decision Note, and its
Explanation), a filter on a blank Decision leaves what is still to look at, and the
Summary counts the two apart. The contract's columns are unchanged; the new ones follow.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app.domain import Decision, DecisionKind
from desktop_app.export import ReportContext, write_report
from desktop_app.export.styles import UTC_DATETIME_FORMAT
from desktop_app.matching import reconcile
from tests.export.readback import Report, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line

AT = datetime(2025, 11, 18, 10, 5, tzinfo=UTC)
OVERPAID = invoice("EL-2025-00175", "580.41")
SHORT = invoice("EL-2025-00166", "100.00")
PAID_OVER = line("600.00", "EL-2025-00175", row=7)
PAID_SHORT = line("95.00", "EL-2025-00166", row=5)
NOTE = "overpaid 19.59, held on account"
CELLS = (
    "Type", "Invoice Number", "Row", "Difference", "Explanation", "Decision", "Decided By",
    "Decided At", "Decision Note",
)  # fmt: skip


def _report(tmp_path: Path) -> Report:
    accepted = Decision(DecisionKind.ACCEPT, (OVERPAID.key,), (PAID_OVER.key,), NOTE, "ann", AT)
    reconciliation = reconcile([OVERPAID, SHORT], [PAID_OVER, PAID_SHORT], decisions=[accepted])
    out = tmp_path / "report.xlsx"
    write_report(reconciliation, out, context=ReportContext(generated_at=GENERATED_AT))
    return read_report(out)


def _summary(report: Report, name: str) -> list[Any]:
    row = next(r for r in report.sheet("Summary").iter_rows() if r[0].value == name)
    return [cell.value for cell in row[:3]]


def test_the_accepted_row_says_who_accepted_it_when_and_why(tmp_path: Path) -> None:
    report = _report(tmp_path)
    rows = [tuple(r[name].value for name in CELLS) for r in report.records("Discrepancies")]
    assert rows == [
        (
            "AMOUNT_MISMATCH", "EL-2025-00166", 5, -5.0,
            "EL-2025-00166: paid £95.00 of £100.00, £5.00 short",
            None, None, None, None,
        ),
        (
            "AMOUNT_MISMATCH", "EL-2025-00175", 7, 19.59,
            "EL-2025-00175: paid £600.00 of £580.41, £19.59 over; accepted by ann on "
            "2025-11-18 10:05 UTC: " + NOTE,
            "accepted", "ann", datetime(2025, 11, 18, 10, 5), NOTE,
        ),
    ]  # fmt: skip
    decided_at = report.records("Discrepancies")[1]["Decided At"]
    assert decided_at.is_date
    assert decided_at.number_format == UTC_DATETIME_FORMAT  # as the Audit sheet's Time
    # the other readers see the same cells
    calamine = report.calamine_rows("Discrepancies")
    decision = report.column("Discrepancies", "Decision") - 1
    assert [row[decision] for row in calamine[1:]] == ["", "accepted"]


def test_the_summary_counts_the_accepted_apart_from_those_still_to_look_at(
    tmp_path: Path,
) -> None:
    report = _report(tmp_path)
    assert _summary(report, "Invoices reconciled") == [
        "Invoices reconciled",
        1.0,
        (
            "2 of 2 invoices that expect a payment; 1 of them with a discrepancy still to look "
            "at (see Discrepancies); 1 with a discrepancy the accountant accepted (see Decision "
            "on Discrepancies)"
        ),
    ]
    assert _summary(report, "Discrepancies") == [
        "Discrepancies",
        2,
        (
            "1 accepted by the accountant (see Decision on the Discrepancies sheet); 1 still to "
            "look at"
        ),
    ]

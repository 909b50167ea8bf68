"""One invoice paid partly in pounds and partly in euros, as the workbook shows it: one
currency mismatch of two rows, each line's in its currency, the invoice's amount on the
row in its own, each currency's paid total on its row (and in the Summary's totals in
that currency); both lines on the Matches sheet as the invoice's payment in parts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
    "Row",
    "Statement Amount",
    "Discrepancy",
    "Line",
    "Explanation",
)
MATCH = ("Invoice Number", "Invoice Amount", "Row", "Statement Amount", "Explanation")


def test_both_parts_and_the_mismatch_are_on_the_sheets(tmp_path: Path) -> None:
    lines = [
        line("150.00", "EL-2025-00014 PART 1", row=2, currency="EUR"),
        line("150.00", "EL-2025-00014 PART 2", row=3, day=date(2025, 3, 5)),
    ]
    out = tmp_path / "report.xlsx"
    reconciliation = reconcile([invoice("EL-2025-00014", "276.62")], lines)
    write_report(reconciliation, out, context=ReportContext(generated_at=GENERATED_AT))
    report = read_report(out)
    told = "EL-2025-00014: paid £150.00 and €150.00, invoiced £276.62"
    assert [tuple(r[n].value for n in DISCREPANCY) for r in report.records("Discrepancies")] == [
        ("CURRENCY_MISMATCH", "EL-2025-00014", "EUR", None, 150.00, 2, 150.00, 1, "1 of 2", told),
        ("CURRENCY_MISMATCH", "EL-2025-00014", "GBP", 276.62, 150.00, 3, 150.00, 1, "2 of 2", told),
    ]
    # each currency's paid total in the Summary's totals, in that currency
    by_type = {
        (r[0], r[1], r[4]): (r[3], *r[5:9])
        for r in cell_values(report.summary_block("Discrepancies by type")[1:], 9)
    }
    # counted in each currency it has a row in; the Difference in each: £126.62 of the
    # invoice not paid in pounds, €150.00 paid in euros
    assert by_type["CURRENCY_MISMATCH", "receivable", "EUR"] == (1, 0, 150.00, 150.00, 150.00)
    assert by_type["CURRENCY_MISMATCH", "receivable", "GBP"] == (
        1,
        276.62,
        150.00,
        -126.62,
        150.00,
    )
    explanation = (
        "paid in 2 parts; reference EL-2025-00014 in text; paid £150.00 of £276.62 and "
        "€150.00: not compared; row 2 paid 3 days after issue / row 3 paid 4 days after issue; "
        "paid in EUR/GBP, invoice in GBP"
    )
    assert [tuple(r[n].value for n in MATCH) for r in report.records("Matches")] == [
        ("EL-2025-00014", 276.62, 2, 150.00, explanation),
        ("EL-2025-00014", None, 3, 150.00, explanation),
    ]

"""A repeat payment made in parts, from the engine to the workbook, read back cell by cell."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.export import ReportContext, write_report
from desktop_app.export.matches_sheet import shown_score
from desktop_app.matching import reconcile
from tests.export.readback import read_report
from tests.export.scenario import GENERATED_AT
from tests.export.test_values import check_sheet
from tests.matching.builders import invoice, line

M = Decimal
EL = "Elevate"
NUMBER = "EL-2025-00017"
DUPLICATE = (
    "EL-2025-00017 paid in full on 2025-03-03 by bank.csv row 5 (£1,000.00), "
    "and again on 2025-03-10 by rows 9 (£600.00) and 11 (£400.00)"
)


def test_the_report_lists_a_repeat_in_parts_and_keeps_every_paying_line(tmp_path: Path) -> None:
    lines = [
        line("1000.00", NUMBER, row=5, day=date(2025, 3, 3)),
        line("600.00", NUMBER, row=9, day=date(2025, 3, 10)),
        line("400.00", NUMBER, row=11, day=date(2025, 3, 10)),
    ]
    result = reconcile([invoice(NUMBER, "1000.00")], lines)
    path = write_report(result, tmp_path / "report.xlsx", context=ReportContext(GENERATED_AT))
    report = read_report(path)

    issue, due, first, again = (
        date(2025, 3, 1),
        date(2025, 3, 31),
        date(2025, 3, 3),
        date(2025, 3, 10),
    )
    head = ("DUPLICATE_PAYMENT", EL, NUMBER, NUMBER, issue, due, "GBP")
    discrepancies: list[tuple[Any, ...]] = [
        (*head, M("1000.00"), M("2000.00"), M("1000.00"), "bank.csv", 5, first, M("1000.00"), NUMBER, DUPLICATE),
        (*head, None, None, None, "bank.csv", 9, again, M("600.00"), NUMBER, DUPLICATE),
        (*head, None, None, None, "bank.csv", 11, again, M("400.00"), NUMBER, DUPLICATE),
    ]  # fmt: skip
    check_sheet(report, "Discrepancies", discrepancies)

    once, parts = result.matches
    assert parts.explanation.startswith("repeat payment; paid in 2 parts")
    matches: list[tuple[Any, ...]] = [
        (EL, NUMBER, NUMBER, M("1000.00"), "bank.csv", 5, first, M("1000.00"), NUMBER, shown_score(once), once.explanation),
        # the invoice's amount once on the sheet: on the first match's row, not the repeat's
        (EL, NUMBER, NUMBER, None, "bank.csv", 9, again, M("600.00"), NUMBER, shown_score(parts), parts.explanation),
        (EL, NUMBER, NUMBER, None, "bank.csv", 11, again, M("400.00"), NUMBER, shown_score(parts), parts.explanation),
    ]  # fmt: skip
    check_sheet(report, "Matches", matches)
    elsewhere = [r["Counted Elsewhere"].value for r in report.records("Matches")]
    assert elsewhere == [None, "Invoice Amount £1,000.00 on match 1", None]

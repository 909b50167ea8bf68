"""An invoice partly paid before the statement, paid in a batch or in parts, as the
workbook shows it: what is still owed settles it (no discrepancy, the Matches sheet says
what it paid), and a payment short of what is owed is short of that, on its row's cells."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.domain import Invoice, StatementLine
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import Report, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import OPEN_BESIDE, PARTLY_PAID, line

CONTEXT = ReportContext(generated_at=GENERATED_AT)
OWED = "the £201.70 still owed of £276.62"
MATCH_CELLS = ("Invoice Number", "Invoice Amount", "Row", "Statement Amount", "Explanation")
DISCREPANCY_CELLS = (
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


def _report(tmp_path: Path, invoices: list[Invoice], lines: list[StatementLine]) -> Report:
    out = tmp_path / "report.xlsx"
    write_report(reconcile(invoices, lines), out, context=CONTEXT)
    return read_report(out)


def _cells(report: Report, sheet: str, names: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return [tuple(record[name].value for name in names) for record in report.records(sheet)]


def test_a_batch_paying_what_is_still_owed_is_a_full_payment(tmp_path: Path) -> None:
    report = _report(
        tmp_path, [PARTLY_PAID, OPEN_BESIDE], [line("1512.89", "EL-2025-00003 EL-2025-00006")]
    )
    explanation = (
        "one payment for 2 invoices; reference EL-2025-00003, EL-2025-00006 in text; "
        f"total equal: pays {OWED} on EL-2025-00003; paid 3 days after issue"
    )
    assert _cells(report, "Matches", MATCH_CELLS) == [
        ("EL-2025-00003", 276.62, 2, 1512.89, explanation),
        ("EL-2025-00006", 1311.19, 2, None, explanation),
    ]
    assert _cells(report, "Discrepancies", DISCREPANCY_CELLS) == []


def test_parts_paying_what_is_still_owed_are_a_full_payment(tmp_path: Path) -> None:
    lines = [
        line("100.00", "EL-2025-00003 PART 1", row=2),
        line("101.70", "EL-2025-00003 PART 2", row=3, day=date(2025, 3, 5)),
    ]
    report = _report(tmp_path, [PARTLY_PAID], lines)
    explanation = (
        f"paid in 2 parts; reference EL-2025-00003 in text; total equal: pays {OWED}; "
        "row 2 paid 3 days after issue / row 3 paid 4 days after issue"
    )
    assert _cells(report, "Matches", MATCH_CELLS) == [
        ("EL-2025-00003", 276.62, 2, 100.00, explanation),
        ("EL-2025-00003", None, 3, 101.70, explanation),
    ]
    assert _cells(report, "Discrepancies", DISCREPANCY_CELLS) == []


def test_a_batch_short_of_what_is_still_owed_shows_that_shortfall(tmp_path: Path) -> None:
    """Invoice Amount is what the payment was compared with, so that Paid Amount less it
    is the row's Difference; the explanation names the gross it is part of."""
    report = _report(
        tmp_path, [PARTLY_PAID, OPEN_BESIDE], [line("1500.89", "EL-2025-00003 EL-2025-00006")]
    )
    explanation = (
        f"EL-2025-00003, EL-2025-00006: paid £1,500.89 of £1,512.89 ({OWED} on "
        "EL-2025-00003), £12.00 short (within tolerance: likely a bank fee or charge)"
    )
    assert _cells(report, "Discrepancies", DISCREPANCY_CELLS) == [
        (
            "AMOUNT_MISMATCH",
            "EL-2025-00003; EL-2025-00006",
            "GBP",
            1512.89,
            1500.89,
            -12.00,
            2,
            1500.89,
            explanation,
        )
    ]
    (issued,) = {r["Invoice Date"].value for r in report.records("Discrepancies")}
    assert issued == datetime(2025, 3, 1)


def test_the_gross_paid_in_full_is_over_what_is_still_owed(tmp_path: Path) -> None:
    """£276.62 paid when £201.70 was still owed: the Matches row says so, and the
    Discrepancies row is £74.92 over what was owed (Paid Amount less Invoice Amount)."""
    report = _report(tmp_path, [PARTLY_PAID], [line("276.62", "EL-2025-00003")])
    explanation = (
        f"reference EL-2025-00003 in text; pays the gross £276.62: £74.92 more than {OWED}; "
        "paid 3 days after issue"
    )
    assert _cells(report, "Matches", MATCH_CELLS) == [
        ("EL-2025-00003", 276.62, 2, 276.62, explanation)
    ]
    told = (
        f"EL-2025-00003: paid £276.62 of {OWED}, £74.92 over: the gross, as if nothing had "
        "been paid before: was the part paid before paid twice, or is the provider's "
        "record of it stale?"
    )
    assert _cells(report, "Discrepancies", DISCREPANCY_CELLS) == [
        ("AMOUNT_MISMATCH", "EL-2025-00003", "GBP", 201.70, 276.62, 74.92, 2, 276.62, told)
    ]


def test_a_partly_paid_invoice_left_unpaid_shows_what_is_still_owed(tmp_path: Path) -> None:
    report = _report(tmp_path, [PARTLY_PAID, OPEN_BESIDE], [])
    assert _cells(report, "Discrepancies", DISCREPANCY_CELLS) == [
        (
            "UNPAID_INVOICE",
            "EL-2025-00003",
            "GBP",
            201.70,
            0,
            -201.70,
            None,
            None,
            "EL-2025-00003 for £276.62, £201.70 still owed, due 2025-03-31: no payment found",
        ),
        (
            "UNPAID_INVOICE",
            "EL-2025-00006",
            "GBP",
            1311.19,
            0,
            -1311.19,
            None,
            None,
            "EL-2025-00006 for £1,311.19, due 2025-03-31: no payment found",
        ),
    ]


def test_the_part_recorded_as_paid_leaves_what_is_still_owed_unpaid(tmp_path: Path) -> None:
    """£74.92 is the part the provider already counted (£276.62 less the £201.70 still
    owed): the Matches row says it pays that part, and the Discrepancies row is about the
    £201.70 still owed, unpaid: the gross, the payment, and minus what is still owed."""
    report = _report(tmp_path, [PARTLY_PAID], [line("74.92", "EL-2025-00003")])
    explanation = (
        "reference EL-2025-00003 in text; pays the £74.92 of £276.62 Elevate records as "
        "paid, £201.70 still owed; paid 3 days after issue"
    )
    assert _cells(report, "Matches", MATCH_CELLS) == [
        ("EL-2025-00003", 276.62, 2, 74.92, explanation)
    ]
    told = (
        "EL-2025-00003: paid £74.92, the part of £276.62 Elevate records as paid: "
        "the £201.70 still owed is unpaid"
    )
    assert _cells(report, "Discrepancies", DISCREPANCY_CELLS) == [
        ("AMOUNT_MISMATCH", "EL-2025-00003", "GBP", 276.62, 74.92, -201.70, 2, 74.92, told)
    ]

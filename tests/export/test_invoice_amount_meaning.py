"""What "Invoice Amount" is on each sheet, and that the workbook says so.

The header is fixed by the contract on Discrepancies and Matches, and on Discrepancies an
invoice its provider says is partly paid has what is still owed there, where Matches and
Invoices have its gross: an auditor ticking the column against the provider's invoice
total found it did not agree, and "How to read this workbook" explained every other
convention but this one (tester N, finding 3). The workbook read back: the cells differ as
designed, and the note names each sheet's figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import Report, cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import OPEN_BESIDE, PARTLY_PAID, line

NOTE = (
    "Invoice Amount is not the same figure on every sheet. On Invoices it is the invoice's "
    "gross, its total as issued, and Outstanding beside it is what its provider says is "
    "still owed. On Matches it is the gross too. On Discrepancies it is what the row's "
    "payment was measured against: the gross, except for an invoice its provider says is "
    "partly paid, where it is what is still owed (its Outstanding) when the row is about "
    "the invoice left unsettled (UNPAID_INVOICE, STATUS_CONFLICT) or about a payment "
    "measured against what is still owed (short of it, over it, or in another currency); "
    "a payment for several invoices has their total, each counted so. The Explanation then "
    "names both ('£201.70 still owed of £276.62'), and the figure will not agree with the "
    "invoice's total at the provider. The Invoice Amount of 'Discrepancies by type' above "
    "sums that column, so it too counts such an invoice at what is still owed; Invoiced "
    "under 'Totals by provider' is the gross."
)


def _report(tmp_path: Path, lines: list[Any]) -> Report:
    out = tmp_path / "report.xlsx"
    reconciliation = reconcile([PARTLY_PAID, OPEN_BESIDE], lines)
    write_report(reconciliation, out, context=ReportContext(generated_at=GENERATED_AT))
    return read_report(out)


def _by_number(report: Report, sheet: str, *names: str) -> dict[str, tuple[Any, ...]]:
    return {
        record["Invoice Number"].value: tuple(record[name].value for name in names)
        for record in report.records(sheet)
    }


def _notes(report: Report) -> list[str]:
    return [str(row[0].value) for row in report.summary_block("How to read this workbook")]


def test_a_partly_paid_invoice_left_unpaid_is_what_is_still_owed_on_discrepancies_alone(
    tmp_path: Path,
) -> None:
    report = _report(tmp_path, [line("1311.19", "EL-2025-00006")])

    assert _by_number(report, "Invoices", "Invoice Amount", "Outstanding")["EL-2025-00003"] == (
        276.62,
        201.70,
    )
    assert _by_number(report, "Discrepancies", "Type", "Invoice Amount", "Difference") == {
        "EL-2025-00003": ("UNPAID_INVOICE", 201.70, -201.70)
    }
    by_type = cell_values(report.summary_block("Discrepancies by type"), 6)
    assert by_type[0][5] == "Invoice Amount"
    assert [row for row in by_type if row[0] == "UNPAID_INVOICE"] == [
        ("UNPAID_INVOICE", "receivable", "medium", 1, "GBP", 201.70)
    ]
    totals = cell_values(report.summary_block("Totals by provider"), 4)
    assert totals[1][3] == 1587.81  # Invoiced: the gross, 276.62 + 1311.19
    assert NOTE in _notes(report)


def test_a_payment_short_of_what_is_still_owed_shows_the_gross_on_matches_alone(
    tmp_path: Path,
) -> None:
    report = _report(
        tmp_path, [line("190.00", "EL-2025-00003"), line("1311.19", "EL-2025-00006", row=3)]
    )

    assert _by_number(report, "Matches", "Invoice Amount")["EL-2025-00003"] == (276.62,)
    assert _by_number(report, "Discrepancies", "Type", "Invoice Amount", "Paid Amount") == {
        "EL-2025-00003": ("AMOUNT_MISMATCH", 201.70, 190.00)
    }
    notes = _notes(report)
    # Told right after the Discrepancies sheet's own note, before the Matches one.
    assert notes.index(NOTE) == 1
    assert notes[0].startswith("Discrepancies: ")
    assert notes[2].startswith("Matches: ")

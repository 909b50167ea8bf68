"""A provider's UPCOMING preview of its next invoice, in the report of a real run.

Nobody pays a preview: the engine neither matches it nor lists it as unpaid. The Summary
counted it all the same among the invoices expecting a payment ("1 of 3" where the month
had two such invoices, one paid) and as "Not Reconciled" in its provider's row, with no
discrepancy there to say why. Written by the real engine and exporter, read back with
openpyxl.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import cell_values, read_report
from tests.export.scenario import GENERATED_AT
from tests.export.test_summary import label
from tests.matching.builders import invoice, line
from tests.matching.test_upcoming import PREVIEW

PAID = invoice("EL-2025-00101", "100.00")
UNPAID = invoice("EL-2025-00102", "50.00")
VERSORI_PAID = invoice("VS-2025-00031", "30.00", provider="Versori")


def test_an_upcoming_preview_is_neither_reconciled_nor_expecting_payment(tmp_path: Path) -> None:
    lines = [line("100.00", "EL-2025-00101", row=2), line("30.00", "VS-2025-00031", row=3)]
    run = reconcile([PAID, UNPAID, VERSORI_PAID, PREVIEW], lines)
    out = tmp_path / "report.xlsx"
    write_report(run, out, context=ReportContext(generated_at=GENERATED_AT))
    report = read_report(out)

    headline = label(report, "Invoices reconciled")
    assert headline[1].value == pytest.approx(2 / 3)
    assert headline[2].value == "2 of 3 invoices that expect a payment"

    rows = cell_values(report.summary_block("Totals by provider"), 8)
    table = {(r[0], r[1]): r[2:] for r in rows[1:]}
    # Invoices, Invoiced, Reconciled, Not Reconciled, Discrepancies: the preview is neither
    # reconciled nor not, nor one of the invoices counted and invoiced beside them.
    assert table["Elevate", "GBP"][:5] == (2, 150, 1, 1, 1)
    assert table["Versori", "GBP"][:5] == (1, 30, 1, 0, 0)
    reconciled = sum(r[2] for r in table.values())
    expecting = sum(r[2] + r[3] for r in table.values())
    assert f"{reconciled} of {expecting} invoices" in headline[2].value

    # Not reconciled is what the Discrepancies sheet lists as unpaid: EL-2025-00102 alone.
    discrepancies = [
        (r["Type"].value, r["Invoice Number"].value) for r in report.records("Discrepancies")
    ]
    assert discrepancies == [("UNPAID_INVOICE", "EL-2025-00102")]

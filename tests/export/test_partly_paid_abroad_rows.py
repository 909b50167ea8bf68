"""A partly paid invoice paid in another currency, on the Discrepancies sheet: its rows
are about what is still owed (Invoice Amount, and the Difference in the invoice's
currency), as the row of the same payment in the invoice's own currency is, not about
the gross, part of which the provider records as paid."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain import InvoiceStatus, Money
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line

SHOWN = ("Invoice Number", "Currency", "Invoice Amount", "Paid Amount", "Difference", "Row")


def test_both_rows_are_about_what_is_still_owed(tmp_path: Path) -> None:
    part_paid = invoice(
        "EL-2025-00182",
        "971.79",
        currency="EUR",
        status=InvoiceStatus.PARTIALLY_PAID,
        amount_outstanding=Money("409.84", "EUR"),
    )
    out = tmp_path / "report.xlsx"
    result = reconcile([part_paid], [line("409.84", "EL-2025-00182 BALANCE", row=15)])
    write_report(result, out, context=ReportContext(generated_at=GENERATED_AT))
    records = [
        r
        for r in read_report(out).records("Discrepancies")
        if r["Type"].value == "CURRENCY_MISMATCH"
    ]
    assert [tuple(r[n].value for n in SHOWN) for r in records] == [
        ("EL-2025-00182", "EUR", 409.84, None, -409.84, None),
        ("EL-2025-00182", "GBP", None, 409.84, 409.84, 15),
    ]
    assert {r["Explanation"].value for r in records} == {
        "EL-2025-00182: paid £409.84 against the €409.84 still owed of €971.79"
    }

"""A fee on a payment made in the invoice's agreed settlement currency, as the workbook
shows it: the Matches row says it was measured against the agreed settlement amount (not
"than invoiced": £85.00 was invoiced), and the Discrepancies row is in euros."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.domain import Direction, Money, Settlement
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice, line

MATCH = ("Invoice Number", "Invoice Amount", "Row", "Statement Amount", "Explanation")
DISCREPANCY = ("Type", "Currency", "Invoice Amount", "Paid Amount", "Difference", "Row")


def test_a_fee_in_the_settlement_currency_names_what_it_was_measured_against(
    tmp_path: Path,
) -> None:
    in_euros = invoice(
        "CI-0042",
        "85.00",
        provider="Content Ignite",
        direction=Direction.PAYABLE,
        settlement=Settlement("EUR", Money("100.00", "EUR"), Decimal("1.1765")),
    )
    out = tmp_path / "report.xlsx"
    reconciliation = reconcile([in_euros], [line("-103.00", "CI-0042", currency="EUR")])
    write_report(reconciliation, out, context=ReportContext(generated_at=GENERATED_AT))
    report = read_report(out)
    explanation = (
        "reference CI-0042 in text; €3.00 more than the agreed settlement amount (within "
        "tolerance: a fee?); paid 3 days after issue; in EUR, the agreed settlement currency"
    )
    assert [tuple(r[n].value for n in MATCH) for r in report.records("Matches")] == [
        ("CI-0042", 85.00, 2, -103.00, explanation),
    ]
    assert [tuple(r[n].value for n in DISCREPANCY) for r in report.records("Discrepancies")] == [
        ("AMOUNT_MISMATCH", "EUR", 100.00, 103.00, 3.00, 2),
    ]

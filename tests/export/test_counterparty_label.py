"""Who each invoice is with, in the workbook's Invoices sheet, when the provider names nobody.

Elevate returns only its customers' ids and Versori bills as itself, naming nobody: their
invoices had an empty Counterparty, in the window and in the workbook, while the bank lines
beside them said "CUSTOMER 1014" and "VERSORI LTD DD". Written by the real engine and
exporter, read back with openpyxl.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain import Counterparty, Direction
from desktop_app.export import ReportContext, write_report
from desktop_app.matching import reconcile
from tests.export.readback import read_report
from tests.export.scenario import GENERATED_AT
from tests.matching.builders import invoice

NAMED = invoice("CI-1", "10.00", provider="Content Ignite", payee="Acme Trading Ltd")
BY_ID = invoice("EL-1", "20.00", counterparty=Counterparty(id="1014"))
KNOWN_AS = invoice(
    "https://invoice.stripe.com/i/x",
    "30.00",
    provider="Versori",
    direction=Direction.PAYABLE,
    counterparty=Counterparty(id="01ORG", aliases=("Versori",)),
)
PAYABLE_BY_ID = invoice(
    "P-1", "40.00", direction=Direction.PAYABLE, counterparty=Counterparty(id="77")
)
NOBODY = invoice("X-1", "50.00", counterparty=Counterparty())


def test_the_invoices_sheet_names_each_counterparty_as_best_it_can(tmp_path: Path) -> None:
    run = reconcile([NAMED, BY_ID, KNOWN_AS, PAYABLE_BY_ID, NOBODY], [])
    out = tmp_path / "report.xlsx"
    write_report(run, out, context=ReportContext(generated_at=GENERATED_AT))
    shown = {
        record["Invoice ID"].value: record["Counterparty"].value
        for record in read_report(out).records("Invoices")
    }
    assert shown == {
        "CI-1": "Acme Trading Ltd",
        "EL-1": "customer 1014",
        "https://invoice.stripe.com/i/x": "Versori",
        "P-1": "supplier 77",
        "X-1": None,
    }

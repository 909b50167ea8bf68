"""``reconcile`` when a provider gives an invoice a status word it does not document.

Over real HTTP against the sandbox (``Sandbox.set_status``), through the entry point, the
report read back cell by cell. Research 4.3 maps any other word to UNKNOWN: the invoice
is kept and reconciled as the engine reads UNKNOWN (a status expecting a payment), and
said, with its provider, its number and the word, where the accountant looks: stderr,
the Summary's run facts and a section of its own, and its own row on the Invoices sheet.
Left out instead (tester p's finding 6, first fixed that way), the invoice vanished from
the report and its payment became an unexplained one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.sandbox import Sandbox
from tests.export.readback import cell_values, read_report
from tests.pipeline.test_reconcile_left_out import _reconcile_paid_statement, _run

pytestmark = pytest.mark.sandbox

TREATED = (
    "its status is unknown, so it is reconciled as still owed (a payment of its amount is "
    "matched to it; with none it is listed as UNPAID_INVOICE): check its status at the "
    "provider"
)
SECTION = "Invoices whose status word their provider does not document"


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    with Sandbox(seed=0) as running:
        for name, value in running.secret_environment().items():
            monkeypatch.setenv(name, value)
        yield running


def test_an_undocumented_status_keeps_its_invoice_reconciled_and_says_so_by_name(
    sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The statement pays the invoice: kept as UNKNOWN, it is matched to that payment,
    and the word is named on stderr, in the Summary and on its row."""
    provider = "Elevate (sandbox)"
    statement, config, odd, _ = _reconcile_paid_statement(sandbox, tmp_path, provider)
    row = next(r for r in sandbox.dataset.elevate.invoices if str(r["id"]) == odd)
    assert row["billRunStatus"] != "OPEN"  # a draft's status is not read
    sandbox.set_status("elevate", row["id"], "SOMETHING_NEW")
    out = tmp_path / "report.xlsx"
    assert _run(statement, config, out) == 0
    err = capsys.readouterr().err
    what = f"paymentStatus 'SOMETHING_NEW' is not one Elevate documents; {TREATED}"
    mentioned = [line for line in err.splitlines() if "SOMETHING_NEW" in line]
    said = (
        f"desktop-app: warning: status not documented: {provider}: invoice {odd} "
        f"({row['invoiceNumber']}): {what}"
    )
    assert mentioned == [said]
    assert "left out" not in err
    report = read_report(out)
    facts = {r[0].value: r for r in report.sheet("Summary").iter_rows() if r[0].value}
    assert "Invoices left out" not in facts
    fact = facts["Invoices of undocumented status"]
    assert fact[0].font.bold  # the warning font
    assert fact[0].font.color.rgb == "FF9C0006"
    assert fact[1].value == 1
    assert fact[2].value == (
        "in this report with status unknown (their provider's status word is not one it "
        f"documents) and reconciled as still owed: see '{SECTION}' below, and look them up "
        "at the provider"
    )
    assert cell_values(report.summary_block(SECTION), 5) == [
        ("Provider", "Invoice ID", "Invoice Number", "Provider Status", "Warning"),
        (provider, odd, row["invoiceNumber"], "SOMETHING_NEW", what),
    ]
    (kept,) = [
        r
        for r in report.records("Invoices")
        if (r["Provider"].value, str(r["Invoice ID"].value)) == (provider, odd)
    ]
    assert (kept["Status"].value, kept["Provider Status"].value) == ("unknown", "SOMETHING_NEW")
    assert kept["Invoice Number"].value == row["invoiceNumber"]
    # Matched as the engine reads UNKNOWN: its payment is not an unexplained one.
    assert kept["Match State"].value != "unmatched"
    assert kept["Matched Lines"].value
    assert "UNPAID_INVOICE" not in (kept["Discrepancies"].value or "")

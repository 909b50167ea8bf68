"""The Overview's "Reconciled invoices" when no invoice expects a payment.

Only void and draft invoices (or none at all): nothing was there to reconcile, which is
no 100 %. The Overview said "0 (100%)"; it now says "none" and why, as the report's
Summary does (the two read one ``Coverage``). Through the real window, the real engine
and a real workspace file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.domain import DocumentType, Invoice, InvoiceStatus
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

IDLE = (
    f.invoice(1, "100.00", status=InvoiceStatus.VOID),
    f.invoice(2, "80.00", status=InvoiceStatus.DRAFT),
)
OPEN = f.invoice(3, "60.00")
PAYMENT = f.line(5, "-60.00", description="Payment INV-00003")


def _open_and_match(qtbot, window: MainWindow, invoices: tuple[Invoice, ...], path: Path) -> str:
    """Open a workspace holding ``invoices`` and one payment, run matching (a workspace
    without invoices does not run it by itself) and read the Overview's tile."""
    with Workspace.create(path) as workspace:
        if invoices:
            workspace.save_invoices("Content Ignite", invoices)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, (PAYMENT,))
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
        window.workflows.open_workspace(path)
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()
    assert window.banners.banners() == []
    return window.overview.tiles["reconciled"].text()


@pytest.mark.parametrize("invoices", [IDLE, ()], ids=["void and draft", "no invoice"])
def test_no_share_is_claimed_when_no_invoice_expects_a_payment(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt, invoices: tuple[Invoice, ...]
) -> None:
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), screen="overview") as window:
        tile = _open_and_match(qtbot, window, invoices, tmp_path / "month.reconcile")
        assert "%" not in tile
        assert "<b>none</b>" in tile
        assert "no invoice fetched expects a payment" in tile
        assert "Reconciled invoices" in tile


def test_the_share_is_of_the_invoices_that_expect_a_payment(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """A guard: one open invoice among the void and the draft one, and its payment."""
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), screen="overview") as window:
        tile = _open_and_match(qtbot, window, (*IDLE, OPEN), tmp_path / "month.reconcile")
        assert "<b>1 (100%)</b>" in tile
        assert "expects a payment" not in tile


def test_an_upcoming_preview_is_left_out_of_the_share(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """A provider's preview of its next invoice beside the open invoice and its payment:
    nobody pays a preview, and the engine lists no discrepancy for it. The tile said
    "1 (50%)", as if half of what was expected had been paid."""
    preview = replace(f.invoice(4, "90.00"), document_type=DocumentType.UPCOMING)
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), screen="overview") as window:
        tile = _open_and_match(qtbot, window, (OPEN, preview), tmp_path / "month.reconcile")
        assert "<b>1 (100%)</b>" in tile
        assert window.session.reconciliation is not None
        assert not window.session.reconciliation.discrepancies

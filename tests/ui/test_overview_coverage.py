"""The Overview's "Reconciled invoices", its chart and totals, of what expects a payment.

Only void and draft invoices (or none at all): nothing was there to reconcile, which is
no 100 %. The Overview said "0 (100%)"; it now says "none" and why, as the report's
Summary does (the two read one ``Coverage``). The share says its base ("40 of 60
(67%)", as the Summary's "40 of 60 invoices that expect a payment"), and the chart and
its totals count those invoices too, at what was paid against them, one direction at a
time. Through the real window, the real engine and a real workspace file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.domain import (
    Direction,
    DocumentType,
    Invoice,
    InvoiceStatus,
    Money,
    StatementLine,
)
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


def _open_and_match(
    qtbot,
    window: MainWindow,
    invoices: tuple[Invoice, ...],
    path: Path,
    lines: tuple[StatementLine, ...] = (PAYMENT,),
) -> str:
    """Open a workspace holding ``invoices`` and ``lines`` (one payment), run matching (a
    workspace without invoices does not run it by itself) and read the Overview's tile."""
    with Workspace.create(path) as workspace:
        if invoices:
            workspace.save_invoices("Content Ignite", invoices)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, lines)
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
        assert "<b>1 of 1 (100%)</b>" in tile
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
        assert "<b>1 of 1 (100%)</b>" in tile
        assert window.session.reconciliation is not None
        assert not window.session.reconciliation.discrepancies


def test_the_tile_says_how_many_of_the_matched_invoices_still_have_a_discrepancy(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """An invoice paid far short is matched, and counted in the share, but not settled:
    "2 of 2 (100%)" alone read as if everything was paid. The tile says how many of
    them a discrepancy still names, as the report's Summary does."""
    short = f.invoice(4, "1328.21")
    paid_short = f.line(6, "-1300.00", description="Payment INV-00004")
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), screen="overview") as window:
        tile = _open_and_match(
            qtbot, window, (OPEN, short), tmp_path / "month.reconcile", (PAYMENT, paid_short)
        )
        assert "<b>2 of 2 (100%)</b>" in tile
        assert "<small>1 of them with a discrepancy</small>" in tile


# The demo's EL-2025-00149: £193.43 paid by the statement of the £1,480.24 still owed of
# £1,673.67; the engine matches it and lists the rest as short.
PARTLY_PAID = replace(
    f.invoice(6, "1673.67", status=InvoiceStatus.PARTIALLY_PAID),
    amount_outstanding=Money.of("1480.24", "GBP"),
)
WRITTEN_OFF = f.invoice(7, "372.78", status=InvoiceStatus.UNCOLLECTIBLE)
UNPAID = f.invoice(9, "40.00")
OWED_TO_US = replace(f.invoice(8, "955.43"), direction=Direction.RECEIVABLE)
PAYMENTS = (
    PAYMENT,
    f.line(6, "-193.43", description="Payment INV-00006"),
    f.line(9, "955.43", description="INV-00008"),
)


def _bars(window: MainWindow) -> tuple[float, float]:
    """The chart's invoiced and matched bars, each added up over the months."""
    (series,) = window.overview.chart.series()
    invoiced, matched = series.barSets()
    return (
        sum(invoiced.at(i) for i in range(invoiced.count())),
        sum(matched.at(i) for i in range(matched.count())),
    )


def test_the_chart_counts_what_expects_a_payment_at_what_was_paid_one_direction_at_a_time(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """The audit of the demo: "Invoiced" counted void invoice 3385 (and the written-off
    and draft ones), "Matched" the whole gross of EL-2025-00149 of which £193.43 was paid,
    both added up over what we owe and what we are owed; the tile hid its base."""
    invoices = (*IDLE, OPEN, PARTLY_PAID, WRITTEN_OFF, UNPAID, OWED_TO_US)
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), screen="overview") as window:
        tile = _open_and_match(qtbot, window, invoices, tmp_path / "month.reconcile", PAYMENTS)
        assert "<b>3 of 4 (75%)</b>" in tile  # the paid three of the four that expect one
        view = window.overview
        directions = view.direction_combo
        assert [directions.itemText(i) for i in range(directions.count())] == [
            "Receivable (money in)",
            "Payable (money out)",
        ]
        directions.setCurrentIndex(directions.findData(Direction.PAYABLE.value))
        # £60.00 paid in full, £193.43 paid of £1,673.67, £40.00 unpaid; not the void
        # £100.00, the draft £80.00 nor the written-off £372.78
        assert view.totals_label.text() == "Invoiced £1,773.67 · matched £253.43"
        assert _bars(window) == pytest.approx((1773.67, 253.43))
        directions.setCurrentIndex(directions.findData(Direction.RECEIVABLE.value))
        assert view.totals_label.text() == "Invoiced £955.43 · matched £955.43"
        assert _bars(window) == pytest.approx((955.43, 955.43))

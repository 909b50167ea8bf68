"""Invoices in two currencies matched by hand to one statement line.

The window refuses such a match, saying which currencies the invoices are in (unless the
line is in a currency each is agreed to be settled in); it used to take it, and the
Reconcile table then added the euros to the pounds (``sum_money`` raised instead). A
decision of the kind already in a workspace (an older version, or one written there
directly) no longer stops matching, and so every re-run and export: the run reports it as
a currency mismatch, its invoiced amounts kept per currency, and the table shows them side
by side. One invoice matched by hand to lines in two currencies was and is accepted, and
reported the same way (a guard).

Through the real window, the real engine and a real workspace file.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop_app.domain import (
    Decision,
    DecisionKind,
    DiscrepancyType,
    Invoice,
    MatchState,
    Money,
    Settlement,
    StatementLine,
)
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, engine_services, engine_window
from tests.ui.fakes import ScriptedDialogs

POUNDS = f.invoice(1, "100.00", counterparty="Northwind Media")
EUROS = f.invoice(2, "50.00", currency="EUR", counterparty="Lumen Verlag")
TRANSFER = f.line(5, "-150.00", description="TRANSFER 0412")  # in GBP
PART_GBP = f.line(6, "-60.00", description="PART ONE")
PART_EUR = f.line(7, "-40.00", currency="EUR", description="PART TWO")
DECIDED_AT = datetime(2026, 2, 3, 10, 15, tzinfo=UTC)

WindowFactory = Callable[[], MainWindow]


def _workspace(
    path: Path,
    lines: tuple[StatementLine, ...],
    *decisions: Decision,
    invoices: tuple[Invoice, ...] = (POUNDS, EUROS),
) -> Path:
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Content Ignite", invoices)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, lines)
        for decision in decisions:
            workspace.record_decision(decision)
    return path


@pytest.fixture
def make_window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[WindowFactory]:
    """A new window over the real engine each call, as if the application were started
    again (the previous one closed first); its dialogs choose ``report.xlsx``."""
    dialogs = ScriptedDialogs(choose_export_path=deque([tmp_path / "report.xlsx"]))
    with ExitStack() as opened:

        def make() -> MainWindow:
            opened.close()
            return opened.enter_context(
                engine_window(
                    qtbot,
                    runner,
                    tmp_path,
                    dialogs,
                    services=engine_services(tmp_path),
                    qtmodeltester=qtmodeltester,
                    checked=("reconcile",),
                    screen="reconcile",
                )
            )

        yield make


def _open(qtbot, window: MainWindow, path: Path) -> None:
    """Open the workspace and wait for its first run, or for the banner saying it failed."""
    window.workflows.open_workspace(path)
    qtbot.waitUntil(
        lambda: (
            not window.runner.active()
            and (window.session.reconciliation is not None or bool(window.banners.banners()))
        ),
        timeout=60_000,
    )
    assert [b.label.text() for b in window.banners.banners()] == []


def _rerun(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()
    assert [b.label.text() for b in window.banners.banners()] == []


def _select(window: MainWindow, invoices: tuple[Invoice, ...], lines: tuple[StatementLine, ...]):
    view = window.reconcile
    view.invoices_panel.table.select_keys([i.key for i in invoices])
    view.lines_panel.table.select_keys([line.key for line in lines])


def _cells(window: MainWindow, state: MatchState) -> list[dict[str, str]]:
    """The Reconcile table's rows in ``state``, as the accountant reads them."""
    model = window.reconcile.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [
        {h: model.index(row, c).data() for c, h in enumerate(headers)}
        for row in range(model.rowCount())
        if model.item_at(row).state is state
    ]


def _user_decisions(window: MainWindow) -> tuple[Decision, ...]:
    services = window.services
    assert isinstance(services, EngineServices)
    return services.decisions()


def test_invoices_in_two_currencies_are_not_matched_by_hand_to_one_line(
    qtbot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    _open(qtbot, window, _workspace(tmp_path / "month.reconcile", (TRANSFER,)))
    _select(window, (POUNDS, EUROS), (TRANSFER,))
    assert window.reconcile.match_action.isEnabled()
    window.reconcile.match_action.trigger()

    (banner,) = window.banners.banners()
    text = banner.label.text()
    assert text == (
        "<b>Cannot match INV-00001, INV-00002 by hand</b>: INV-00001 is in GBP and INV-00002 in EUR: one payment cannot "
        "settle invoices in different currencies; match each currency's invoices to a "
        "separate line"
    )
    assert _user_decisions(window) == ()
    assert _cells(window, MatchState.MANUAL) == []
    panel = window.reconcile.invoices_panel.model
    assert None not in (panel.row_of(POUNDS.key), panel.row_of(EUROS.key))
    assert window.session.undo_stack.count() == 0

    # Each invoice by itself is a match the window takes (the engine then reports EUROS
    # as paid in another currency), once the accountant confirms paying £150.00 for it.
    _select(window, (POUNDS,), (TRANSFER,))
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["confirm"] = deque([True])
    window.reconcile.match_action.trigger()
    assert [d.kind for d in _user_decisions(window)] == [DecisionKind.MANUAL_MATCH]
    assert "A difference of £50.00" in dialogs.asked[-1][1][1]


def test_invoices_agreed_to_be_settled_in_the_payment_s_currency_are_matched_together(
    qtbot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """A guard on the refusal: a euro invoice agreed to be settled in pounds may share a
    payment in pounds with a pound invoice, as the engine compares them."""
    settled = replace(EUROS, settlement=Settlement("GBP", Money.of("43.00", "GBP")))
    path = _workspace(tmp_path / "month.reconcile", (TRANSFER,), invoices=(POUNDS, settled))
    window = make_window()
    _open(qtbot, window, path)
    _select(window, (POUNDS, settled), (TRANSFER,))
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["confirm"] = deque([True])  # £150.00 paid for £143.00 due as agreed
    window.reconcile.match_action.trigger()
    assert window.banners.banners() == []
    assert [d.kind for d in _user_decisions(window)] == [DecisionKind.MANUAL_MATCH]
    assert "A difference of £7.00" in dialogs.asked[-1][1][1]
    (row,) = _cells(window, MatchState.MANUAL)
    assert row["Invoiced"] == "£100.00; €50.00"


def test_a_stored_match_of_invoices_in_two_currencies_is_reported_not_added_up(
    qtbot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Matching runs, again, after a reopen and for the export; the run reports the pair
    as a currency mismatch, the table shows £100.00 and €50.00, never £150.00."""
    stored = Decision(
        DecisionKind.MANUAL_MATCH,
        (POUNDS.key, EUROS.key),
        (TRANSFER.key,),
        "",
        "alice",
        DECIDED_AT,
    )
    path = _workspace(tmp_path / "month.reconcile", (TRANSFER,), stored)
    window = make_window()
    _open(qtbot, window, path)
    _assert_reported(window)
    _rerun(qtbot, window)
    _assert_reported(window)

    window = make_window()  # the application closed and started again
    _open(qtbot, window, path)
    _assert_reported(window)
    with qtbot.waitSignal(window.workflows.message, timeout=60_000):
        window.export_action.trigger()
    (exported,) = window.banners.banners()
    assert exported.label.text().startswith("<b>Report exported</b>")
    book = load_workbook(tmp_path / "report.xlsx", read_only=True)
    rows = list(book["Discrepancies"].iter_rows(values_only=True))
    header = list(rows[0])
    mixed = [
        dict(zip(header, row, strict=False))
        for row in rows[1:]
        if row[header.index("Type")] == "CURRENCY_MISMATCH"
    ]
    assert mixed, rows
    assert all(row["Invoice Number"] == "INV-00001; INV-00002" for row in mixed)
    assert [row["Invoice Amount"] for row in mixed] == [None] * len(mixed)  # none added up
    book.close()


def _assert_reported(window: MainWindow) -> None:
    (row,) = _cells(window, MatchState.MANUAL)
    assert row["Invoiced"] == "£100.00; €50.00"
    assert row["Difference"] == "currency differs"
    reconciliation = window.session.reconciliation
    assert reconciliation is not None
    (mixed,) = [
        d for d in reconciliation.discrepancies if d.type is DiscrepancyType.CURRENCY_MISMATCH
    ]
    assert mixed.group == (POUNDS, EUROS)
    assert mixed.invoice_amount is None
    assert mixed.paid_amount == Money.of("150.00", "GBP")
    assert mixed.explanation.startswith(
        "INV-00001, INV-00002: paid £150.00, invoiced £100.00 and €50.00: "
    )
    shown = [d for _, d in window.discrepancies.model.all_items()]
    assert mixed in shown


def test_one_invoice_matched_by_hand_to_lines_in_two_currencies_is_reported(
    qtbot, make_window: WindowFactory, tmp_path: Path
) -> None:
    """A guard: a payment in two parts from two accounts is the accountant's to state;
    it is taken, shown part by part and reported as a currency mismatch. Asked about
    first, naming both currencies, as a difference beyond the tolerance is."""
    window = make_window()
    _open(qtbot, window, _workspace(tmp_path / "month.reconcile", (PART_GBP, PART_EUR)))
    _select(window, (POUNDS,), (PART_GBP, PART_EUR))
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["confirm"] = deque([True])
    window.reconcile.match_action.trigger()
    assert "INV-00001 is in GBP, but bank.csv:7 is in EUR" in dialogs.asked[-1][1][1]
    assert window.banners.banners() == []
    (row,) = _cells(window, MatchState.MANUAL)
    assert row["Invoiced"] == "£100.00"
    assert row["Difference"] == "currency differs"
    _rerun(qtbot, window)
    (row,) = _cells(window, MatchState.MANUAL)
    assert row["Paid"] == "-£60.00; -€40.00"
    reconciliation = window.session.reconciliation
    assert reconciliation is not None
    (mixed,) = [
        d for d in reconciliation.discrepancies if d.type is DiscrepancyType.CURRENCY_MISMATCH
    ]
    assert (mixed.invoice, mixed.invoice_amount) == (POUNDS, POUNDS.gross)

"""A rejection stays in view: after matching runs again, after an export refreshes the
run and after the workspace is reopened, each rejection in force is listed in the Reconcile
table as a Rejected row saying who rejected it and when, never counted as matched, and
Unmatch withdraws it (recording an UNMATCH, as undoing the rejection would), leaving the
pairing free for the next run.

The engine never proposes a rejected pairing, so before this the rejection vanished from
the window at the next run while it stayed in force. The workspace tests go through the
real window, the real engine and a real workspace file; the session-only one through the
``MemoryServices`` seam, whose decisions live in memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import (
    DecisionKind,
    DiscrepancyType,
    Invoice,
    InvoiceKey,
    LineKey,
    Match,
    MatchState,
)
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import engine_services, engine_window, open_and_match
from tests.ui.fakes import MemoryServices, ScriptedDialogs

REJECTED_AT = datetime(2026, 2, 3, 10, 15, tzinfo=UTC)
WHO_AND_WHEN = "Rejected by alice on 2026-02-03 10:15 UTC"

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))
PAIR = ((INVOICES[1],), (LINES[1],))  # the engine matches INV-00002 with row 12 on its own
PAIR_KEY = (frozenset({INVOICES[1].key}), frozenset({LINES[1].key}))

WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def workspace_file(tmp_path: Path) -> Path:
    """A workspace holding three invoices and the statement paying each of them."""
    path = tmp_path / "month-end.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Content Ignite", INVOICES)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, LINES)
    return path


@pytest.fixture
def make_window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[WindowFactory]:
    """A new window over the real engine each call (alice deciding at REJECTED_AT), as
    if the application were started again; the previous one is closed first."""
    with ExitStack() as opened:

        def make() -> MainWindow:
            opened.close()
            services = engine_services(tmp_path)
            session = ReviewSession(
                services.record_decision,
                services.undo_decision,
                user="alice",
                clock=lambda: REJECTED_AT,
            )
            return opened.enter_context(
                engine_window(
                    qtbot,
                    runner,
                    tmp_path,
                    ScriptedDialogs(),
                    services=services,
                    session=session,
                    qtmodeltester=qtmodeltester,
                    checked=("reconcile",),  # stays attached through every change
                )
            )

        yield make


def _rerun(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()


def _press(qtbot, window: MainWindow, key: Qt.Key, pairing: object) -> None:
    """Select the pairing's row on the Reconcile screen and press ``key``."""
    view = window.reconcile
    window.show_screen("reconcile")
    view.table.setFocus()
    view.table.select_keys([pairing], current=pairing)
    qtbot.keyClick(view.table, key)


def _under_filter(window: MainWindow, label: str) -> list[Match]:
    view = window.reconcile
    view.state_combo.setCurrentIndex(view.state_combo.findText(label))
    model = view.model
    return [model.item_at(row) for row in range(model.rowCount())]


def _assert_listed_as_rejected(window: MainWindow) -> None:
    """The rejection is the Rejected filter's one row, says who and when, is selectable,
    and counts as matched nowhere."""
    (row,) = _under_filter(window, "Rejected")
    assert match_key(row) == PAIR_KEY
    assert row.state is MatchState.REJECTED
    assert WHO_AND_WHEN in row.explanation
    view = window.reconcile
    view.table.select_keys([PAIR_KEY], current=PAIR_KEY)
    assert view.table.current_item() is row
    assert WHO_AND_WHEN in view.detail.explanation.text()
    assert view.unmatch_action.isEnabled()
    _assert_not_matched(window, INVOICES[1], LINES[1].key)


def _assert_not_matched(window: MainWindow, invoice: Invoice, line: LineKey) -> None:
    session = window.session
    assert not session.index.invoice_reconciled(invoice.key)
    assert not session.index.line_reconciled(line)
    assert window.reconcile.invoices_panel.model.row_of(invoice.key) is not None
    assert window.reconcile.lines_panel.model.row_of(line) is not None
    headline = window.overview.headline()
    assert headline is not None
    assert headline.reconciled_invoices == 2
    assert headline.unmatched_lines == 1
    window.show_screen("overview")
    assert "2 of 3 (67%)" in window.overview.tiles["reconciled"].text()
    unpaid = [
        d.invoice.key
        for _, d in window.discrepancies.model.all_items()
        if d.type is DiscrepancyType.UNPAID_INVOICE and d.invoice is not None
    ]
    assert invoice.key in unpaid


def _user_decisions(window: MainWindow, invoice: InvoiceKey) -> list[DecisionKind]:
    trail = window.services.audit_trail(invoice=invoice)
    return [r.decision.kind for r in trail if r.decision.kind is not DecisionKind.ENGINE_MATCH]


def test_a_rejection_is_listed_after_a_rerun_and_a_reopen_and_withdrawn_there(
    qtbot, make_window: WindowFactory, workspace_file: Path
) -> None:
    window = make_window()
    open_and_match(qtbot, window, workspace_file)
    assert window.session.index.invoice_state(INVOICES[1].key) is MatchState.AUTO
    _press(qtbot, window, Qt.Key.Key_R, PAIR_KEY)
    assert window.session.index.invoice_state(INVOICES[1].key) is MatchState.REJECTED

    _rerun(qtbot, window)
    _assert_listed_as_rejected(window)

    window = make_window()  # the application closed and started again
    open_and_match(qtbot, window, workspace_file)
    _assert_listed_as_rejected(window)
    assert window.session.undo_stack.count() == 0  # undo cannot take it back: Unmatch does

    window.show_screen("reconcile")
    _press(qtbot, window, Qt.Key.Key_U, PAIR_KEY)
    assert window.banners.banners() == []
    assert _under_filter(window, "Rejected") == []
    assert window.session.index.invoice_state(INVOICES[1].key) is None
    assert _user_decisions(window, INVOICES[1].key) == [DecisionKind.REJECT, DecisionKind.UNMATCH]
    services = window.services
    assert isinstance(services, EngineServices)
    assert services.decisions() == ()  # the pairing is free

    _rerun(qtbot, window)  # so the engine proposes it again
    assert window.session.index.invoice_state(INVOICES[1].key) is MatchState.AUTO
    assert _under_filter(window, "Rejected") == []


def test_a_rejection_is_listed_after_a_rerun_without_a_workspace(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """Decisions kept by the session's services (no workspace file): the same, and the
    export's refreshed run lists it too; undoing the withdrawal rejects it again."""
    rec = f.reconciliation()
    services = MemoryServices(
        invoices=rec.invoices,
        statements={"bank.csv": rec.lines},
        reconciliation=rec,
        honour_decisions=True,
    )
    dialogs = ScriptedDialogs(choose_export_path=deque([tmp_path / "report.xlsx"]))
    session = ReviewSession(
        services.record_decision, services.undo_decision, user="alice", clock=lambda: REJECTED_AT
    )
    window = MainWindow(services, dialogs, runner, UiState(tmp_path / "ui.ini"), session=session)
    qtbot.addWidget(window)
    window.show()
    qtmodeltester.check(window.reconcile.model)
    with qtbot.waitSignal(session.invoices_changed):
        window.fetch_action.trigger()
    session.add_lines(rec.lines, "bank.csv")
    _rerun(qtbot, window)
    suggested = rec.matches[2]  # INV-00003 with row 4, proposed
    key = match_key(suggested)

    _press(qtbot, window, Qt.Key.Key_R, key)
    with qtbot.waitSignal(window.workflows.message, timeout=60_000):
        window.export_action.trigger()  # decisions since the run: the export refreshes it
    assert services.exported
    (row,) = _under_filter(window, "Rejected")
    assert match_key(row) == key
    assert WHO_AND_WHEN in row.explanation

    _rerun(qtbot, window)
    (row,) = _under_filter(window, "Rejected")
    assert match_key(row) == key
    assert not session.index.invoice_reconciled(suggested.invoices[0].key)
    headline = window.overview.headline()
    assert headline is not None
    assert headline.reconciled_invoices == 2
    assert headline.suggestions == 0

    _press(qtbot, window, Qt.Key.Key_U, key)
    assert _under_filter(window, "Rejected") == []
    assert services.recorded[-1].kind is DecisionKind.UNMATCH
    assert services.recorded[-1].pairing == key
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    (row,) = _under_filter(window, "Rejected")
    assert match_key(row) == key
    assert services.recorded[-1].kind is DecisionKind.REJECT
    _press(qtbot, window, Qt.Key.Key_U, key)
    _rerun(qtbot, window)
    assert _under_filter(window, "Rejected") == []
    assert session.index.invoice_state(suggested.invoices[0].key) is MatchState.SUGGESTED
    window.close()


def test_a_rejected_pairing_leaves_its_invoice_and_line_under_unmatched(
    qtbot, make_window: WindowFactory, workspace_file: Path
) -> None:
    """After a reopen, the invoice and the line of a rejected pairing are listed by the
    Invoices and Statements screens' "Unmatched" filter: those are what the accountant
    must chase. The filter asked for no row at all, and the Rejected row hid them."""
    window = make_window()
    open_and_match(qtbot, window, workspace_file)
    _press(qtbot, window, Qt.Key.Key_R, PAIR_KEY)
    window = make_window()
    open_and_match(qtbot, window, workspace_file)
    invoices, statements = window.invoices, window.statements
    for screen in (invoices, statements):
        screen.match_combo.setCurrentIndex(screen.match_combo.findText("Unmatched"))
        screen.apply_filter()
    assert [invoice.key for invoice in invoices.model.visible_items()] == [INVOICES[1].key]
    assert [line.key for line in statements.model.visible_items()] == [LINES[1].key]


def _assert_proposed_again(window: MainWindow, proposed: Match) -> None:
    """The pairing is the engine's match again, as before the rejection: one row, in the
    engine's state, counted as matched, no Rejected row, nothing of the accountant's in
    force on it, its invoice and line off the unmatched lists."""
    session = window.session
    assert _under_filter(window, "Rejected") == []
    (row,) = [m for m in _under_filter(window, "All matches") if match_key(m) == PAIR_KEY]
    assert (row.state, row.score, row.explanation) == (
        proposed.state,
        proposed.score,
        proposed.explanation,
    )
    assert session.index.invoice_state(INVOICES[1].key) is proposed.state
    assert session.index.invoice_reconciled(INVOICES[1].key)
    assert window.reconcile.invoices_panel.model.row_of(INVOICES[1].key) is None
    assert window.reconcile.lines_panel.model.row_of(LINES[1].key) is None
    services = window.services
    assert isinstance(services, EngineServices)
    assert services.decisions() == ()
    headline = window.overview.headline()
    assert headline is not None
    assert headline.reconciled_invoices == 3


def test_unmatch_right_after_a_rejection_gives_the_engine_s_match_back(
    qtbot, make_window: WindowFactory, workspace_file: Path
) -> None:
    """Unmatch on a row just rejected withdraws the rejection, and the row comes back as
    the engine proposed it, as Undo would bring it back; it used to vanish, leaving the
    invoice and the line unmatched until matching ran again. The withdrawal is recorded as
    before (an UNMATCH of the pairing); undo rejects it again and redo withdraws it again;
    a re-run and a reopen show the same match."""
    window = make_window()
    open_and_match(qtbot, window, workspace_file)
    session = window.session
    (proposed,) = [m for m in session.matches if match_key(m) == PAIR_KEY]
    assert proposed.state is MatchState.AUTO
    _press(qtbot, window, Qt.Key.Key_R, PAIR_KEY)
    assert session.index.invoice_state(INVOICES[1].key) is MatchState.REJECTED

    _press(qtbot, window, Qt.Key.Key_U, PAIR_KEY)
    assert window.banners.banners() == []
    _assert_proposed_again(window, proposed)
    view = window.reconcile
    view.table.select_keys([PAIR_KEY], current=PAIR_KEY)
    assert view.detail.explanation.text() == proposed.explanation
    assert not view.unmatch_action.isEnabled()  # the engine's row again: reject it instead
    kinds = [DecisionKind.REJECT, DecisionKind.UNMATCH]
    assert _user_decisions(window, INVOICES[1].key) == kinds
    assert session.undo_stack.undoText().startswith("Withdraw rejection of INV-00002")

    window.undo_action.trigger()
    (row,) = _under_filter(window, "Rejected")
    assert (match_key(row), row.state) == (PAIR_KEY, MatchState.REJECTED)
    assert not session.index.invoice_reconciled(INVOICES[1].key)
    assert window.reconcile.lines_panel.model.row_of(LINES[1].key) is not None
    assert _user_decisions(window, INVOICES[1].key) == [*kinds, DecisionKind.REJECT]
    window.redo_action.trigger()
    _assert_proposed_again(window, proposed)
    assert _user_decisions(window, INVOICES[1].key) == [*kinds, *kinds]

    _rerun(qtbot, window)
    _assert_proposed_again(window, proposed)
    window = make_window()  # the application closed and started again
    open_and_match(qtbot, window, workspace_file)
    _assert_proposed_again(window, proposed)

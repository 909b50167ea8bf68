"""Right-click on the Reconcile screen shows an invoice's or a line's audit trail.

The README said so, but the screen's three tables had no context menu (only the Invoices
and Statements screens did). The unmatched invoices and lines now offer "Show audit
trail…", as those screens do, and a match offers the trail of each of its invoices and
lines. The real window; the audit dialog is the test's scripted one.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from desktop_app.domain import DecisionKind, Match, MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from tests.ui.fakes import ScriptedDialogs


def _reject_one(qtbot, window: MainWindow) -> Match:
    """After a run, reject the engine's match: its invoice and line are open again."""
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()
    window.session.add_lines(window.services.statements["bank.csv"], "bank.csv")  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.session.reconciliation_changed):
        window.match_action.trigger()
    window.show_screen("reconcile")
    view = window.reconcile
    auto = next(m for m in window.session.matches if m.state is MatchState.AUTO)
    view.table.select_keys([match_key(auto)])
    view.reject_action.trigger()
    return auto


def _shown(dialogs: ScriptedDialogs) -> tuple[str, list[DecisionKind]]:
    name, (title, entries) = dialogs.asked[-1]
    assert name == "show_audit"
    return title, [entry.decision.kind for entry in entries]


def test_an_unmatched_invoice_and_line_show_their_audit_trail(
    qtbot, window: MainWindow, dialogs: ScriptedDialogs
) -> None:
    rejected = _reject_one(qtbot, window)
    view = window.reconcile
    for panel, what in (
        (view.invoices_panel, rejected.invoices[0]),
        (view.lines_panel, rejected.lines[0]),
    ):
        table = panel.table
        assert table.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu
        (action,) = table.actions()
        assert action.text() == "Show audit trail…"
        table.select_keys([what.key])
        action.trigger()
        title, kinds = _shown(dialogs)
        assert kinds == [DecisionKind.REJECT]
        if panel is view.invoices_panel:
            assert title == f"invoice {what.label} ({what.provider})"
        else:
            assert title == f"{what.source_file} row {what.row}"


def test_right_clicking_a_match_offers_the_trail_of_its_invoice_and_its_line(
    qtbot, window: MainWindow, dialogs: ScriptedDialogs
) -> None:
    rejected = _reject_one(qtbot, window)
    view = window.reconcile
    table = view.table
    row = view.model.row_of(match_key(rejected))
    assert row is not None
    at = table.visualRect(view.model.index(row, 0)).center()
    QApplication.sendEvent(
        table.viewport(),
        QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, at, table.viewport().mapToGlobal(QPoint(at))
        ),
    )
    menu = view.audit_menu
    qtbot.waitUntil(menu.isVisible)
    invoice, line = rejected.invoices[0], rejected.lines[0]
    assert [a.text() for a in menu.actions()] == [
        f"Audit trail of invoice {invoice.label}…",
        f"Audit trail of {line.source_file} row {line.row}…",
    ]
    menu.actions()[1].trigger()
    menu.close()
    assert _shown(dialogs) == (f"{line.source_file} row {line.row}", [DecisionKind.REJECT])
    menu.actions()[0].trigger()
    assert _shown(dialogs)[0] == f"invoice {invoice.label} ({invoice.provider})"

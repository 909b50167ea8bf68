"""Ctrl+Z after Unmatch puts the accepted match back with the accountant's note.

The note typed beside Accept ("paid by the parent company") goes with the accept as its
reason. Unmatching it and pressing Ctrl+Z put the accept back as a new entry whose reason
was "undo of #2 (restores #1)": the audit trail of the invoice showed the decision in
force without its note. Now the entry put back keeps the note, its status says which
entry it restores and which undo put it back, and redo records the decision again with
its note. The real window, engine, workspace and audit dialog.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind
from desktop_app.ui.dialogs.audit_dialog import AuditDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.screens import decide, row_of

NOTE = "paid by the parent company"
INVOICES = (f.invoice(1, "450.00"), f.invoice(2, "700.00"))
LINES = (
    f.line(11, "-450.00", description="TRANSFER"),  # names nothing: a suggestion
    f.line(12, "-700.00", description="Payment INV-00002"),
)
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ACCEPT, UNMATCH = DecisionKind.ACCEPT, DecisionKind.UNMATCH


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        # offscreen, the window is not active by itself, and its shortcuts do nothing
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        yield shown


def _shortcut(qtbot, window: MainWindow, modifiers: Qt.KeyboardModifier) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Z (or Ctrl+Shift+Z) pressed on the matches table, as the accountant does."""
    table = window.reconcile.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Z, modifiers)


def _audit_shown(qtbot, window: MainWindow) -> AuditDialog:  # type: ignore[no-untyped-def]
    """Right-click INV-00001's row, choose its invoice's audit trail: the dialog the
    window shows for what it was given."""
    view = window.reconcile
    view.table.select_keys([match_key(row_of(window.session, 1))])
    index = view.table.currentIndex()
    view.table.customContextMenuRequested.emit(view.table.visualRect(index).center())
    first = view.audit_menu.actions()[0]
    assert first.text().startswith("Audit trail of invoice INV-00001")
    first.trigger()
    dialogs = dialogs_of(window, ScriptedDialogs)
    name, (title, entries) = dialogs.asked[-1]
    assert name == "show_audit"
    dialog = AuditDialog(title, entries, window)
    qtbot.addWidget(dialog)
    return dialog


def _rows(dialog: AuditDialog) -> list[tuple[str, str, str, str]]:
    """Each entry as the dialog shows it: its number, decision, status and reason, the
    numbers (the workspace's, after the engine's entries) written "#1" for the first
    shown, "#2" for the next, ..., so the expected rows read as the steps taken."""
    model = dialog.model
    header = Qt.Orientation.Horizontal
    columns = {model.headerData(c, header): c for c in range(model.columnCount())}
    shown = [
        [model.index(row, columns[name]).data() for name in ("#", "Decision", "Status", "Reason")]
        for row in range(model.rowCount())
    ]
    first = int(shown[0][0]) - 1

    def renumbered(text: str) -> str:
        return re.sub(r"#(\d+)", lambda found: f"#{int(found[1]) - first}", text)

    return [
        (f"#{int(number) - first}", kind, renumbered(status), renumbered(reason))
        for number, kind, status, reason in shown
    ]


def test_ctrl_z_after_unmatch_shows_the_accept_in_force_with_its_note(
    qtbot, window: MainWindow
) -> None:
    view = window.reconcile
    view.table.setFocus()
    view.table.select_keys([match_key(row_of(window.session, 1))])
    qtbot.keyClicks(view.note, NOTE)
    decide(qtbot, window, 1, Qt.Key.Key_A)
    decide(qtbot, window, 1, Qt.Key.Key_U)

    _shortcut(qtbot, window, CTRL)

    assert _rows(_audit_shown(qtbot, window)) == [
        ("#1", "Accepted", "replaced by #2", NOTE),
        ("#2", "Unmatched", "", ""),
        ("#3", "Accepted", "in force; restores #1 (undo of #2)", NOTE),
    ]
    in_force = [d for d in window.services.decisions() if INVOICES[0].key in d.invoice_keys]
    assert [(d.kind, d.reason) for d in in_force] == [(ACCEPT, NOTE)]


def test_redo_and_undo_again_keep_the_note(qtbot, window: MainWindow) -> None:
    """Ctrl+Shift+Z records the unmatch again, Ctrl+Z puts the accept back again (with the
    note, restoring the entry put back before); Ctrl+Z takes the accept off, and
    Ctrl+Shift+Z records the accept again, as it was made: with its note."""
    view = window.reconcile
    view.table.setFocus()
    view.table.select_keys([match_key(row_of(window.session, 1))])
    qtbot.keyClicks(view.note, NOTE)
    decide(qtbot, window, 1, Qt.Key.Key_A)
    decide(qtbot, window, 1, Qt.Key.Key_U)

    for modifiers in (CTRL, CTRL | SHIFT, CTRL, CTRL, CTRL | SHIFT):
        _shortcut(qtbot, window, modifiers)

    assert _rows(_audit_shown(qtbot, window)) == [
        ("#1", "Accepted", "replaced by #2", NOTE),
        ("#2", "Unmatched", "", ""),
        ("#3", "Accepted", "replaced by #4; restores #1 (undo of #2)", NOTE),
        ("#4", "Unmatched", "", ""),  # redone
        ("#5", "Accepted", "replaced by #6; restores #3 (undo of #4)", NOTE),
        ("#6", "Unmatched", "", "undo of #5"),
        ("#7", "Accepted", "in force", NOTE),  # redone
    ]

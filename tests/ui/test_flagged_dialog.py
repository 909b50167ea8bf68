"""Flagged decisions: every decision whose invoice changed at the provider, to keep or
withdraw, those with no row on the Reconcile screen too.

The real dialog over a real ``ReviewSession`` recording into a real workspace (through the
window's ``WorkspaceBackend``), driven by clicking its buttons; Qt's
``QAbstractItemModelTester`` watches its model throughout. Three accepted decisions: the
first invoice's amount changed and the third invoice was deleted at its provider, so the
window no longer holds it nor a row for its decision. Its keys too: K keeps and W
withdraws the rows selected, pressed in the list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop_app.domain import Decision, DecisionKind, Invoice, MatchState, Money, Reconciliation
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.dialogs.flagged_dialog import FlaggedDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.flagged import FLAGGED_COLUMNS, NOT_LISTED
from desktop_app.ui.review import match_key
from desktop_app.ui.session import ReviewSession
from tests.ui.factories import invoice, line, match
from tests.ui.screens import reconcile_after_a_run

PROVIDER = "Content Ignite"


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[WorkspaceBackend]:
    backend = WorkspaceBackend()
    backend.open(tmp_path / "flags.reconcile", create=True)
    yield backend
    backend.close()


@pytest.fixture
def invoices(backend: WorkspaceBackend) -> list[Invoice]:
    """Three invoices, each accepted with its payment; then the first one's amount
    changed and the third was deleted at the provider (both decisions flagged)."""
    invoices = [invoice(n, provider=PROVIDER) for n in (1, 2, 3)]
    workspace = backend.workspace
    workspace.save_invoices(PROVIDER, invoices)
    for n, item in enumerate(invoices, start=1):
        backend.record(Decision(DecisionKind.ACCEPT, (item.key,), (line(n + 1).key,)))
    changed = replace(invoices[0], gross=Money.of("95.00", "GBP"))
    workspace.save_invoices(PROVIDER, [changed, invoices[1]])  # the third is gone
    return [changed, invoices[1], invoices[2]]


@pytest.fixture
def session(backend: WorkspaceBackend, invoices: list[Invoice]) -> ReviewSession:
    """The session as opening the workspace fills it: the invoices it still loads (not
    the deleted one), and a run with the two decisions it can show."""
    session = ReviewSession(
        backend.record, backend.undo, user="ann", review_flags=backend.review_flag_changes
    )
    shown = tuple(backend.workspace.load_invoices())
    lines = tuple(line(n + 1) for n in (1, 2, 3))
    rows = tuple(
        match(item, paid, state=MatchState.ACCEPTED)
        for item, paid in zip(shown, lines, strict=False)
    )
    flags = backend.review_flag_changes(frozenset()).new  # every flag in force
    session.load(shown, lines, Reconciliation(shown, lines, rows, ()), flags=flags)
    return session


@pytest.fixture
def dialog(qtbot: Any, session: ReviewSession) -> FlaggedDialog:
    dialog = FlaggedDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def tester(dialog: FlaggedDialog, qtlog: Any) -> Iterator[QAbstractItemModelTester]:
    """Qt's model tester on the dialog's model for the whole test; any complaint fails."""
    tester = QAbstractItemModelTester(
        dialog.model, QAbstractItemModelTester.FailureReportingMode.Warning
    )
    yield tester
    complaints = [r.message for r in qtlog.records if "FAIL" in r.message]
    assert complaints == []


def cell(dialog: FlaggedDialog, row: int, column: str) -> str:
    model = dialog.model
    return str(model.data(model.index(row, column_index(FLAGGED_COLUMNS, column))))


def rows(dialog: FlaggedDialog) -> list[str]:
    return [cell(dialog, row, "invoice") for row in range(dialog.model.rowCount())]


def select(dialog: FlaggedDialog, item: Invoice) -> None:
    (found,) = [f for f in dialog.model.all_items() if item.key in f.decision.invoice_keys]
    dialog.table.select_keys([found.pairing])


def flagged_ids(backend: WorkspaceBackend) -> list[str]:
    items = backend.workspace.decisions_needing_review()
    return [item.invoice_key.invoice_id for item in items]


def in_force_on(backend: WorkspaceBackend, item: Invoice) -> list[DecisionKind]:
    return [d.kind for d in backend.workspace.effective_decisions() if item.key in d.invoice_keys]


def press(qtbot: Any, dialog: FlaggedDialog, key: Qt.Key) -> None:
    """``key`` pressed in the list, as an accountant going down it with the keyboard."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, key)


BY = ["button", "key"]


def act(qtbot: Any, dialog: FlaggedDialog, what: str, by: str) -> None:
    """Keep or withdraw (``what``) the rows selected, by the button or by its key pressed
    in the list, as an accountant going down it with the keyboard; the key leaves the
    focus in the list."""
    if by == "button":
        button = dialog.keep_button if what == "keep" else dialog.withdraw_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        press(qtbot, dialog, Qt.Key.Key_K if what == "keep" else Qt.Key.Key_W)
        assert QApplication.focusWidget() is dialog.table  # still going down the list


def test_every_flagged_decision_is_listed_with_what_changed(
    dialog: FlaggedDialog, tester: QAbstractItemModelTester
) -> None:
    assert rows(dialog) == ["Content Ignite INV-00001", "Content Ignite INV-00003"]
    assert [cell(dialog, 1, c) for c in ("provider", "decided", "cause", "row")] == [
        PROVIDER,
        "accepted",
        "no longer returned by its provider",
        NOT_LISTED,
    ]
    assert cell(dialog, 0, "cause") == "amount changed"
    assert cell(dialog, 0, "row") == "on Reconcile"
    assert cell(dialog, 1, "flagged").endswith(" UTC")
    assert "1 of them has no row on the Reconcile screen" in dialog.summary.text()
    assert not dialog.keep_button.isEnabled()
    assert not dialog.withdraw_button.isEnabled()


@pytest.mark.parametrize("by", BY)
def test_keeping_a_decision_whose_invoice_is_gone_clears_its_flag_and_undo_restores_it(
    qtbot: Any,
    by: str,
    dialog: FlaggedDialog,
    tester: QAbstractItemModelTester,
    session: ReviewSession,
    backend: WorkspaceBackend,
    invoices: list[Invoice],
) -> None:
    gone = invoices[2]
    select(dialog, gone)
    assert dialog.keep_button.isEnabled()
    act(qtbot, dialog, "keep", by)
    assert rows(dialog) == ["Content Ignite INV-00001"]
    assert flagged_ids(backend) == ["ID-1"]
    assert in_force_on(backend, gone) == [DecisionKind.ACCEPT]  # still binds
    kept = backend.workspace.audit(invoice_key=gone.key)[-1]
    assert kept.in_force
    assert kept.decision.user == "ann"
    assert kept.decision.reason.startswith("confirmed again after its invoice changed:")
    assert "no longer returned" in kept.decision.reason
    session.undo_stack.undo()
    assert rows(dialog) == ["Content Ignite INV-00001", "Content Ignite INV-00003"]
    assert flagged_ids(backend) == ["ID-1", "ID-3"]
    session.undo_stack.redo()
    assert flagged_ids(backend) == ["ID-1"]


@pytest.mark.parametrize("by", BY)
def test_withdrawing_a_decision_whose_invoice_is_gone_frees_it_and_undo_puts_it_back(
    qtbot: Any,
    by: str,
    dialog: FlaggedDialog,
    tester: QAbstractItemModelTester,
    session: ReviewSession,
    backend: WorkspaceBackend,
    invoices: list[Invoice],
) -> None:
    gone = invoices[2]
    select(dialog, gone)
    act(qtbot, dialog, "withdraw", by)
    assert rows(dialog) == ["Content Ignite INV-00001"]
    assert in_force_on(backend, gone) == []
    assert backend.workspace.audit(invoice_key=gone.key)[-1].decision.kind is DecisionKind.UNMATCH
    assert session.undo_stack.undoText() == "Unmatch Content Ignite INV-00003 (accepted)"
    session.undo_stack.undo()
    assert in_force_on(backend, gone) == [DecisionKind.ACCEPT]
    assert flagged_ids(backend) == ["ID-1", "ID-3"]
    assert rows(dialog) == ["Content Ignite INV-00001", "Content Ignite INV-00003"]


@pytest.mark.parametrize("by", BY)
def test_a_listed_decision_is_kept_or_withdrawn_on_its_row(
    qtbot: Any,
    by: str,
    dialog: FlaggedDialog,
    tester: QAbstractItemModelTester,
    session: ReviewSession,
    backend: WorkspaceBackend,
    invoices: list[Invoice],
) -> None:
    """The amount-changed decision has a row: keeping it confirms the row again (it
    stays accepted, unmarked); withdrawing it takes the row off as Unmatch does."""
    changed = invoices[0]
    pairing = match_key(session.matches[0])
    select(dialog, changed)
    act(qtbot, dialog, "keep", by)
    (row,) = [m for m in session.matches if match_key(m) == pairing]
    assert row.state is MatchState.ACCEPTED
    assert not session.is_flagged(row)
    session.undo_stack.undo()
    assert session.is_flagged(next(m for m in session.matches if match_key(m) == pairing))
    select(dialog, changed)
    act(qtbot, dialog, "withdraw", by)
    assert [m for m in session.matches if match_key(m) == pairing] == []
    assert in_force_on(backend, changed) == []
    assert flagged_ids(backend) == ["ID-3"]
    assert rows(dialog) == ["Content Ignite INV-00003"]
    assert session.undo_stack.undoText() == "Unmatch INV-00001 ↔ bank.csv:2"
    session.undo_stack.undo()
    assert in_force_on(backend, changed) == [DecisionKind.ACCEPT]
    assert sorted(flagged_ids(backend)) == ["ID-1", "ID-3"]
    assert session.is_flagged(next(m for m in session.matches if match_key(m) == pairing))


def test_the_review_menu_opens_the_list(qtbot: Any, window: MainWindow) -> None:
    window.flagged_action.trigger()
    dialog = window.flagged_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.model.rowCount() == 0
    assert dialog.summary.text().startswith("No decision needs review")
    window.flagged_action.trigger()
    assert window.flagged_dialog is dialog  # one list, raised again
    dialog.close()
    qtbot.waitUntil(lambda: window.flagged_dialog is None)


def test_ctrl_z_in_the_list_undoes_as_its_text_says(qtbot: Any, window: MainWindow) -> None:
    """The list says undo takes a step back, but Ctrl+Z pressed in it did nothing: the
    window's Undo is now one of the dialog's actions too."""
    reconcile_after_a_run(qtbot, window)
    suggested = next(m for m in window.session.matches if m.state is MatchState.SUGGESTED)
    window.session.accept([suggested])
    assert window.session.undo_stack.index() == 1
    window.flagged_action.trigger()
    dialog = window.flagged_dialog
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    QTest.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.undo_stack.index() == 0
    QTest.keyClick(
        dialog,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.session.undo_stack.index() == 1


@pytest.mark.parametrize("by", BY)
@pytest.mark.parametrize("what", ["keep", "withdraw"])
def test_nothing_selected_nothing_is_kept_or_withdrawn(
    qtbot: Any, by: str, what: str, dialog: FlaggedDialog, session: ReviewSession
) -> None:
    """The buttons are disabled, and their keys with them."""
    assert not dialog.keep_button.isEnabled()
    assert not dialog.withdraw_button.isEnabled()
    assert not dialog.keep_action.isEnabled()
    assert not dialog.withdraw_action.isEnabled()
    if by == "key":
        act(qtbot, dialog, what, by)
    assert session.undo_stack.count() == 0
    assert dialog.problem.text() == ""  # the key did nothing, not something refused


def test_the_buttons_say_their_keys(dialog: FlaggedDialog) -> None:
    """As Accept (A) and the other actions of the Reconcile screen do."""
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert dialog.keep_button.toolTip().startswith("Keep decision (K): ")
    assert dialog.withdraw_button.toolTip().startswith("Withdraw decision (W): ")
    assert "(Esc)" in close.toolTip()
    assert "Keep (K)" in dialog.summary.text()
    assert "withdraw (W)" in dialog.summary.text()


def test_the_list_opens_and_closes_from_the_keyboard(qtbot: Any, window: MainWindow) -> None:
    """Ctrl+Shift+F opens it (Review ▸ Flagged decisions…); Esc closes it, as its
    Close button's tooltip says, and the window lets it go."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.flagged_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.flagged_dialog is None)

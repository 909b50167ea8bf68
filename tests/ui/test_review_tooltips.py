"""Accept (A) and Reject (R) say in their tooltips what they would do to the rows selected
on the Reconcile screen: which invoice and which statement line they confirm or keep
apart, or why they do nothing (nothing selected, a row already confirmed or rejected).
They used to say only "Accept (A)" and "Reject (R)", whatever was selected. The real
window over the real engine and a workspace file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

from desktop_app.domain import Decision, DecisionKind, MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import MatchKey, match_key
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import engine_window, open_and_match
from tests.ui.fakes import ScriptedDialogs
from tests.ui.landed import landed

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))
ACCEPTED, ENGINE, OTHER = (
    (frozenset({invoice.key}), frozenset({line.key}))
    for invoice, line in zip(INVOICES, LINES, strict=True)
)


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    """The Reconcile screen of a workspace whose engine matches each invoice with its
    payment, the first of them accepted by the accountant."""
    path = tmp_path / "month-end.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Content Ignite", INVOICES)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, LINES)
        workspace.record_decision(
            Decision(DecisionKind.ACCEPT, (INVOICES[0].key,), (LINES[0].key,))
        )
    with engine_window(
        qtbot,
        runner,
        tmp_path,
        ScriptedDialogs(),
        qtmodeltester=qtmodeltester,
        checked=("reconcile",),
    ) as shown:
        open_and_match(qtbot, shown, path)
        shown.show_screen("reconcile")
        yield shown


def _select(window: MainWindow, *keys: MatchKey) -> None:
    table = window.reconcile.table
    table.setFocus()
    table.clearSelection()
    table.select_keys(keys, current=keys[0] if keys else None)


def _tips(window: MainWindow) -> tuple[str, str]:
    """The tooltips of Accept and Reject, as their toolbar buttons show them."""
    view = window.reconcile
    return _shown(window, view.accept_action), _shown(window, view.reject_action)


def _shown(window: MainWindow, action: QAction) -> str:
    (button,) = [
        b for b in window.reconcile.findChildren(QToolButton) if b.defaultAction() is action
    ]
    assert button.toolTip() == action.toolTip()
    return action.toolTip()


def test_accept_and_reject_tooltips_follow_the_selection(qtbot, window: MainWindow) -> None:
    view = window.reconcile
    states = {match_key(m): m.state for m in window.session.matches}
    assert (states[ACCEPTED], states[ENGINE]) == (MatchState.ACCEPTED, MatchState.AUTO)

    _select(window)
    assert _tips(window) == (
        "Accept (A): select a match to confirm it.",
        "Reject (R): select a wrong match to reject it.",
    )

    _select(window, ENGINE)
    assert _tips(window) == (
        "Accept INV-00002 ↔ bank.csv:12 (A): confirm the engine's match; matching keeps it.",
        "Reject INV-00002 ↔ bank.csv:12 (R): not a pair; matching will not propose it again.",
    )

    _select(window, ACCEPTED)
    assert not view.accept_action.isEnabled()
    assert _tips(window) == (
        "Accept (A): INV-00001 ↔ bank.csv:11 is already confirmed.",
        (
            "Reject INV-00001 ↔ bank.csv:11 (R): take back your match; matching will not "
            "propose it again."
        ),
    )

    _select(window, ENGINE)
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    _select(window, ENGINE)
    assert not view.reject_action.isEnabled()
    assert _tips(window) == (
        "Accept INV-00002 ↔ bank.csv:12 (A): confirm it after all, in place of your rejection.",
        "Reject (R): INV-00002 ↔ bank.csv:12 is already rejected; Unmatch withdraws that.",
    )

    _select(window, ACCEPTED, ENGINE, OTHER)
    assert _tips(window) == (
        "Accept (A): confirm 2 of the 3 matches selected; the other is already confirmed.",
        "Reject (R): reject 2 of the 3 matches selected; the other is already rejected.",
    )
    _select(window, OTHER, ENGINE)
    assert _tips(window)[0] == "Accept (A): confirm the 2 matches selected."


def test_select_all_then_accept_confirms_the_others(qtbot, window: MainWindow) -> None:
    """Ctrl+A then A with one row already accepted accepts the others, and says it left
    that one as it was; it used to refuse the whole selection. One undo step takes the
    others back, the earlier acceptance stays."""
    view = window.reconcile
    refused: list[str] = []
    view.refused.connect(lambda title, _message: refused.append(title))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(view.table.selected_items()) == 3
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    landed(qtbot, window)

    states = {match_key(m): m.state for m in window.session.matches}
    assert states == dict.fromkeys((ACCEPTED, ENGINE, OTHER), MatchState.ACCEPTED)
    told = "Accept 2 matches; the other is already confirmed."
    assert window.statusBar().currentMessage() == told
    assert window.session.undo_stack.undoText() == told[:-1]
    assert refused == []

    window.session.undo_stack.undo()
    states = {match_key(m): m.state for m in window.session.matches}
    assert states == {
        ACCEPTED: MatchState.ACCEPTED,
        ENGINE: MatchState.AUTO,
        OTHER: MatchState.AUTO,
    }


def test_a_selection_already_rejected_in_part_rejects_the_rest(qtbot, window: MainWindow) -> None:
    view = window.reconcile
    _select(window, ENGINE)
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    _select(window, ENGINE, OTHER)
    qtbot.keyClick(view.table, Qt.Key.Key_R)

    states = {match_key(m): m.state for m in window.session.matches}
    assert (states[ENGINE], states[OTHER]) == (MatchState.REJECTED, MatchState.REJECTED)
    told = "Reject INV-00003 ↔ bank.csv:13; the other is already rejected."
    assert window.statusBar().currentMessage() == told


def test_a_selection_all_confirmed_is_still_refused(qtbot, window: MainWindow) -> None:
    view = window.reconcile
    _select(window, ENGINE, OTHER)
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    landed(qtbot, window)
    steps = window.session.undo_stack.count()
    _select(window, ACCEPTED, ENGINE, OTHER)
    assert not view.accept_action.isEnabled()
    assert _tips(window)[0] == "Accept (A): the 3 matches selected are already confirmed."
    view.accept_selected()
    assert window.session.undo_stack.count() == steps

"""A refused review action is said in a banner titled by what was refused, and the
banner goes once the state it refused changes.

Every refusal was titled "Cannot do that" and stayed, stacking up through later
decisions, runs, imports and removals, long after what it said had stopped being
true. Now the title names the action and its invoices ("Cannot accept INV-00166"), a new
refusal takes the place of the last, and the refusal goes when a decision is made or
undone, matching runs again, or statements or invoices change. A failure to save a
decision is no refusal: it stays until dismissed.

The real window, engine and workspace.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.reconcile_view import NOTHING_SELECTED
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs

INVOICES = (f.invoice(166, "451.67"), f.invoice(167, "120.00"))
LINES = (
    f.line(10, "-451.67", description="INV-00166"),
    f.line(11, "-120.00", description="INV-00167"),
)


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        yield shown


def _said(window: MainWindow) -> list[tuple[str, str]]:
    return [(banner.title, banner.message) for banner in window.banners.banners()]


def _select(window: MainWindow, number: int | None) -> None:
    """Select invoice ``number``'s match (None: none)."""
    view = window.reconcile
    view.table.setFocus()
    view.table.clearSelection()
    if number is not None:
        (match,) = [m for m in window.session.matches if m.invoices[0].number.endswith(str(number))]
        view.table.select_keys([match_key(match)])


def _press(qtbot, window: MainWindow, number: int | None, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """Select invoice ``number``'s match (None: none) and press ``key`` on the table."""
    _select(window, number)
    qtbot.keyClick(window.reconcile.table, key)


def _unmatch(window: MainWindow, number: int) -> None:
    """Unmatch the engine's match of invoice ``number``, as the Unmatch action does (its
    button is disabled on the engine's rows, its tooltip saying why): refused."""
    _select(window, number)
    window.reconcile.unmatch_selected()


def test_a_refusal_is_titled_by_what_was_refused(qtbot, window: MainWindow) -> None:
    _unmatch(window, 166)
    assert _said(window) == [
        (
            "Cannot unmatch INV-00166",
            "INV-00166 ↔ bank.csv:10 was matched by the engine: reject it instead",
        )
    ]
    _press(qtbot, window, None, Qt.Key.Key_A)  # the latest refusal in the last one's place
    assert _said(window) == [("Nothing to accept", NOTHING_SELECTED)]


def test_a_refusal_goes_once_a_decision_is_made_or_undone(qtbot, window: MainWindow) -> None:
    _unmatch(window, 166)
    _press(qtbot, window, 166, Qt.Key.Key_R)  # what it said to do instead
    assert _said(window) == []

    _unmatch(window, 167)
    assert [title for title, _ in _said(window)] == ["Cannot unmatch INV-00167"]
    window.session.undo_stack.undo()
    assert _said(window) == []


def test_a_refusal_goes_when_matching_runs_or_a_statement_changes(
    qtbot, window: MainWindow
) -> None:
    _unmatch(window, 166)
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()
    assert _said(window) == []

    _unmatch(window, 166)
    dialogs_of(window, ScriptedDialogs).answers["confirm"] = deque([True])
    window.workflows.remove_statement("bank.csv")
    qtbot.waitUntil(lambda: not window.session.statements, timeout=60_000)
    assert _said(window) == []


def test_a_decision_not_saved_is_no_refusal_and_stays(qtbot, window: MainWindow) -> None:
    window.banners.show_refusal("Cannot accept INV-00166", "a refusal")
    error = window.banners.show_error("Decision not saved", "the disk is full")
    _press(qtbot, window, 167, Qt.Key.Key_R)
    assert window.banners.banners() == [error]


def test_a_refusal_goes_when_invoices_are_fetched(qtbot, window: MainWindow) -> None:
    """A fetch may change what was refused (the invoice refused may be another now)."""
    _unmatch(window, 166)
    assert _said(window)
    with qtbot.waitSignal(window.session.invoices_changed):
        window.session.set_invoices(INVOICES)  # as a fetch lands
    assert _said(window) == []

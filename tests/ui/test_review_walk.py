"""Walking the suggestions with the keyboard under "Needs review": A, A, A accepts them
in turn, N goes to the next one.

A decision that took the row out of the filtered table left the next row current but
nothing selected: the detail pane showed it, the next A did nothing (it acts on the
selection), and N, moving on from the current row, skipped the row shown. The row that
takes the decided one's place is now selected too. The real window; its matches model
checked by Qt's model tester throughout.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Match, MatchState, Reconciliation
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import describe
from desktop_app.ui.views.reconcile_view import NEEDS_REVIEW, ReconcileView
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices


def _reconciliation() -> Reconciliation:
    """Eight invoices each paid by its own line: the odd ones suggested, the rest matched."""
    invoices = tuple(f.invoice(i, f"{i}20.00") for i in range(1, 9))
    lines = tuple(f.line(i + 10, f"-{i}20.00") for i in range(1, 9))
    matches = tuple(
        f.match(
            invoice,
            line,
            state=MatchState.SUGGESTED if i % 2 else MatchState.AUTO,
            score=0.6 if i % 2 else 0.9,
        )
        for i, (invoice, line) in enumerate(zip(invoices, lines, strict=True), start=1)
    )
    return Reconciliation(invoices, lines, matches, ())


@pytest.fixture
def services() -> MemoryServices:
    rec = _reconciliation()
    return MemoryServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )


@pytest.fixture
def view(qtbot, qtmodeltester, window: MainWindow) -> ReconcileView:
    """The Reconcile screen showing the four suggestions, the first selected."""
    view = window.reconcile
    qtmodeltester.check(view.model)
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()
    window.session.add_lines(window.services.statements["bank.csv"], "bank.csv")  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.session.reconciliation_changed):
        window.match_action.trigger()
    window.show_screen("reconcile")
    view.state_combo.setCurrentIndex(view.state_combo.findText(NEEDS_REVIEW))
    assert view.model.rowCount() == 4
    view.table.setFocus()
    view.table.selectRow(0)
    return view


def _shown(view: ReconcileView) -> tuple[str | None, list[str]]:
    """The current row (the one the detail pane shows) and the rows selected."""
    current: Match | None = view.table.current_item()
    return (
        None if current is None else describe(current),
        [describe(match) for match in view.table.selected_items()],
    )


def _suggested(window: MainWindow) -> list[str]:
    return [describe(m) for m in window.session.matches if m.state is MatchState.SUGGESTED]


def test_accepting_selects_the_next_suggestion_so_a_again_accepts_it(
    qtbot, window: MainWindow, view: ReconcileView
) -> None:
    _, second, third, fourth = (describe(view.model.item_at(row)) for row in range(4))
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert _shown(view) == (second, [second])
    assert view.detail.title.text().startswith(f"<b>{second}")
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert _shown(view) == (third, [third])
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    assert _shown(view) == (fourth, [fourth])
    assert _suggested(window) == [fourth]
    qtbot.keyClick(view.table, Qt.Key.Key_A)  # the last one: nothing left to select
    assert view.model.rowCount() == 0
    assert _shown(view) == (None, [])
    assert view.detail.title.text() == "<b>Select a match to see why it was proposed.</b>"


def test_next_after_a_decision_goes_to_the_following_suggestion_not_past_it(
    qtbot, window: MainWindow, view: ReconcileView
) -> None:
    """A, N, A, N used to accept every other suggestion."""
    _, second, third, fourth = (describe(view.model.item_at(row)) for row in range(4))
    qtbot.keyClick(view.table, Qt.Key.Key_A)  # first accepted: second selected
    qtbot.keyClick(view.table, Qt.Key.Key_N)  # skip the second
    assert _shown(view) == (third, [third])
    qtbot.keyClick(view.table, Qt.Key.Key_A)  # third accepted: fourth selected
    assert _shown(view) == (fourth, [fourth])
    qtbot.keyClick(view.table, Qt.Key.Key_N)  # wraps to the second
    assert _shown(view) == (second, [second])
    assert _suggested(window) == [second, fourth]


def test_deciding_the_last_row_selects_the_one_above(
    qtbot, window: MainWindow, view: ReconcileView
) -> None:
    rows = [describe(view.model.item_at(row)) for row in range(4)]
    view.table.selectRow(3)
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert _shown(view) == (rows[2], [rows[2]])


def test_a_row_that_stays_keeps_the_selection(
    qtbot, window: MainWindow, view: ReconcileView
) -> None:
    """Under "All matches" an accepted row stays where it was, selected."""
    view.state_combo.setCurrentIndex(view.state_combo.findText("All matches"))
    view.table.selectRow(2)
    chosen = describe(view.table.current_item())
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert _shown(view) == (chosen, [chosen])
    assert view.table.currentIndex().row() == 2

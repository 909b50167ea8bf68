"""Matching by hand on the Reconcile screen, as the UX audit of the demo found it.

A receivable EL-2025-00138 (£955.43) matched to an insurance premium of £612.00 going out
was taken silently; the new row went to the bottom of the matches table, unselected, and
the keyboard focus left the screen; its detail said "score 100%" and nothing of the
-£1,567.43 between them. Now the selection's totals stand beside *Match selected*, such a
match is asked about first (No decides nothing), and the match made is selected, shown
and keeps the focus, its detail saying what was paid against what was invoiced.

Through the real window, the real engine and a real workspace file.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.domain import DecisionKind, Direction, Invoice, MatchState
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.fakes import ScriptedDialogs

RECEIVABLE = replace(
    f.invoice(138, "955.43"), direction=Direction.RECEIVABLE, number="EL-2025-00138"
)
PREMIUM = f.line(140, "-612.00", description="INSURANCE PREMIUM")
PAID = 60  # invoices the engine matches: more rows than the matches table shows at once
INVOICES = (*(f.invoice(n, f"{n}0.00") for n in range(1, PAID + 1)), RECEIVABLE)
LINES = (
    *(f.line(n + 1, f"-{n}0.00", description=f"PAYMENT INV-{n:05d}") for n in range(1, PAID + 1)),
    PREMIUM,
)
TOTALS = "Σ invoices: £955.43\nΣ lines: -£612.00\nDifference: -£1,567.43"
WRONG_WAY = "EL-2025-00138 is a receivable: money due in, but the line selected pays £612.00 out."
BEYOND = (
    "A difference of -£1,567.43: more than the £28.66 matching tolerates "
    "(£2.00 or 3 % of £955.43, whichever is larger)."
)


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    """The Reconcile screen over a workspace of 60 invoices the engine matches, the
    receivable and the premium left for the accountant; the window active, so M reaches
    it."""
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        assert shown.reconcile.model.rowCount() == PAID
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        yield shown


def _dialogs(window: MainWindow) -> ScriptedDialogs:
    dialogs = window.workflows._dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    return dialogs


def _select_the_audits_pair(window: MainWindow) -> None:
    view = window.reconcile
    view.invoices_panel.table.select_keys([RECEIVABLE.key])
    view.lines_panel.table.select_keys([PREMIUM.key])
    assert view.match_action.isEnabled()


def _press(qtbot, widget: QWidget, key: Qt.Key) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    qtbot.keyClick(widget, key)


def _decisions(window: MainWindow) -> list[DecisionKind]:
    """The accountant's decisions in the workspace's trail, undos too, oldest first."""
    services = window.services
    assert isinstance(services, EngineServices)
    trail = services.workspace.workspace.audit()
    kinds = [entry.decision.kind for entry in trail]
    return [kind for kind in kinds if kind is not DecisionKind.ENGINE_MATCH]


def test_the_selections_totals_stand_beside_match_selected(qtbot, window: MainWindow) -> None:
    view = window.reconcile
    totals = view.selection_totals
    assert totals.text() == ""
    widths = (view.invoices_panel.width(), view.lines_panel.width())
    view.invoices_panel.table.select_keys([RECEIVABLE.key])
    assert totals.text() == "Σ invoices: £955.43\nΣ lines: —"
    view.lines_panel.table.select_keys([PREMIUM.key])
    assert totals.text() == TOTALS
    assert totals.toolTip() == f"{WRONG_WAY} {BEYOND}"
    assert totals.isVisible()
    QApplication.processEvents()  # the layout settles: the lists keep their widths
    assert (view.invoices_panel.width(), view.lines_panel.width()) == widths
    # Beside the button, between the two lists it totals.
    button = view.match_button.geometry()
    assert abs(totals.geometry().center().x() - button.center().x()) < button.width()
    view.lines_panel.table.clearSelection()
    assert totals.text() == "Σ invoices: £955.43\nΣ lines: —"


def test_money_the_wrong_way_is_asked_about_and_no_decides_nothing(
    qtbot, window: MainWindow
) -> None:
    view = window.reconcile
    dialogs = _dialogs(window)
    dialogs.answers["confirm"] = deque([False])
    _select_the_audits_pair(window)
    _press(qtbot, view.lines_panel.table, Qt.Key.Key_M)

    ((name, (title, question)),) = dialogs.asked
    assert (name, title) == ("confirm", "Match by hand?")
    assert question == (
        "Match EL-2025-00138 ↔ bank.csv:140 by hand?\n\n"
        f"• {WRONG_WAY}\n• {BEYOND}\n\n"
        "Match them all the same?"
    )
    assert _decisions(window) == []
    assert window.session.undo_stack.count() == 0
    assert view.model.rowCount() == PAID
    assert view.invoices_panel.table.selected_keys() == [RECEIVABLE.key]  # still to hand
    assert view.lines_panel.table.selected_keys() == [PREMIUM.key]


def test_the_match_made_is_selected_shown_and_keeps_the_focus_and_undo_takes_it_back(
    qtbot, window: MainWindow
) -> None:
    view = window.reconcile
    dialogs = _dialogs(window)
    dialogs.answers["confirm"] = deque([True])
    last = view.model.index(view.model.rowCount() - 1, 0)
    assert not view.table.viewport().rect().intersects(view.table.visualRect(last))
    _select_the_audits_pair(window)
    # From the Match button, as the keyboard reaches it (its focus went to the filter).
    _press(qtbot, view.match_button, Qt.Key.Key_Space)

    assert _decisions(window) == [DecisionKind.MANUAL_MATCH]
    (made,) = view.table.selected_items()
    assert made.state is MatchState.MANUAL
    assert match_key(made) == (frozenset({RECEIVABLE.key}), frozenset({PREMIUM.key}))
    assert view.table.current_item() is made
    row = view.model.row_of(match_key(made))
    assert row is not None
    shown = view.table.visualRect(view.model.index(row, 0))
    assert view.table.viewport().rect().contains(shown)
    assert QApplication.focusWidget() is view.table

    score = next(c for c in range(view.model.columnCount()) if _header(window, c) == "Score")
    assert view.model.index(row, score).data() == "—"
    assert "score —" in view.detail.title.text()
    assert "100%" not in view.detail.title.text()
    user = window.session.user or "the user"
    assert view.detail.explanation.text() == (
        f"matched by hand by {user}; paid £612.00 out for £955.43 invoiced: "
        "a difference of -£1,567.43"
    )
    assert view.selection_totals.text() == ""  # the pair left the lists below

    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _decisions(window) == [DecisionKind.MANUAL_MATCH, DecisionKind.UNMATCH]
    assert view.model.row_of(match_key(made)) is None
    assert view.invoices_panel.model.row_of(RECEIVABLE.key) is not None
    assert view.lines_panel.model.row_of(PREMIUM.key) is not None


def test_a_filter_hiding_the_match_made_is_cleared_to_show_it(qtbot, window: MainWindow) -> None:
    """Under "Matched" (the engine's own), the match made by hand would be out of sight."""
    view = window.reconcile
    view.state_combo.setCurrentIndex(view.state_combo.findText("Matched"))
    _dialogs(window).answers["confirm"] = deque([True])
    _select_the_audits_pair(window)
    _press(qtbot, view.lines_panel.table, Qt.Key.Key_M)
    (made,) = view.table.selected_items()
    assert made.state is MatchState.MANUAL
    assert view.state_combo.currentText() == "All matches"
    assert QApplication.focusWidget() is view.table


def test_a_match_as_invoiced_is_made_without_a_question(qtbot, window: MainWindow) -> None:
    """The guard: what the invoices expect asks nothing (ScriptedDialogs would fail on it)."""
    view = window.reconcile
    unpaid = _invoice(window, "INV-00007")
    auto = next(m for m in window.session.matches if unpaid.key in m.invoice_keys)
    view.table.select_keys([match_key(auto)])
    _press(qtbot, view.table, Qt.Key.Key_R)  # rejected: the invoice and line are free
    view.invoices_panel.table.select_keys([unpaid.key])
    view.lines_panel.table.select_keys(list(auto.line_keys))
    assert view.selection_totals.text() == (
        "Σ invoices: £70.00\nΣ lines: -£70.00\nDifference: £0.00"
    )
    _press(qtbot, view.lines_panel.table, Qt.Key.Key_M)
    assert _decisions(window) == [DecisionKind.REJECT, DecisionKind.MANUAL_MATCH]
    assert _dialogs(window).asked == []
    (made,) = view.table.selected_items()
    assert made.explanation.endswith("; paid £70.00 out for £70.00 invoiced")


def _invoice(window: MainWindow, number: str) -> Invoice:
    return next(i for i in window.session.invoices if i.number == number)


def _header(window: MainWindow, column: int) -> str:
    return str(window.reconcile.model.headerData(column, Qt.Orientation.Horizontal))

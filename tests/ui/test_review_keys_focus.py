"""A, R, U and N act on the matches table only when it (or the match's detail) has focus.

Pressed while the accountant was selecting a line in the unmatched lines table, A
accepted whatever match was selected in the table above, out of sight of what they were
doing. The keys now do nothing elsewhere on the screen; M (match the selection below)
still works from anywhere on it. The real window, driven by key presses.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.domain import DecisionKind, MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import match_key
from tests.ui.fakes import MemoryServices
from tests.ui.screens import reconcile_after_a_run


@pytest.fixture
def screen(qtbot, window: MainWindow) -> MainWindow:
    """The Reconcile screen after a run, the engine's match selected above."""
    reconcile_after_a_run(qtbot, window)
    view = window.reconcile
    auto = next(m for m in window.session.matches if m.state is MatchState.AUTO)
    view.table.select_keys([match_key(auto)])
    return window


def _press_in(qtbot, widget: QWidget, key: Qt.Key) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    qtbot.keyClick(widget, key)


def _state(window: MainWindow) -> MatchState:
    (match,) = window.reconcile.table.selected_items()
    return match.state


def test_review_keys_in_the_unmatched_tables_do_nothing(
    qtbot, screen: MainWindow, services: MemoryServices
) -> None:
    view = screen.reconcile
    view.lines_panel.table.select_keys([view.lines_panel.model.key_at(0)])
    for key in (Qt.Key.Key_A, Qt.Key.Key_R, Qt.Key.Key_N):
        _press_in(qtbot, view.lines_panel.table, key)
        _press_in(qtbot, view.invoices_panel.table, key)
    assert services.recorded == []
    assert _state(screen) is MatchState.AUTO

    _press_in(qtbot, view.table, Qt.Key.Key_A)
    assert [d.kind for d in services.recorded] == [DecisionKind.ACCEPT]
    assert _state(screen) is MatchState.ACCEPTED
    _press_in(qtbot, view.lines_panel.table, Qt.Key.Key_U)
    assert _state(screen) is MatchState.ACCEPTED


def test_review_keys_in_the_matchs_detail_act_on_it(
    qtbot, screen: MainWindow, services: MemoryServices
) -> None:
    view = screen.reconcile
    _press_in(qtbot, view.detail.signals_table, Qt.Key.Key_R)
    assert [d.kind for d in services.recorded] == [DecisionKind.REJECT]


def test_m_matches_the_selection_below_from_anywhere_on_the_screen(
    qtbot, screen: MainWindow, services: MemoryServices
) -> None:
    view = screen.reconcile
    for panel in (view.invoices_panel, view.lines_panel):
        panel.table.select_keys([panel.model.key_at(panel.model.rowCount() - 1)])
    _press_in(qtbot, view.lines_panel.table, Qt.Key.Key_M)
    assert [d.kind for d in services.recorded] == [DecisionKind.MANUAL_MATCH]


def test_the_review_menu_still_acts_on_the_match_selected(
    qtbot, screen: MainWindow, services: MemoryServices
) -> None:
    view = screen.reconcile
    view.lines_panel.table.setFocus()
    view.accept_action.trigger()  # Review > Accept, or its button
    assert [d.kind for d in services.recorded] == [DecisionKind.ACCEPT]

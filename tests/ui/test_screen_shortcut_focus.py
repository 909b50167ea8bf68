"""A screen chosen from the keyboard takes the keyboard with it.

Ctrl+4 showed the Reconcile screen but left the focus in the list of screens, so A, R
and U (which act on the matches table) did nothing. Now the View menu's Ctrl+1 to Ctrl+6
put the keyboard on the widget each screen's keys act on. The first Tab from the list of
screens went there too, skipping the filters and buttons above it (reached by Shift+Tab
only); it now goes to the screen's first control, top left, and on down the screen
(``test_tab_ring``). The real window, driven by key presses.
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

CTRL = Qt.KeyboardModifier.ControlModifier
_DIGITS = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6]


def _first_focus(window: MainWindow, screen: str) -> QWidget:
    """The widget the screen's keys act on, as the accountant sees it."""
    return {
        "overview": window.overview.currency_combo,
        "invoices": window.invoices.table,
        "statements": window.statements.table,
        "reconcile": window.reconcile.table,
        "discrepancies": window.discrepancies.table,
        "settings": window.settings.providers_table,
    }[screen]


def _in_the_list_of_screens(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.nav)


@pytest.mark.parametrize("position", range(6))
def test_a_screens_shortcut_takes_the_keyboard_to_it(
    qtbot, window: MainWindow, position: int
) -> None:
    reconcile_after_a_run(qtbot, window)
    screen = window.screen_names()[position]
    window.show_screen("overview" if screen != "overview" else "settings")
    _in_the_list_of_screens(qtbot, window)

    qtbot.keyClick(window.nav, _DIGITS[position], CTRL)

    assert window.current_screen() == screen
    qtbot.waitUntil(lambda: QApplication.focusWidget() is _first_focus(window, screen))


def test_accept_works_straight_after_ctrl_4(
    qtbot, window: MainWindow, services: MemoryServices
) -> None:
    reconcile_after_a_run(qtbot, window)
    view = window.reconcile
    auto = next(m for m in window.session.matches if m.state is MatchState.AUTO)
    view.table.select_keys([match_key(auto)])
    window.show_screen("overview")
    _in_the_list_of_screens(qtbot, window)

    qtbot.keyClick(window.nav, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A)

    assert [decision.kind for decision in services.recorded] == [DecisionKind.ACCEPT]
    assert view.note.text() == ""


def _top_left(window: MainWindow, screen: str) -> QWidget:
    """The screen's first control as it reads, with the window's fake services."""
    return {
        "overview": window.overview.currency_combo,
        "invoices": window.invoices.search,
        "statements": window.statements.search,
        "reconcile": window.reconcile.review_buttons[-1],  # Next: no match selected
        "discrepancies": window.discrepancies.search,
        "settings": window.settings.findChild(QWidget, "settings scroll"),
    }[screen]


@pytest.mark.parametrize("position", range(6))
def test_the_first_tab_from_the_list_of_screens_goes_to_the_screens_first_control(
    qtbot, window: MainWindow, position: int
) -> None:
    reconcile_after_a_run(qtbot, window)
    for banner in window.banners.banners():
        window.banners.dismiss(banner)
    screen = window.screen_names()[position]
    window.show_screen(screen)
    window.reconcile.table.clearSelection()
    _in_the_list_of_screens(qtbot, window)

    qtbot.keyClick(window.nav, Qt.Key.Key_Tab)

    qtbot.waitUntil(lambda: QApplication.focusWidget() is _top_left(window, screen))

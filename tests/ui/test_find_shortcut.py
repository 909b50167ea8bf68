"""Find (Ctrl+F) takes the keyboard to the filter box of the screen shown, its text
selected: Invoices, Statements, Reconcile and Discrepancies. The window owns the one
shortcut; a screen without a filter box (Overview) leaves the focus where it is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop_app.ui.main_window import MainWindow
from tests.ui.screens import reconcile_after_a_run


def _find() -> QKeySequence:
    """The platform's Find keys (asked once Qt runs: the platform says what they are)."""
    return QKeySequence(QKeySequence.StandardKey.Find)


def _press_find(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The platform's Find keys, pressed where the focus is, as the accountant would."""
    combination = _find()[0]
    target = window.focusWidget() or window
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())


@pytest.mark.parametrize("screen", ["invoices", "statements", "reconcile", "discrepancies"])
def test_find_takes_the_keyboard_to_the_screens_filter_box_with_its_text_selected(
    qtbot, window: MainWindow, screen: str
) -> None:
    reconcile_after_a_run(qtbot, window)
    window.show_screen(screen)
    view = getattr(window, screen)
    view.search.setText("PAYMENT")
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    _press_find(qtbot, window)
    qtbot.waitUntil(view.search.hasFocus)
    assert view.search.selectedText() == "PAYMENT"
    # Pressed again with the box focused and its text unselected, it selects it again.
    view.search.deselect()
    _press_find(qtbot, window)
    assert view.search.hasFocus()
    assert view.search.selectedText() == "PAYMENT"


def test_a_screen_without_a_filter_box_keeps_its_focus(qtbot, window: MainWindow) -> None:
    reconcile_after_a_run(qtbot, window)
    window.show_screen("overview")
    assert not window.find_action.isEnabled()
    focused = window.focusWidget()
    _press_find(qtbot, window)
    assert window.focusWidget() is focused
    window.show_screen("invoices")
    assert window.find_action.isEnabled()


def test_one_action_owns_the_find_keys(qtbot, window: MainWindow) -> None:
    """One shortcut, the window's (in the Edit menu): a view's own would make the keys
    ambiguous, and Qt then triggers neither."""
    owners = [a for a in window.findChildren(QAction) if _find() in a.shortcuts()]
    assert owners == [window.find_action]
    assert window.find_action in window.menuBar().actions()[1].menu().actions()
    assert window.find_action.shortcutContext() == Qt.ShortcutContext.WindowShortcut

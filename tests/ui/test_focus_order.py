"""The keyboard leaves a table with Tab, and goes round the Reconcile screen in order.

The tables moved between their cells on Tab (Qt's tab-key navigation), so Tab, Shift+Tab
and Ctrl+Tab never left one: twelve Tabs silently changed the selected match, and the
unmatched invoices, their filter and the Match button could not be reached from the
keyboard. Now Tab goes down the screen as it reads: the review actions, the note for the
next decision, the matches' filter and choice, the matches, the selected match's
explanation, card and evidence, the unmatched invoices (filter, table), Match, then the
unmatched lines (filter, table). It started at the matches table, and reached the
explanation and card only after the unmatched lines (``test_tab_ring`` goes round every
screen from the list of screens). The real window, driven by key presses.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.views.table_view import DomainTableView
from tests.ui.screens import reconcile_after_a_run

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _screen(qtbot, window: MainWindow) -> None:
    """The Reconcile screen after a run, the first match selected, an invoice and a line
    selected below (so Match is enabled), focus in the matches table."""
    reconcile_after_a_run(qtbot, window)
    view = window.reconcile
    for table in (view.invoices_panel.table, view.lines_panel.table, view.table):
        table.select_keys([table.domain_model().key_at(0)])
    assert view.match_action.isEnabled()
    view.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)


def _press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> QWidget:
    """Press ``key`` where the focus is; the widget that has it then."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)
    now = QApplication.focusWidget()
    assert now is not None
    return now


def _expected(window: MainWindow) -> list[QWidget]:
    view = window.reconcile
    enabled = [button for button in view.review_buttons if button.isEnabled()]
    return [
        *enabled,
        view.note,
        view.search,
        view.state_combo,
        view.table,
        view.detail.explanation_area,
        view.detail.card_area,
        view.detail.signals_table,
        view.invoices_panel.search,
        view.invoices_panel.table,
        view.match_button,
        view.lines_panel.search,
        view.lines_panel.table,
    ]


def test_tab_goes_round_the_reconcile_screen_in_order(qtbot, window: MainWindow) -> None:
    _screen(qtbot, window)
    view = window.reconcile
    expected = _expected(window)
    assert [b.text() for b in view.review_buttons if b.isEnabled()] == ["Accept", "Reject", "Next"]
    expected[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is expected[0])
    reached = [_press(qtbot, Qt.Key.Key_Tab) for _ in expected[1:]]
    assert reached == expected[1:]
    assert _press(qtbot, Qt.Key.Key_Tab) not in expected  # on, out of the screen


def test_shift_tab_goes_back_the_same_way(qtbot, window: MainWindow) -> None:
    _screen(qtbot, window)
    view = window.reconcile
    view.lines_panel.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.lines_panel.table)
    back = _expected(window)[:-1][::-1]
    assert [_press(qtbot, Qt.Key.Key_Backtab, SHIFT) for _ in back] == back


def test_tab_in_a_table_never_changes_the_selected_match(qtbot, window: MainWindow) -> None:
    _screen(qtbot, window)
    view = window.reconcile
    chosen = view.table.current_item()
    for _ in range(12):
        view.table.setFocus()
        qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert view.table.selected_items() == [chosen]
    assert view.table.currentIndex().row() == 0
    for table in window.findChildren(DomainTableView):
        assert not table.tabKeyNavigation(), table.objectName()


def test_ctrl_tab_leaves_a_table_too(qtbot, window: MainWindow) -> None:
    _screen(qtbot, window)
    view = window.reconcile
    assert _press(qtbot, Qt.Key.Key_Tab, CTRL) is view.detail.explanation_area
    view.invoices_panel.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.invoices_panel.table)
    assert _press(qtbot, Qt.Key.Key_Backtab, CTRL | SHIFT) is view.invoices_panel.search


def test_tab_goes_down_the_invoices_screen_as_it_reads(qtbot, window: MainWindow) -> None:
    """From the filter, Tab goes through its choices to the invoices they filter, then to
    the selected invoice's line items: it used to go from the dates to the line items and
    the list of screens before reaching the invoices (an exploratory test found it; the window
    took the invoices out of the screen's order, to put them after the list of screens).
    The dates are skipped while "Dated between" is off, and taken once it is on."""
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()
    window.show_screen("invoices")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.invoices
    view.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.search)
    expected = [
        view.provider_combo,
        view.status_combo,
        view.match_combo,
        view.dates_check,
        view.table,
        view.items_table,
    ]
    assert [_press(qtbot, Qt.Key.Key_Tab) for _ in expected] == expected

    view.dates_check.setChecked(True)
    view.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.search)
    # Tab goes through a date box's year, month and day before leaving it (Qt's own)
    dates = [view.date_from] * 3 + [view.date_to] * 3
    with_dates = [*expected[:4], *dates, *expected[4:]]
    assert [_press(qtbot, Qt.Key.Key_Tab) for _ in with_dates] == with_dates

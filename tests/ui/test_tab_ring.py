"""Tab goes round each screen from the list of screens in the order the screen reads, and
Shift+Tab goes round the same stops the other way.

The list of screens sent Tab straight to the shown screen's table, so on the Invoices,
Statements and Discrepancies screens forward Tab never reached the filter, the choices,
the dates, Import and Remove statement, Export workbook or the discrepancy groups: only
Shift+Tab did (an exploratory test found it). The Reconcile screen's ring started at its
matches table and ended at the match's explanation and card, after the unmatched lines;
the Settings screen's went from Add to Save, then to the fields above Save, and its page
was reached by Shift+Tab only. A banner's buttons, made after the screens, came after
the screen shown. The real window, engine and workspace, driven by key presses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from desktop_app.ui.backend import matching_settings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.banner import Banner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

# Two invoices paid, a third unpaid and a line unexplained: every screen has rows, the
# unmatched tables too, and there are discrepancies to select.
INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3))
LINES = (
    *(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2)),
    f.line(19, "-77.00", description="Card fee"),
)

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        yield shown


def _banner(window: MainWindow) -> Banner:
    """A banner with details: its Details and Dismiss buttons are Tab stops above the
    screen."""
    for shown in window.banners.banners():
        window.banners.dismiss(shown)
    return window.banners.show_error("Could not fetch", "Content Ignite: timed out", "trace")


def _overview(window: MainWindow) -> list[QWidget]:
    view = window.overview
    return [view.currency_combo, view.provider_combo, view.direction_combo, view.chart_view]


def _invoices(window: MainWindow) -> list[QWidget]:
    view = window.invoices
    view.dates_check.setChecked(True)
    # Tab goes through a date box's year, month and day before leaving it (Qt's own)
    dates = [view.date_from] * 3 + [view.date_to] * 3
    return [
        view.search,
        view.provider_combo,
        view.status_combo,
        view.match_combo,
        view.dates_check,
        *dates,
        view.table,
        view.items_table,
    ]


def _statements(window: MainWindow) -> list[QWidget]:
    view = window.statements
    view.file_combo.setCurrentIndex(view.file_combo.findData("bank.csv"))
    assert view.remove_button.isEnabled()
    return [
        view.search,
        view.file_combo,
        view.match_combo,
        view.remove_button,
        view.import_button,
        view.table,
    ]


def _reconcile(window: MainWindow) -> list[QWidget]:
    view = window.reconcile
    for table in (view.invoices_panel.table, view.lines_panel.table, view.table):
        table.select_keys([table.domain_model().key_at(0)])
    enabled = [button for button in view.review_buttons if button.isEnabled()]
    assert [button.text() for button in enabled] == ["Accept", "Reject", "Next"]
    assert view.match_button.isEnabled()
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


def _discrepancies(window: MainWindow) -> list[QWidget]:
    view = window.discrepancies
    view.table.select_keys([view.table.domain_model().key_at(0)])
    assert view.detail.reveal_button.isEnabled()
    return [
        view.search,
        view.export_button,
        view.groups_table,
        view.table,
        view.detail.text_area,
        view.detail.reveal_button,
    ]


def _page(window: MainWindow) -> QScrollArea:
    page = window.settings.findChild(QScrollArea, "settings scroll")
    assert page is not None
    return page


def _fields(window: MainWindow) -> list[QWidget]:
    """The matching settings' boxes, top to bottom."""
    form = window.settings.form
    fields = [form.findChild(QWidget, f"setting {key}") for key in matching_settings.EDITABLE]
    assert None not in fields
    return fields  # type: ignore[return-value]


def _settings(window: MainWindow) -> list[QWidget]:
    view = window.settings
    fields = _fields(window)
    assert len(fields) == 10
    return [_page(window), view.providers_table, view.add_button, *fields, view.save_button]


SCREENS: dict[str, Callable[[MainWindow], list[QWidget]]] = {
    "overview": _overview,
    "invoices": _invoices,
    "statements": _statements,
    "reconcile": _reconcile,
    "discrepancies": _discrepancies,
    "settings": _settings,
}


def _round(qtbot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """Press ``key`` from the list of screens until the focus is back there (at most 60
    presses); the widget focused after each press."""
    window.nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.nav)
    reached: list[QWidget] = []
    for _ in range(60):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, key, modifier)
        now = QApplication.focusWidget()
        assert now is not None
        reached.append(now)
        if now is window.nav:
            break
    return reached


def _named(widgets: list[QWidget]) -> list[str]:
    """The widgets as a failure shows them: the class, and the name or text."""
    return [
        f"{type(w).__name__} {w.objectName() or w.accessibleName() or getattr(w, 'text', str)()!r}"
        for w in widgets
    ]


@pytest.mark.parametrize("screen", list(SCREENS))
def test_tab_goes_round_the_screen_as_it_reads_and_shift_tab_the_same_way_back(
    qtbot, window: MainWindow, screen: str
) -> None:
    window.show_screen(screen)
    banner = _banner(window)
    expected = [
        banner.details_button,
        banner.close_button,
        *SCREENS[screen](window),
        window.nav,
    ]

    forward = _round(qtbot, window, Qt.Key.Key_Tab, NO_MODIFIER)
    assert _named(forward) == _named(expected)
    assert forward == expected

    backward = _round(qtbot, window, Qt.Key.Key_Backtab, SHIFT)
    assert backward == [*expected[-2::-1], window.nav]


def test_the_settings_fields_keep_their_place_when_a_workspace_brings_its_own(
    qtbot, window: MainWindow
) -> None:
    """The fields are made anew with each workspace's settings, after the rest of the
    window: Tab still goes from Add through them to Save."""
    window.show_screen("settings")
    view = window.settings
    view.show_matching(window.services.matching_settings())
    qtbot.waitUntil(lambda: all(field.isVisible() for field in _fields(window)))
    expected = [_page(window), view.providers_table, view.add_button, *_fields(window)]
    assert _round(qtbot, window, Qt.Key.Key_Tab, NO_MODIFIER) == [
        *expected,
        view.save_button,
        window.nav,
    ]


def test_the_keyboard_scrolls_to_a_settings_field_reached_from_outside_its_page(
    qtbot, window: MainWindow
) -> None:
    """On a short window the form scrolls: Shift+Tab from the list of screens reaches
    Save, at its foot, scrolled into view (Qt scrolls only for a Tab from inside)."""
    window.resize(1000, 420)
    window.show_screen("settings")
    view = window.settings
    bar = _page(window).verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)
    window.nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.nav)

    qtbot.keyClick(window.nav, Qt.Key.Key_Backtab, SHIFT)

    assert QApplication.focusWidget() is view.save_button
    assert bar.value() > 0
    shown = view.save_button.visibleRegion()
    assert not shown.isEmpty()

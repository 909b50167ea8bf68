"""However many banners, the window still fits on a 1366x768 screen.

Five wrapped banners with their details open made the window's minimum height 1,039 px:
it could not be made to fit a laptop's screen, and its bottom (the status bar with the
task's Cancel) went below it. The banner area is now bounded and scrolls. The real main
window, measured by Qt's own size hints.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.views.banner import Banner, BannerArea
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

SCREEN = (1366, 768)
ROOM = 60  # a title bar and a panel: the window itself must be shorter than the screen
LONG = "the workspace could not be written because the disk holding it is full " * 12


def _many_long_banners(window: MainWindow) -> list[Banner]:
    shown = [
        window.banners.show_error(f"Problem {n}", LONG, "\n".join([LONG] * 20))
        for n in range(BannerArea.MAX_BANNERS)
    ]
    for banner in shown:
        banner.details_button.setChecked(True)
    QApplication.processEvents()
    return shown


def test_many_long_banners_leave_the_window_shorter_than_the_screen(
    qtbot, window: MainWindow
) -> None:
    shown = _many_long_banners(window)
    assert window.minimumSizeHint().height() <= SCREEN[1] - ROOM
    window.resize(SCREEN[0], SCREEN[1] - ROOM)
    qtbot.waitUntil(lambda: window.height() == SCREEN[1] - ROOM)
    area = window.banners
    assert area.isVisible()
    assert area.height() <= BannerArea.MAX_HEIGHT
    assert window.stack.height() >= window.stack.minimumSizeHint().height()
    # Every banner is still there, reached by scrolling the area.
    assert window.banners.banners() == shown
    bar = area.verticalScrollBar()
    assert bar.isVisible()
    assert bar.maximum() > 0
    area.ensureWidgetVisible(shown[-1])
    assert bar.value() > 0


def test_a_narrow_window_does_not_grow_with_the_wrapped_text(qtbot, window: MainWindow) -> None:
    _many_long_banners(window)
    window.resize(window.minimumSizeHint().width(), SCREEN[1])
    QApplication.processEvents()
    assert window.minimumSizeHint().height() <= SCREEN[1] - ROOM
    assert window.banners.height() <= BannerArea.MAX_HEIGHT


def test_one_banner_is_shown_whole_and_the_area_goes_with_it(qtbot, window: MainWindow) -> None:
    """A guard: the bound does not crop a banner that fits."""
    banner = window.banners.show_info("Report exported", "/tmp/report.xlsx")
    qtbot.waitUntil(lambda: banner.isVisible() and banner.height() > 0)
    area = window.banners
    qtbot.waitUntil(lambda: area.viewport().height() >= banner.geometry().bottom())
    assert area.verticalScrollBar().maximum() == 0
    banner.close_button.click()
    qtbot.waitUntil(lambda: not area.isVisible())


def test_beside_the_real_settings_form_the_window_still_fits(qtbot, runner, tmp_path: Path) -> None:
    """The first version was measured over the test services, whose Settings form has
    three fields: beside the real one's ten (570 pixels, the tallest screen), three
    banners pushed the window past 768 pixels. The form now scrolls."""
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs()) as window:
        assert len(window.settings.form.findChildren(QLabel)) >= 10
        _many_long_banners(window)
        assert window.minimumSizeHint().height() <= SCREEN[1] - ROOM


def test_tab_into_the_banners_scrolls_the_button_it_reaches_into_view(
    qtbot, window: MainWindow
) -> None:
    """The strip itself took focus (with no mark to show it), and a banner's button that
    Tab reached could be scrolled out of sight."""
    shown = _many_long_banners(window)
    window.resize(SCREEN[0], SCREEN[1] - ROOM)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    area = window.banners
    assert area.focusPolicy() == Qt.FocusPolicy.NoFocus
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    first = shown[0].details_button
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    top_left = first.mapTo(area.viewport(), first.rect().topLeft())
    assert 0 <= top_left.y() < area.viewport().height()

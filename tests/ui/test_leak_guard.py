"""The leak guard of conftest.py notices what it is meant to notice."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.conftest import _leaked_widgets, _live, _pointer


def test_guard_reports_an_active_timer_and_a_new_window(qapp: QApplication) -> None:
    before = {_pointer(w) for w in QApplication.topLevelWidgets()}
    timer = QTimer()
    timer.setObjectName("forgotten")
    timer.start(60_000)
    window = QWidget()
    window.setObjectName("stray")
    try:
        assert _live([timer], [], []) == ["active timer forgotten"]
        assert _leaked_widgets(before) == ["window QWidget 'stray'"]
    finally:
        timer.stop()
        window.deleteLater()
    assert _live([timer], [], []) == []

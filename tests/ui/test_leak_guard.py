"""The leak guard of conftest.py notices what it is meant to notice, and no test inherits
the keys its predecessor left held."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.conftest import _leaked_widgets, _live, _pointer, release_keys


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


def test_a_modifier_qtest_leaves_held_is_released(qtbot: Any) -> None:
    """Ctrl+Shift+Z pressed by QTest leaves Qt believing Shift held (the next test's
    ``selectRow`` then extended a selection instead of choosing a row)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(widget, Qt.Key.Key_Z, shift_ctrl)
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.ShiftModifier
    release_keys()
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier

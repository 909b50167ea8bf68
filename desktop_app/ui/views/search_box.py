"""A filter-as-you-type box: the query is applied once typing pauses, not per keystroke."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

DEBOUNCE_MS = 150


class SearchBox(QLineEdit):
    query_changed = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        # A screen reader reads no placeholder as the box's name: it is the name, unless
        # the screen gives another (``setAccessibleName``).
        self.setAccessibleName(placeholder.rstrip("…"))
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setObjectName("search debounce")
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self.textChanged.connect(lambda _: self._timer.start())
        self.returnPressed.connect(self._emit)

    def _emit(self) -> None:
        self._timer.stop()
        self.query_changed.emit(self.text().strip())

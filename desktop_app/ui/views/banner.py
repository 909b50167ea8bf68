"""Errors shown without blocking: a dismissable banner with the details one click away.

A failed fetch or import must not stop the accountant: the banner sits above the
screens, the rest of the window keeps working, and several errors stack up.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

_STYLE = {
    "error": "QFrame#banner { background: #fdecea; border: 1px solid #f5c2c0; border-radius: 4px; }",
    "info": "QFrame#banner { background: #e8f4fd; border: 1px solid #b6dcf8; border-radius: 4px; }",
}


class Banner(QFrame):
    """One message; ``dismissed`` when its close button is clicked."""

    dismissed = Signal()

    def __init__(
        self, title: str, message: str, details: str, kind: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(_STYLE[kind])
        self.title, self.message, self.details_text = title, message, details
        self.label = QLabel(f"<b>{_escape(title)}</b>: {_escape(message)}")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton("Details")
        self.details_button.setCheckable(True)
        self.details_button.setVisible(bool(details))
        self.close_button = QPushButton("Dismiss")
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMaximumHeight(160)
        self.details_button.toggled.connect(self.details.setVisible)
        self.close_button.clicked.connect(self.dismissed.emit)
        row = QHBoxLayout()
        row.addWidget(self.label, 1)
        row.addWidget(self.details_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(row)
        layout.addWidget(self.details)


class BannerArea(QWidget):
    """A stack of banners above the screens; hidden when empty."""

    MAX_BANNERS = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 0)
        self.setVisible(False)

    def show_error(self, title: str, message: str, details: str = "") -> Banner:
        return self._add(Banner(title, message, details, "error"))

    def show_info(self, title: str, message: str) -> Banner:
        return self._add(Banner(title, message, "", "info"))

    def banners(self) -> list[Banner]:
        return self.findChildren(Banner, options=Qt.FindChildOption.FindDirectChildrenOnly)

    def _add(self, banner: Banner) -> Banner:
        existing = self.banners()
        if len(existing) >= self.MAX_BANNERS:
            self._remove(existing[0])
        banner.dismissed.connect(lambda: self._remove(banner))
        self._layout.addWidget(banner)
        self.setVisible(True)
        return banner

    def _remove(self, banner: Banner) -> None:
        self._layout.removeWidget(banner)
        banner.hide()
        banner.setParent(None)
        banner.deleteLater()
        self.setVisible(bool(self.banners()))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

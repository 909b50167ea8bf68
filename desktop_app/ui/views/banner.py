"""Errors shown without blocking: a dismissable banner with the details one click away.

A failed fetch or import must not stop the accountant: the banner sits above the
screens, the rest of the window keeps working, and several errors stack up; the same
message said again replaces its banner rather than stacking a copy of it. Each banner
has a level, shown by its colour and its icon: an error (something failed), a warning
(something was left out, such as rows an import skipped) or information (nothing was
lost), so a note is not mistaken for a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.views.fitted_area import FittedScrollArea

Level = Literal["error", "warning", "info"]
# A button doing what a message invites (Open the workbook just written): its text, its act.
Action = tuple[str, Callable[[], None]]

_FRAME = "QFrame#banner {{ background: {}; border: 1px solid {}; border-radius: 4px; }}"
_STYLE: dict[Level, str] = {
    "error": _FRAME.format("#fdecea", "#f5c2c0"),
    "warning": _FRAME.format("#fff4e5", "#ffd8a8"),
    "info": _FRAME.format("#e8f4fd", "#b6dcf8"),
}
_ICON: dict[Level, QStyle.StandardPixmap] = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
_ICON_SIZE = 16


class Banner(QFrame):
    """One message at a ``level``; ``dismissed`` when its close button is clicked. Its
    ``actions`` are buttons before Details and Dismiss; the banner stays when one is
    clicked, so it can be clicked again (the workbook opened twice)."""

    dismissed = Signal()

    def __init__(
        self,
        title: str,
        message: str,
        details: str,
        level: Level,
        parent: QWidget | None = None,
        actions: Sequence[Action] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(_STYLE[level])
        self.level: Level = level
        self.title, self.message, self.details_text = title, message, details
        self.icon = QLabel()
        self.icon.setObjectName(f"banner-{level}-icon")
        self.icon.setPixmap(self.style().standardIcon(_ICON[level]).pixmap(_ICON_SIZE))
        self.label = QLabel(f"<b>{_escape(title)}</b>: {_escape(message)}")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton("Details")
        self.details_button.setCheckable(True)
        self.details_button.setVisible(bool(details))
        self.close_button = QPushButton("Dismiss")
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(f"Details: {title}")  # Tab reaches it, once shown
        self.details.setVisible(False)
        self.details.setMaximumHeight(160)
        self.details_button.toggled.connect(self.details.setVisible)
        self.close_button.clicked.connect(self.dismissed.emit)
        row = QHBoxLayout()
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)
        self.action_buttons: list[QPushButton] = []
        for text, act in actions:
            button = QPushButton(text)
            button.clicked.connect(act)
            row.addWidget(button)
            self.action_buttons.append(button)
        self.action_texts = tuple(text for text, _ in actions)
        row.addWidget(self.details_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(row)
        layout.addWidget(self.details)


class BannerArea(FittedScrollArea):
    """A stack of banners above the screens; hidden when empty.

    Its height follows the banners up to ``MAX_HEIGHT`` (``FittedScrollArea``), and they
    scroll within it beyond that: five wrapped banners (their details open) made the
    window's minimum height taller than a 1366x768 screen, so the window could not fit on
    one (nor could it beside the Settings screen's form, which now scrolls). The strip itself takes no
    focus; a banner's button that Tab reaches is scrolled into view.
    """

    MAX_BANNERS = 5
    MAX_HEIGHT = 180

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, max_height=self.MAX_HEIGHT, keep_whole=True)
        self.setObjectName("banner area")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._holder = QWidget()
        self._holder.setObjectName("banners")
        self._layout = QVBoxLayout(self._holder)
        self._layout.setContentsMargins(6, 6, 6, 0)
        # Details opened or a banner added re-lays the holder: the area's height follows.
        self.setWidget(self._holder)
        self.setVisible(False)
        self._refusal: Banner | None = None  # the refusal said last (``show_refusal``)

    def show_message(
        self,
        level: Level,
        title: str,
        message: str,
        details: str = "",
        actions: Sequence[Action] = (),
    ) -> Banner:
        return self._add(Banner(title, message, details, level, actions=actions))

    def show_error(self, title: str, message: str, details: str = "") -> Banner:
        return self.show_message("error", title, message, details)

    def show_info(self, title: str, message: str, actions: Sequence[Action] = ()) -> Banner:
        return self.show_message("info", title, message, actions=actions)

    def show_refusal(self, title: str, message: str) -> Banner:
        """Say why an action was refused, in place of the refusal said before: only the
        latest is about what the accountant is doing now. It goes by itself when what it
        refused changes (``withdraw_refusal``), so refusals of things since done, undone
        or re-run do not pile up above the screens through later imports and removals;
        errors and warnings stay until dismissed, as ever."""
        self.withdraw_refusal()
        self._refusal = self.show_info(title, message)
        return self._refusal

    def withdraw_refusal(self) -> None:
        """Take the refusal said last away, if it is still shown: what it refused has
        changed (a decision made or undone, a run shown, a statement imported or
        removed, invoices fetched), so it may no longer hold."""
        refusal, self._refusal = self._refusal, None
        if refusal is not None:
            self.dismiss(refusal)

    def dismiss(self, banner: Banner) -> None:
        """Take ``banner`` away, as its Dismiss button does; nothing if it is gone already
        (dismissed, or pushed out by newer banners)."""
        if banner in self.banners():
            self._remove(banner)

    def banners(self) -> list[Banner]:
        return self._holder.findChildren(Banner, options=Qt.FindChildOption.FindDirectChildrenOnly)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.ensureWidgetVisible(watched)
        return super().eventFilter(watched, event)

    def _add(self, banner: Banner) -> Banner:
        """Show ``banner`` last, in place of any saying the very same: a refusal repeated
        (Ctrl+Z pressed again on a step the workspace will not undo) stacked one
        identical banner per keypress, pushing the others out."""
        for shown in self.banners():
            if _same(shown, banner):
                self._remove(shown)
        existing = self.banners()
        if len(existing) >= self.MAX_BANNERS:
            self._remove(existing[0])
        banner.dismissed.connect(lambda: self._remove(banner))
        for button in banner.findChildren(QAbstractButton):
            button.installEventFilter(self)  # scrolled into view when Tab reaches it
        self._layout.addWidget(banner)
        self.setVisible(True)
        self.updateGeometry()
        return banner

    def _remove(self, banner: Banner) -> None:
        self._layout.removeWidget(banner)
        banner.hide()
        banner.setParent(None)
        banner.deleteLater()
        self.setVisible(bool(self.banners()))
        self.updateGeometry()


def _same(first: Banner, second: Banner) -> bool:
    """Whether two banners say the same: level, title, message, details and buttons."""
    return (first.level, first.title, first.message, first.details_text, first.action_texts) == (
        second.level,
        second.title,
        second.message,
        second.details_text,
        second.action_texts,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

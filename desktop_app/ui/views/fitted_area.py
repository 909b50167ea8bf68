"""A scroll area as tall as what it holds, up to a limit: it scrolls only beyond that.

A plain ``QScrollArea`` asks for a fixed, arbitrary height whatever it holds, so a pane
of a few lines left empty space below them or a tall one was cut short while room was
free elsewhere. The banners above the screens and the match's explanation and card on
the Reconcile screen are sized so: as tall as their wrapped text at the width shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea, QWidget


class FittedScrollArea(QScrollArea):
    """Asks for the height of its widget at the width shown (``content_height``), up to
    ``max_height`` where one is given; taller content scrolls within it.

    ``keep_whole``: its minimum height is that height too, so a layout short of room
    squeezes its neighbours rather than this (the banners, a match's explanation);
    without it, it gives way as any scroll area does, and scrolls (the card of a batch).
    The height is asked again when its widget is laid out anew (text set, a widget shown
    or added) and when its width changes (wrapped text then takes more or fewer lines).
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        max_height: int | None = None,
        keep_whole: bool = False,
    ) -> None:
        super().__init__(parent)
        self._max_height = max_height
        self._keep_whole = keep_whole
        if max_height is not None:
            self.setMaximumHeight(max_height)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)  # its layout requests: its height may change

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.widget() is None:
            return hint
        height = self.content_height() + 2 * self.frameWidth()
        if self._max_height is not None:
            height = min(height, self._max_height)
        return QSize(hint.width(), height)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not self._keep_whole:
            return hint
        return QSize(hint.width(), self.sizeHint().height())

    def content_height(self) -> int:
        """The widget's height at the viewport's width (its wrapped text's lines)."""
        body = self.widget()
        if body is None:
            return 0
        width = self.viewport().width()
        if width > 0 and body.hasHeightForWidth():
            return body.heightForWidth(width)
        return body.sizeHint().height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # narrower, the text wraps onto more lines

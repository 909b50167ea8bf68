"""Answering a dialog the code under test opens modally (``exec``): the test cannot act
after the call, which returns only once the dialog is closed, so the answer is scheduled
before it and runs inside the dialog's own event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

D = TypeVar("D", bound=QDialog)


def answer_when_shown(kind: type[D], answer: Callable[[D], None]) -> list[D]:
    """Schedule ``answer`` for the next modal ``kind`` dialog, once it is shown; the list
    returned holds that dialog afterwards (empty: it was never shown). The dialog is
    closed if the answer left it open or failed, and, never shown within about two
    seconds, any such dialog is closed rather than waited for: a test never hangs on a
    question left waiting."""
    shown: list[D] = []

    def when_shown(tries: int = 200) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            shown.append(dialog)
            try:
                answer(dialog)
            finally:  # an answer that failed leaves no question waiting
                if dialog.isVisible():
                    dialog.reject()
        elif tries:
            QTimer.singleShot(10, lambda: when_shown(tries - 1))
        else:
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, kind):
                    widget.reject()

    QTimer.singleShot(0, when_shown)
    return shown

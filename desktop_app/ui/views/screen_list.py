"""The window's list of screens, whose Tab goes where the screen's keys act."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QWidget


class ScreenList(QListWidget):
    """Tab from the list goes to the widget the shown screen's keys act on
    (``first_focus``: the Reconcile screen's matches, where A, R and U work), not to the
    next widget Qt's focus chain holds.

    That was done by putting the widget after the list in the window's focus chain
    (``QWidget.setTabOrder``) at each change of screen; but that takes the widget out of
    its own screen's chain, so Tab within the screen skipped it (the Invoices screen went
    from its dates to the line items, then back to the list, before the invoices). Going
    there on Tab from here leaves every screen's own order as the screen set it."""

    def __init__(self, first_focus: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._first_focus = first_focus

    def focusNextPrevChild(self, next: bool) -> bool:
        if next:
            target = self._first_focus()
            if target.isVisible() and target.isEnabled():
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().focusNextPrevChild(next)

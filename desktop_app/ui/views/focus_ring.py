"""The window's Tab ring: the list of screens, the banners, then the screen shown, in the
order each reads, and Shift+Tab the same way back.

Qt's focus chain holds each widget in the order it joined the window, and a widget made
later (a banner's buttons, the matching settings' fields, rebuilt for each workspace)
joins at its end, after every screen. The list of screens used to send Tab straight to
the shown screen's table to get past that, so the filters, choices and buttons above
the table were reached by Shift+Tab only: the two directions went round different rings.
Here the window's parts are taken in the order they read (``regions``), each keeping the
order of Qt's chain within it, as each screen sets it where it is built
(``QWidget.setTabOrder``); the pages the stack does not show are hidden, so only the
shown screen's widgets are stops.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget


def focus_order(window: QWidget, regions: Sequence[QWidget]) -> list[QWidget]:
    """Every widget of ``window``'s focus chain, those of ``regions`` in their order, each
    in Qt's chain order within it, then any other (stops or not: ``takes_tab``)."""
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window:
        chain.append(widget)
        widget = widget.nextInFocusChain()

    def region(widget: QWidget) -> int:
        return next(
            (i for i, part in enumerate(regions) if part is widget or part.isAncestorOf(widget)),
            len(regions),
        )

    return sorted(chain, key=region)  # stable: Qt's order within each part


def takes_tab(window: QWidget, widget: QWidget) -> bool:
    """Whether Tab stops at ``widget``, as Qt's own chain decides: it takes Tab focus (all
    controls, or text and lists only where the platform says so), passes it to no other
    widget, and is shown and enabled in ``window``."""
    all_controls = (
        QGuiApplication.styleHints().tabFocusBehavior() == Qt.TabFocusBehavior.TabFocusAllControls
    )
    wanted = Qt.FocusPolicy.TabFocus if all_controls else Qt.FocusPolicy.StrongFocus
    return (
        widget.focusPolicy() & wanted == wanted
        and widget.focusProxy() is None
        and widget.window() is window
        and widget.isVisibleTo(window)
        and widget.isEnabled()
    )


def tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab goes from each of ``widgets`` to the next, in the order listed: a screen's order
    within its part of the ring, set where it is built. PySide6 binds only the two-widget
    ``QWidget.setTabOrder``, so the pairs are set one by one."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def move_focus(window: QWidget, regions: Sequence[QWidget], forward: bool) -> bool:
    """Tab (``forward``) or Shift+Tab from the focus widget to the next stop round the
    ring; False, for Qt's own handling, where the focus is not in ``window``."""
    current = QApplication.focusWidget()
    order = focus_order(window, regions)
    if current is None or current not in order:
        return False
    start = order.index(current)
    step = 1 if forward else -1
    for offset in range(1, len(order) + 1):
        candidate = order[(start + step * offset) % len(order)]
        if takes_tab(window, candidate):
            if candidate is not current:
                reason = (
                    Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
                )
                candidate.setFocus(reason)
                _scroll_to(candidate)
            return True
    return False


def _scroll_to(widget: QWidget) -> None:
    """Scroll each scroll area holding ``widget`` to it (the Settings screen's form on a
    short screen): Qt does so only for a Tab that starts in the same area."""
    ancestor = widget.parentWidget()
    while ancestor is not None:
        if isinstance(ancestor, QScrollArea):
            body = ancestor.widget()
            if body is not None and body.isAncestorOf(widget):
                ancestor.ensureWidgetVisible(widget)
        ancestor = ancestor.parentWidget()

"""``FittedScrollArea``: as tall as its wrapped text at the width shown, up to a limit.

The banners above the screens and the match's card on the Reconcile screen each had
their own copy of this sizing; they share this one. Real widgets in a real layout.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QTextEdit, QVBoxLayout, QWidget

from desktop_app.ui.views.fitted_area import FittedScrollArea
from tests.ui.settle import laid_out

WORDS = "a payment of several parts, each with its own reference and date; "


def _pane(
    qtbot: Any, area: FittedScrollArea, height: int = 600
) -> tuple[QWidget, QLabel, QTextEdit]:
    """``area`` holding a wrapped label (taller than a scroll area's least height), above
    a text box taking what is left."""
    label = QLabel(WORDS * 3)
    label.setWordWrap(True)
    area.setWidget(label)
    area.setWidgetResizable(True)
    rest = QTextEdit()
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.addWidget(area)
    layout.addWidget(rest, 1)
    qtbot.addWidget(pane)
    pane.resize(300, height)
    pane.show()
    qtbot.waitExposed(pane)
    return pane, label, rest


def _settled(qtbot: Any, area: FittedScrollArea, label: QLabel) -> None:
    qtbot.waitUntil(lambda: area.height() == min(area.sizeHint().height(), area.maximumHeight()))
    assert label.isVisible()


def test_it_is_as_tall_as_its_text_and_follows_it(qtbot: Any) -> None:
    area = FittedScrollArea()
    _pane_kept, label, _ = _pane(qtbot, area)  # held: the pane owns the area
    _settled(qtbot, area, label)
    one = area.height()
    assert one == label.heightForWidth(area.viewport().width()) + 2 * area.frameWidth()
    label.setText(WORDS * 9)  # laid out anew: the area asks again, unprompted
    qtbot.waitUntil(lambda: area.height() > 2 * one)
    assert area.verticalScrollBar().maximum() == 0  # all of it in sight


def test_narrower_it_is_taller(qtbot: Any) -> None:
    area = FittedScrollArea()
    pane, label, _ = _pane(qtbot, area)
    _settled(qtbot, area, label)
    wide = area.height()
    pane.resize(150, pane.height())
    qtbot.waitUntil(lambda: area.height() > wide)
    assert area.verticalScrollBar().maximum() == 0


def test_beyond_its_limit_it_scrolls(qtbot: Any) -> None:
    area = FittedScrollArea(max_height=60)
    _pane_kept, label, _ = _pane(qtbot, area)  # held: the pane owns the area
    label.setText(WORDS * 10)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    assert area.height() == 60


@pytest.mark.parametrize("keep_whole", [True, False])
def test_kept_whole_it_is_not_squeezed(qtbot: Any, keep_whole: bool) -> None:
    """Short of room, an area kept whole keeps its height (the others give way); one
    not kept whole gives way too, and scrolls."""
    area = FittedScrollArea(keep_whole=keep_whole)
    pane, label, rest = _pane(qtbot, area, height=600)
    label.setText(WORDS * 6)
    _settled(qtbot, area, label)
    laid_out(pane)
    whole = area.height()
    assert whole == area.sizeHint().height()
    rest.setMinimumHeight(0)
    pane.resize(pane.width(), whole // 2)
    qtbot.waitUntil(lambda: pane.height() <= max(whole // 2, pane.minimumSizeHint().height()))
    laid_out(pane)
    if keep_whole:
        assert area.height() == whole
        assert pane.minimumSizeHint().height() > whole
    else:
        assert area.height() < whole
        assert area.verticalScrollBar().maximum() > 0

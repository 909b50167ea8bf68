"""The Overview's pickers show their choices whole.

Its Currency, Provider and Direction choices are filled once invoices are fetched, after
the window first shows; Qt had fixed each combo's width then, on no choice at all, and
"Receivable (money in)" showed as "Receivat". The real window over the test services.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

from desktop_app.domain import Direction
from desktop_app.ui.main_window import MainWindow
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices
from tests.ui.settle import laid_out


@pytest.fixture
def services() -> MemoryServices:
    """Invoices we owe and invoices owed to us (``conftest_window.window`` uses these)."""
    rec = f.reconciliation()
    invoices = tuple(
        replace(invoice, direction=Direction.RECEIVABLE) if n % 2 else invoice
        for n, invoice in enumerate(rec.invoices)
    )
    return MemoryServices(invoices=invoices, statements={"bank.csv": rec.lines})


def _room(combo: QComboBox) -> int:
    """The width the combo gives its text: less its frame and its arrow."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


def test_each_picker_is_as_wide_as_its_longest_choice(qtbot, window: MainWindow) -> None:
    window.show_screen("overview")  # shown empty first, as on opening the window
    view = window.overview
    assert view.direction_combo.count() == 0
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()
    directions = [view.direction_combo.itemText(i) for i in range(view.direction_combo.count())]
    assert Direction.RECEIVABLE.label in directions
    laid_out(window)
    pickers = {
        "currency": view.currency_combo,
        "provider": view.provider_combo,
        "direction": view.direction_combo,
    }
    for name, combo in pickers.items():
        metrics = combo.fontMetrics()
        texts = [combo.itemText(i) for i in range(combo.count())]
        longest = max(texts, key=metrics.horizontalAdvance)
        assert _room(combo) >= metrics.horizontalAdvance(longest), (name, longest)

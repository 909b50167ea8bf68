"""The column headers' repaint with many rows selected asks the model nothing per row.

Qt's header, painting a section, asks whether the columns beside it are selected whole
(``QItemSelectionModel.isColumnSelected``), whether it highlights them or not: a call
into the model's Python ``flags``, ``rowCount`` and ``columnCount`` for every row of each
column. With 20,000 rows selected (Ctrl+A before a bulk Accept) that was 180,000 calls at
each repaint of the header, which held the window a second and more while a step's save
ran beside it. The header now reads a selection of its own, which nothing selects.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.invoices import InvoiceTableModel
from desktop_app.ui.views.table_view import DomainTableView
from tests.ui import factories as f

ROWS = 400


class _Counting(InvoiceTableModel):
    """Counts the calls Qt makes into ``flags``."""

    def __init__(self) -> None:
        super().__init__()
        self.flag_calls = 0

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        self.flag_calls += 1
        return super().flags(index)


def _shown(qtbot: Any) -> tuple[_Counting, DomainTableView]:
    model = _Counting()
    model.set_items([f.invoice(i) for i in range(1, ROWS + 1)])
    view = DomainTableView(model, "t")
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()  # laid out and painted once
    return model, view


def test_repainting_the_header_over_every_row_selected_asks_no_row(qtbot) -> None:
    model, view = _shown(qtbot)
    view.selectAll()
    assert len(view.selected_rows()) == ROWS
    QApplication.processEvents()
    model.flag_calls = 0
    view.horizontalHeader().viewport().repaint()
    assert model.flag_calls < ROWS  # it was every row, for each column painted


def test_the_table_still_selects_sorts_and_keeps_its_current_row(qtbot) -> None:
    """The header's own selection changes nothing the table does: Ctrl+A selects every
    row, a click on a header sorts, the current row is the table's."""
    model, view = _shown(qtbot)
    view.selectAll()
    assert len(view.selected_items()) == ROWS
    view.sortByColumn(column_index(model.columns, "number"), Qt.SortOrder.DescendingOrder)
    assert model.visible_items()[0].number == f.invoice(ROWS).number
    assert len(view.selected_items()) == ROWS
    view.select_keys([model.key_at(3)], model.key_at(3))
    assert view.current_item() is model.item_at(3)
    assert view.selected_items() == [model.item_at(3)]

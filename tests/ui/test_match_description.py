"""The matches table's Description column: what the statement says of each payment.

An accountant decides a match by reading the bank's words for the payment beside the
invoice; the table showed only the line's file and row. The column is the table's last
(saved layouts keep their columns by position) and shown after the invoices and their
money (Invoiced, Paid, Difference: those first, so they stay in sight at 1366x768). A
layout saved before it existed was opened with every column's width and the sort it had;
it is now dropped, as every layout made before the money came first is (the table's
layout version), and the table opens as on a first run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.matches import MATCH_COLUMNS, MatchTableModel
from tests.ui.factories import invoice, line, match
from tests.ui.screens import reconcile_after_a_run

TABLE = "matches table"
# The matches table's columns before Description, in the order a saved layout has them.
BEFORE = (
    "state",
    "score",
    "provider",
    "invoices",
    "invoiced",
    "lines",
    "date",
    "paid",
    "difference",
    "explanation",
    "runner_up",
)

ONE = match(invoice(1), line(2, description="EL-2025-00133 CUSTOMER 1060"))
PARTS = match(
    invoice(2, "200.00"),
    (
        line(3, description="el-2025-00141 CUSTOMER 1036 PART 1"),
        line(7, description="el-2025-00141 CUSTOMER 1036 PART 2"),
    ),
)
BATCH = match((invoice(3), invoice(4)), line(4, "-200.00", description="ACME BATCH"))
PAYEE = match(
    invoice(5),
    replace(line(5, description="RE 2025-0042"), counterparty="Acme GmbH"),
)
BARE = match(invoice(6), replace(line(6), description="", reference="SEPA 771"))


def _descriptions(model: MatchTableModel) -> list[str]:
    column = column_index(model.columns, "description")
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_description_column_says_what_the_statement_says(qtmodeltester) -> None:
    model = MatchTableModel()
    qtmodeltester.check(model)
    model.set_items([ONE, PARTS, BATCH, PAYEE, BARE])
    assert _descriptions(model) == [
        "EL-2025-00133 CUSTOMER 1060",
        "el-2025-00141 CUSTOMER 1036 PART 1; el-2025-00141 CUSTOMER 1036 PART 2",
        "ACME BATCH",
        "Acme GmbH · RE 2025-0042",  # the payee the file names apart, then its words
        "SEPA 771",  # no description: its reference, never a blank
    ]
    column = column_index(model.columns, "description")
    tip = model.index(1, column).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == (
        "bank.csv:3: el-2025-00141 CUSTOMER 1036 PART 1 · ref REF3\n"
        "bank.csv:7: el-2025-00141 CUSTOMER 1036 PART 2 · ref REF7"
    )
    model.sort(column, Qt.SortOrder.AscendingOrder)  # the list sorted, no proxy
    assert _descriptions(model)[:2] == ["ACME BATCH", "Acme GmbH · RE 2025-0042"]
    model.set_filter("customer 1036")  # the filter finds what the column shows
    assert model.visible_items() == [PARTS]
    model.set_filter("acme gmbh")
    assert model.visible_items() == [PAYEE]
    model.set_filter("")
    assert model.rowCount() == 5


def test_description_is_the_last_column_so_saved_layouts_keep_theirs() -> None:
    """Saved layouts map columns by position: a column is only ever appended."""
    keys = tuple(column.key for column in MATCH_COLUMNS)
    assert keys == (*BEFORE, "description")


def test_on_screen_the_description_follows_the_invoices_money(qtbot, window: MainWindow) -> None:
    window.resize(1366, 768)
    reconcile_after_a_run(qtbot, window)
    view = window.reconcile
    header = view.table.horizontalHeader()
    order = [header.logicalIndex(visual) for visual in range(header.count())]
    shown = [view.model.columns[logical].key for logical in order]
    assert shown[2:7] == ["invoices", "invoiced", "paid", "difference", "description"]
    description = column_index(view.model.columns, "description")
    qtbot.waitUntil(lambda: view.table.viewport().width() > 400)
    # Read without scrolling at 1366x768: most of it in sight.
    visible = view.table.viewport().width() - view.table.columnViewportPosition(description)
    assert visible >= 150
    assert view.model.index(0, description).data() == "PAYMENT 2"


def _legacy_layout() -> QByteArray:
    """A matches table layout as saved before Description: the lines' column widened,
    the explanation dragged to the front, sorted by Paid, largest first."""
    model = QStandardItemModel(0, len(BEFORE))
    table = QTableView()
    table.setModel(model)
    header = table.horizontalHeader()
    header.setSectionsMovable(True)
    table.setSortingEnabled(True)
    header.resizeSection(BEFORE.index("lines"), 211)
    header.moveSection(header.visualIndex(BEFORE.index("explanation")), 0)
    header.setSortIndicator(BEFORE.index("paid"), Qt.SortOrder.DescendingOrder)
    return header.saveState()


def test_a_layout_saved_before_the_description_gives_way_to_the_money_first(
    qtbot, reopen, state_path: Path
) -> None:
    """Made before the money came first (layout version 1), so dropped: restored, it
    kept Provider ahead of the money and the older widths, and the new order reached
    first runs only. (It was restored, widths, places and sort, until then.)"""
    settings = QSettings(str(state_path), QSettings.Format.IniFormat)
    settings.setValue(f"tables/{TABLE}", _legacy_layout())
    settings.sync()
    window = reopen()
    view = window.reconcile
    columns = view.model.columns
    header = view.table.horizontalHeader()
    assert header.count() == len(columns)
    lines = column_index(columns, "lines")
    assert header.sectionSize(lines) == columns[lines].width  # the layout's 211 dropped
    assert header.visualIndex(column_index(columns, "explanation")) != 0
    assert header.sortIndicatorSection() == -1  # no sort, as on a first run
    assert view.model.sort_state()[0] == -1
    description = column_index(columns, "description")
    difference = column_index(columns, "difference")
    assert header.visualIndex(description) == header.visualIndex(difference) + 1
    assert header.sectionSize(description) == columns[description].width


def test_a_layout_saved_with_the_description_keeps_it_where_it_was_put(
    qtbot, reopen, state_path: Path
) -> None:
    window = reopen()
    header = window.reconcile.table.horizontalHeader()
    description = column_index(window.reconcile.model.columns, "description")
    header.moveSection(header.visualIndex(description), 0)
    header.resizeSection(description, 333)
    window.close()
    again = reopen().reconcile.table.horizontalHeader()
    assert again.visualIndex(description) == 0
    assert again.sectionSize(description) == 333

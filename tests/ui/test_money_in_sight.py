"""At 1366x768 the Reconcile screen shows the money without scrolling sideways.

The matches table showed State, Score, Provider, Invoices and the statement's
Description, with Invoiced, Paid and Difference off to the right; the unmatched invoices
below showed Provider, Invoice and Counterparty, Issued cut to "2025-1" and no Amount.
The real window over the test services, shown at a laptop's size.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHeaderView, QStyle

from desktop_app.ui import formatting as fmt
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.views.table_view import DomainTableView
from tests.ui.screens import reconcile_after_a_run
from tests.ui.settle import laid_out

SCREEN = (1366, 768)


def _in_sight(table: DomainTableView, key: str) -> bool:
    """Whether the whole of column ``key`` lies in the table's viewport, unscrolled, with
    room for a vertical scroll bar too: a month's list has one, the test's few rows not."""
    header: QHeaderView = table.horizontalHeader()
    logical = column_index(table.domain_model().columns, key)
    left = header.sectionViewportPosition(logical)
    bar = table.verticalScrollBar()
    room = table.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())
    return (
        not header.isSectionHidden(logical)
        and left >= 0
        and left + header.sectionSize(logical) <= room
    )


def _fits(table: DomainTableView, key: str, text: str) -> bool:
    """Whether column ``key`` is wide enough for ``text`` and the cell's margins."""
    logical = column_index(table.domain_model().columns, key)
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    width = table.horizontalHeader().sectionSize(logical)
    return width >= table.fontMetrics().horizontalAdvance(text) + margin


def _laptop(qtbot, window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    window.resize(*SCREEN)
    reconcile_after_a_run(qtbot, window)
    qtbot.waitUntil(lambda: window.reconcile.table.viewport().width() > 300)
    laid_out(window)
    return window


def test_the_matches_money_is_in_sight_at_1366_by_768(qtbot, window: MainWindow) -> None:
    view = _laptop(qtbot, window).reconcile
    for key in ("state", "score", "invoices", "invoiced", "paid", "difference"):
        assert _in_sight(view.table, key), key
    for amount in ("£999,999.99", "-£31,900.00"):
        for key in ("invoiced", "paid"):
            assert _fits(view.table, key, amount), (key, amount)
    assert _fits(view.table, "difference", "-£31,900.00")
    assert _fits(view.table, "invoices", "EL-2025-00133")


def test_the_unmatched_invoices_show_their_issue_date_and_amount_at_1366_by_768(
    qtbot, window: MainWindow
) -> None:
    view = _laptop(qtbot, window).reconcile
    invoices = view.invoices_panel.table
    for key in ("number", "issued", "amount"):
        assert _in_sight(invoices, key), key
    assert _fits(invoices, "issued", fmt.day(date(2025, 10, 22)))
    assert _fits(invoices, "amount", "£999,999.99")
    lines = view.lines_panel.table
    for key in ("date", "amount"):
        assert _in_sight(lines, key), key

"""Rows with equal sort values keep one order, whether an update or a fresh filter put them.

After a decision, a row among equals (matches of one score, invoices of one Match state)
sat where the update left it: a match accepted stayed in place, an invoice whose state
changed went wherever the re-sort of the rows shown left it. Typing the filter again then
listed the same rows in another order, the accepted one moved to the end of its equals.
Equals now keep the order their keys arrived in, both ways. The real models, checked by
Qt's model tester, and the real window.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Invoice, MatchState, Reconciliation
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.invoices import InvoiceTableModel, invoice_columns, invoice_text
from desktop_app.ui.models.matches import MatchTableModel
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.review import match_key
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices
from tests.ui.screens import reconcile_after_a_run

ORDERS = [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder]


def _keys(model: DomainTableModel) -> list[object]:  # type: ignore[type-arg]
    return [model.key_at(row) for row in range(model.rowCount())]


def _refiltered(model: DomainTableModel) -> list[object]:  # type: ignore[type-arg]
    """The rows as a fresh filter (the same query typed again) lists them."""
    model.set_filter(model._query, model._predicate)
    return _keys(model)


def _matches(n: int = 8) -> list:  # type: ignore[type-arg]
    """Matches of one score, their states varied: every sort by score is all ties."""
    states = [MatchState.AUTO, MatchState.SUGGESTED, MatchState.ACCEPTED]
    return [
        f.match(f.invoice(i), f.line(i + 1), state=states[i % 3], score=0.8)
        for i in range(1, n + 1)
    ]


@pytest.mark.parametrize("order", ORDERS)
def test_a_match_accepted_among_equals_is_where_a_fresh_filter_lists_it(
    qtmodeltester, order: Qt.SortOrder
) -> None:
    model = MatchTableModel()
    qtmodeltester.check(model)
    matches = _matches()
    model.set_items(matches)
    model.sort(column_index(model.columns, "score"), order)
    suggested = next(m for m in matches if m.state is MatchState.SUGGESTED)
    model.update([match_key(suggested)], [replace(suggested, state=MatchState.ACCEPTED)])
    assert _keys(model) == _refiltered(model) == [match_key(m) for m in matches]
    model.update([match_key(suggested)], [replace(suggested, state=MatchState.REJECTED)])
    model.sort(column_index(model.columns, "provider"), order)  # all equal too
    assert _keys(model) == _refiltered(model) == [match_key(m) for m in matches]


@pytest.mark.parametrize("order", ORDERS)
def test_rows_leaving_and_coming_back_through_the_filter_keep_their_place(
    qtmodeltester, order: Qt.SortOrder
) -> None:
    """Rejected rows leave a filter on their state and come back on Undo: inserted where
    a fresh filter lists them, not after every equal row."""
    model = MatchTableModel()
    qtmodeltester.check(model)
    matches = _matches()
    model.set_items(matches)
    model.set_filter("", lambda m: m.state is not MatchState.REJECTED)
    model.sort(column_index(model.columns, "score"), order)
    before = _keys(model)
    chosen = matches[1:4]
    rejected = [replace(m, state=MatchState.REJECTED) for m in chosen]
    model.update([match_key(m) for m in chosen], rejected)
    assert _keys(model) == _refiltered(model)
    model.update([match_key(m) for m in rejected], chosen)  # undone: back in
    assert _keys(model) == _refiltered(model) == before


@pytest.mark.parametrize("order", ORDERS)
def test_an_invoice_whose_state_changes_sorts_among_its_new_equals_as_a_filter_would(
    qtmodeltester, order: Qt.SortOrder
) -> None:
    states: dict = {}  # type: ignore[type-arg]
    model = InvoiceTableModel(states.get)
    qtmodeltester.check(model)
    invoices = [f.invoice(i) for i in range(1, 9)]
    for invoice in invoices[::2]:
        states[invoice.key] = MatchState.AUTO
    model.set_items(invoices)
    model.sort(column_index(model.columns, "match"), order)
    for invoice in (invoices[5], invoices[1], invoices[7]):  # each now matched
        states[invoice.key] = MatchState.AUTO
        model.refresh([invoice.key])
        assert _keys(model) == _refiltered(model), invoice.number
    new = f.invoice(0)  # fetched since: arrives last among its equals
    model.insert_items([new])
    assert _keys(model) == _refiltered(model)
    unmatched = [key for key in _keys(model) if states.get(key) is None]
    assert unmatched[-1] == new.key


def _ties() -> Reconciliation:
    invoices = tuple(f.invoice(i) for i in range(1, 7))
    lines = tuple(f.line(i + 1) for i in range(1, 7))
    matches = tuple(
        f.match(invoice, line, state=MatchState.SUGGESTED, score=0.75)
        for invoice, line in zip(invoices, lines, strict=True)
    )
    return Reconciliation(invoices, lines, matches, ())


@pytest.fixture
def services() -> MemoryServices:
    rec = _ties()
    return MemoryServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )


def test_on_the_reconcile_screen_accepting_then_filtering_again_moves_no_row(
    qtbot, qtmodeltester, window: MainWindow
) -> None:
    view = window.reconcile
    qtmodeltester.check(view.model)
    reconcile_after_a_run(qtbot, window)
    view.table.sortByColumn(column_index(view.model.columns, "score"), Qt.SortOrder.AscendingOrder)
    view.table.setFocus()
    for row in (2, 0, 4):
        view.table.select_keys([view.model.key_at(row)])
        qtbot.keyClick(view.table, Qt.Key.Key_A)
    after_update = _keys(view.model)
    with qtbot.waitSignal(view.search.query_changed):
        qtbot.keyClicks(view.search, "INV")
    with qtbot.waitSignal(view.search.query_changed):
        view.search.clear()
    assert _keys(view.model) == after_update


def _dated(n: int) -> list[Invoice]:
    """Invoices over four issue dates and none: most sort values are shared."""
    days = [date(2025, 1, day) for day in (3, 1, 4, 2)]
    return [replace(f.invoice(i), issue_date=([*days, None])[i % 5]) for i in range(1, n + 1)]


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("dated_only", [False, True])
def test_many_rows_changing_at_once_sit_where_a_fresh_filter_lists_them(
    qtmodeltester, order: Qt.SortOrder, dated_only: bool
) -> None:
    """A guard for the bulk paths (a bulk accept moves thousands of rows): many rows of
    one update move among their new equals, missing values last, or (shown only while
    dated) dozens leave and come back, which is one reset."""
    model = InvoiceTableModel()
    qtmodeltester.check(model)
    invoices = _dated(300)
    model.set_items(invoices)
    if dated_only:
        model.set_filter("", lambda invoice: invoice.issue_date is not None)
    model.sort(column_index(model.columns, "issued"), order)
    changed = [  # the first 200: dates shift, some lose theirs, some get one
        replace(invoice, issue_date=invoices[(i * 7) % 300].issue_date)
        for i, invoice in enumerate(invoices[:200])
    ]
    model.update([invoice.key for invoice in changed], changed)
    assert _keys(model) == _refiltered(model)
    fresh = InvoiceTableModel()
    fresh.set_items(model.all_items())
    fresh.set_filter(model._query, model._predicate)
    fresh.sort(column_index(fresh.columns, "issued"), order)
    assert _keys(model) == _keys(fresh)


def test_an_update_works_out_each_added_key_once_and_no_shown_row_s_again() -> None:
    """Keys are worth caching: a match's key is built from its invoices' and lines'. An
    update replacing 100 of 300 rows (a bulk accept) works out those 100 keys once each,
    not again to find them among the items nor for the rows they replace."""
    calls: list[object] = []

    def key_of(invoice: Invoice) -> object:
        calls.append(invoice)
        return invoice.key

    model: DomainTableModel[Invoice] = DomainTableModel(
        invoice_columns(lambda key: None), key_of, invoice_text
    )
    invoices = _dated(300)
    model.set_items(invoices)
    model.sort(column_index(model.columns, "issued"), Qt.SortOrder.AscendingOrder)
    assert model.item_for(invoices[0].key) is invoices[0]  # the index by key, built once
    calls.clear()
    changed = [replace(invoice, issue_date=date(2025, 1, 2)) for invoice in invoices[:100]]
    model.update([invoice.key for invoice in changed], changed)
    assert len(calls) == len(changed)
    assert [model.item_for(invoice.key) for invoice in invoices[:100]] == changed

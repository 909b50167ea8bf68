"""A table sorted by a value a decision changes (the state) stays sorted after it.

The row of a match accepted in a table sorted by State stayed where it was, among the
engine's matches, until the next sort or filter; so did an invoice's on the Invoices
screen sorted by Match. The models sort their Python list again (never a proxy: see the
README's performance notes) when a changed row no longer sits between its neighbours.
The real window and models, checked by Qt's model tester.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import Role, column_index
from desktop_app.ui.models.invoices import InvoiceTableModel
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.review import match_key
from tests.ui import factories as f


def _sort_values(model: DomainTableModel, column: int) -> list[object]:
    return [model.index(row, column).data(Role.SORT) for row in range(model.rowCount())]


def _run(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()
    window.session.add_lines(window.services.statements["bank.csv"], "bank.csv")  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.session.reconciliation_changed):
        window.match_action.trigger()


def test_a_match_accepted_in_a_table_sorted_by_state_moves_to_its_place(
    qtbot, qtmodeltester, window: MainWindow
) -> None:
    view = window.reconcile
    qtmodeltester.check(view.model)
    _run(qtbot, window)
    window.show_screen("reconcile")
    state = column_index(view.model.columns, "state")
    view.table.sortByColumn(state, Qt.SortOrder.AscendingOrder)
    before = [m.state for m in view.model.visible_items()]
    assert before == [MatchState.SUGGESTED, MatchState.AUTO, MatchState.ACCEPTED]
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))

    view.table.setFocus()
    view.table.select_keys([view.model.key_at(0)])  # the suggestion
    chosen = view.table.current_item()
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    values = _sort_values(view.model, state)
    assert values == sorted(values)
    assert [m.state for m in view.model.visible_items()] == [
        MatchState.AUTO,
        MatchState.ACCEPTED,
        MatchState.ACCEPTED,
    ]
    # It moved, still the row selected and shown.
    assert view.table.selected_items()[0].invoices == chosen.invoices
    assert view.table.current_item().invoices == chosen.invoices
    assert resets == []

    view.table.sortByColumn(state, Qt.SortOrder.DescendingOrder)
    view.table.select_keys([view.model.key_at(view.model.rowCount() - 1)])  # the engine's
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    values = _sort_values(view.model, state)
    assert values == sorted(values, reverse=True)
    assert view.model.visible_items()[0].state is MatchState.REJECTED


def test_an_invoice_accepted_in_a_table_sorted_by_match_moves_to_its_place(
    qtbot, qtmodeltester, window: MainWindow
) -> None:
    invoices = window.invoices
    qtmodeltester.check(invoices.model)
    _run(qtbot, window)
    match = column_index(invoices.model.columns, "match")
    invoices.table.sortByColumn(match, Qt.SortOrder.AscendingOrder)
    assert _sort_values(invoices.model, match) == sorted(_sort_values(invoices.model, match))
    view = window.reconcile
    window.show_screen("reconcile")
    view.table.setFocus()
    assert _sort_values(invoices.model, match)[:3] == ["accepted", "matched", "suggested"]
    suggested = next(m for m in window.session.matches if m.state is MatchState.SUGGESTED)
    view.table.select_keys([match_key(suggested)])
    qtbot.keyClick(view.table, Qt.Key.Key_A)  # its invoice is accepted now
    values = _sort_values(invoices.model, match)
    assert values[:3] == ["accepted", "accepted", "matched"]
    assert values == sorted(values)


def test_a_row_whose_sort_value_did_not_change_is_only_repainted(qtmodeltester) -> None:
    states: dict = {}
    model = InvoiceTableModel(states.get)
    qtmodeltester.check(model)
    items = [f.invoice(i, f"{i}0.00") for i in range(1, 6)]
    model.set_items(items)
    amount = column_index(model.columns, "amount")
    model.sort(amount, Qt.SortOrder.AscendingOrder)
    moved: list[int] = []
    model.layoutChanged.connect(lambda *_: moved.append(1))
    states[items[2].key] = MatchState.AUTO  # shown in another column: the order holds
    model.refresh([items[2].key])
    assert moved == []
    model.replace_item(f.invoice(3, "99.00"))  # its amount now sorts last
    assert moved == [1]
    assert [i.number for i in model.visible_items()][-1] == "INV-00003"
    assert _sort_values(model, amount) == sorted(_sort_values(model, amount))


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_a_row_that_loses_its_sort_value_goes_last(qtmodeltester, order) -> None:
    model = InvoiceTableModel()
    qtmodeltester.check(model)
    items = [f.invoice(i) for i in range(1, 5)]
    model.set_items(items)
    issued = column_index(model.columns, "issued")
    model.sort(issued, order)
    first = model.item_at(0)
    model.replace_item(replace(first, issue_date=None))
    assert model.item_at(model.rowCount() - 1).key == first.key

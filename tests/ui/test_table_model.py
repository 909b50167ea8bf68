"""The generic domain table model: Qt's model tester, Python sort/filter, narrow updates."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop_app.domain import InvoiceStatus, MatchState
from desktop_app.ui.models.columns import Role, column_index
from desktop_app.ui.models.invoices import InvoiceFilter, InvoiceTableModel
from tests.ui.factories import invoice

AMOUNT = column_index(InvoiceTableModel().columns, "amount")
ISSUED = column_index(InvoiceTableModel().columns, "issued")


def _model(n: int = 20) -> InvoiceTableModel:
    model = InvoiceTableModel()
    model.set_items(invoice(i, f"{(i * 37) % 101}.{i % 100:02d}") for i in range(1, n + 1))
    return model


def test_model_passes_qt_model_tester_through_sort_filter_and_updates(qtmodeltester) -> None:
    model = _model()
    qtmodeltester.check(model)
    model.sort(AMOUNT, Qt.SortOrder.DescendingOrder)
    model.set_filter("INV-0001")
    model.insert_items([invoice(100, "5.00")])
    model.remove_keys([invoice(10).key])
    model.set_filter("")
    model.replace_item(invoice(3, "999.00"))
    qtmodeltester.check(model)


def test_sort_by_amount_uses_decimal_values_not_text() -> None:
    model = InvoiceTableModel()
    model.set_items([invoice(1, "9.00"), invoice(2, "100.00"), invoice(3, "20.50")])
    model.sort(AMOUNT, Qt.SortOrder.AscendingOrder)
    amounts = [model.index(r, AMOUNT).data(Role.SORT) for r in range(3)]
    assert amounts == [Decimal("9.00"), Decimal("20.50"), Decimal("100.00")]
    model.sort(AMOUNT, Qt.SortOrder.DescendingOrder)
    assert [model.item_at(r).number for r in range(3)] == ["INV-00002", "INV-00003", "INV-00001"]


def test_missing_values_sort_last_in_both_directions() -> None:
    from dataclasses import replace

    model = InvoiceTableModel()
    undated = replace(invoice(2), issue_date=None)
    model.set_items([invoice(1), undated, invoice(3)])
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(ISSUED, order)
        assert model.item_at(2) is undated


def test_item_role_returns_the_domain_object_and_display_is_formatted() -> None:
    model = InvoiceTableModel()
    item = invoice(7, "1234.5")
    model.set_items([item])
    assert model.index(0, 0).data(Role.ITEM) is item
    assert model.index(0, 0).data(Role.KEY) == item.key
    assert model.index(0, AMOUNT).data() == "£1,234.50"
    alignment = model.index(0, AMOUNT).data(Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_text_filter_needs_every_word_and_ignores_case() -> None:
    model = InvoiceTableModel()
    model.set_items([invoice(1, counterparty="Acme Media"), invoice(2, counterparty="Acme Print")])
    model.set_filter("acme PRINT")
    assert [i.number for i in model.visible_items()] == ["INV-00002"]
    model.set_filter("")
    assert model.rowCount() == 2


def test_structured_filter_combines_with_text() -> None:
    model = InvoiceTableModel()
    paid = invoice(1, status=InvoiceStatus.PAID, provider="Versori")
    model.set_items([paid, invoice(2, provider="Versori"), invoice(3, status=InvoiceStatus.PAID)])
    states = {paid.key: MatchState.AUTO}
    chosen = InvoiceFilter(provider="Versori", status=InvoiceStatus.PAID)
    model.set_filter("", chosen.predicate(states.get))
    assert model.visible_items() == [paid]
    unmatched = InvoiceFilter(unmatched_only=True)
    model.set_filter("", unmatched.predicate(states.get))
    assert paid not in model.visible_items()
    assert model.rowCount() == 2


def test_persistent_indexes_follow_their_rows_through_a_sort() -> None:
    model = _model(30)
    target = model.item_at(5)
    persistent = QPersistentModelIndex(model.index(5, 1))
    model.sort(AMOUNT, Qt.SortOrder.AscendingOrder)
    assert model.item_at(persistent.row()) is target


def test_refresh_inserts_removes_or_repaints_without_reset(qtbot) -> None:
    states: dict = {}
    model = InvoiceTableModel(states.get)
    items = [invoice(i) for i in range(1, 6)]
    model.set_items(items)
    model.set_filter("", InvoiceFilter(unmatched_only=True).predicate(states.get))
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    states[items[0].key] = MatchState.MANUAL
    with qtbot.waitSignal(model.rowsRemoved):
        model.refresh([items[0].key])
    assert model.row_of(items[0].key) is None
    del states[items[0].key]
    with qtbot.waitSignal(model.rowsInserted):
        model.refresh([items[0].key])
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.refresh([items[1].key])
    top_left: QModelIndex = changed.args[0]
    assert top_left.row() == model.row_of(items[1].key)
    assert int(Qt.ItemDataRole.DisplayRole) in changed.args[2]
    assert resets == []


def test_insert_keeps_the_current_sort_order() -> None:
    model = InvoiceTableModel()
    model.set_items([invoice(1, "10.00"), invoice(2, "30.00")])
    model.sort(AMOUNT, Qt.SortOrder.AscendingOrder)
    model.insert_items([invoice(3, "20.00")])
    assert [i.number for i in model.visible_items()] == ["INV-00001", "INV-00003", "INV-00002"]


def test_an_amount_typed_as_displayed_is_found() -> None:
    model = InvoiceTableModel()
    model.set_items([invoice(1, "1234.50"), invoice(2, "234.50")])
    model.set_filter("£1,234.50")
    assert [i.number for i in model.visible_items()] == ["INV-00001"]
    model.set_filter("234.50")
    assert model.rowCount() == 2


def test_the_count_of_items_held_follows_every_change_filtered_or_not() -> None:
    """``item_count`` (a screen's "12 of 40") without copying the items: held as given,
    by key once one is looked up, and given keyed."""
    model = _model(20)
    model.set_filter("INV-0001")
    assert model.item_count() == len(model.all_items()) == 20
    model.insert_items([invoice(100, "5.00")])
    model.remove_keys([invoice(10).key, invoice(11).key])
    model.replace_item(invoice(3, "999.00"))
    assert model.item_count() == len(model.all_items()) == 19
    model.set_keyed({item.key: item for item in (invoice(1), invoice(2))})
    assert model.item_count() == len(model.all_items()) == 2

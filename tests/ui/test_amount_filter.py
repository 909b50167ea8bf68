"""An amount typed into a filter as the table shows it finds its row.

"£446.00" found no invoice (the symbol was dropped only from amounts with a thousands
separator) while "446.00" found it, and "-£18,211.40" found the csv line but not the same
amount read from an xlsx cell as -18211.4 (the filter's text held "-18211.4"). The real
models, checked by Qt's model tester, filtered by the very text their Amount column shows.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.invoices import InvoiceTableModel
from desktop_app.ui.models.statement_lines import StatementLineModel
from tests.ui.factories import invoice, line

INVOICES = (
    invoice(1, "446.00"),
    invoice(2, "1234.5"),
    invoice(3, "-18211.4"),  # a credit note
    invoice(4, "1234.50", currency="CHF"),  # shown "CHF 1,234.50"
    invoice(5, "-5.00", currency="SEK"),  # shown "-kr 5.00"
    invoice(6, "1235", currency="JPY"),  # shown "¥1,235"
    invoice(7, "99.99", currency="NOK"),  # no symbol: "99.99 NOK"
)


@pytest.fixture
def invoices(qtmodeltester) -> InvoiceTableModel:
    model = InvoiceTableModel()
    qtmodeltester.check(model)
    model.set_items(INVOICES)
    return model


@pytest.fixture
def lines(qtmodeltester) -> StatementLineModel:
    model = StatementLineModel()
    qtmodeltester.check(model)
    model.set_items(
        [
            line(5, "-18211.40", source="current-account-1.csv"),
            line(7, "-18211.4", source="current-account-2.xlsx"),
            line(9, "-1234.5", source="no-currency.csv", currency=None),  # "-1,234.50"
            line(11, "2.675", source="three-places.csv"),  # shown rounded: "£2.68"
        ]
    )
    return model


def _found(model: InvoiceTableModel | StatementLineModel, query: str) -> list[str]:
    model.set_filter(query)
    return [str(model.key_at(row)) for row in range(model.rowCount())]


def _shown(model: InvoiceTableModel | StatementLineModel) -> list[str]:
    """The Amount column's text, row by row, as the accountant reads it."""
    amount = column_index(model.columns, "amount")
    return [model.index(row, amount).data() for row in range(model.rowCount())]


def test_every_invoice_is_found_by_its_amount_as_shown(invoices: InvoiceTableModel) -> None:
    shown = _shown(invoices)
    assert shown == [
        "£446.00",
        "£1,234.50",
        "-£18,211.40",
        "CHF 1,234.50",
        "-kr 5.00",
        "¥1,235",
        "99.99 NOK",
    ]
    for row, text in enumerate(shown):
        assert str(INVOICES[row].key) in _found(invoices, text), text


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("£446.00", [1]),
        ("446.00", [1]),
        ("446", [1]),
        ("£1,234.50", [2]),  # not the francs: a symbol is a currency
        ("1,234.50", [2, 4]),
        ("1234.5", [2, 4]),
        ("-£18,211.40", [3]),
        ("£-18,211.40", [3]),  # the minus after the symbol
        ("\u221218,211.40", [3]),  # the minus sign, as some documents print it
        ("18211.40", [3]),
        ("-18211.4", [3]),
        ("£18,211.40", [3]),  # no sign: either, as "446" finds 1,446.00
        ("CHF 1,234.50", [4]),
        ("-kr 5.00", [5]),
        ("kr 5.00", [5]),
        ("¥1,235", [6]),
        ("99.99 NOK", [7]),
    ],
)
def test_an_amount_typed_any_way_the_table_shows_it_is_found(
    invoices: InvoiceTableModel, query: str, numbers: list[int]
) -> None:
    invoices.set_filter(query)
    assert [invoices.item_at(row).number for row in range(invoices.rowCount())] == [
        f"INV-{n:05d}" for n in numbers
    ]


def test_a_line_is_found_by_its_amount_as_shown_whatever_file_it_came_from(
    lines: StatementLineModel,
) -> None:
    assert _shown(lines) == ["-£18,211.40", "-£18,211.40", "-1,234.50", "£2.68"]
    both = ["current-account-1.csv:5", "current-account-2.xlsx:7"]
    for query in ("-£18,211.40", "18,211.40", "18211.40", "18211.4", "-18,211.4"):
        assert _found(lines, query) == both, query
    for query in ("-1,234.50", "-1234.50", "-1,234.5"):  # as shown, and as the file holds it
        assert _found(lines, query) == ["no-currency.csv:9"], query
    assert _found(lines, "£2.68") == ["three-places.csv:11"]  # as shown, rounded
    assert _found(lines, "2.675") == ["three-places.csv:11"]  # as the file holds it
    assert Decimal("-18211.4") == lines.all_items()[1].amount  # read as the xlsx has it

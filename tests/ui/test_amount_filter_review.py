"""The Matches and Discrepancies filters find a row by any amount it shows.

The Invoices and Statements filters were taught to find "£446.00", "446" or "-£18,211.40"
however the table shows it; the Reconcile screen's matches and the Discrepancies list
found no amount at all (their filter text held none). They now share the same rule
(``filtering.money_text``). The real window: text typed into each screen's filter box,
its models checked by Qt's model tester.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Discrepancy, DiscrepancyType, Money, Reconciliation
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.views.search_box import SearchBox
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices
from tests.ui.screens import reconcile_after_a_run

EXACT = f.invoice(1, "446.00")
SHORT = f.invoice(2, "1234.50")  # paid 1,200.00: short by 34.50
BATCH = (f.invoice(3, "100.00"), f.invoice(4, "200.00"))  # paid together: 300.00
UNPAID = f.invoice(5, "77.70")
LINES = (
    f.line(2, "-446.00"),
    f.line(3, "-1200.00"),
    f.line(4, "-300.00"),
    f.line(5, "-18211.4", source="bank.xlsx"),  # as an xlsx cell holds it
)


def _reconciliation() -> Reconciliation:
    matches = (
        f.match(EXACT, LINES[0]),
        f.match(SHORT, LINES[1]),
        f.match(BATCH, LINES[2]),
    )
    discrepancies = (
        Discrepancy(
            DiscrepancyType.AMOUNT_MISMATCH,
            "paid less than invoiced",
            invoice=SHORT,
            lines=(LINES[1],),
            invoice_amount=SHORT.gross,
            paid_amount=Money.of("1200.00", "GBP"),
            difference=Money.of("-34.50", "GBP"),
        ),
        Discrepancy(
            DiscrepancyType.UNPAID_INVOICE,
            "no payment",
            invoice=UNPAID,
            invoice_amount=UNPAID.gross,
        ),
        Discrepancy(
            DiscrepancyType.UNMATCHED_PAYMENT,
            "no invoice for this payment",
            lines=(LINES[3],),
            paid_amount=LINES[3].money,
        ),
    )
    invoices = (EXACT, SHORT, *BATCH, UNPAID)
    return Reconciliation(invoices, LINES, matches, discrepancies)


@pytest.fixture
def services() -> MemoryServices:
    rec = _reconciliation()
    return MemoryServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )


@pytest.fixture
def window(qtbot, qtmodeltester, window: MainWindow) -> MainWindow:
    qtmodeltester.check(window.reconcile.model)
    qtmodeltester.check(window.discrepancies.model)
    reconcile_after_a_run(qtbot, window)
    return window


def _type(qtbot, box: SearchBox, text: str) -> None:
    box.clear()
    with qtbot.waitSignal(box.query_changed):
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)


def _shown(model: DomainTableModel, column: str) -> list[str]:  # type: ignore[type-arg]
    position = column_index(model.columns, column)
    return [model.index(row, position).data() for row in range(model.rowCount())]


def _invoices_found(window: MainWindow, qtbot, text: str) -> list[str]:
    view = window.reconcile
    _type(qtbot, view.search, text)
    model = view.model
    return [", ".join(i.number for i in model.item_at(r).invoices) for r in range(model.rowCount())]


def test_a_match_is_found_by_every_amount_its_row_shows(qtbot, window: MainWindow) -> None:
    model = window.reconcile.model
    assert _shown(model, "invoiced") == ["£446.00", "£1,234.50", "£300.00"]
    assert _shown(model, "paid") == ["£446.00", "£1,200.00", "£300.00"]
    assert _shown(model, "difference") == ["", "-£34.50", ""]
    rows = [", ".join(i.number for i in model.item_at(r).invoices) for r in range(3)]
    assert rows == ["INV-00001", "INV-00002", "INV-00003, INV-00004"]
    shown = {column: _shown(model, column) for column in ("invoiced", "paid", "difference")}
    for column, texts in shown.items():
        for row, text in enumerate(texts):
            if text:
                assert rows[row] in _invoices_found(window, qtbot, text), (column, text)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("£446.00", ["INV-00001"]),
        ("446", ["INV-00001"]),
        ("1,234.50", ["INV-00002"]),
        ("-£34.50", ["INV-00002"]),  # the difference
        ("34.50", ["INV-00002"]),
        ("-1,200.00", ["INV-00002"]),  # the line's amount, as the statement has it
        ("£100.00", ["INV-00003, INV-00004"]),  # one invoice of a batch
        ("£300", ["INV-00003, INV-00004"]),
        ("CHF 446.00", []),  # a symbol is a currency
    ],
)
def test_the_matches_filter_finds_an_amount_typed_as_shown(
    qtbot, window: MainWindow, query: str, found: list[str]
) -> None:
    assert _invoices_found(window, qtbot, query) == found


def test_a_discrepancy_is_found_by_its_amount_as_shown(qtbot, window: MainWindow) -> None:
    window.show_screen("discrepancies")
    view = window.discrepancies
    model = view.model
    shown = {column: _shown(model, column) for column in ("invoiced", "paid", "difference")}
    assert shown == {
        "invoiced": ["£1,234.50", "£77.70", ""],
        "paid": ["£1,200.00", "", "-£18,211.40"],
        "difference": ["-£34.50", "", ""],
    }

    def found(text: str) -> list[str]:
        _type(qtbot, view.search, text)
        return [model.item_at(row)[1].type.value for row in range(model.rowCount())]

    kinds = ["AMOUNT_MISMATCH", "UNPAID_INVOICE", "UNMATCHED_PAYMENT"]
    for texts in shown.values():
        for kind, text in zip(kinds, texts, strict=True):
            if text:
                assert found(text) == [kind], text
    assert found("34.50") == ["AMOUNT_MISMATCH"]
    assert found("£1,234.50") == ["AMOUNT_MISMATCH"]  # what was invoiced
    assert found("1200") == ["AMOUNT_MISMATCH"]  # what was paid
    assert found("77.7") == ["UNPAID_INVOICE"]
    assert found("18211.4") == ["UNMATCHED_PAYMENT"]
    assert found("-18,211.40") == ["UNMATCHED_PAYMENT"]
    assert Decimal("-18211.4") == LINES[3].amount

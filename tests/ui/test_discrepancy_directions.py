"""The Discrepancies screen keeps what we are owed apart from what we owe.

Its "By type" table had one row per type, its Totals a sum per currency: an unpaid
invoice we issued (£300 owed to us) and an unpaid bill (£200 we owe) were "UNPAID_INVOICE
2, -£500.00", owed by no one, and a receipt nothing explains was netted against a payment
nothing explains. Each type is now a row per direction (``Discrepancy.side``), and
choosing one narrows the list to its discrepancies alone. The real window, engine and
workspace; both of the screen's models checked through every change.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt

from desktop_app.domain import Discrepancy, DiscrepancyType, Reconciliation, Side
from desktop_app.export.summary_data import totals_by_type
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.discrepancies import DiscrepancyGroupModel
from desktop_app.ui.summaries import DiscrepancyGroup
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.export.test_directions import LINES, PAYABLES, RECEIVABLES
from tests.ui.engine_window import engine_window, open_and_match
from tests.ui.fakes import ScriptedDialogs


def _groups(window: MainWindow) -> list[tuple[str, ...]]:
    """The "By type" table as shown: type, direction, count and totals of each row."""
    model = window.discrepancies.groups_model
    keys = ("type", "direction", "count", "totals")
    columns = [column_index(model.columns, key) for key in keys]
    return [
        tuple(model.index(row, column).data() for column in columns)
        for row in range(model.rowCount())
    ]


def _listed(window: MainWindow) -> list[tuple[str, str, str]]:
    """The list below it: each row's type, invoice and statement lines."""
    model = window.discrepancies.model
    columns = [column_index(model.columns, key) for key in ("type", "invoice", "lines")]
    return [
        tuple(model.index(row, column).data() for column in columns)
        for row in range(model.rowCount())
    ]


def _click_group(qtbot, window: MainWindow, row: int) -> None:  # type: ignore[no-untyped-def]
    table = window.discrepancies.groups_table
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_each_type_is_a_row_per_direction_and_narrows_the_list_to_it(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path
) -> None:
    path = tmp_path / "month-end.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Elevate", RECEIVABLES)
        workspace.save_invoices("Content Ignite", PAYABLES)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, LINES)
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), screen="discrepancies"
    ) as window:
        view = window.discrepancies
        qtmodeltester.check(view.groups_model)
        qtmodeltester.check(view.model)
        open_and_match(qtbot, window, path)

        assert _groups(window) == [
            ("UNPAID_INVOICE", "Receivable (money in)", "2", "-€90.00 · -£300.00"),
            ("UNPAID_INVOICE", "Payable (money out)", "1", "-£200.00"),
            ("UNMATCHED_PAYMENT", "Money in, no invoice", "1", "£25.00"),
            ("UNMATCHED_PAYMENT", "Money out, no invoice", "1", "-£40.00"),
            ("AMOUNT_MISMATCH", "Receivable (money in)", "1", "-£1.50"),
            ("AMOUNT_MISMATCH", "Payable (money out)", "1", "-£1.00"),
        ]
        assert len(_listed(window)) == 7

        _click_group(qtbot, window, 1)  # the unpaid bill: what we owe, alone
        assert _listed(window) == [("UNPAID_INVOICE", "CI-0001", "")]
        _click_group(qtbot, window, 4)  # the receivable paid short
        assert _listed(window) == [("AMOUNT_MISMATCH", "EL-2025-00003", "bank.csv:2")]
        _click_group(qtbot, window, 2)  # money that came in with no invoice
        assert _listed(window) == [("UNMATCHED_PAYMENT", "", "bank.csv:4")]


def test_a_direction_with_nothing_has_no_rows(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path
) -> None:
    """Bills alone: no receivable row, not even an empty one."""
    path = tmp_path / "month-end.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Content Ignite", PAYABLES)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, [LINES[1]])
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), screen="discrepancies"
    ) as window:
        qtmodeltester.check(window.discrepancies.groups_model)
        open_and_match(qtbot, window, path)
        assert _groups(window) == [
            ("UNPAID_INVOICE", "Payable (money out)", "1", "-£200.00"),
            ("AMOUNT_MISMATCH", "Payable (money out)", "1", "-£1.00"),
        ]


def test_the_screen_and_the_summary_list_the_sides_in_the_one_order(qtmodeltester) -> None:
    """The order of the sides is the domain's (``Side.rank``): the report's Summary and
    the screen's Direction column each defined their own, alike by chance."""
    order = [Side.RECEIVABLE, Side.PAYABLE, Side.BOTH, Side.MONEY_IN, Side.MONEY_OUT]
    assert sorted(Side, key=lambda side: side.rank) == order
    kind = DiscrepancyType.UNPAID_INVOICE
    groups = DiscrepancyGroupModel()
    qtmodeltester.check(groups)
    groups.set_items([DiscrepancyGroup(kind, side, 1, {"GBP": Decimal(1)}) for side in Side][::-1])
    groups.sort(column_index(groups.columns, "direction"), Qt.SortOrder.AscendingOrder)
    assert [group.side for group in groups.visible_items()] == order
    # The Summary's rows of a type, one per side present, in the same order.
    payable, receivable = PAYABLES[0], RECEIVABLES[0]
    found = [
        Discrepancy(kind, "owed", invoice=invoice, invoice_amount=invoice.gross)
        for invoice in (payable, receivable)
    ]
    reconciliation = Reconciliation((payable, receivable), (), (), tuple(found))
    rows = [t.side for t in totals_by_type(reconciliation) if t.type is kind]
    assert rows == [Side.RECEIVABLE, Side.PAYABLE]

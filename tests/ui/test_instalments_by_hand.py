"""Two invoices settled together by two payments, matched by hand.

A customer pays a batch of two invoices (£1,700.00 and £1,403.71: £3,103.71) in
instalments (£2,000.00, then £1,103.71): neither line pays either invoice alone, so the
engine only suggests each line for each invoice. Selecting the four and matching them
by hand was refused ("match one invoice to several lines, or one line to several
invoices"), leaving the accountant no way to record it. It is now one MANUAL_MATCH of
both invoices with both lines: stored in the workspace, kept whole by the engine, one
row on the Reconcile screen, four rows of one match on the report's Matches sheet (each
amount counted once), and undone in one step.

The real window, engine and workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, MatchState
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.screens import export_banner

BATCH = (
    f.invoice(178, "1700.00", counterparty="Rho Partners"),
    f.invoice(179, "1403.71", counterparty="Rho Partners"),
)
PARTS = (
    f.line(4, "-2000.00", description="RHO part 1 INV-00178 INV-00179"),
    f.line(5, "-1103.71", description="RHO part 2 INV-00178 INV-00179"),
)


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, BATCH, PARTS) as shown:
        yield shown


def _match_all_four(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = window.reconcile
    view.invoices_panel.table.select_keys([invoice.key for invoice in BATCH])
    view.lines_panel.table.select_keys([line.key for line in PARTS])
    assert view.selection_totals.text().endswith("Difference: £0.00")
    view.invoices_panel.table.setFocus()
    qtbot.keyClick(view.invoices_panel.table, Qt.Key.Key_M)


def _services(window: MainWindow) -> EngineServices:
    services = window.services
    assert isinstance(services, EngineServices)
    return services


def _hand_rows(window: MainWindow) -> list[tuple[list[str], list[int]]]:
    return [
        ([i.number for i in m.invoices], [line.row for line in m.lines])
        for m in window.session.matches
        if m.state is MatchState.MANUAL
    ]


def _cells(window: MainWindow) -> list[dict[str, str]]:
    """The Reconcile table's rows, as the accountant reads them."""
    model = window.reconcile.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [
        {h: model.index(row, c).data() for c, h in enumerate(headers)}
        for row in range(model.rowCount())
    ]


def test_the_engine_can_only_suggest_each_line_for_each_invoice(window: MainWindow) -> None:
    states = {m.state for m in window.session.matches}
    assert states == {MatchState.SUGGESTED}


def test_both_invoices_are_matched_to_both_lines_as_one_decision(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    _match_all_four(qtbot, window)

    assert window.banners.banners() == []
    (decision,) = _services(window).decisions()
    assert decision.kind is DecisionKind.MANUAL_MATCH
    assert set(decision.invoice_keys) == {invoice.key for invoice in BATCH}
    assert set(decision.line_keys) == {line.key for line in PARTS}
    both = (["INV-00178", "INV-00179"], [4, 5])
    assert _hand_rows(window) == [both]  # the four suggestions it settles are gone
    assert [m.state for m in window.session.matches] == [MatchState.MANUAL]
    assert window.reconcile.invoices_panel.model.rowCount() == 0
    assert window.reconcile.lines_panel.model.rowCount() == 0
    (row,) = _cells(window)
    assert (row["Invoices"], row["Statement lines"]) == (
        "INV-00178, INV-00179",
        "bank.csv:4, bank.csv:5",
    )
    assert (row["Invoiced"], row["Paid"], row["Difference"]) == ("£3,103.71", "£3,103.71", "")

    # The engine keeps it whole, and finds nothing wrong with it.
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()
    assert _hand_rows(window) == [both]
    (match,) = window.session.matches
    assert match.explanation.startswith("matched by hand; 2 payments for 2 invoices; ")
    run = window.session.reconciliation
    assert run is not None
    assert run.discrepancies == ()

    # The report: one match, a row per invoice and line, each amount counted once.
    report = tmp_path / "report.xlsx"
    export_banner(qtbot, window, report)
    book = load_workbook(report, read_only=True)  # read-only holds the file open: closed
    try:
        header, *rows = [list(r) for r in book["Matches"].iter_rows(values_only=True)]
    finally:
        book.close()
    cells = [dict(zip(header, row, strict=False)) for row in rows]
    assert [(c["Invoice Number"], c["Row"]) for c in cells] == [
        ("INV-00178", 4),
        ("INV-00178", 5),
        ("INV-00179", 4),
        ("INV-00179", 5),
    ]
    assert {c["Match"] for c in cells} == {1}
    assert {c["State"] for c in cells} == {"manual"}
    invoiced = sum(Decimal(str(c["Invoice Amount"] or 0)) for c in cells)
    paid = sum(Decimal(str(c["Statement Amount"] or 0)) for c in cells)
    assert (invoiced, paid) == (Decimal("3103.71"), Decimal("-3103.71"))


def test_undo_takes_the_whole_match_back(qtbot, window: MainWindow) -> None:
    _match_all_four(qtbot, window)
    window.session.undo_stack.undo()

    assert _hand_rows(window) == []
    assert {m.state for m in window.session.matches} == {MatchState.SUGGESTED}
    assert _services(window).decisions() == ()
    audit = _services(window).workspace.workspace.audit()
    kinds = [e.decision.kind for e in audit if e.decision.kind is not DecisionKind.ENGINE_MATCH]
    assert kinds == [DecisionKind.MANUAL_MATCH, DecisionKind.UNMATCH]
    assert window.reconcile.invoices_panel.model.rowCount() == 2
    assert window.reconcile.lines_panel.model.rowCount() == 2

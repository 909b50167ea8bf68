"""The whole application through its real widgets and the real engine, against the sandbox.

Fetch over HTTP from the three sandbox providers, import a bank statement planted with
payments for those invoices (through the wizard), match, accept, reject, match by hand,
undo, export, then read the workbook back and reopen the workspace: every decision is
there, in the audit trail and in the report.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, MatchState
from desktop_app.sandbox import Sandbox
from desktop_app.sandbox.statements import plan_statement, write_csv
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui.engine_window import dialogs_of, engine_window
from tests.ui.fakes import ScriptedDialogs

pytestmark = [pytest.mark.sandbox, pytest.mark.slow]


@pytest.fixture
def app_window(
    qtbot, demo, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    _, services = demo
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), services=services) as window:
        yield window


def _wait_matched(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=120_000):
        window.match_action.trigger()


def _plant_statement(window: MainWindow, sandbox: Sandbox, folder: Path) -> Path:
    invoices = window.session.invoices
    plan = plan_statement(
        invoices, start=sandbox.today - timedelta(days=120), end=sandbox.today, seed=3
    )
    path = folder / "barclays-export.csv"
    write_csv(plan, path)
    return path


def test_fetch_import_review_undo_export_and_reopen(
    qtbot, app_window: MainWindow, demo, tmp_path: Path
) -> None:
    sandbox, services = demo
    window, dialogs = app_window, dialogs_of(app_window, ScriptedDialogs)
    workspace = tmp_path / "month-end.reconcile"
    dialogs.answers["choose_workspace"] = deque([workspace])
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
        window.new_action.trigger()  # opened on a worker thread
    assert services.workspace_path() == workspace

    with qtbot.waitSignal(window.session.invoices_changed, timeout=120_000):
        window.fetch_action.trigger()
    assert window.banners.banners() == []
    providers = {invoice.provider for invoice in window.session.invoices}
    assert providers == {"Content Ignite", "Versori", "Elevate Billing"}

    statement = _plant_statement(window, sandbox, tmp_path)
    dialogs.answers["choose_statement"] = deque([statement])
    dialogs.answers["review_import"] = deque([ColumnMapping(1, {}, None)])
    with qtbot.waitSignal(window.session.lines_changed, timeout=120_000):
        window.statements.import_button.click()
    (_, (preview,)) = next(item for item in dialogs.asked if item[0] == "review_import")
    roles = {guess.header: guess.role for guess in preview.columns}
    assert roles["Date"] == "date"
    assert roles["Amount"] == "amount"
    assert window.statements.model.rowCount() > 10

    _wait_matched(qtbot, window)
    assert window.session.matches, "the engine proposed nothing for a planted statement"

    view = window.reconcile
    window.show_screen("reconcile")
    view.state_combo.setCurrentIndex(view.state_combo.findText("All matches"))
    view.table.setFocus()
    view.table.selectRow(0)
    accepted = view.table.current_item()
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert window.session.invoice_state(accepted.invoices[0].key) is MatchState.ACCEPTED

    view.table.selectRow(1)
    rejected = view.table.current_item()
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    assert window.session.invoice_state(rejected.invoices[0].key) is MatchState.REJECTED

    invoice = next(i for i in rejected.invoices)
    line = rejected.lines[0]
    view.invoices_panel.table.select_keys([invoice.key])
    view.lines_panel.table.select_keys([line.key])
    qtbot.keyClick(view.table, Qt.Key.Key_M)
    assert window.session.invoice_state(invoice.key) is MatchState.MANUAL
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.invoice_state(invoice.key) is MatchState.REJECTED

    audit = services.audit_trail(invoice=invoice.key)
    kinds = [
        row.decision.kind for row in audit if row.decision.kind is not DecisionKind.ENGINE_MATCH
    ]
    assert kinds == [
        DecisionKind.REJECT,
        DecisionKind.MANUAL_MATCH,
        DecisionKind.UNMATCH,
        DecisionKind.REJECT,
    ]

    report = tmp_path / "report.xlsx"
    dialogs.answers["choose_export_path"] = deque([report])
    with qtbot.waitSignal(window.workflows.message, timeout=120_000):
        window.export_action.trigger()
    assert report.exists()
    _check_workbook(report, accepted, rejected)

    window.close()
    services.workspace.close()
    with Workspace.open(workspace) as reopened:
        in_force = reopened.effective_decisions()
    assert any(
        d.kind is DecisionKind.ACCEPT and d.invoice_keys == accepted.invoice_keys for d in in_force
    )
    assert any(
        d.kind is DecisionKind.REJECT and d.invoice_keys == rejected.invoice_keys for d in in_force
    )


def _check_workbook(path: Path, accepted, rejected) -> None:
    book = load_workbook(path, read_only=True)
    assert book.sheetnames[:3] == ["Summary", "Discrepancies", "Matches"]
    matches = book["Matches"]
    rows = list(matches.iter_rows(values_only=True))
    header = list(rows[0])
    for name in ("Provider", "Invoice ID", "Statement", "Row", "Score", "Explanation"):
        assert name in header
    invoice_ids = {row[header.index("Invoice ID")] for row in rows[1:]}
    assert accepted.invoices[0].invoice_id in invoice_ids
    rejected_pairs = {
        (row[header.index("Invoice ID")], row[header.index("Row")]) for row in rows[1:]
    }
    assert (rejected.invoices[0].invoice_id, rejected.lines[0].row) not in rejected_pairs
    discrepancies = list(book["Discrepancies"].iter_rows(values_only=True))
    assert "Type" in discrepancies[0]
    assert len(discrepancies) > 1
    if "Audit" in book.sheetnames:
        audit_text = " ".join(
            str(cell) for row in book["Audit"].iter_rows(values_only=True) for cell in row if cell
        )
        assert "accept" in audit_text
        assert "reject" in audit_text
    book.close()

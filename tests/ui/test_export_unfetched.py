"""Exporting after a fetch a provider failed in, through the real window, engine and
dialog against the sandbox: the window asks first, naming the provider and why; Cancel
writes nothing; Export anyway writes a report whose Summary names it. The workspace keeps
the other providers' invoices and does not record the failed one as fetched."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desktop_app.domain import FetchPeriod, FetchShortfall
from desktop_app.ui.dialogs.unfetched_dialog import TITLE, UnfetchedExportDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.workspace import Workspace
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

pytestmark = pytest.mark.sandbox

ELEVATE = "Elevate Billing"


class RealQuestion(ScriptedDialogs):
    """Scripted files; the question before an export is the real dialog, answered by
    clicking the button the test queued ("export" or "cancel")."""

    def __init__(self, qtbot: Any) -> None:
        super().__init__()
        self._qtbot = qtbot
        self.presses: deque[str] = deque()
        self.shown: list[tuple[str, str, str]] = []

    def confirm_export_without(
        self, parent: Any, shortfalls: Sequence[FetchShortfall], period: FetchPeriod
    ) -> bool:
        self.asked.append(("confirm_export_without", (shortfalls, period)))
        dialog = UnfetchedExportDialog(shortfalls, period, parent)
        self._qtbot.addWidget(dialog)
        dialog.open()
        self.shown.append((dialog.windowTitle(), dialog.headline.text(), dialog.details.text()))
        go = self.presses.popleft() == "export"
        button = dialog.export_button if go else dialog.cancel_button
        with self._qtbot.waitSignal(dialog.accepted if go else dialog.rejected):
            self._qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return go


def _statement(folder: Path) -> Path:
    path = folder / "bank.csv"
    path.write_text(
        "Date,Description,Amount\n2025-10-02,ACME LTD PAYMENT,120.00\n2025-10-03,COFFEE,-3.50\n",
        encoding="utf-8",
    )
    return path


def _export(qtbot: Any, window: MainWindow, dialogs: RealQuestion, path: Path) -> None:
    dialogs.answers["choose_export_path"] = deque([path])
    with qtbot.waitSignal(window.workflows.message, timeout=120_000):
        window.export_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=120_000)


def test_an_export_after_a_failed_provider_asks_and_the_summary_names_it(
    qtbot, demo, runner, tmp_path: Path, event_loop_qt
) -> None:
    sandbox, services = demo
    workspace = tmp_path / "month-end.reconcile"
    dialogs = RealQuestion(qtbot)
    with engine_window(
        qtbot, runner, tmp_path, dialogs, services=services, workspace=workspace
    ) as window:
        dialogs.answers["choose_statement"] = deque([_statement(tmp_path)])
        dialogs.answers["review_import"] = deque([ColumnMapping(1, {}, None, currency="GBP")])
        with qtbot.waitSignal(window.session.lines_changed, timeout=120_000):
            window.statements.import_button.click()
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=120_000)
        sandbox.faults.inject("elevate", "401", path_contains="/invoices", times=5)
        with qtbot.waitSignal(window.session.invoices_changed, timeout=120_000):
            window.fetch_action.trigger()
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=120_000)
        providers = {invoice.provider for invoice in window.session.invoices}
        assert providers == {"Content Ignite", "Versori"}  # what was fetched is kept
        with qtbot.waitSignal(window.session.reconciliation_changed, timeout=120_000):
            window.match_action.trigger()

        cancelled = tmp_path / "cancelled.xlsx"
        dialogs.presses.append("cancel")
        with qtbot.waitSignal(window.workflows.message, timeout=60_000) as said:
            window.export_action.trigger()
        assert said.args[0].startswith(f"Export cancelled: {ELEVATE}'s invoices")
        assert "choose_export_path" not in [name for name, _ in dialogs.asked]
        assert not cancelled.exists()
        title, headline, details = dialogs.shown[-1]
        assert title == TITLE
        assert headline == (
            f"The invoices of every date were not all fetched from {ELEVATE}: its invoices "
            "for the period are missing from the report."
        )
        assert f"• {ELEVATE}: its fetch of every date failed on " in details
        assert "401" in details

        report = tmp_path / "report.xlsx"
        dialogs.presses.append("export")
        _export(qtbot, window, dialogs, report)
        assert report.exists()

    book = load_workbook(report, read_only=True)  # read-only holds the file open: closed
    try:
        summary = [
            [*row, None, None, None, None, None, None]
            for row in book["Summary"].iter_rows(values_only=True)
        ]
    finally:
        book.close()
    [warned] = [row for row in summary if row[0] == "Providers not fetched for the period"]
    assert warned[1] == 1
    assert str(warned[2]).startswith(f"{ELEVATE}: its invoices of the period are not (all)")
    start = next(i for i, row in enumerate(summary) if row[0] == "Invoices fetched by provider")
    listed = {row[0]: row for row in summary[start + 2 : start + 5]}
    assert listed["Content Ignite"][4] == "yes"
    assert listed["Versori"][4] == "yes"
    assert listed[ELEVATE][4] == "no"
    assert str(listed[ELEVATE][5]).startswith("its fetch of every date failed on ")

    with Workspace.open(workspace) as reopened:
        records = reopened.fetch_records()
    assert not records[ELEVATE].covers(FetchPeriod())
    assert records["Content Ignite"].covers(FetchPeriod())


def test_the_question_cancels_by_default(qtbot) -> None:
    shortfalls = (FetchShortfall(ELEVATE, "its fetch of every date was cancelled"),)
    dialog = UnfetchedExportDialog(shortfalls, FetchPeriod())
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.cancel_button.isDefault()
    assert not dialog.export_button.isDefault()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Rejected
    assert f"• {ELEVATE}: its fetch of every date was cancelled." in dialog.details.text()

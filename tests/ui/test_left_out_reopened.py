"""Invoices a provider returned that could not be used, after the workspace is reopened.

Through the real window and engine against the sandbox: a Content Ignite invoice the list
names is deleted before its detail is read, so the fetch leaves it out. Only the session
knew that before, so the report of the reopened workspace lost its "Invoices left out"
section and the window its warning, while the invoice's payment still read as unmatched.
Reopened, the window warns again, and the report lists the invoice.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

import pytest

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from tests.export.readback import cell_values, read_report
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.test_export_unfetched import _statement

pytestmark = pytest.mark.sandbox

LONG = 120_000


def _fetch(qtbot: Any, window: MainWindow) -> None:
    with qtbot.waitSignal(window.session.invoices_changed, timeout=LONG):
        window.fetch_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=LONG)


def test_a_reopened_workspace_still_warns_of_and_reports_the_invoices_left_out(
    qtbot, demo, runner, tmp_path: Path, event_loop_qt
) -> None:
    sandbox, services = demo
    workspace = tmp_path / "month-end.reconcile"
    details = sandbox.dataset.content_ignite.details
    gone = sorted(details)[0]
    del details[gone]  # listed, but its detail is gone: left out of the fetch
    dialogs = ScriptedDialogs()
    with engine_window(
        qtbot, runner, tmp_path, dialogs, services=services, workspace=workspace
    ) as window:
        dialogs.answers["choose_statement"] = deque([_statement(tmp_path)])
        dialogs.answers["review_import"] = deque([ColumnMapping(1, {}, None, currency="GBP")])
        with qtbot.waitSignal(window.session.lines_changed, timeout=LONG):
            window.statements.import_button.click()
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=LONG)
        _fetch(qtbot, window)
        fetched = [b for b in window.banners.banners() if b.title.startswith("Invoices left")]
        assert [b.title for b in fetched] == ["Invoices left out from Content Ignite"]

    reopened_dialogs = ScriptedDialogs()
    with engine_window(
        qtbot, runner, tmp_path, reopened_dialogs, services=services, workspace=workspace
    ) as window:
        qtbot.waitUntil(lambda: window.session.reconciliation is not None, timeout=LONG)
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=LONG)
        said = [b for b in window.banners.banners() if b.title.startswith("Invoices left")]
        assert [(b.level, b.title) for b in said] == [
            ("warning", "Invoices left out from Content Ignite")
        ]
        assert said[0].message == fetched[0].message  # as said on the day of the fetch
        assert f"invoice {gone}" in said[0].message.lower()

        report = tmp_path / "report.xlsx"
        reopened_dialogs.answers["choose_export_path"] = deque([report])
        reopened_dialogs.answers["confirm_export_without"] = deque([True])
        with qtbot.waitSignal(window.workflows.message, timeout=LONG):
            window.export_action.trigger()
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=LONG)

    book = read_report(report)
    rows = book.sheet("Summary").iter_rows()
    left_out = next(row for row in rows if row[0].value == "Invoices left out")
    assert left_out[1].value == 1
    listed = cell_values(
        book.summary_block("Invoices a provider returned that could not be used"), 4
    )
    assert listed[0] == ("Provider", "Invoice ID", "Invoice Number", "Problem")
    assert [row[:2] for row in listed[1:]] == [("Content Ignite", str(gone))]
    assert f"Invoice {gone} not found" in str(listed[1][3])

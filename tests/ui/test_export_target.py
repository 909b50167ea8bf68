"""The window's Export refuses a file the report would replace that it must not: a bank
statement imported (this session, or before, found by its content) or the workspace file.

Choosing the imported ``bank-statement.xlsx`` in the save dialog replaced the bank's file
by the report, and the export said it succeeded; the command line refused the same slip.
Now a banner names the file and why, nothing is written, and the save dialog opens again.
The real window, engine and workspace file; the statement is a real xlsx file.
"""

from __future__ import annotations

import shutil
from collections import deque
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, engine_window
from tests.ui.fakes import ScriptedDialogs

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3))


def _statement(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Description", "Amount"])
    for i in (1, 2, 3):
        sheet.append([date(2026, 2, i), f"Payment INV-{i:05d}", -(i * 100 + 50)])
    book.save(path)
    return path


def _workspace(tmp_path: Path) -> Path:
    path = tmp_path / "month-end.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Content Ignite", INVOICES)
    return path


def _open(qtbot, window: MainWindow, path: Path) -> None:
    """Open the workspace; with lines it matches them at once: wait for that too."""
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
        window.workflows.open_workspace(path)
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)


def _import(qtbot, window: MainWindow, statement: Path) -> None:
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["choose_statement"] = deque([statement])
    dialogs.answers["review_import"] = deque([ColumnMapping(1, {}, currency="GBP")])
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.statements.import_button.click()
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()


def _export_to(qtbot, window: MainWindow, *chosen: Path | None) -> list[str]:
    """Export, the save dialog answering ``chosen`` in turn (None: Cancel), until every
    answer was asked for or a report was written; the banners' titles and messages."""
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["choose_export_path"] = deque(chosen)
    window.export_action.trigger()

    def said() -> list[str]:
        return [f"{b.title}: {b.message}" for b in window.banners.banners()]

    qtbot.waitUntil(
        lambda: (
            not window.runner.active()
            and (not dialogs.answers["choose_export_path"] or any("exported" in t for t in said()))
        ),
        timeout=60_000,
    )
    return said()


def test_the_imported_statement_is_refused_by_name_and_another_name_is_asked_for(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    statement = _statement(tmp_path / "bank-statement.xlsx")
    held = statement.read_bytes()
    report = tmp_path / "report.xlsx"
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs()) as window:
        _open(qtbot, window, _workspace(tmp_path))
        _import(qtbot, window, statement)

        banners = _export_to(qtbot, window, statement, report)

        assert banners[0] == (
            "Report not written to bank-statement.xlsx: "
            f"{statement} is the bank statement bank-statement.xlsx you imported: the "
            "report would replace it. Choose another name for the report."
        )
        assert statement.read_bytes() == held
        assert report.exists()  # the name chosen next
        assert banners[-1] == f"Report exported: {report}"


def test_the_workspace_file_and_a_statement_imported_before_are_refused(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """The workspace keeps a statement's name and content, not where its file was: a
    statement imported in an earlier session is known by its content, under any name."""
    statement = _statement(tmp_path / "bank-statement.xlsx")
    workspace = _workspace(tmp_path)
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs()) as window:
        _open(qtbot, window, workspace)
        _import(qtbot, window, statement)
    copy = tmp_path / "copies" / "february.xlsx"
    copy.parent.mkdir()
    shutil.copyfile(statement, copy)

    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs()) as window:
        _open(qtbot, window, workspace)  # the next session
        banners = _export_to(qtbot, window, copy, workspace, None)

        refused_copy = (
            f"Report not written to february.xlsx: {copy} is the bank statement you imported "
            "as bank-statement.xlsx: the report would replace it. Choose another name for "
            "the report."
        )
        refused_workspace = (
            f"Report not written to month-end.reconcile: {workspace} is this workspace's "
            "file: the report would replace it, and every decision with it. Choose another "
            "name for the report."
        )
        assert banners == [refused_copy, refused_workspace]
        assert copy.read_bytes() == statement.read_bytes()
    with Workspace.open(workspace) as reopened:  # still the workspace, not a workbook
        assert reopened.statement_files() == ("bank-statement.xlsx",)

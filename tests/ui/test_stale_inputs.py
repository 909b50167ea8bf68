"""A statement imported or invoices fetched after matching ran make the run out of date:
the screens say so, and Export runs matching again first, as it does after decisions.

Before, only decisions counted: an export right after an import wrote a report whose
sheets held none of the new statement's lines (only the Summary listed the file), and
nothing on screen said matching had not run since. The real window, engine, workspace
file and, for the fetch, the sandbox providers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.domain import Reconciliation
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.since_run import SinceRun
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, engine_window, open_and_match
from tests.ui.fakes import ScriptedDialogs

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3, 4))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))


@pytest.fixture
def window(qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt) -> Iterator[MainWindow]:
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs()) as window:
        yield window


def _workspace(tmp_path: Path) -> Path:
    path = tmp_path / "month-end.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Content Ignite", INVOICES)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, LINES)
    return path


def _second_statement(tmp_path: Path) -> Path:
    path = tmp_path / "second-account.csv"
    path.write_text("Date,Description,Amount\n2026-02-10,Payment INV-00004,-450.00\n")
    return path


def _export(qtbot, window: MainWindow, out: Path) -> None:
    dialogs_of(window, ScriptedDialogs).answers["choose_export_path"] = deque([out])
    with qtbot.waitSignal(window.workflows.message, timeout=120_000) as said:
        window.export_action.trigger()
    assert said.args == [f"Exported {out.name}."]


def _mentions(path: Path, sheet: str, text: str) -> int:
    workbook = load_workbook(path, read_only=True)
    try:
        rows = workbook[sheet].iter_rows(values_only=True)
        return sum(1 for row in rows if any(text in str(cell) for cell in row if cell))
    finally:
        workbook.close()


def _import_after_the_run(qtbot, window: MainWindow, tmp_path: Path) -> None:
    open_and_match(qtbot, window, _workspace(tmp_path))
    assert window.reconcile.stale_label.text() == ""
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["choose_statement"] = deque([_second_statement(tmp_path)])
    dialogs.answers["review_import"] = deque([ColumnMapping(1, {}, currency="GBP")])
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.statements.import_button.click()


def test_an_import_after_the_run_is_said_until_matching_runs_again(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    _import_after_the_run(qtbot, window, tmp_path)
    assert window.reconcile.stale_label.text() == "second-account.csv imported since matching ran"
    assert window.discrepancies.stale_label.text() == (
        "second-account.csv imported since matching ran: run it again to update this list "
        "(the export always does)."
    )
    assert not window.discrepancies.rerun_button.isHidden()
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.discrepancies.rerun_button.click()
    assert window.reconcile.stale_label.text() == ""
    assert window.discrepancies.rerun_button.isHidden()


def test_an_export_right_after_an_import_runs_matching_again_first(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    _import_after_the_run(qtbot, window, tmp_path)
    out = tmp_path / "report.xlsx"
    _export(qtbot, window, out)
    assert _mentions(out, "Statement lines", "second-account.csv") == 1
    assert _mentions(out, "Matches", "second-account.csv") == 1  # INV-00004's payment
    reconciliation = window.session.reconciliation
    assert reconciliation is not None
    assert "second-account.csv" in {line.source_file for line in reconciliation.lines}
    assert window.reconcile.stale_label.text() == ""


@pytest.mark.sandbox
@pytest.mark.slow
def test_a_fetch_after_the_run_is_said_and_the_export_runs_matching_again(
    qtbot, demo, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    sandbox, services = demo
    with engine_window(
        qtbot, runner, tmp_path, ScriptedDialogs(), services=services, workspace=tmp_path / "w"
    ) as window:
        recent = (sandbox.today - timedelta(days=20), sandbox.today)
        with qtbot.waitSignal(window.session.invoices_changed, timeout=120_000):
            window.workflows.fetch(recent)
        with qtbot.waitSignal(window.session.reconciliation_changed, timeout=120_000):
            window.match_action.trigger()
        in_run = len(window.session.invoices)

        with qtbot.waitSignal(window.session.invoices_changed, timeout=120_000):
            window.fetch_action.trigger()  # every invoice, the older ones too
        fetched = len(window.session.invoices) - in_run
        assert fetched > 0
        said = f"{fetched:,} invoices fetched since matching ran"
        assert window.reconcile.stale_label.text() == said
        assert window.discrepancies.stale_label.text().startswith(said + ": run it again")

        out = tmp_path / "report.xlsx"
        _export(qtbot, window, out)
        workbook = load_workbook(out, read_only=True)
        invoice_rows = sum(1 for _ in workbook["Invoices"].iter_rows(values_only=True))
        workbook.close()
        assert invoice_rows == len(window.session.invoices) + 1  # and its header
        reconciliation = window.session.reconciliation
        assert reconciliation is not None
        assert len(reconciliation.invoices) == len(window.session.invoices)
        assert window.reconcile.stale_label.text() == ""

        with qtbot.waitSignal(window.session.invoices_changed, timeout=120_000):
            window.workflows.fetch()  # every invoice again, as last fetched: nothing new
        assert window.reconcile.stale_label.text() == ""


def _session(qapp) -> ReviewSession:
    session = ReviewSession(lambda decision: 1, lambda entry: None, user="ann")
    rec = f.reconciliation()
    session.load(rec.invoices, rec.lines, rec)
    return session


def test_a_run_that_read_the_lines_before_an_import_leaves_the_import_said(qapp) -> None:
    """A run started before an import landed, and shown after it, does not hold the
    statement: the run is still out of date, and says by what."""
    session = _session(qapp)
    run: Reconciliation | None = session.reconciliation
    assert run is not None
    before = session.inputs_step
    session.add_lines([f.line(90, source="late.csv")], "late.csv")
    session.set_invoices([f.invoice(90)])
    session.set_reconciliation(run, made_at=before)
    assert session.since_run() == SinceRun(imported=("late.csv",), invoices=1)
    assert session.is_stale()
    session.set_reconciliation(run, made_at=session.inputs_step)
    assert not session.is_stale()


def test_only_what_changes_the_run_s_inputs_makes_it_out_of_date(qapp) -> None:
    """Lines already held (a file imported again) and invoices fetched as they were do
    not; a removal does; nothing is said while there is no run."""
    session = _session(qapp)
    session.add_lines(session.lines[:2], "bank.csv")
    session.set_invoices(session.invoices)
    assert not session.is_stale()
    session.set_invoices([replace(session.invoices[0], status_raw="paid")])
    session.remove_statement("bank.csv")
    assert session.since_run() == SinceRun(removed=("bank.csv",), invoices=1)
    session.set_reconciliation(None)
    session.add_lines([f.line(91, source="new.csv")], "new.csv")
    assert session.since_run() == SinceRun()


def test_what_changed_is_said_in_one_phrase() -> None:
    assert SinceRun(decisions=2).said() == "2 decisions"
    assert SinceRun(imported=("a.csv",)).said() == "a.csv imported"
    assert (
        SinceRun(decisions=1, imported=("a.csv", "b.csv"), removed=("c.csv",), invoices=1).said()
        == "1 decision, 2 statements imported, c.csv removed and 1 invoice fetched"
    )
    assert not SinceRun()

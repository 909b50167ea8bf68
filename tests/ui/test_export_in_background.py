"""Export keeps the window answering: what it reads and writes is read and written on its
worker, and a Cancel leaves no report written.

An exploratory tester's heartbeat on the GUI thread stopped for a third of a second when
Export was chosen, with a few hundred lines: the GUI thread read every decision in force
(0.15 s for 20,000) and, the first time, loaded the workbook writer (openpyxl and the
sheets, 0.2-0.4 s) to ask which providers' invoices were fetched. Both now happen on the
worker; the GUI thread keeps only a number saying which decisions the run shown holds.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain import (
    CancelToken,
    Decision,
    DecisionKind,
    FetchPeriod,
    ProgressCallback,
    Reconciliation,
)
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.workspace import RecentWorkspaces, Workspace
from tests.ui import factories as f
from tests.ui.engine_window import engine_window, open_and_match
from tests.ui.fakes import MemoryServices, ScriptedDialogs
from tests.ui.heartbeat import slow_decisions_window
from tests.ui.screens import reconcile_after_a_run


def test_the_window_keeps_answering_while_the_export_reads_the_decisions(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    dialogs = ScriptedDialogs(choose_export_path=[tmp_path / "report.xlsx"])
    window, services = slow_decisions_window(qtbot, runner, tmp_path, dialogs)
    heartbeat = services.heartbeat
    reconcile_after_a_run(qtbot, window)
    services.reads.clear()
    try:
        window.export_action.trigger()
        qtbot.waitUntil(lambda: bool(services.exported) and not runner.active(), timeout=30_000)
    finally:
        heartbeat.timer.stop()
        window.close()
    assert services.reads == [(False, True)]  # read once, on the worker, the window ticking
    assert [b.title for b in window.banners.banners()][-1] == "Report exported"


def test_a_decision_made_as_the_export_began_is_in_the_report(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """The worker reads the decisions as it starts: one made after Export was chosen but
    before they were read is in the report, and the banner says it was exported (not
    "without the latest decisions"), the run it made shown."""
    rec = f.reconciliation()
    services = MemoryServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )
    services.honour_decisions = True
    dialogs = ScriptedDialogs(choose_export_path=[tmp_path / "report.xlsx"])
    window = MainWindow(services, dialogs, runner, UiState(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    window.show()
    reconcile_after_a_run(qtbot, window)
    suggested = next(m for m in window.session.matches if m.state.name == "SUGGESTED")
    started = threading.Event()
    read = services.versioned_decisions

    def held_until_decided() -> tuple[int, tuple[Decision, ...]]:
        started.set()
        assert decided.wait(10)
        return read()

    decided = threading.Event()
    services.versioned_decisions = held_until_decided  # type: ignore[method-assign]
    try:
        window.export_action.trigger()
        qtbot.waitUntil(started.is_set)
        assert window.session.accept([suggested])
        decided.set()
        qtbot.waitUntil(lambda: bool(services.exported) and not runner.active(), timeout=30_000)
        titles = [b.title for b in window.banners.banners()]
    finally:
        window.close()
    assert titles[-1] == "Report exported"
    [(_, written)] = services.exported
    assert any(m.state.name == "ACCEPTED" for m in written.matches)
    assert not window.session.is_stale()
    assert services.recorded[-1].kind is DecisionKind.ACCEPT


class _HeldAtSave(EngineServices):
    """The real export, held as it saves the workbook until the task is cancelled: the
    accountant pressing Cancel while a large report is saved."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
        )
        self.saving = threading.Event()

    def export_report(
        self,
        reconciliation: Reconciliation,
        decisions: Sequence[Decision],
        path: Path,
        progress: ProgressCallback,
        cancel: CancelToken,
        fetched: FetchPeriod | None = None,
        statements_from: date | None = None,
    ) -> Path:
        def held(done: int, total: int | None, message: str) -> None:
            progress(done, total, message)
            if message == "Saving the workbook":
                self.saving.set()
                deadline = time.monotonic() + 10
                while not cancel.cancelled and time.monotonic() < deadline:
                    time.sleep(0.01)

        return super().export_report(
            reconciliation, decisions, path, held, cancel, fetched, statements_from
        )


@pytest.mark.parametrize("before", [None, b"the report exported last month"])
def test_a_cancelled_export_leaves_no_report_written(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt, before: bytes | None
) -> None:
    """No file where there was none, the old report as it was where there was one, and no
    temporary file beside it."""
    books = tmp_path / "month-end.reconcile"
    invoices = tuple(f.invoice(i, f"{i}00.00") for i in (1, 2, 3))
    with Workspace.create(books) as workspace:
        workspace.save_invoices("Content Ignite", invoices)
        workspace.add_statement(
            "bank.csv",
            "0" * 64,
            {"format": "csv"},
            [f.line(i + 1, f"-{i}00.00") for i in (1, 2, 3)],
        )
    out = tmp_path / "reports"
    out.mkdir()
    report = out / "report.xlsx"
    if before is not None:
        report.write_bytes(before)
    services = _HeldAtSave(tmp_path)
    dialogs = ScriptedDialogs(choose_export_path=[report])
    with engine_window(qtbot, runner, tmp_path, dialogs, services=services) as window:
        open_and_match(qtbot, window, books)
        window.export_action.trigger()
        qtbot.waitUntil(services.saving.is_set, timeout=30_000)
        qtbot.waitUntil(lambda: window.task_status.cancel_button.isEnabled())
        window.task_status.cancel_button.click()
        qtbot.waitUntil(lambda: not runner.active())
        assert runner.pool.waitForDone(30_000)  # the worker has stopped
        qtbot.wait(50)  # what it handed back, if anything, has reached the window
        titles = [b.title for b in window.banners.banners()]
        said = window.statusBar().currentMessage()
    assert not any(title.startswith("Report exported") for title in titles)
    assert sorted(p.name for p in out.iterdir()) == ([] if before is None else ["report.xlsx"])
    if before is not None:
        assert report.read_bytes() == before
    # Said once the worker has stopped: the status bar went on saying matching was done.
    kept = "" if before is None else "; the report.xlsx already there is as it was"
    assert said == f"Export cancelled: no report was written{kept}."


class _WrittenAfterCancel(EngineServices):
    """The real export, which goes on to write the report once Cancel is pressed: Cancel
    that comes as the finished workbook is moved into place (``begin_final_step``) is
    too late to stop it."""

    def export_report(
        self,
        reconciliation: Reconciliation,
        decisions: Sequence[Decision],
        path: Path,
        progress: ProgressCallback,
        cancel: CancelToken,
        fetched: FetchPeriod | None = None,
        statements_from: date | None = None,
    ) -> Path:
        deadline = time.monotonic() + 10
        while not cancel.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return super().export_report(
            reconciliation, decisions, path, progress, CancelToken(), fetched, statements_from
        )


def test_a_report_written_despite_cancel_is_said_to_be_exported(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """Its result was dropped, as a cancelled task's is: a report there, and nothing
    said of it. It is shown as any export is."""
    books = _month_end(tmp_path, 3)
    services = _WrittenAfterCancel(
        ProviderSettings(tmp_path / "providers.toml"), WorkspaceBackend(RecentWorkspaces(tmp_path))
    )
    report = tmp_path / "report.xlsx"
    dialogs = ScriptedDialogs(choose_export_path=[report])
    with engine_window(qtbot, runner, tmp_path, dialogs, services=services) as window:
        open_and_match(qtbot, window, books)
        window.export_action.trigger()
        qtbot.waitUntil(lambda: window.task_status.cancel_button.isEnabled())
        window.task_status.cancel_button.click()
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Exported report.xlsx.")
        assert [b.title for b in window.banners.banners()][-1] == "Report exported"
    assert report.is_file()


def _month_end(folder: Path, count: int) -> Path:
    """A workspace of ``count`` invoices of Content Ignite and bank.csv's lines paying them."""
    books = folder / "month-end.reconcile"
    with Workspace.create(books) as workspace:
        numbers = range(1, count + 1)
        workspace.save_invoices("Content Ignite", [f.invoice(i, f"{i}.00") for i in numbers])
        lines = [f.line(i + 1, f"-{i}.00") for i in numbers]
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, lines)
    return books


class _Watched(EngineServices):
    """The real export, noting the collections that ran while it wrote the report."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
        )
        self.writing = False
        self.collections: list[int] = []  # each one's generation
        self.written = 0

    def noted(self, phase: str, info: dict[str, int]) -> None:
        """A ``gc.callbacks`` entry: the collections that start as the report is written."""
        if phase == "start" and self.writing:
            self.collections.append(info["generation"])

    def export_report(self, *args: Any, **kwargs: Any) -> Path:
        self.writing = True
        try:
            return super().export_report(*args, **kwargs)
        finally:
            self.writing = False
            self.written += 1


def test_the_collector_does_not_run_while_the_report_is_written(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """A collection of the oldest objects walks every object the window holds, with the
    interpreter lock held: 0.4-0.9 s each, several an export, in a workspace of 50,000
    invoices, the window frozen through each (``benchmarks/bench_export_window.py``).
    The export pauses the collector, as imports and matching runs do (``gc_pause``)."""
    books = _month_end(tmp_path, 300)
    services = _Watched(tmp_path)
    dialogs = ScriptedDialogs(choose_export_path=[tmp_path / "report.xlsx"])
    with engine_window(qtbot, runner, tmp_path, dialogs, services=services) as window:
        open_and_match(qtbot, window, books)
        gc.callbacks.append(services.noted)
        try:
            window.export_action.trigger()
            qtbot.waitUntil(lambda: not runner.active(), timeout=60_000)
        finally:
            gc.callbacks.remove(services.noted)
        titles = [b.title for b in window.banners.banners()]
    assert titles[-1] == "Report exported"
    assert services.written == 1
    assert services.collections == []


# Run in a fresh interpreter, so that no other test has loaded the writer already.
_FIRST_EXPORT = """
import json, sys, threading
from collections.abc import Sequence
from pathlib import Path

folder = Path(sys.argv[1])
watched = ("openpyxl", "desktop_app.export", "desktop_app.pipeline")
on_gui = []

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name.startswith(watched) and threading.current_thread() is threading.main_thread():
            on_gui.append(name)
        return None

from PySide6.QtWidgets import QApplication
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.workspace import RecentWorkspaces
from tests.ui import factories as f
from tests.ui.fakes import ScriptedDialogs

app = QApplication([])
services = EngineServices(
    ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
)
runner = TaskRunner()
report = folder / "report.xlsx"
dialogs = ScriptedDialogs(choose_export_path=[report])
window = MainWindow(services, dialogs, runner, UiState(folder / "ui.ini"))
window.show()
window.session.set_reconciliation(f.reconciliation())
loaded = sorted(m for m in sys.modules if m.startswith(watched))
sys.meta_path.insert(0, Watch())
said = []
window.workflows.message.connect(said.append)
window.export_action.trigger()
while runner.active():  # the export's task, started as it was chosen
    app.processEvents()
app.processEvents()
window.close()
runner.shutdown()
print(json.dumps({"before": loaded, "on_gui": on_gui, "said": said, "written": report.exists()}))
"""


def test_the_first_export_loads_no_report_writer_on_the_gui_thread(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_EXPORT, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["before"] == []  # nothing had loaded it before Export was chosen
    assert outcome["said"] == ["Exported report.xlsx."]
    assert outcome["written"]
    assert outcome["on_gui"] == []

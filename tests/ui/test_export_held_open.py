"""The window's Export refuses to replace a report open in LibreOffice or Excel.

The status said "Exported r.xlsx." and the report was replaced under the program that had
it open, which went on showing the old figures and could save them back (tester N,
finding 2). Now an error banner names the program, who has it open and what to do, with
the advice every refused report gets, and the report on disk is the one before. It comes
before the run is refreshed for the export, as a statement chosen as the report's name
does. The real window, engine and workspace file.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import REPORT_NOT_WRITTEN, TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.screens import decide, export_banner

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))


def _export_refused(qtbot: Any, window: MainWindow, path: Path) -> None:
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["choose_export_path"] = deque([path])
    with qtbot.waitSignal(window.runner.finished, timeout=60_000):
        window.export_action.trigger()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)


def test_a_report_open_in_libreoffice_is_refused_with_advice_and_kept(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt, monkeypatch
) -> None:
    report = tmp_path / "report.xlsx"
    with matched_window(qtbot, None, runner, tmp_path, INVOICES, LINES) as window:
        assert export_banner(qtbot, window, report) == f"Report exported: {report}"
        written = report.read_bytes()
        lock = tmp_path / ".~lock.report.xlsx#"
        lock.write_text("Ann Lee,ann,finance-pc,24.11.2025 09:12,file:///home/ann/x;", "utf-8")
        decide(qtbot, window, 2, Qt.Key.Key_R)  # the export would match again first
        runs: list[object] = []
        reconcile = window.services.reconcile

        def counted(*args: Any, **kwargs: Any) -> Any:
            runs.append(args)
            return reconcile(*args, **kwargs)

        monkeypatch.setattr(window.services, "reconcile", counted)

        _export_refused(qtbot, window, report)

        # The refusal, then what it means for the report exported before (a decision has
        # been made since): the export's banners, each export's replacing the last's.
        failed, earlier = window.banners.banners()[-2:]
        assert earlier.title == "report.xlsx is out of date"
        refused = failed
        assert refused.title == "Exporting failed"
        assert refused.message == (
            f"cannot write the report {report}: it is open in LibreOffice by Ann Lee (ann) "
            "on finance-pc since 24.11.2025 09:12, as its lock file .~lock.report.xlsx# "
            "beside it says; replaced now, LibreOffice would go on showing the old report, "
            "and saving it there would put the old report back. Close it in LibreOffice, "
            "then try again; if no program has it open, the lock file is stale: delete "
            f"{lock} and try again"
        )
        assert refused.details_text == REPORT_NOT_WRITTEN  # advice, not a traceback
        assert report.read_bytes() == written
        assert sorted(path.name for path in tmp_path.glob("*report.xlsx*")) == sorted(
            [lock.name, report.name]
        )
        assert runs == []  # refused before the run was refreshed for it

"""The banners after an export say what is true now, not what each export said in turn.

Tester N: after a report was exported, a second export to it that failed left the green
"Report exported" banner up, its Open button live, beside "Exporting failed"; Open showed
the old workbook, without the decision made since. And each export's banners stayed, so
a "folder does not exist" failure was still shown three exports later. Now each export's
banners replace those of the one before; an export that wrote nothing says what the
report exported earlier to that file holds (out of date, or still up to date), and Open
does not present an out-of-date report as current without saying so. The real window,
engine and workspace.
"""

from __future__ import annotations

import errno
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import OperationCancelledError
from desktop_app.export import atomic
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.banner import Banner
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.screens import decide, export_banner

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))
NOT_WRITTEN = "Export failed: no report was written; the report.xlsx already there is as it was."


@pytest.fixture
def window(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[MainWindow]:
    with matched_window(qtbot, None, runner, tmp_path, INVOICES, LINES) as window:
        yield window


def _said(window: MainWindow) -> list[str]:
    return [f"{b.title}: {b.message}" for b in window.banners.banners()]


def _titles(window: MainWindow) -> list[str]:
    return [b.title for b in window.banners.banners()]


def _status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def _export(qtbot: Any, window: MainWindow, path: Path) -> None:
    """Export to ``path`` and wait until the export has ended, however it ended."""
    dialogs_of(window, ScriptedDialogs).answers["choose_export_path"] = deque([path])
    with qtbot.waitSignal(window.runner.finished, timeout=60_000):
        window.export_action.trigger()


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report cannot be saved: the disk fills as the workbook is flushed."""

    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_fsync_file", full)


def _click(qtbot: Any, banner: Banner, text: str) -> None:
    [button] = [b for b in banner.action_buttons if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_failed_re_export_takes_the_reports_banner_down_and_says_it_is_out_of_date(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "report.xlsx"
    assert export_banner(qtbot, window, report) == f"Report exported: {report}"
    written = report.read_bytes()
    decide(qtbot, window, 1, Qt.Key.Key_A)  # not in the report
    _disk_full(monkeypatch)

    _export(qtbot, window, report)

    assert _status(window) == NOT_WRITTEN
    failed, earlier = window.banners.banners()
    assert (failed.title, failed.action_texts) == ("Exporting failed", ())
    assert "the disk is full" in failed.message
    assert (earlier.level, earlier.title) == ("warning", "report.xlsx is out of date")
    assert earlier.message == (
        f"{report} is the report exported earlier; it does not hold the decisions made or "
        "undone since: export again to include them."
    )
    assert earlier.action_texts == ("Open earlier report",)
    assert report.read_bytes() == written

    dialogs_of(window, ScriptedDialogs).answers["open_with_desktop"] = deque([True])
    _click(qtbot, earlier, "Open earlier report")
    assert _status(window) == (
        "Opened report.xlsx, exported earlier: it does not hold the decisions made or undone "
        "since; export again to include them."
    )


def test_a_failed_re_export_with_nothing_changed_says_the_report_is_still_up_to_date(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "report.xlsx"
    export_banner(qtbot, window, report)
    _disk_full(monkeypatch)

    _export(qtbot, window, report)

    assert _titles(window) == ["Exporting failed", "report.xlsx is still up to date"]
    earlier = window.banners.banners()[-1]
    assert earlier.message == (
        f"{report} is the report exported earlier, and it holds the decisions, statements "
        "and invoices as they are now."
    )
    assert earlier.action_texts == ("Open",)


def test_a_cancelled_re_export_says_the_report_there_is_out_of_date(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel stops the worker before the report replaced anything (its writer sees the
    token and raises), the decision made since not in the report there."""
    report = tmp_path / "report.xlsx"
    export_banner(qtbot, window, report)
    decide(qtbot, window, 2, Qt.Key.Key_R)

    def cancelled(*args: object, **kwargs: object) -> None:
        raise OperationCancelledError()

    monkeypatch.setattr(window.services, "export_report", cancelled)
    _export(qtbot, window, report)

    assert _status(window) == (
        "Export cancelled: no report was written; the report.xlsx already there is as it was."
    )
    assert _titles(window) == ["report.xlsx is out of date"]


def test_each_export_replaces_the_banners_of_the_export_before(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    gone = tmp_path / "gone" / "report.xlsx"
    _export(qtbot, window, gone)
    [failed] = _said(window)
    assert failed.startswith("Exporting failed: ")
    assert "does not exist" in failed

    report = tmp_path / "report.xlsx"
    _export(qtbot, window, report)
    assert _said(window) == [f"Report exported: {report}"]

    _export(qtbot, window, report)
    assert _said(window) == [f"Report exported: {report}"]  # one, the latest

    _export(qtbot, window, gone)
    assert _said(window) == [failed]  # nothing said of report.xlsx: not this export's file


def test_a_report_replaced_by_an_export_that_then_failed_is_not_vouched_for(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug may come after the report was replaced: what is there now is not the report
    exported earlier, so nothing is said of what it holds."""
    report = tmp_path / "report.xlsx"
    export_banner(qtbot, window, report)

    def broken(reconciliation: object, decisions: object, path: Path, *rest: object) -> None:
        path.write_bytes(b"half a workbook")
        raise KeyError("sheet")

    monkeypatch.setattr(window.services, "export_report", broken)
    _export(qtbot, window, report)

    assert _status(window) == "Export failed."
    assert _titles(window) == ["Exporting failed"]


def test_open_on_the_exported_banner_says_when_decisions_were_made_since(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    report = tmp_path / "report.xlsx"
    export_banner(qtbot, window, report)
    [exported] = window.banners.banners()
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["open_with_desktop"] = deque([True, True])
    _click(qtbot, exported, "Open")
    assert _status(window) == "Exported report.xlsx."  # current: nothing to add

    decide(qtbot, window, 1, Qt.Key.Key_A)
    _click(qtbot, exported, "Open")
    assert ("open_with_desktop", (report,)) in dialogs.asked
    assert _status(window) == (
        "Opened report.xlsx, exported earlier: it does not hold the decisions made or undone "
        "since; export again to include them."
    )

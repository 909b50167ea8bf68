"""The export's banner on a report follows the review: once decisions, statements or
invoices change after the export, the banner itself says the report is out of date.

Before, the green "Report exported" stayed up, its Open live, after later decisions; only
Open said (in the status bar) that the workbook no longer held them. Now the banner turns
into "out of date" as the change is made, says each further kind of change, stays out of
date after an undo (the report's Audit sheet lacks the decision and its undo), and says
when the file there is no longer the one exported. The real window, engine and workspace.
"""

from __future__ import annotations

import errno
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

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
DECISIONS = "the decisions made or undone since"
INPUTS = "the statements or invoices imported, removed or fetched since"
FEB = "Date,Description,Amount\n01/02/2026,Rent,-900.00\n02/02/2026,Client X,1500.00\n"


@pytest.fixture
def window(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[MainWindow]:
    with matched_window(qtbot, None, runner, tmp_path, INVOICES, LINES) as window:
        yield window


@pytest.fixture
def report(qtbot: Any, window: MainWindow, tmp_path: Path) -> Path:
    """report.xlsx exported from the window, its green banner up."""
    path = tmp_path / "report.xlsx"
    assert export_banner(qtbot, window, path) == f"Report exported: {path}"
    return path


def _shown(window: MainWindow) -> list[tuple[str, str]]:
    return [(b.level, b.title) for b in window.banners.banners()]


def _last(window: MainWindow) -> Banner:
    return window.banners.banners()[-1]


def _out_of_date(report: Path, lacks: str) -> str:
    return f"{report} is the report exported earlier; it does not hold {lacks}: export again to include them."


def test_a_decision_after_the_export_turns_its_banner_out_of_date(
    qtbot: Any, window: MainWindow, report: Path
) -> None:
    decide(qtbot, window, 1, Qt.Key.Key_A)

    assert _shown(window) == [("warning", "report.xlsx is out of date")]
    banner = _last(window)
    assert banner.message == _out_of_date(report, DECISIONS)
    assert banner.action_texts == ("Open earlier report",)

    dialogs_of(window, ScriptedDialogs).answers["open_with_desktop"] = deque([True])
    [button] = banner.action_buttons
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == (
        f"Opened report.xlsx, exported earlier: it does not hold {DECISIONS}; export again "
        "to include them."
    )


def test_an_undo_back_to_the_exported_decisions_leaves_it_out_of_date_and_more_is_added(
    qtbot: Any, window: MainWindow, report: Path, tmp_path: Path
) -> None:
    """The decisions in force are again those exported, but the report's audit trail
    lacks the acceptance and its undo: still out of date. A statement imported since is
    then added to what it lacks."""
    decide(qtbot, window, 2, Qt.Key.Key_R)
    window.undo_action.trigger()
    assert window.undo_action.text() == "Undo"  # back where the export was

    assert _shown(window) == [("warning", "report.xlsx is out of date")]
    assert _last(window).message == _out_of_date(report, DECISIONS)

    feb = tmp_path / "feb.csv"
    feb.write_text(FEB, encoding="utf-8")
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([feb])
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)

    [banner] = [b for b in window.banners.banners() if "report.xlsx" in b.title]
    assert banner.message == _out_of_date(report, f"{DECISIONS} or {INPUTS}")


def test_an_export_after_an_undo_back_holds_more_than_the_report_before(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    """Why an undo back to the exported decisions leaves the report out of date: the
    decisions in force are the same, but the next report's Audit sheet lists the
    rejection and its undo, which the report before does not."""
    decide(qtbot, window, 1, Qt.Key.Key_A)
    before = tmp_path / "before.xlsx"
    export_banner(qtbot, window, before)
    decide(qtbot, window, 2, Qt.Key.Key_R)
    window.undo_action.trigger()
    assert [b.title for b in window.banners.banners()] == ["before.xlsx is out of date"]

    after = tmp_path / "after.xlsx"
    assert export_banner(qtbot, window, after) == f"Report exported: {after}"

    def audit(path: Path) -> list[tuple[object, ...]]:
        rows = load_workbook(path, read_only=True)["Audit"].iter_rows(values_only=True)
        return [row[2:4] for row in rows]  # Action, Invoice Numbers

    assert audit(after)[: len(audit(before))] == audit(before)
    assert len(audit(after)) == len(audit(before)) + 2


def test_a_statement_imported_after_the_export_turns_its_banner_out_of_date(
    qtbot: Any, window: MainWindow, report: Path, tmp_path: Path
) -> None:
    feb = tmp_path / "feb.csv"
    feb.write_text(FEB, encoding="utf-8")
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        window.workflows.import_files([feb])
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)

    [banner] = [b for b in window.banners.banners() if "report.xlsx" in b.title]
    assert (banner.level, banner.title) == ("warning", "report.xlsx is out of date")
    assert banner.message == _out_of_date(report, INPUTS)


def test_still_up_to_date_after_a_failed_export_follows_a_later_decision(
    qtbot: Any, window: MainWindow, report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failure stays beside it: only the banner on the report changes."""

    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_fsync_file", full)
    dialogs_of(window, ScriptedDialogs).answers["choose_export_path"] = deque([report])
    with qtbot.waitSignal(window.runner.finished, timeout=60_000):
        window.export_action.trigger()
    assert [title for _, title in _shown(window)] == [
        "Exporting failed",
        "report.xlsx is still up to date",
    ]
    window.activateWindow()  # the keys reach the table in the active window only
    qtbot.waitUntil(window.isActiveWindow)

    decide(qtbot, window, 3, Qt.Key.Key_A)

    assert _shown(window) == [
        ("error", "Exporting failed"),
        ("warning", "report.xlsx is out of date"),
    ]
    assert _last(window).message == _out_of_date(report, DECISIONS)


def test_a_report_changed_since_the_export_is_said_so_at_the_next_change(
    qtbot: Any, window: MainWindow, report: Path
) -> None:
    """Saved over in the spreadsheet program (or replaced): what it holds is not known,
    so it is neither called up to date nor said to lack only the decisions."""
    report.write_bytes(report.read_bytes() + b"\0")

    decide(qtbot, window, 1, Qt.Key.Key_A)

    assert _shown(window) == [("warning", "report.xlsx changed since it was exported")]
    banner = _last(window)
    assert banner.message == (
        f"{report} is no longer the report exported earlier (it was replaced, changed or "
        "removed since), so what it holds is not known here: export again for a report of "
        "the review as it is now."
    )
    assert banner.action_texts == ()


def test_a_dismissed_report_banner_is_not_brought_back(
    qtbot: Any, window: MainWindow, report: Path
) -> None:
    [exported] = window.banners.banners()
    qtbot.mouseClick(exported.close_button, Qt.MouseButton.LeftButton)

    decide(qtbot, window, 1, Qt.Key.Key_A)

    assert window.banners.banners() == []


def test_the_next_export_says_its_own_report(qtbot: Any, window: MainWindow, report: Path) -> None:
    """Out of date, then exported again: the new report's banner alone, up to date."""
    decide(qtbot, window, 1, Qt.Key.Key_A)
    assert export_banner(qtbot, window, report) == f"Report exported: {report}"
    assert _shown(window) == [("info", "Report exported")]

"""What the window's Export offers and leaves behind: a name saying the run's period in
the folder the accountant exports to, and a banner that opens the workbook written.

A fixed ``~/reconciliation-report.xlsx`` made every month's export offer to overwrite the
last month's, in the home folder whatever the client's folder; and the banner saying the
report was written left the accountant to find it. The real window, engine and workspace.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from pathlib import Path

from desktop_app.domain import FetchPeriod
from desktop_app.ui.export_name import report_days, suggested_report_name
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import dialogs_of, engine_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.test_export_target import _export_to, _import, _open, _statement, _workspace


def test_the_name_says_the_month_or_the_days_of_the_run() -> None:
    assert suggested_report_name(date(2025, 10, 1), date(2025, 10, 31)) == (
        "reconciliation-2025-10.xlsx"
    )
    assert suggested_report_name(date(2025, 10, 3), date(2025, 11, 2)) == (
        "reconciliation-2025-10-03-to-2025-11-02.xlsx"
    )
    assert suggested_report_name(date(2025, 12, 20), date(2026, 1, 5)) == (
        "reconciliation-2025-12-20-to-2026-01-05.xlsx"
    )
    assert suggested_report_name(None, None) == "reconciliation-report.xlsx"


def test_the_name_says_the_period_fetched_where_it_has_two_ends() -> None:
    november = FetchPeriod(date(2025, 11, 1), date(2025, 11, 30))
    statements = (date(2025, 10, 3), date(2025, 11, 27))
    assert suggested_report_name(*report_days(november, *statements)) == (
        "reconciliation-2025-11.xlsx"
    )
    for open_ended in (None, FetchPeriod(), FetchPeriod(date(2025, 11, 1), None)):
        assert report_days(open_ended, *statements) == statements


def _offered(dialogs: ScriptedDialogs) -> list[Path]:
    return [args[0] for name, args in dialogs.asked if name == "choose_export_path"]


def test_export_is_offered_beside_the_workspace_then_where_the_last_report_went(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    client = tmp_path / "client"
    client.mkdir()
    reports = tmp_path / "reports"
    reports.mkdir()
    dialogs = ScriptedDialogs()
    with engine_window(qtbot, runner, tmp_path, dialogs) as window:
        _open(qtbot, window, _workspace(client))
        _import(qtbot, window, _statement(tmp_path / "bank.xlsx"))  # 1-3 Feb 2026

        _export_to(qtbot, window, reports / "february.xlsx")
        _export_to(qtbot, window, None)

    assert _offered(dialogs) == [
        client / "reconciliation-2026-02.xlsx",
        reports / "reconciliation-2026-02.xlsx",
    ]


def test_the_exported_banner_opens_the_workbook_and_says_when_it_cannot(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    report = tmp_path / "report.xlsx"
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs()) as window:
        dialogs = dialogs_of(window, ScriptedDialogs)
        _open(qtbot, window, _workspace(tmp_path))
        _import(qtbot, window, _statement(tmp_path / "bank.xlsx"))
        _export_to(qtbot, window, report)
        [exported] = [b for b in window.banners.banners() if b.title == "Report exported"]
        [open_button] = exported.action_buttons
        assert open_button.text() == "Open"

        dialogs.answers["open_with_desktop"] = deque([True, False])
        open_button.click()
        assert ("open_with_desktop", (report,)) in dialogs.asked
        assert exported in window.banners.banners()  # it stays: the workbook may be reopened
        errors = [b for b in window.banners.banners() if b.level == "error"]
        assert errors == []

        open_button.click()  # the desktop has no program for it
        [error] = [b for b in window.banners.banners() if b.level == "error"]
        assert error.title == "Cannot open report.xlsx"
        assert str(report) in error.message

        report.unlink()  # moved away since
        open_button.click()
        assert dialogs.answers["open_with_desktop"] == deque()  # not handed to the desktop
        titles_and_messages = [(b.title, b.message) for b in window.banners.banners()]
        assert ("Cannot open report.xlsx", f"{report} is no longer there: export again.") in (
            titles_and_messages
        )

"""The window opening a workspace whose period under review a command-line run changed.

``reconcile --workspace`` given --from/--to replaces the period the accountant chose in
the window; the window then reopened on another period's invoices without a word (tester
L: 17 invoices instead of 36, September's discrepancies gone). Now it says, in a banner,
the period it last showed, the one held now and who changed it when; once, as a second
opening has nothing new to tell; and another workspace opened takes the banner away.
The real window, engine and workspace file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.ui.fetch_period import PERIOD_CHANGED_TITLE
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs


def _changed_by_command_line(path: Path) -> Path:
    """September and October chosen in the window, then October alone by a run."""
    with Workspace.create(path) as workspace:
        workspace.save_fetch({}, date_from=date(2025, 9, 1), date_to=date(2025, 10, 31))
        workspace.save_fetch(
            {}, date_from=date(2025, 10, 1), date_to=date(2025, 10, 31), by_command_line="ann"
        )
    return path


def _said(window: MainWindow) -> list[Any]:
    return [b for b in window.banners.banners() if b.title == PERIOD_CHANGED_TITLE]


def test_the_window_says_once_that_a_command_line_run_changed_the_period(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    books = _changed_by_command_line(tmp_path / "books.reconcile")
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), workspace=books) as window:
        [banner] = _said(window)
        assert banner.level == "warning"
        assert banner.message.startswith(
            "The period under review was 1 Sep 2025 to 31 Oct 2025 when this window last "
            "showed the workspace; desktop-app reconcile, run by ann on "
        )
        assert banner.message.endswith(
            " UTC, made it 1 Oct 2025 to 31 Oct 2025, and the lists show that period's "
            "invoices. To review the earlier period again, fetch it (Fetch invoices, F5)."
        )
        assert window.session.fetch_period is not None
        assert window.session.fetch_period.start == date(2025, 10, 1)

        other = tmp_path / "other.reconcile"
        with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
            window.workflows.open_workspace(other, create=True)
        assert _said(window) == []  # another workspace's period was not changed

    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), workspace=books) as window:
        assert _said(window) == []  # said already

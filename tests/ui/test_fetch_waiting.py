"""A provider kept waiting is said in the window's fetch status, as the command line says
it on stderr ("still waiting for Elevate Billing: … (attempt 1 of 3) …"), until it
answers or the fetch ends.

The window only logged these notices: a provider that never answered kept the status bar
spinning "Fetching invoices" for minutes of timeouts and retries, which looked like a hang.
The notices reach the status through the task runner's queued signals (``waiting_for``),
never by a widget reading a logger. The runner and status bar with a worker saying
notices step by step, then the real window and engine against the sandbox, slowed by its
"slow" fault, with a notice after a fifth of a second.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.domain import CancelToken, ProgressCallback
from desktop_app.providers import HttpPolicy, RetryPolicy, Timeouts
from desktop_app.ui.backend.provider_backend import ProviderBackend
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.task_status import TaskStatus
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs

ELEVATE = "Elevate Billing"
VERSORI = "Versori"
# A notice after 0.2 s unanswered; reads long enough that only the fault is ever slow.
POLICY = HttpPolicy(
    timeouts=Timeouts(connect=5.0, read=20.0),
    retry=RetryPolicy(max_attempts=3, initial_delay=0.01, max_delay=0.05),
    notice_after=0.2,
)
ELEVATE_WAITING = f"still waiting for {ELEVATE}: no answer yet after 0.2 s (attempt 1 of 3) …"


def _notice(status: TaskStatus) -> str:
    """The notice as shown: its text while it is not hidden, else nothing."""
    return "" if status.notice.isHidden() else status.notice.text()


def test_the_latest_notice_stands_until_withdrawn_and_goes_with_the_task(
    qtbot: Any, runner: TaskRunner
) -> None:
    """Said from a worker thread: the latest notice shown, one withdrawn brings back the
    one still standing, none left shows none, and the task's end takes its notice with
    it; a notice its work says after that is dropped."""
    status = TaskStatus(runner)
    qtbot.addWidget(status)
    status.show()
    steps = [threading.Event() for _ in range(3)]
    kept: list[Any] = []
    versori = f"still waiting for {VERSORI}: no answer yet after 15 s (attempt 1 of 5) …"
    elevate = f"still waiting for {ELEVATE}: HTTP 503; trying again in 1.0 s (attempt 2 of 5) …"

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        waiting = runner.waiting_for(cancel)
        kept.append(waiting)
        progress(0, None, "asking providers")
        waiting(VERSORI, versori)
        waiting(ELEVATE, elevate)
        assert steps[0].wait(10)
        waiting(ELEVATE, None)  # Elevate answered: Versori still keeps it waiting
        assert steps[1].wait(10)
        waiting(VERSORI, None)
        assert steps[2].wait(10)
        waiting(VERSORI, versori)  # said as the work ends: goes with it

    results: list[None] = []
    runner.run_in_thread("Fetching invoices", work, results.append)
    qtbot.waitUntil(lambda: _notice(status) == elevate)
    assert status.notice.toolTip() == elevate
    steps[0].set()
    qtbot.waitUntil(lambda: _notice(status) == versori)
    steps[1].set()
    qtbot.waitUntil(lambda: _notice(status) == "")
    assert runner.active(), "the task still runs: only its notice went"
    assert status.label.text() == "Fetching invoices: asking providers"
    steps[2].set()
    qtbot.waitUntil(lambda: results == [None])
    qtbot.waitUntil(lambda: runner.pool.activeThreadCount() == 0)
    qtbot.waitUntil(lambda: not status.isVisible())
    assert status.notice.text() == ""
    kept[0](ELEVATE, elevate)  # after the end: nothing to show it on
    QApplication.processEvents()  # delivered (queued from this thread)
    assert not status.isVisible()
    assert status.notice.text() == ""
    assert status.notice.isHidden()


def _shown(window: MainWindow) -> str:
    """What the status bar shows: its labels' texts, those on screen, in order."""
    labels = window.statusBar().findChildren(QLabel)
    return " | ".join(label.text() for label in labels if label.isVisible() and label.text())


def _slow_window(demo: Any) -> tuple[Any, Any]:
    """The sandbox and services of ``demo``, fetching with ``POLICY``."""
    sandbox, services = demo
    services.fetcher = ProviderBackend(services.provider_settings, POLICY)
    return sandbox, services


@pytest.mark.sandbox
def test_a_provider_kept_waiting_is_said_in_the_fetch_status_until_it_answers(
    qtbot: Any, demo: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    sandbox, services = _slow_window(demo)
    sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=3.0, times=1)
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), services=services) as window:
        window.fetch_action.trigger()
        qtbot.waitUntil(lambda: ELEVATE_WAITING in _shown(window), timeout=30_000)
        assert "Fetching invoices" in _shown(window)
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
        assert "still waiting" not in _shown(window)
        assert window.task_status.notice.text() == ""
        assert ELEVATE in {invoice.provider for invoice in window.session.invoices}
        assert window.banners.banners() == []  # it answered: nothing failed


@pytest.mark.sandbox
def test_cancel_takes_the_still_waiting_notice_away(
    qtbot: Any, demo: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    sandbox, services = _slow_window(demo)
    sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=30.0, times=1)
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), services=services) as window:
        window.fetch_action.trigger()
        qtbot.waitUntil(lambda: ELEVATE_WAITING in _shown(window), timeout=30_000)
        with qtbot.waitSignal(window.session.invoices_changed, timeout=30_000):
            qtbot.mouseClick(window.task_status.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=30_000)
        assert "still waiting" not in _shown(window)
        assert window.task_status.notice.text() == ""
        assert _status_message(window).startswith("Fetch cancelled")
        assert ELEVATE in _status_message(window)


def _status_message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


@pytest.mark.sandbox
def test_test_connection_says_a_provider_kept_waiting_until_it_answers(
    qtbot: Any, demo: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    """Settings' Test connection to a slow provider read "Testing Elevate Billing…" alone,
    the status bar's notice too, for as long as the provider kept it waiting: now the
    notice stands beside it, and in the status bar, until the provider answers."""
    sandbox, services = _slow_window(demo)
    sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=3.0, times=1)
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), services=services) as window:
        window.show_screen("settings")
        settings = window.settings
        settings.providers_table.select_keys([ELEVATE])
        qtbot.mouseClick(settings.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: settings.provider_status.text() == f"Testing {ELEVATE}… {ELEVATE_WAITING}",
            timeout=30_000,
        )
        assert ELEVATE_WAITING in _shown(window)
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
        assert settings.provider_status.text().startswith(f"{ELEVATE}: connected: ")
        assert "still waiting" not in _shown(window)
        assert window.task_status.notice.text() == ""


@pytest.mark.sandbox
def test_a_cancelled_test_connection_keeps_no_still_waiting_notice(
    qtbot: Any, demo: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    sandbox, services = _slow_window(demo)
    sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=30.0, times=1)
    with engine_window(qtbot, runner, tmp_path, ScriptedDialogs(), services=services) as window:
        window.show_screen("settings")
        settings = window.settings
        settings.providers_table.select_keys([ELEVATE])
        qtbot.mouseClick(settings.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: ELEVATE_WAITING in settings.provider_status.text(), timeout=30_000)
        qtbot.mouseClick(window.task_status.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=30_000)
        assert settings.provider_status.text() == f"Test of {ELEVATE} cancelled."
        assert "still waiting" not in _shown(window)

"""``TaskRunner.work_out``: a figure worked out on a worker and handed over on the GUI
thread; no task (nothing shown, nothing to cancel or ask about on close); its result
dropped once the window closes; a failure said as a task's is."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.ui.tasks import TaskFailure, TaskRunner


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()
    runner.deleteLater()


def test_the_result_is_handed_over_on_the_gui_thread(qtbot, runner: TaskRunner) -> None:
    worked_on: list[bool] = []
    handed: list[tuple[int | None, bool]] = []
    started: list[object] = []
    runner.started.connect(started.append)

    def work() -> int:
        worked_on.append(threading.current_thread() is threading.main_thread())
        return 42

    runner.work_out(
        "Adding up",
        work,
        lambda value: handed.append((value, threading.current_thread() is threading.main_thread())),
    )
    assert runner.active() == []  # no task
    qtbot.waitUntil(lambda: bool(handed))
    assert worked_on == [False]
    assert handed == [(42, True)]
    assert started == []


def test_after_the_window_closes_the_result_is_dropped(qtbot, runner: TaskRunner) -> None:
    gate = threading.Event()
    handed: list[object] = []
    runner.work_out("Adding up", lambda: gate.wait(10), handed.append)
    runner.cancel_all()  # the window closing: nothing is asked, the work is not waited for
    assert runner.asking_on_close() == []
    gate.set()
    runner.pool.waitForDone()
    qtbot.wait(50)
    assert handed == []


def test_a_failure_is_said_and_handed_over_as_none(qtbot, runner: TaskRunner) -> None:
    failures: list[TaskFailure] = []
    runner.failed.connect(failures.append)
    handed: list[object] = []

    def work() -> int:
        raise ValueError("no figures")

    runner.work_out("Working out the Overview's figures", work, handed.append)
    qtbot.waitUntil(lambda: bool(handed))
    assert handed == [None]
    (failure,) = failures
    assert failure.title == "Working out the Overview's figures failed"
    assert failure.message == "no figures"

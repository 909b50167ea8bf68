"""Closing the window when the work it stopped does not end within the stop limit.

The window used to close anyway once the limit ran out, closing the workspace under work
that might still be writing to it, without a word. Now it asks: Wait again, or Keep the
window open; kept open, it shows what the work stopped hands back as it ends (what a
fetch stopped with it kept, as its Cancel would), and it closes only once nothing runs.

The work that ignores Cancel is real: an import of a statement the disk does not hand
over (a named pipe nobody writes to, as a share that stopped answering), its worker
stuck in ``open`` until the test writes the file. The limit is shortened for the test.
"""

from __future__ import annotations

import asyncio
import errno
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.dialogs.close_question import (
    STAY,
    WAIT,
    ask_wait_again,
    not_stopped_question,
)
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui.engine_window import engine_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.modal_answer import answer_when_shown
from tests.ui.test_close_while_working import _finished_providers

LIMIT_S = 0.5
STATEMENT = "Date,Description,Amount\n01/10/2025,Rent,-900.00\n02/10/2025,Client X,1500.00\n"
IMPORT = "an import of bank.csv"
NOT_CLOSED = (
    f"Not closed: {IMPORT} has not stopped, and the workspace is not closed under work that "
    "may be writing to it; close the window again once it has ended."
)


def _hand_over(pipe: Path, text: str = "") -> None:
    """Write ``text`` to the pipe the import is stuck reading, and close it: the import
    reads it and goes on. Nothing where no reader waits (it went on already)."""
    try:
        descriptor = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ENXIO:
            return
        raise
    with os.fdopen(descriptor, "w", encoding="utf-8") as writer:
        writer.write(text)


@pytest.fixture
def pipe(tmp_path: Path) -> Iterator[Path]:
    """bank.csv, a named pipe: its import waits in ``open`` until it is written to. Handed
    over at the end whatever happened (after a minute at most: a window that waits for
    its worker to end would otherwise wait for ever), so no worker outlives the test."""
    path = tmp_path / "bank.csv"
    os.mkfifo(path)
    safety = threading.Timer(60.0, _hand_over, (path,))
    safety.start()
    yield path
    safety.cancel()
    _hand_over(path)


def _start_stuck_import(qtbot: Any, window: MainWindow, pipe: Path) -> None:
    """Import the pipe; wait until its worker is reading it (stuck there from then on)."""
    window.workflows.import_files([pipe])
    qtbot.waitUntil(
        lambda: any(task.message == "reading bank.csv" for task in window.runner.active()),
        timeout=30_000,
    )


def _closed_signals(window: MainWindow) -> list[bool]:
    """Each ``closed`` (the application closes the workspace then), with whether any
    work was still running at that moment."""
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(window.runner.working))
    return closed


def _statements(workspace: Path) -> tuple[str, ...]:
    with Workspace.open(workspace) as reopened:
        return reopened.statement_files()


def test_keep_the_window_open_when_the_work_does_not_stop(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, pipe: Path
) -> None:
    books = tmp_path / "books.reconcile"
    dialogs = ScriptedDialogs(stop_and_close=[True], wait_again=[False])
    with engine_window(qtbot, runner, tmp_path, dialogs, workspace=books) as window:
        runner.stop_timeout_s = LIMIT_S
        closed = _closed_signals(window)
        _start_stuck_import(qtbot, window, pipe)

        window.close()

        assert ("wait_again", ((IMPORT,), LIMIT_S)) in dialogs.asked
        assert window.isVisible()
        assert window.isEnabled()
        assert closed == []  # the workspace stays open under the import
        assert window.services.workspace_path() == books
        assert window.statusBar().currentMessage() == NOT_CLOSED

        # The file comes through: the import, stopped, says so as its Cancel would.
        _hand_over(pipe, STATEMENT)
        qtbot.waitUntil(lambda: not window.runner.working, timeout=30_000)
        qtbot.waitUntil(
            lambda: (
                window.statusBar().currentMessage()
                == "Import of bank.csv cancelled: nothing was added to the workspace."
            ),
            timeout=30_000,
        )

        window.close()

        assert not window.isVisible()
        assert closed == [False]
        assert [name for name, _ in dialogs.asked].count("wait_again") == 1
    assert _statements(books) == ()


class _HandedOverWhileAsked(ScriptedDialogs):
    """Wait again, the file coming through while the question is up."""

    def __init__(self, pipe: Path) -> None:
        super().__init__(stop_and_close=[True])
        self._pipe = pipe

    def wait_again(self, parent: Any, still: Sequence[str], waited_s: float) -> bool:
        self.asked.append(("wait_again", (tuple(still), waited_s)))
        _hand_over(self._pipe, STATEMENT)
        return True


def test_wait_again_closes_once_the_work_has_ended(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, pipe: Path
) -> None:
    books = tmp_path / "books.reconcile"
    dialogs = _HandedOverWhileAsked(pipe)
    with engine_window(qtbot, runner, tmp_path, dialogs, workspace=books) as window:
        runner.stop_timeout_s = LIMIT_S
        closed = _closed_signals(window)
        _start_stuck_import(qtbot, window, pipe)

        window.close()

        assert dialogs.asked[-1] == ("wait_again", ((IMPORT,), LIMIT_S))
        assert not window.isVisible()
        assert closed == [False]  # closed only once nothing ran
    assert _statements(books) == ()


@pytest.mark.sandbox
def test_kept_open_it_shows_what_work_that_ended_meanwhile_kept(
    qtbot: Any, demo: Any, runner: TaskRunner, tmp_path: Path, pipe: Path, event_loop_qt: Any
) -> None:
    """A fetch stopped by the close saves its finished providers' invoices while the
    import holds the close up: the window kept open shows them, as the workspace holds
    them (they were left unshown, the window closing)."""
    sandbox, services = demo
    sandbox.faults.inject("elevate", "slow", path_contains="/invoices", delay=30.0)
    finished = _finished_providers(services)
    books = tmp_path / "books.reconcile"
    dialogs = ScriptedDialogs(stop_and_close=[True], wait_again=[False])
    with engine_window(
        qtbot, runner, tmp_path, dialogs, services=services, workspace=books
    ) as window:
        runner.stop_timeout_s = LIMIT_S
        window.fetch_action.trigger()
        qtbot.waitUntil(lambda: len(finished) == 2, timeout=60_000)
        _start_stuck_import(qtbot, window, pipe)

        window.close()

        assert window.isVisible()
        [asked] = [args for name, args in dialogs.asked if name == "wait_again"]
        assert asked == ((IMPORT,), LIMIT_S)
        shown = {invoice.provider for invoice in window.session.invoices}
        assert shown == {"Content Ignite", "Versori"}
        stored = services.workspace.workspace.load_invoices()
        assert {invoice.provider for invoice in stored} == shown
        assert [b.title for b in window.banners.banners()] == ["Fetch cancelled"]
        _hand_over(pipe, STATEMENT)
        qtbot.waitUntil(lambda: not window.runner.working, timeout=30_000)
    assert not [task for task in asyncio.all_tasks(event_loop_qt) if not task.done()]


def test_the_question_says_what_has_not_stopped_and_what_each_choice_does() -> None:
    text, details = not_stopped_question([IMPORT], 30.0)
    assert text == "An import of bank.csv has not stopped."
    assert details == (
        "It was told to stop 30 seconds ago and may still be writing to the workspace, "
        "which closing the window closes: the window does not close under it.\n"
        "Wait again: wait up to 30 seconds more, and close once it has ended.\n"
        "Keep the window open: it stays stopped as Cancel stops it; what it keeps is shown "
        "when it ends, and the window can be closed then."
    )
    text, details = not_stopped_question(["a fetch", IMPORT], 1.0)
    assert text == "A fetch and an import of bank.csv have not stopped."
    assert details.startswith("They were told to stop 1 second ago")
    assert "close once they have ended" in details


def _press(label: str):  # type: ignore[no-untyped-def]
    def press(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text() == label]
        button.click()

    return press


def test_wait_again_answers_yes_and_keep_the_window_open_no(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    answer_when_shown(QMessageBox, _press(WAIT))
    assert ask_wait_again(parent, [IMPORT], 30.0) is True
    shown = answer_when_shown(QMessageBox, _press(STAY))
    assert ask_wait_again(parent, [IMPORT], 30.0) is False
    assert shown[0].text() == "An import of bank.csv has not stopped."

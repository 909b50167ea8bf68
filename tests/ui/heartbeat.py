"""A heartbeat on the GUI thread, and decisions slow to read: together they show whether
a worker's read of the decisions left the window answering (the heartbeat ticked while
it waited) or ran on the GUI thread (it never could)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from desktop_app.domain import Decision
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices, ScriptedDialogs

TICKS = 5  # heartbeats the GUI thread must give while a worker's read waits for them


class Heartbeat:
    """A 10 ms timer on the GUI thread, counting its ticks: they stop while the GUI
    thread is busy, whatever the machine's speed."""

    def __init__(self) -> None:
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.ticks += 1

    def waited_for(self, count: int) -> bool:
        """Wait (on a worker) until the GUI thread has ticked ``count`` more times; False
        when it did not within ten seconds (it was blocked: this waits where it runs)."""
        until, deadline = self.ticks + count, time.monotonic() + 10
        while self.ticks < until:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True


class SlowDecisions(MemoryServices):
    """Decisions that take as long to read as the GUI thread takes to tick ``TICKS``
    times: read on the GUI thread, they never are."""

    def __init__(self, heartbeat: Heartbeat, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.heartbeat = heartbeat
        self.reads: list[tuple[bool, bool]] = []  # (on the GUI thread, the GUI ticked)

    def _slow(self) -> None:
        on_gui = threading.current_thread() is threading.main_thread()
        self.reads.append((on_gui, self.heartbeat.waited_for(TICKS)))

    def decisions(self) -> tuple[Decision, ...]:
        self._slow()
        return super().decisions()

    def versioned_decisions(self) -> tuple[int, tuple[Decision, ...]]:
        self._slow()
        return self.decisions_version(), super().decisions()


def slow_decisions_window(
    qtbot: Any, runner: TaskRunner, folder: Path, dialogs: ScriptedDialogs | None = None
) -> tuple[MainWindow, SlowDecisions]:
    """The window, shown, over the factories' reconciliation, its decisions slow to read
    and a heartbeat ticking (``services.heartbeat``: stop its timer when done)."""
    rec = f.reconciliation()
    services = SlowDecisions(
        Heartbeat(), invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )
    window = MainWindow(services, dialogs or ScriptedDialogs(), runner, UiState(folder / "ui.ini"))
    qtbot.addWidget(window)
    window.show()
    return window, services

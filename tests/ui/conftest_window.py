"""Fixtures that build the real main window over the test seams (imported by conftest)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.sandbox import Sandbox
from desktop_app.ui.backend.demo import start_demo
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.workspace import RecentWorkspaces
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices, ScriptedDialogs
from tests.ui.screens import reconcile_after_a_run


@pytest.fixture
def services() -> MemoryServices:
    rec = f.reconciliation()
    return MemoryServices(
        invoices=rec.invoices,
        statements={"bank.csv": rec.lines},
        reconciliation=rec,
    )


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "ui-state.ini"


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()
    runner.deleteLater()


@pytest.fixture
def window(qtbot, services, dialogs, runner, state_path, event_loop_qt) -> Iterator[MainWindow]:
    window = MainWindow(services, dialogs, runner, UiState(state_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.fixture
def reopen(
    qtbot, services, dialogs, runner, state_path: Path, event_loop_qt
) -> Iterator[Callable[[], MainWindow]]:
    """Open the window over the UI state saved at ``state_path``; closed afterwards."""
    opened: list[MainWindow] = []

    def open_window() -> MainWindow:
        window = MainWindow(services, dialogs, runner, UiState(state_path))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        window.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Sandbox, EngineServices]]:
    """The sandbox providers and the real engine services on them, with no statement: for
    the tests that drive the real window through a whole flow."""
    setup = start_demo(tmp_path, statements=[])
    services = EngineServices(
        setup.settings, WorkspaceBackend(RecentWorkspaces(tmp_path)), today=setup.sandbox.today
    )
    yield setup.sandbox, services
    setup.sandbox.stop()


@pytest.fixture
def fake_window(qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt) -> Iterator[MainWindow]:
    """The window over services whose run ignores the decisions: one that differs from
    the screen after any of them (as when the engine pairs anew what one left open)."""
    rec = f.reconciliation()
    services = MemoryServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )
    window = MainWindow(services, ScriptedDialogs(), runner, UiState(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    reconcile_after_a_run(qtbot, window)
    yield window
    window.close()

"""The composition root: the one place that builds the application and wires it together.

Everything else receives what it needs through its constructor; nothing looks up a
global. ``run_gui`` creates the QApplication, the asyncio loop (qasync), the task
runner and the window, runs until the window closes, then shuts down in order: worker
threads, in-flight requests, services (HTTP clients, the workspace).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from collections.abc import Callable, Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.about import app_paths
from desktop_app.ui.async_loop import run_app
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.dialogs.seam import Dialogs, QtDialogs
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import AppServices, ColumnMapping
from desktop_app.ui.tasks import TaskFailure, TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.workspace import RecentWorkspaces

if TYPE_CHECKING:
    from desktop_app.ui.backend.demo import DemoSetup  # the sandbox: demo only

log = logging.getLogger(__name__)

# The title of a refusal that escaped the window's handlers (``_banner_hook``): what was
# asked for was not done, for the reason the message gives.
NOT_DONE = "Not done"


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP_ID, appauthor=False))


def configure_logging(folder: Path) -> Path:
    """Log to a rotating file the About dialog points at; never log secrets."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{APP_ID}.log"
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


StartUp = Callable[[MainWindow], None]


def application(argv: Sequence[str] = ()) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0] if sys.argv else APP_ID, *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setStyle("Fusion")
    return app


def build_window(
    services: AppServices,
    runner: TaskRunner,
    ui_state_path: Path,
    dialogs: Dialogs | None = None,
) -> MainWindow:
    return MainWindow(services, dialogs or QtDialogs(), runner, UiState(ui_state_path))


def run_user(argv: Sequence[str] = (), workspace: Path | None = None) -> int:
    """The accountant's own application: their providers, the workspace they named (a
    double-clicked ``.reconcile`` file) or else their last one."""
    paths = app_paths()
    configure_logging(paths.log_dir)
    settings = ProviderSettings(paths.config_dir / "providers.toml")
    # Qt knows the accountant's locale on every platform (Windows sets no LANG).
    services = EngineServices(settings, locale_hint=QLocale.system().name())
    workspace = workspace or first_existing(services.recent_workspaces()) or paths.default_workspace

    def start(window: MainWindow) -> None:
        if workspace == paths.default_workspace:
            # The app's own data folder is ours to make; a folder the accountant named is
            # not (a typo would become an empty workspace): creating there refuses it.
            workspace.parent.mkdir(parents=True, exist_ok=True)
        window.workflows.open_workspace(workspace, create=not workspace.exists())

    return run_gui(services, start, argv=argv)


def run_demo(argv: Sequence[str] = (), then: StartUp | None = None) -> int:
    """The sandbox providers, sample statements and a throw-away workspace: no set-up.

    ``then(window)`` runs after the demo has started loading (the screenshot script uses it).
    """
    from desktop_app.ui.backend.demo import start_demo  # the sandbox: demo only

    configure_logging(app_paths().log_dir)
    with tempfile.TemporaryDirectory(prefix="desktop-app-demo-") as folder:
        demo = start_demo(Path(folder))
        try:
            recent = RecentWorkspaces(Path(folder))  # the demo stays out of the user's list
            services = EngineServices(
                demo.settings, WorkspaceBackend(recent), today=demo.sandbox.today
            )

            def start(window: MainWindow) -> None:
                load_demo(window, demo)
                if then is not None:
                    then(window)

            return run_gui(services, start, argv=argv)
        finally:
            demo.sandbox.stop()


def load_demo(window: MainWindow, demo: DemoSetup) -> None:
    """What the demo does once its window shows: open its throw-away workspace, import
    the sample statements, fetch the invoices of their period and match. One function,
    so that the tests driving the demo's window in-process do what the demo does."""
    from desktop_app.ui.backend.demo import DEMO_CURRENCY  # the sandbox: demo only

    flows = window.workflows
    flows.open_workspace(demo.workspace, create=True)
    # waits for the open, as any work asked for while a workspace loads does
    statements_in = ColumnMapping(None, {}, currency=DEMO_CURRENCY)
    flows.load_and_match(demo.statements, statements_in)


def when_reconciled(window: MainWindow, action: StartUp) -> None:
    """Call ``action(window)`` once, when the first matching run has reached the window.

    The window also announces the empty review of a freshly opened workspace; the demo's
    checks and the screenshot want the reconciled one.
    """
    session = window.session

    def landed() -> None:
        if session.reconciliation is not None:
            session.reconciliation_changed.disconnect(landed)
            action(window)

    session.reconciliation_changed.connect(landed)


def first_existing(paths: Sequence[Path]) -> Path | None:
    return next((path for path in paths if path.exists()), None)


def run_gui(
    services: AppServices,
    start: StartUp,
    ui_state_path: Path | None = None,
    argv: Sequence[str] = (),
) -> int:
    """Open the window, call ``start(window)`` once it shows, run until it is closed."""
    app = application(argv)
    runner = TaskRunner()
    window = build_window(services, runner, ui_state_path or state_dir() / "ui-state.ini")
    previous_hook = sys.excepthook
    sys.excepthook = _banner_hook(window)

    async def main() -> int:
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        window.show()
        start(window)
        await closed.wait()
        await runner.aclose()
        await services.aclose()
        return 0

    try:
        return run_app(app, main)
    finally:
        sys.excepthook = previous_hook
        window.deleteLater()
        runner.deleteLater()


def _banner_hook(
    window: MainWindow,
) -> Callable[[type[BaseException], BaseException, TracebackType | None], None]:
    """An exception escaping a slot is logged and shown in the banner; the app keeps going.

    A refusal (``Refusal``: a request the accountant can put right, such as one needing a
    workspace with none open) is said with what to do about it, as a task's is
    (``TaskFailure.from_exception``, the advice ``tasks.what_to_do`` gives): shown as an unexpected
    error with a traceback, it read as a crash and told them nothing they could act on.
    Anything else is a bug, whose traceback is what a support request needs."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        # said as a task's failure is (its traceback is ``tb``: an excepthook is given
        # the error's own); only the title differs
        failure = TaskFailure.from_exception(NOT_DONE, error)
        if failure.expected:
            log.warning("refused: %s", failure.message)
            window.banners.show_error(NOT_DONE, failure.message, failure.details)
            return
        log.error("unexpected error: %s", failure.details)
        window.banners.show_error("Unexpected error", failure.message, failure.details)

    return hook

"""The real main window over the real engine, built the one way the UI tests need it.

Tests that go through the real engine (imports, the wizard, workspaces, decisions) each
built the window by hand: services over the test's folder, the window shown, model testers
attached, a screen chosen, perhaps a workspace opened, and both closed afterwards. A step
forgotten in one copy (a workspace left open, a tester attached after the first change)
makes that test quietly weaker than its neighbours, so the steps live here once and each
test module says only what differs: which dialogs answer, which models are checked, which
screen, whether a workspace is open.

``WizardDialogs`` answers the import question with the real wizard, driven by the test's
steps (reading the file again as they correct it, as the window's does); ``start_import`` and ``import_with_wizard`` press the Import button as the
accountant does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.domain import Invoice, StatementLine
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.ui.dialogs.import_wizard import ENCODING_CHOSEN, SHEET_CHOSEN, ImportWizard
from desktop_app.ui.dialogs.seam import Dialogs, PreviewRequests
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping, EncodingChoice, SheetChoice, StatementPreview
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from desktop_app.workspace import RecentWorkspaces, Workspace
from tests.ui.fakes import ScriptedDialogs

# A step drives the wizard; False presses Cancel, anything else (None, True) Import.
Step = Callable[[ImportWizard], bool | None]
D = TypeVar("D", bound=ScriptedDialogs)


def engine_services(folder: Path) -> EngineServices:
    """The real services, their provider settings and recent workspaces kept in ``folder``."""
    return EngineServices(
        ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
    )


@contextmanager
def engine_window(
    qtbot: Any,
    runner: TaskRunner,
    folder: Path,
    dialogs: Dialogs,
    *,
    services: EngineServices | None = None,
    session: ReviewSession | None = None,
    qtmodeltester: Any = None,
    checked: Sequence[str] = (),
    screen: str | None = None,
    workspace: Path | None = None,
) -> Iterator[MainWindow]:
    """The window shown over ``services`` (by default ``engine_services(folder)``), its UI
    state in ``folder``; closed, and its workspace with it, on leaving.

    ``checked`` names the views (``"statements"``, ``"reconcile"``) whose model
    ``qtmodeltester`` checks from before any change, so the tester stays attached through
    every one. Then ``screen`` is shown, and ``workspace`` opened (created if it does not
    exist yet), waiting until it is.
    """
    if checked and qtmodeltester is None:
        raise ValueError("models to check need the qtmodeltester fixture")
    if services is None:
        services = engine_services(folder)
    window = MainWindow(services, dialogs, runner, UiState(folder / "ui.ini"), session=session)
    try:
        qtbot.addWidget(window)
        window.show()
        for view in checked:
            qtmodeltester.check(getattr(window, view).model)
        if screen is not None:
            window.show_screen(screen)
        if workspace is not None:
            with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
                window.workflows.open_workspace(workspace, create=not workspace.exists())
        yield window
    finally:
        window.close()
        services.workspace.close()


@contextmanager
def wizard_window(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, folder: Path
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    """The window on a workspace in ``folder`` (profiles live there), with the import
    wizard's dialogs scripted and its models checked (``WizardDialogs``)."""
    dialogs = WizardDialogs(qtbot, qtmodeltester)
    with engine_window(
        qtbot, runner, folder, dialogs, workspace=folder / "month-end.reconcile"
    ) as window:
        yield window, dialogs


@contextmanager
def statements_window(
    where: str, qtbot: Any, qtmodeltester: Any, runner: TaskRunner, folder: Path, dialogs: Dialogs
) -> Iterator[MainWindow]:
    """The Statements screen of a window keeping its statements in the session alone or in
    a workspace (``where``: "session" or "workspace"), the two ways an import lands; its
    model checked through every change."""
    books = folder / "books.reconcile" if where == "workspace" else None
    with engine_window(
        qtbot,
        runner,
        folder,
        dialogs,
        qtmodeltester=qtmodeltester,
        checked=("statements",),
        screen="statements",
        workspace=books,
    ) as window:
        yield window


@contextmanager
def matched_window(
    qtbot: Any,
    qtmodeltester: Any,
    runner: TaskRunner,
    folder: Path,
    invoices: Sequence[Invoice],
    lines: Sequence[StatementLine],
    *,
    prepare: Callable[[Workspace], object] | None = None,
    size: tuple[int, int] | None = None,
) -> Iterator[MainWindow]:
    """The Reconcile screen of the real window, engine and workspace, over a workspace of
    Content Ignite's ``invoices`` and bank.csv's ``lines``, opened and its run shown; the
    Reconcile models checked through every change (where ``qtmodeltester`` is given).
    ``prepare`` does more to the workspace before it opens (decisions, invoices changed
    since); ``size`` is the window's before it opens."""
    path = folder / "month-end.reconcile"
    with Workspace.create(path) as workspace:
        workspace.save_invoices("Content Ignite", invoices)
        workspace.add_statement("bank.csv", "0" * 64, {"format": "csv"}, lines)
        if prepare is not None:
            prepare(workspace)
    with engine_window(
        qtbot,
        runner,
        folder,
        ScriptedDialogs(),
        qtmodeltester=qtmodeltester,
        checked=("reconcile",) if qtmodeltester is not None else (),
        screen="reconcile",
    ) as window:
        if size is not None:
            window.resize(*size)
        open_and_match(qtbot, window, path)
        yield window


def dialogs_of(window: MainWindow, kind: type[D]) -> D:
    """The window's dialogs, as the test double the test gave it."""
    dialogs = window.workflows._dialogs
    assert isinstance(dialogs, kind)
    return dialogs


def open_and_match(qtbot: Any, window: MainWindow, path: Path) -> None:
    """Open the workspace; it holds no run, so matching runs at once: wait for it."""
    window.workflows.open_workspace(path)
    qtbot.waitUntil(
        lambda: window.session.reconciliation is not None and not window.runner.active(),
        timeout=60_000,
    )


class WizardDialogs(ScriptedDialogs):
    """Scripted file choices; the import question is answered by the real wizard, driven
    through its widgets by the test's next step. Its models are checked from the moment it
    opens when a ``qtmodeltester`` is given; what each showing returned is kept."""

    def __init__(self, qtbot: Any, qtmodeltester: Any = None) -> None:
        super().__init__()
        self._qtbot, self._tester = qtbot, qtmodeltester
        self.steps: deque[Step] = deque()
        self.returned: list[ColumnMapping | SheetChoice | EncodingChoice | None] = []

    def review_import(
        self, parent: Any, preview: StatementPreview, again: PreviewRequests | None = None
    ) -> ColumnMapping | SheetChoice | EncodingChoice | None:
        self.asked.append(("review_import", (preview,)))
        wizard = ImportWizard(preview, again=again)
        self._qtbot.addWidget(wizard)
        wizard.open()
        if self._tester is not None:
            self._tester.check(wizard.preview_model)
            self._tester.check(wizard.columns_model)
        go = self.steps.popleft()(wizard) is not False
        # Another sheet or encoding chosen: the wizard closed itself, to be shown again.
        if wizard.chosen_sheet is not None or wizard.chosen_encoding is not None:
            assert not wizard.isVisible()
            closed = SHEET_CHOSEN if wizard.chosen_sheet is not None else ENCODING_CHOSEN
            answer = wizard.answer(closed)
            self.returned.append(answer)
            return answer
        button = (
            QDialogButtonBox.StandardButton.Ok if go else QDialogButtonBox.StandardButton.Cancel
        )
        with self._qtbot.waitSignal(wizard.accepted if go else wizard.rejected):
            self._qtbot.mouseClick(wizard.buttons.button(button), Qt.MouseButton.LeftButton)
        value = wizard.value() if go else None
        self.returned.append(value)
        return value

    def reviews(self) -> int:
        return sum(1 for name, _ in self.asked if name == "review_import")


def start_import(window: MainWindow, dialogs: WizardDialogs, path: Path, *steps: Step) -> None:
    """Press Import, choose ``path`` and queue the wizard's ``steps``; waits for nothing."""
    dialogs.answers["choose_statement"] = deque([path])
    dialogs.steps.extend(steps)
    window.statements.import_button.click()


def import_with_wizard(
    qtbot: Any, window: MainWindow, dialogs: WizardDialogs, path: Path, *steps: Step
) -> None:
    """``start_import``, waiting until the lines it adds are in the session."""
    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        start_import(window, dialogs, path, *steps)

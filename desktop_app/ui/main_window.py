"""The main window: navigation on the left, one screen at a time, errors above, tasks below.

It composes the screens and connects them to the session and the workflows; it holds no
business logic of its own. Everything it needs is passed in (``desktop_app.app`` builds it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.domain import CancelToken, Discrepancy, ProgressCallback
from desktop_app.ui.dialogs.flagged_dialog import FlaggedDialog
from desktop_app.ui.dialogs.seam import Dialogs
from desktop_app.ui.gone_workspace import GoneWatch
from desktop_app.ui.review import ReviewError
from desktop_app.ui.services import AppServices
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.tasks import TaskFailure, TaskHandle, TaskRunner, WhenClosed
from desktop_app.ui.ui_state import UiState
from desktop_app.ui.views.banner import BannerArea
from desktop_app.ui.views.discrepancies_view import DiscrepanciesView
from desktop_app.ui.views.focus_ring import move_focus
from desktop_app.ui.views.invoices_view import InvoicesView
from desktop_app.ui.views.overview_view import OverviewView
from desktop_app.ui.views.reconcile_view import ReconcileView
from desktop_app.ui.views.search_box import SearchBox
from desktop_app.ui.views.settings_view import SettingsView
from desktop_app.ui.views.statements_view import StatementsView
from desktop_app.ui.views.task_status import TaskStatus
from desktop_app.ui.workflows import Workflows
from desktop_app.wording import and_list, plural

Icon = QStyle.StandardPixmap
_W = TypeVar("_W")


def _prefixed(verb: str, step: str) -> str:
    """The action's text: "Undo Accept 5 matches", or "Undo" with no step to undo."""
    return f"{verb} {step}" if step else verb


class MainWindow(QMainWindow):
    closed = Signal()  # after the state is saved and the worker threads are stopped

    def __init__(
        self,
        services: AppServices,
        dialogs: Dialogs,
        runner: TaskRunner,
        ui_state: UiState,
        session: ReviewSession | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("main window")
        self.setWindowTitle(APP_NAME)
        self.resize(1360, 860)
        self.services, self.runner, self.ui_state = services, runner, ui_state
        self._dialogs = dialogs
        self._stopping = False  # closing, waiting for the stopped work to end
        self.session = session or ReviewSession(
            services.record_decision,
            services.undo_decision,
            parent=self,
            review_flags=services.review_flag_changes,
            record_all=services.record_decisions,
            undo_all=services.undo_decisions,
            release=runner.release,
            work_out=runner.work_out,
            save_in_background=self._save_in_background,
        )
        self.banners = BannerArea()
        self.flagged_dialog: FlaggedDialog | None = None
        self.workflows = Workflows(self, services, dialogs, runner, self.session, self.banners)
        # The workspace's file removed or replaced under the window (``gone_workspace``).
        self.gone_watch = GoneWatch(self, services, dialogs, runner, self.session, self.banners)
        self._build_screens(services, dialogs)
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        if not ui_state.restore(self):
            ui_state.restore_children(self)
        self.show_screen(ui_state.screen() or "overview")

    # -- screens ----------------------------------------------------------------------------
    def _build_screens(self, services: AppServices, dialogs: Dialogs) -> None:
        self.overview = OverviewView(self.session)
        self.invoices = InvoicesView(self.session)
        self.statements = StatementsView(self.session, work_out=self.runner.work_out)
        self.reconcile = ReconcileView(self.session, dialogs)
        self.discrepancies = DiscrepanciesView(self.session)
        self.settings = SettingsView(services, dialogs, self.runner)
        self.stack = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Screens")
        self.nav.setFixedWidth(170)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        screens = (
            (self.overview, "Overview", Icon.SP_FileDialogInfoView),
            (self.invoices, "Invoices", Icon.SP_FileDialogDetailedView),
            (self.statements, "Statements", Icon.SP_DriveHDIcon),
            (self.reconcile, "Reconcile", Icon.SP_DialogApplyButton),
            (self.discrepancies, "Discrepancies", Icon.SP_MessageBoxWarning),
            (self.settings, "Settings", Icon.SP_FileDialogContentsView),
        )
        for widget, title, icon in screens:
            self.stack.addWidget(widget)
            item = QListWidgetItem(self.style().standardIcon(icon), title)
            item.setData(Qt.ItemDataRole.UserRole, widget.objectName())
            self.nav.addItem(item)
        # The filter box Find (Ctrl+F) takes the keyboard to, on each screen with one: the
        # window owns the one shortcut, so it works alike everywhere (Reconcile's is its
        # matches' filter; its unmatched lists' boxes are a Tab away).
        self._filter_boxes: dict[QWidget, SearchBox] = {
            self.invoices: self.invoices.search,
            self.statements: self.statements.search,
            self.reconcile: self.reconcile.search,
            self.discrepancies: self.discrepancies.search,
        }
        # The widget each screen's keys act on: where the keyboard goes when the screen is
        # chosen by its shortcut (Ctrl+1 to Ctrl+6). Left in the list of screens, A, R and
        # U on the Reconcile screen did nothing. Tab goes round the screen as it reads
        # (``focusNextPrevChild``), from its first control.
        self._first_focus: dict[QWidget, QWidget] = {
            self.overview: self.overview.currency_combo,
            self.invoices: self.invoices.table,
            self.statements: self.statements.table,
            self.reconcile: self.reconcile.table,
            self.discrepancies: self.discrepancies.table,
            self.settings: self.settings.providers_table,
        }
        self.nav.currentRowChanged.connect(self._on_nav)
        body = QWidget()
        row = QVBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.banners)
        row.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(body, 1)
        self.setCentralWidget(central)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab go round one ring, in the order the window reads: the list of
        screens, the banners, the screen shown (top to bottom, left to right, as each
        screen orders its own), then the status bar (``focus_ring``)."""
        regions = (self.nav, self.banners, self.stack, self.statusBar())
        return move_focus(self, regions, next) or super().focusNextPrevChild(next)

    def screen_names(self) -> list[str]:
        return [self._screen(i).objectName() for i in range(self.stack.count())]

    def _screen(self, position: int) -> QWidget:
        widget = self.stack.widget(position)
        assert widget is not None
        return widget

    def show_screen(self, name: str) -> None:
        names = self.screen_names()
        self.nav.setCurrentRow(names.index(name) if name in names else 0)

    def _reveal_in_reconcile(self, discrepancy: Discrepancy) -> None:
        """From a discrepancy to where it is mended: its match, or its unmatched invoice
        and lines, selected on the Reconcile screen."""
        self.show_screen("reconcile")
        invoices = [invoice.key for invoice in discrepancy.invoices]
        lines = [line.key for line in discrepancy.lines]
        if not self.reconcile.reveal(invoices, lines):
            self.banners.show_refusal(
                "Not on the Reconcile screen",
                "None of this discrepancy's invoices or lines is listed there now (a "
                "statement removed, or invoices fetched again since matching ran): run "
                "matching again.",
            )

    def current_screen(self) -> str:
        return self._screen(self.stack.currentIndex()).objectName()

    def _on_nav(self, row: int) -> None:
        self.stack.setCurrentIndex(max(row, 0))
        self.ui_state.set_screen(self.current_screen())
        self.find_action.setEnabled(self.filter_box() is not None)

    def focus_screen(self, name: str) -> None:
        """Show the screen ``name`` with the keyboard on the widget its keys act on: what
        its shortcut (View, Ctrl+1 to Ctrl+6) does, so a key pressed next acts there."""
        self.show_screen(name)
        first = self._first_focus[self._screen(self.stack.currentIndex())]
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def filter_box(self) -> SearchBox | None:
        """The filter box of the screen shown (None: Overview and Settings have none)."""
        return self._filter_boxes.get(self._screen(self.stack.currentIndex()))

    def focus_filter(self) -> None:
        """Find (Ctrl+F): the keyboard to the screen's filter box, its text selected, so
        what is typed replaces the filter (an arrow key keeps it, to be edited)."""
        box = self.filter_box()
        if box is not None:
            box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            box.selectAll()

    # -- actions and menus ------------------------------------------------------------------
    def _say_undo(self, *_: object) -> None:
        """Undo's tooltip and status tip: the session's note on an earlier sitting's
        steps when there is one, else Qt's own (its text, "Undo Match ...")."""
        note = self.session.undo_note()
        self.undo_action.setToolTip(note)
        self.undo_action.setStatusTip(note)

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        icon: Icon | None,
        name: str,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.fetch_action = self._action("Fetch invoices", "F5", Icon.SP_BrowserReload, "fetch")
        self.import_action = self._action(
            "Import statement…", "Ctrl+I", Icon.SP_DialogOpenButton, "import"
        )
        self.match_action = self._action(
            "Run matching", "Ctrl+M", Icon.SP_MediaPlay, "run matching"
        )
        self.export_action = self._action(
            "Export workbook…", "Ctrl+E", Icon.SP_DialogSaveButton, "export"
        )
        self.new_action = self._action(
            "New workspace…", QKeySequence.StandardKey.New, None, "new workspace"
        )
        self.open_action = self._action(
            "Open workspace…", QKeySequence.StandardKey.Open, None, "open workspace"
        )
        self.quit_action = self._action("Quit", QKeySequence.StandardKey.Quit, None, "quit")
        self.about_action = self._action("About", None, None, "about")
        self.find_action = self._action("Filter…", QKeySequence.StandardKey.Find, None, "find")
        self.find_action.setToolTip(
            f"Type in the filter box of the screen shown ({self.find_action.shortcut().toString()})"
        )
        self.flagged_action = self._action(
            "Flagged decisions…", "Ctrl+Shift+F", Icon.SP_MessageBoxWarning, "flagged decisions"
        )
        self.flagged_action.setToolTip(
            "Every decision whose invoice changed at the provider after it was decided, "
            "those no longer on the Reconcile screen too: keep or withdraw each."
        )
        # Undo and Redo ask the session (``ReviewSession.undo``), not the stack: a step of
        # several decisions is undone in the background, the stack moved once it lands.
        stack = self.session.undo_stack
        self.undo_action = self._action(
            "Undo", QKeySequence.StandardKey.Undo, Icon.SP_ArrowBack, "undo"
        )
        self.undo_action.triggered.connect(lambda: self._step(self.session.undo))
        stack.canUndoChanged.connect(self._say_undo)
        self.session.reconciliation_changed.connect(self._say_undo)  # a workspace loaded
        self.redo_action = self._action("Redo", None, Icon.SP_ArrowForward, "redo")
        self.redo_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")]
        )
        self.redo_action.triggered.connect(lambda: self._step(self.session.redo))
        for changed in (
            stack.canUndoChanged,
            stack.canRedoChanged,
            stack.undoTextChanged,
            stack.redoTextChanged,
            stack.indexChanged,
        ):
            changed.connect(self._update_undo_redo)
        self.session.saving_changed.connect(self._show_saving)
        self._update_undo_redo()
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        for action in (
            self.fetch_action,
            self.import_action,
            self.match_action,
            self.export_action,
        ):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        self.addToolBar(toolbar)

    def _update_undo_redo(self, *_: object) -> None:
        """Undo and Redo say the step they would take ("Undo Accept 5 matches"), as the
        stack's own actions did, and are disabled while a step is being saved."""
        stack, saving = self.session.undo_stack, self.session.saving
        self.undo_action.setText(_prefixed("Undo", stack.undoText()))
        self.undo_action.setEnabled(stack.canUndo() and not saving)
        self.redo_action.setText(_prefixed("Redo", stack.redoText()))
        self.redo_action.setEnabled(stack.canRedo() and not saving)

    def _step(self, step: Callable[[], None]) -> None:
        """Undo or Redo; refused (said in a banner) while another step is being saved."""
        try:
            step()
        except ReviewError as error:
            self.banners.show_refusal(error.title, str(error))

    def _save_in_background(
        self,
        count: int,
        work: Callable[[], _W],
        landed: Callable[[_W], None],
        failed: Callable[[TaskFailure], None],
    ) -> None:
        """The session's way to save a step of several decisions off the GUI thread
        (``ReviewSession._save_apart``): a task shown in the status bar, which Cancel
        cannot stop half-way (it is one transaction, all or nothing, soon done), and which
        closing the window asks about, then waits for (``closeEvent``): the decisions are
        saved before the workspace closes."""
        what = f"{count:,} decisions"

        def save(progress: ProgressCallback, cancel: CancelToken) -> _W:
            return work()

        self.runner.run_in_thread(
            f"Saving {what}",
            save,
            landed,
            failed,
            cancellable=False,
            when_closed=WhenClosed(
                f"a save of {what}",
                "a save is not stopped half-way: they are saved before the window closes",
            ),
        )

    def _show_saving(self, saving: bool) -> None:
        """While a step is being saved, what would change the decisions, the rows or the
        history it lands on waits: Undo, Redo, matching, export and switching workspace
        are disabled (the Reconcile and Statements screens disable their own)."""
        self._update_undo_redo()
        for action in (self.match_action, self.export_action, self.new_action, self.open_action):
            action.setEnabled(not saving)
        self.recent_menu.setEnabled(not saving and bool(self.recent_menu.actions()))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = QMenu("Open recent", self)
        self.recent_menu.setObjectName("recent workspaces")
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions(
            [self.fetch_action, self.import_action, self.match_action, self.export_action]
        )
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        review_menu = bar.addMenu("&Review")
        review = self.reconcile
        review_menu.addActions(
            [
                review.accept_action,
                review.reject_action,
                review.unmatch_action,
                review.next_action,
                review.match_action,
            ]
        )
        review_menu.addSeparator()
        review_menu.addAction(self.flagged_action)
        view_menu = bar.addMenu("&View")
        for position, name in enumerate(self.screen_names(), start=1):
            action = view_menu.addAction(name.capitalize())
            action.setShortcut(QKeySequence(f"Ctrl+{position}"))
            action.triggered.connect(lambda _=False, n=name: self.focus_screen(n))
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.services.recent_workspaces()
        for path in recent:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.workflows.open_workspace(p))
        self.recent_menu.setEnabled(bool(recent))

    def _build_status_bar(self) -> None:
        self.task_status = TaskStatus(self.runner)
        self.workspace_label = QLabel("No workspace open")
        status = self.statusBar()
        status.addPermanentWidget(self.task_status)
        status.addPermanentWidget(self.workspace_label)

    def _connect(self) -> None:
        flows = self.workflows
        # The period asked first: never Qt's ``checked`` (False) in its place.
        self.fetch_action.triggered.connect(lambda: flows.ask_and_fetch())
        self.import_action.triggered.connect(lambda: flows.import_statement())
        self.match_action.triggered.connect(flows.run_matching)
        self.export_action.triggered.connect(flows.export)
        self.new_action.triggered.connect(lambda: flows.open_workspace(create=True))
        self.open_action.triggered.connect(lambda: flows.open_workspace())
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(flows.show_about)
        self.flagged_action.triggered.connect(self.show_flagged)
        self.find_action.triggered.connect(self.focus_filter)
        self.statements.import_requested.connect(lambda: flows.import_statement())
        self.statements.remove_requested.connect(flows.remove_statement)
        self.discrepancies.export_requested.connect(flows.export)
        self.discrepancies.rerun_requested.connect(flows.run_matching)
        self.discrepancies.reveal_requested.connect(self._reveal_in_reconcile)
        self.invoices.audit_requested.connect(flows.show_invoice_audit)
        self.statements.audit_requested.connect(flows.show_line_audit)
        self.reconcile.invoice_audit_requested.connect(flows.show_invoice_audit)
        self.reconcile.line_audit_requested.connect(flows.show_line_audit)
        self.reconcile.refused.connect(self.banners.show_refusal)
        # A refusal is about the state it was refused in: once that changes it may no
        # longer hold, and it goes (the Decision not saved errors stay until dismissed).
        session = self.session
        for changed in (
            session.review_changed,
            session.reconciliation_changed,
            session.lines_changed,
            session.invoices_changed,
        ):
            changed.connect(self.banners.withdraw_refusal)
        self.session.record_failed.connect(
            lambda text, details: self.banners.show_error("Decision not saved", text, details)
        )
        self.runner.failed.connect(self._show_failure)
        # A change refused, or any work ended: said at once where the file is gone.
        self.session.record_failed.connect(self.gone_watch.refused)
        self.runner.failed.connect(self.gone_watch.refused)
        self.runner.finished.connect(lambda _: self.gone_watch.check())
        self.gone_watch.copied.connect(self._on_workspace)
        flows.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        session.told.connect(lambda text: self.statusBar().showMessage(text, 8000))
        flows.settings_loaded.connect(self.settings.show_matching)
        self.settings.matching_saved.connect(flows.matching_settings_saved)
        flows.workspace_opened.connect(self._on_workspace)

    def show_flagged(self) -> FlaggedDialog:
        """The list of decisions flagged for review (one, raised if already open)."""
        if self.flagged_dialog is None:
            self.flagged_dialog = FlaggedDialog.present(self, self.session)
            self.flagged_dialog.destroyed.connect(self._flagged_closed)
            # Its text says undo takes a step back: Ctrl+Z works where it is said.
            self.flagged_dialog.addActions([self.undo_action, self.redo_action])
        self.flagged_dialog.raise_()
        self.flagged_dialog.activateWindow()
        return self.flagged_dialog

    def _flagged_closed(self) -> None:
        self.flagged_dialog = None

    def _show_failure(self, failure: TaskFailure) -> None:
        self.banners.show_error(failure.title, failure.message, failure.details)

    def _on_workspace(self, path: Path) -> None:
        self.workspace_label.setText(f"Workspace: {path}")
        self.setWindowTitle(f"{path.stem} · {APP_NAME}")
        self._fill_recent()

    def changeEvent(self, event: QEvent) -> None:
        """Brought back to the front: the workspace's file may have gone meanwhile (a
        folder tidied in the file manager), said before anything is tried."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.gone_watch.check()

    # -- closing ----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask first where the workspace's file is gone (``GoneWatch.may_close``: save a
        copy, or lose it), and while a fetch, an import or an export runs (Keep working:
        nothing closes); then save the layout, stop the work as Cancel does and wait for it to
        end, then close.

        Waiting is what keeps what Cancel keeps: a fetch told to stop saves what its
        finished providers returned, after the stop. Closed at once, the workspace was
        closed under that save (``closed`` closes it), and none of it was kept.

        The wait is bounded (``TaskRunner.stop_timeout_s``). Work that has not ended by
        then (a provider that never answers, a statement on a share that stopped
        answering) may still be writing to the workspace: the window says so and asks
        whether to wait again, or stays open (``_stop_work``), never closing under it."""
        if self._stopping:  # closed again while stopping: the first close goes on
            event.ignore()
            return
        if not self.gone_watch.may_close():  # its file gone: everything in it would be lost
            event.ignore()
            return
        running = self.runner.asking_on_close()
        if running and not self._dialogs.stop_and_close(self, running):
            event.ignore()
            return
        self.ui_state.save(self)
        if self.runner.working:
            self._stopping = True
            try:
                stopped = self._stop_work()
            finally:
                self._stopping = False
                self.setEnabled(True)
            if not stopped:
                event.ignore()
                return
        self.runner.shutdown()
        super().closeEvent(event)
        self.closed.emit()

    def _stop_work(self) -> bool:
        """Stop the work as Cancel does and wait for it to end, again as long as the
        accountant asks when it has not ended in time: whether it did. Where it has not
        and they keep the window open, it stays open showing what the work stopped
        hands back as it ends (``TaskRunner.resume``), and the status bar says why."""
        status = self.statusBar()
        while True:
            self.setEnabled(False)  # nothing new is asked for while it stops
            status.showMessage("Stopping the work in progress, then closing…")
            if self.runner.stop():
                return True
            self.setEnabled(True)  # the question is the accountant's to answer
            # (Each ended as it was asked after, but for a thread's last instant: "the work".)
            still = [_named(task) for task in self.runner.unfinished()] or ["the work"]
            waited = self.runner.stop_timeout_s
            if not self._dialogs.wait_again(self, still, waited):
                break
        self.runner.resume()
        names = and_list(still)
        status.showMessage(
            f"Not closed: {names} {plural(len(still), 'has', 'have')} not stopped, and the "
            "workspace is not closed under work that may be writing to it; close the window "
            f"again once {plural(len(still), 'it has', 'they have')} ended."
        )
        return False


def _named(task: TaskHandle) -> str:
    """A task as the close's questions name it: as its question on closing does ("an
    import of bank.csv"), else by its name ("matching")."""
    if task.when_closed is not None:
        return task.when_closed.running
    return task.name[:1].lower() + task.name[1:]

"""The Settings screen: providers (tokens in the keyring or named variables) and the
matching settings."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import CancelToken, ProgressCallback
from desktop_app.ui.dialogs.seam import Dialogs
from desktop_app.ui.models.providers import ProviderModel
from desktop_app.ui.services import AppServices, ProviderEntry, ServiceError, SettingField
from desktop_app.ui.tasks import TaskFailure, TaskHandle, TaskRunner
from desktop_app.ui.views.focus_ring import tab_order
from desktop_app.ui.views.settings_form import SettingsForm
from desktop_app.ui.views.table_view import DomainTableView


class SettingsView(QWidget):
    # The matching settings were saved in the open workspace: a banner saying its stored
    # ones were refused and set aside no longer holds.
    matching_saved = Signal()

    def __init__(
        self,
        services: AppServices,
        dialogs: Dialogs,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings")
        self._services, self._dialogs, self._runner = services, dialogs, runner
        self.providers_model = ProviderModel(self)
        self.providers_table = DomainTableView(self.providers_model, "providers table")
        self.add_button = QPushButton("Add…")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Remove")
        self.test_button = QPushButton("Test connection")
        self.provider_status = QLabel()
        self.provider_status.setWordWrap(True)
        self.form = SettingsForm()
        self.save_button = QPushButton("Save matching settings")
        self.settings_status = QLabel()
        # The connection test running, and the provider it tests: its "still waiting"
        # notice is shown beside "Testing …" while it stands.
        self._testing: tuple[TaskHandle, str] | None = None
        self._layout()
        self.add_button.clicked.connect(self.add_provider)
        self.edit_button.clicked.connect(self.edit_provider)
        self.remove_button.clicked.connect(self.remove_provider)
        self.test_button.clicked.connect(self.test_provider)
        self.save_button.clicked.connect(self.save_settings)
        self.providers_table.selection_changed.connect(self._update_buttons)
        runner.progressed.connect(self._on_test_progress)
        runner.finished.connect(self._on_test_finished)
        self.form.edited.connect(lambda: self.settings_status.setText("Not saved yet."))
        self.reload()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button, self.test_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        providers = QGroupBox("Providers")
        providers_layout = QVBoxLayout(providers)
        providers_layout.addWidget(self.providers_table, 1)
        providers_layout.addLayout(buttons)
        providers_layout.addWidget(self.provider_status)
        providers_layout.addWidget(
            QLabel(
                "Tokens are kept in your system's keyring, or read from an environment "
                "variable you name (Edit…): never written to a file."
            )
        )
        matching = QGroupBox("Matching")
        matching_layout = QVBoxLayout(matching)
        matching_layout.addWidget(self.form)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.settings_status, 1)
        matching_layout.addLayout(save_row)
        matching_layout.addStretch(1)
        # The form is the tallest thing on any screen: on a short one it scrolls, rather
        # than hold the window taller than the screen (its ten fields need 570 pixels).
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(providers, 3)
        page_layout.addWidget(matching, 2)
        self.page_scroll = QScrollArea()
        scroll = self.page_scroll
        scroll.setObjectName("settings scroll")
        # It takes the keyboard to scroll the page on a short screen: named for a screen
        # reader, which said only "scroll area".
        scroll.setAccessibleName("Settings")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def reload(self) -> None:
        self.providers_model.set_items(self._services.providers())
        self.show_matching(self._services.matching_settings())
        self._update_buttons()

    def show_matching(self, fields: Sequence[SettingField]) -> None:
        """Show these matching settings: the open workspace's, read as it was opened (off
        the GUI thread), so the form never shows, and Save never writes, another's."""
        self.form.set_fields(list(fields))
        self.settings_status.setText("")
        self._order_focus()

    def _order_focus(self) -> None:
        """Tab goes down the screen as it reads: the page (to scroll it), the providers
        and their buttons, the matching settings' fields, then Save. The fields are made
        anew for each workspace's settings, after the rest, so Qt put them last, after
        Save; ordered again each time they are."""
        chain = [
            self.page_scroll,
            self.providers_table,
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.test_button,
            *self.form.editors(),
            self.save_button,
        ]
        tab_order(chain)

    def selected(self) -> ProviderEntry | None:
        items = self.providers_table.selected_items()
        return items[0] if items else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for button in (self.edit_button, self.remove_button, self.test_button):
            button.setEnabled(chosen)

    # -- providers ------------------------------------------------------------------------
    def add_provider(self) -> None:
        edit = self._dialogs.edit_provider(self, None)
        if edit is not None:
            self._save(edit.entry, edit.token, None)

    def edit_provider(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        edit = self._dialogs.edit_provider(self, entry)
        if edit is not None:
            self._save(edit.entry, edit.token, entry.name)

    def _save(self, entry: ProviderEntry, token: str | None, replaces: str | None) -> None:
        try:
            self._services.save_provider(entry, token, replaces)
        except ServiceError as error:  # a duplicate name, an unwritable file, no keyring
            self._status(f"Could not save {entry.name}: {error}", ok=False)
            return
        self.providers_model.set_items(self._services.providers())
        self.providers_table.select_keys([entry.name])
        self._status(f"Saved {entry.name}.", ok=True)

    def remove_provider(self) -> None:
        entry = self.selected()
        if entry is None or not self._dialogs.confirm(
            self, "Remove provider", f"Remove {entry.name} and forget its token?"
        ):
            return
        try:
            self._services.remove_provider(entry.name)
        except ServiceError as error:
            self._status(f"Could not remove {entry.name}: {error}", ok=False)
            return
        self.providers_model.set_items(self._services.providers())
        self._status(f"Removed {entry.name}.", ok=True)

    def test_provider(self) -> None:
        entry = self.selected()
        if entry is None:
            return

        async def work(progress: ProgressCallback, cancel: CancelToken) -> str:
            waiting = self._runner.waiting_for(cancel)
            return await self._services.test_provider(entry, None, waiting)

        handle = self._runner.run_async(
            f"Testing {entry.name}",
            work,
            lambda summary: self._on_tested(entry, summary),
            lambda failure: self._on_test_failed(entry, failure),
            key="test provider",
        )
        # After starting it: starting it ended the test it replaced (``_on_test_finished``).
        self._testing = (handle, entry.name)
        self._status(f"Testing {entry.name}…", ok=True)

    def _on_test_progress(self, handle: TaskHandle) -> None:
        """The running test's "still waiting for …" notice, beside "Testing …", while it
        stands: the status bar says it too, but the accountant who pressed Test is
        looking here, where a slow provider otherwise read "Testing …" for minutes."""
        if self._testing is None or self._testing[0] is not handle:
            return
        testing = f"Testing {self._testing[1]}…"
        self._status(f"{testing} {handle.notice}" if handle.notice else testing, ok=True)

    def _on_test_finished(self, handle: TaskHandle) -> None:
        """A test that ended with neither a result nor a failure was cancelled (the
        status bar's Cancel, or another test): its "still waiting" no longer stands."""
        if self._testing is not None and self._testing[0] is handle:
            name = self._testing[1]
            self._testing = None
            self._status(f"Test of {name} cancelled.", ok=True)

    def _on_tested(self, entry: ProviderEntry, summary: str) -> None:
        self._testing = None
        self._status(f"{entry.name}: {summary}", ok=True)

    def _on_test_failed(self, entry: ProviderEntry, failure: TaskFailure) -> None:
        """The provider named once: a provider's own error already begins with its name
        ("Client CI: GET ...: HTTP 403"), and prefixing it again read "Client CI: Client CI:"."""
        self._testing = None
        named = f"{entry.name}: "
        message = failure.message
        self._status(message if message.startswith(named) else named + message, ok=False)

    def _status(self, text: str, ok: bool) -> None:
        self.provider_status.setStyleSheet("" if ok else "color: #c62828;")
        self.provider_status.setText(text)

    # -- matching settings ----------------------------------------------------------------
    def save_settings(self) -> None:
        problem = self.form.problem()
        if problem is not None:
            self.settings_status.setText(problem)
            return
        try:
            self._services.save_matching_settings(self.form.values())
        except ServiceError as error:
            self.settings_status.setText(str(error))
            return
        self.settings_status.setText("Saved: used from the next matching run.")
        self.matching_saved.emit()

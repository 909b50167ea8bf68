"""Every question the window asks the user, behind one injectable object.

The window calls ``Dialogs`` methods that return plain data; ``QtDialogs`` answers with
real dialogs, tests with scripted answers. No caller depends on a nested ``exec()`` loop,
and each dialog class is tested on its own, driven through its widgets. Handing a file to
the desktop (the workbook just written, opened in the spreadsheet program) is here too:
it leaves the application, as a dialog does, and tests must not launch anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.domain import FetchPeriod, FetchShortfall
from desktop_app.statements.sniff import STATEMENT_EXTENSIONS
from desktop_app.ui.fetch_period import PeriodOffer
from desktop_app.ui.services import (
    AboutInfo,
    AuditRow,
    ColumnMapping,
    EncodingChoice,
    ImportSummary,
    ProviderEntry,
    SheetChoice,
    StatementPreview,
    WorkspaceGone,
)
from desktop_app.ui.tasks import WhenClosed

# Every extension the importer expects (its one list), and any other file: the content
# decides what a file is, so a statement saved under another name can still be chosen.
STATEMENT_FILTER = (
    f"Statements ({' '.join(f'*.{extension}' for extension in STATEMENT_EXTENSIONS)});;"
    "All files (*)"
)
WORKSPACE_FILTER = "Reconcile Desk workspaces (*.reconcile);;All files (*)"


class GoneAnswer(Enum):
    """The answer to closing a window whose workspace's file is gone (``close_gone``)."""

    SAVE_COPY = "save a copy"  # save it as a copy first (the window closes once it is saved)
    DISCARD = "discard"  # close, losing everything the gone file holds
    KEEP = "keep"  # keep the window open


@dataclass(frozen=True, slots=True)
class ProviderEdit:
    entry: ProviderEntry
    token: str | None  # None: keep the stored token


class PreviewRequests(Protocol):
    """The import wizard's file read again as the accountant has set it, off the GUI
    thread (a 200,000-row file takes seconds), so what the wizard says Import would bring
    in follows each correction. The latest request wins: asking again, or ``cancel``,
    drops the one before, whose answer never comes. ``done`` runs on the GUI thread with
    what Import would bring in (the summary alone: the wizard keeps its rows and
    evidence), or with why the file refuses the choice (in the window's words)."""

    def request(
        self, mapping: ColumnMapping, done: Callable[[ImportSummary | str], None]
    ) -> None: ...

    def cancel(self) -> None: ...


class Dialogs(Protocol):
    def choose_statement(self, parent: QWidget) -> Path | None: ...

    def choose_export_path(self, parent: QWidget, suggested: Path) -> Path | None: ...

    def choose_workspace(self, parent: QWidget, create: bool) -> Path | None: ...

    def choose_workspace_copy(self, parent: QWidget, suggested: Path) -> Path | None:
        """Where to save a copy of the open workspace (Save a copy as…), starting at
        ``suggested``; None: save none. A file there is replaced only once agreed."""
        ...

    def close_gone(self, parent: QWidget, gone: WorkspaceGone) -> GoneAnswer:
        """Closing the window while its workspace's file is ``gone``: save a copy first,
        close losing it, or keep the window open (also on Escape)."""
        ...

    def review_import(
        self, parent: QWidget, preview: StatementPreview, again: PreviewRequests | None = None
    ) -> ColumnMapping | SheetChoice | EncodingChoice | None:
        """The wizard's answer: the mapping to import with, another sheet of the workbook
        to show it on (``SheetChoice``), another encoding to read its text in
        (``EncodingChoice``), or None (Cancel)."""
        ...

    def edit_provider(
        self, parent: QWidget, entry: ProviderEntry | None
    ) -> ProviderEdit | None: ...

    def choose_fetch_period(self, parent: QWidget, offer: PeriodOffer) -> FetchPeriod | None:
        """The period to fetch invoices for, starting at ``offer``; None: fetch nothing."""
        ...

    def confirm(self, parent: QWidget, title: str, question: str) -> bool: ...

    def confirm_export_without(
        self, parent: QWidget, shortfalls: Sequence[FetchShortfall], period: FetchPeriod
    ) -> bool:
        """Whether to export a report of ``period`` although the invoices of it of the
        ``shortfalls``' providers were not fetched (False: export nothing)."""
        ...

    def stop_and_close(self, parent: QWidget, running: Sequence[WhenClosed]) -> bool:
        """Closing the window while ``running`` work runs: whether to stop it as Cancel
        does and close (True), or keep the window open and the work going (False)."""
        ...

    def wait_again(self, parent: QWidget, still: Sequence[str], waited_s: float) -> bool:
        """Closing the window stopped its work, and ``still`` (each named as "an import
        of bank.csv") has not ended ``waited_s`` seconds later: whether to wait again
        (True), or keep the window open (False)."""
        ...

    def show_audit(self, parent: QWidget, title: str, entries: list[AuditRow]) -> None: ...

    def show_about(self, parent: QWidget, info: AboutInfo) -> None: ...

    def open_with_desktop(self, path: Path) -> bool: ...


class QtDialogs:
    """The real dialogs. Modal questions use ``exec()`` here and only here."""

    def choose_statement(self, parent: QWidget) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Import statement", "", STATEMENT_FILTER)
        return Path(name) if name else None

    def choose_export_path(self, parent: QWidget, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, "Export report workbook", str(suggested), "Excel workbook (*.xlsx)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    def choose_workspace(self, parent: QWidget, create: bool) -> Path | None:
        if create:
            name, _ = QFileDialog.getSaveFileName(parent, "New workspace", "", WORKSPACE_FILTER)
        else:
            name, _ = QFileDialog.getOpenFileName(parent, "Open workspace", "", WORKSPACE_FILTER)
        return Path(name) if name else None

    def choose_workspace_copy(self, parent: QWidget, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            parent, "Save a copy of the workspace", str(suggested), WORKSPACE_FILTER
        )
        return Path(name) if name else None

    def close_gone(self, parent: QWidget, gone: WorkspaceGone) -> GoneAnswer:
        from desktop_app.ui.dialogs.close_question import ask_close_gone

        return ask_close_gone(parent, gone)

    def review_import(
        self, parent: QWidget, preview: StatementPreview, again: PreviewRequests | None = None
    ) -> ColumnMapping | SheetChoice | EncodingChoice | None:
        from desktop_app.ui.dialogs.import_wizard import ImportWizard

        return ImportWizard.ask(parent, preview, again)

    def edit_provider(self, parent: QWidget, entry: ProviderEntry | None) -> ProviderEdit | None:
        from desktop_app.ui.dialogs.provider_dialog import ProviderDialog

        return ProviderDialog.ask(parent, entry)

    def choose_fetch_period(self, parent: QWidget, offer: PeriodOffer) -> FetchPeriod | None:
        from desktop_app.ui.dialogs.fetch_period_dialog import FetchPeriodDialog

        return FetchPeriodDialog.ask(parent, offer)

    def confirm(self, parent: QWidget, title: str, question: str) -> bool:
        answer = QMessageBox.question(parent, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def confirm_export_without(
        self, parent: QWidget, shortfalls: Sequence[FetchShortfall], period: FetchPeriod
    ) -> bool:
        from desktop_app.ui.dialogs.unfetched_dialog import UnfetchedExportDialog

        return UnfetchedExportDialog.ask(parent, shortfalls, period)

    def stop_and_close(self, parent: QWidget, running: Sequence[WhenClosed]) -> bool:
        from desktop_app.ui.dialogs.close_question import ask_stop_and_close

        return ask_stop_and_close(parent, running)

    def wait_again(self, parent: QWidget, still: Sequence[str], waited_s: float) -> bool:
        from desktop_app.ui.dialogs.close_question import ask_wait_again

        return ask_wait_again(parent, still, waited_s)

    def show_audit(self, parent: QWidget, title: str, entries: list[AuditRow]) -> None:
        from desktop_app.ui.dialogs.audit_dialog import AuditDialog

        AuditDialog.present(parent, title, entries)

    def show_about(self, parent: QWidget, info: AboutInfo) -> None:
        from desktop_app.ui.dialogs.about_dialog import AboutDialog

        AboutDialog.present(parent, info)

    def open_with_desktop(self, path: Path) -> bool:
        """Whether the desktop took ``path`` (a file: its program; a folder: the file
        manager). False where nothing is set up to open it: the caller says so."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

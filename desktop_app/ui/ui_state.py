"""Window, column and splitter state between runs.

Kept in an INI file through ``QSettings`` (never the Windows registry), at a path the
caller chooses so tests redirect it. (The recent workspaces are the workspace's own list,
``AppServices.recent_workspaces``.)
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QTableView, QWidget

from desktop_app.ui.views.table_view import DomainTableView

# The group of each table's column keys, beside its layout in "tables" (``_keys``).
_COLUMNS = "table columns"
# The group of each table's layout version (``DomainTableView.layout_version``), beside it.
_VERSIONS = "table layout versions"


class UiState:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    # -- window, tables, splitters ---------------------------------------------------
    def save(self, window: QMainWindow) -> None:
        self._settings.setValue("window/geometry", window.saveGeometry())
        self._settings.setValue("window/state", window.saveState())
        for table in window.findChildren(QTableView):
            name = table.objectName()
            if name:
                self._settings.setValue(f"tables/{name}", _header(table).saveState())
            if name and isinstance(table, DomainTableView):
                # The layout's columns by key: restored column by column, not by position.
                self._settings.setValue(f"{_COLUMNS}/{name}", json.dumps(table.column_keys()))
                self._settings.setValue(f"{_VERSIONS}/{name}", table.layout_version)
        for splitter in window.findChildren(QSplitter):
            if splitter.objectName():
                self._settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        self._settings.sync()

    def restore(self, window: QMainWindow) -> bool:
        """Restore what was saved; False on a first run (nothing saved yet)."""
        geometry = self._bytes("window/geometry")
        if geometry is None:
            return False
        window.restoreGeometry(geometry)
        state = self._bytes("window/state")
        if state is not None:
            window.restoreState(state)
        self.restore_children(window)
        return True

    def restore_children(self, root: QWidget) -> None:
        for table in root.findChildren(QTableView):
            saved = self._bytes(f"tables/{table.objectName()}") if table.objectName() else None
            if saved is None:
                continue
            if isinstance(table, DomainTableView):  # columns added since put in their place
                if self._version(table.objectName()) < table.layout_version:
                    continue  # made for the arrangement the table had before: shown anew
                table.restore_layout(saved, self._keys(f"{_COLUMNS}/{table.objectName()}"))
            else:
                _header(table).restoreState(saved)
        for splitter in root.findChildren(QSplitter):
            saved = (
                self._bytes(f"splitters/{splitter.objectName()}") if splitter.objectName() else None
            )
            if saved is not None:
                splitter.restoreState(saved)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _keys(self, key: str) -> list[str] | None:
        """A table's saved column keys; None for a layout saved before they were (or a
        value that is not a list of keys), which is then restored by position."""
        value = self._settings.value(key)
        try:
            keys = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            return None
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            return None
        return keys

    def _version(self, table: str) -> int:
        """The layout version a table's layout was saved under; 0 for one saved before
        versions were (or a value that is no number)."""
        value = self._settings.value(f"{_VERSIONS}/{table}")
        try:
            return int(value) if isinstance(value, int | str) else 0
        except ValueError:
            return 0

    # -- simple values ----------------------------------------------------------------
    def screen(self) -> str | None:
        value = self._settings.value("window/screen")
        return value if isinstance(value, str) else None

    def set_screen(self, name: str) -> None:
        self._settings.setValue("window/screen", name)


def _header(table: QTableView) -> QHeaderView:
    return table.horizontalHeader()

"""The import wizard's models: the file's first rows coloured by inferred role, and the
column list where the accountant corrects a role (with the evidence for each guess)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from desktop_app.statements.sheet_extent import column_letters
from desktop_app.ui.models.columns import ROOT, ColumnSpec
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.services import ROLE_LABELS, ColumnGuess, StatementPreview

Index = QModelIndex | QPersistentModelIndex
NO_ROLE = "(ignore)"


def role_label(role: str | None) -> str:
    """The role as the wizard shows it; "(ignore)" for a column given none."""
    if role is None or role == NO_ROLE:
        return NO_ROLE
    return ROLE_LABELS.get(role, role)


_PALETTE = ("#e3f2fd", "#e8f5e9", "#fff3e0", "#f3e5f5", "#e0f2f1", "#fce4ec", "#f1f8e9", "#ede7f6")


def role_colour(role: str | None, roles: tuple[str, ...]) -> QColor | None:
    if role is None or role not in roles:
        return None
    return QColor(_PALETTE[roles.index(role) % len(_PALETTE)])


def _column_letter(index: int) -> str:
    """The letters of the column at 0-based ``index``, as the import's messages name it."""
    return column_letters(index + 1)


class PreviewModel(QAbstractTableModel):
    """Raw cells of the first rows; the header row in bold, each column tinted by role.
    A format whose layout is fixed shows its lines' fields, each column headed by the
    field's name alone, and each row's record as the file holds it as the row's tooltip."""

    def __init__(self, preview: StatementPreview, parent: Any = None) -> None:
        super().__init__(parent)
        self._preview = preview
        self._width = max((len(row) for row in preview.rows), default=0)
        self._roles: dict[int, str | None] = {c.index: c.role for c in preview.columns}
        self._header_row = preview.header_row
        self._bold = QFont()
        self._bold.setBold(True)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._preview.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else self._width

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._preview.rows[index.row()]
        role = int(role)
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()] if index.column() < len(row) else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return role_colour(self._roles.get(index.column()), self._preview.roles)
        if role == Qt.ItemDataRole.FontRole and self._is_header(index.row()):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and index.row() < len(self._preview.row_details):
            return self._preview.row_details[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if int(role) != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return (
                str(self._preview.row_numbers[section])
                if 0 <= section < len(self._preview.rows)
                else None
            )
        if not 0 <= section < self._width:
            return None
        assigned = self._roles.get(section)
        if assigned and not self._preview.editable:  # a field of the lines: its name says it
            return role_label(assigned)
        letter = _column_letter(section)
        return f"{letter}: {role_label(assigned)}" if assigned else letter

    def set_preview(self, preview: StatementPreview) -> None:
        """Show another sheet's rows (a file mapped by hand): everything changes."""
        self.beginResetModel()
        self._preview = preview
        self._width = max((len(row) for row in preview.rows), default=0)
        self._roles = {c.index: c.role for c in preview.columns}
        self._header_row = preview.header_row
        self.endResetModel()

    def _is_header(self, row: int) -> bool:
        return self._header_row is not None and self._preview.row_numbers[row] == self._header_row

    def set_layout(self, header_row: int | None, roles: dict[int, str | None]) -> None:
        """Repaint with the accountant's corrections: only colours and fonts change."""
        self._header_row, self._roles = header_row, dict(roles)
        if self.rowCount() and self._width:
            changed = [int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.FontRole)]
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self._width - 1), changed
            )
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._width - 1)


def _guess_columns() -> tuple[ColumnSpec[ColumnGuess], ...]:
    return (
        ColumnSpec(
            "column",
            "Column",
            lambda c: _column_letter(c.index),
            sort_key=lambda c: c.index,
            width=60,
        ),
        ColumnSpec("header", "Header", lambda c: c.header, width=150),
        ColumnSpec("role", "Role", lambda c: role_label(c.role), width=140),
        ColumnSpec(
            "evidence", "Why", lambda c: c.evidence, tooltip=lambda c: c.evidence, width=360
        ),
    )


class ColumnRoleModel(DomainTableModel[ColumnGuess]):
    """One row per column; the Role cell is editable (a combo box in the view)."""

    roles_changed = Signal()

    ROLE_COLUMN = 2

    def __init__(self, preview: StatementPreview, parent: Any = None) -> None:
        super().__init__(_guess_columns(), lambda c: c.index, lambda c: c.header, parent)
        self.available_roles = (NO_ROLE, *preview.roles)
        self._editable = preview.editable
        self._chosen: set[int] = set()
        self.set_items(preview.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self._editable and index.isValid() and index.column() == self.ROLE_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == self.ROLE_COLUMN
            and int(role) == Qt.ItemDataRole.EditRole
        ):
            return self.item_at(index.row()).role or NO_ROLE
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (
            index.isValid() and index.column() == self.ROLE_COLUMN and value in self.available_roles
        ):
            return False
        guess = self.item_at(index.row())
        chosen = None if value == NO_ROLE else str(value)
        if chosen == guess.role:
            return False
        self.set_role(guess.index, chosen)
        return True

    def set_role(self, column: int, role: str | None) -> None:
        guess = self.item_for(column)
        if guess is None:
            raise KeyError(column)
        edited = ColumnGuess(guess.index, guess.header, role, "set by you")
        self._chosen.add(column)
        self.replace_item(edited)
        self.roles_changed.emit()

    def set_preview(self, preview: StatementPreview) -> None:
        """Another sheet's columns (a file mapped by hand), none of them set by the
        accountant yet."""
        self._chosen.clear()
        self.set_items(preview.columns)

    def roles(self) -> dict[int, str | None]:
        return {guess.index: guess.role for guess in self.all_items()}

    def chosen(self) -> frozenset[int]:
        """The columns whose role the accountant set (the rest show what was detected)."""
        return frozenset(self._chosen)

"""Columns and roles, declared once per table and read by ``data()`` and ``headerData()``.

A column is a small record of functions over the domain object, so no code ever refers to
"column 3": the display text, the raw value used for sorting (a ``Decimal``, a ``date``,
never the formatted string), the alignment and an optional tooltip and colour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, Qt

from desktop_app.domain import MatchState

T = TypeVar("T")

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter

ROOT = QModelIndex()  # the invalid parent index of every row of a flat table


class Role(IntEnum):
    """Custom data roles: views and actions ask for objects, never parse display strings."""

    ITEM = Qt.ItemDataRole.UserRole  # the domain object of the row
    SORT = Qt.ItemDataRole.UserRole + 1  # the raw value the column sorts on
    KEY = Qt.ItemDataRole.UserRole + 2  # the row's identity (InvoiceKey, LineKey, ...)


@dataclass(frozen=True, slots=True)
class ColumnSpec(Generic[T]):
    """One column of a table over ``T``.

    ``sort_key`` returns the raw value (``Decimal``, ``date``, ``str``); ``None`` sorts
    last in both directions. Without one, the column sorts on its display text.

    A table's columns are only ever appended to: the window keeps each table's layout
    (widths, order, sort) between runs with its columns' keys (``UiState``), but a
    layout saved before the keys were kept is restored by position, so a column inserted
    among them would give its neighbours' widths and sort to the wrong columns there.
    ``shown_after`` (a column's key) places a column added so where it reads best, on a
    first run and in a layout saved without it.
    """

    key: str
    header: str
    value: Callable[[T], str]
    sort_key: Callable[[T], Any] | None = None
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[T], str | None] | None = None
    foreground: Callable[[T], str | None] | None = None  # a colour name, e.g. "#b00020"
    width: int = 120
    shown_after: str | None = None

    def sort_value(self, item: T) -> Any:
        if self.sort_key is None:
            return self.value(item).casefold()
        return self.sort_key(item)


def column_index(columns: tuple[ColumnSpec[Any], ...], key: str) -> int:
    """The position of the column named ``key``; raises ``KeyError`` for an unknown name."""
    for position, column in enumerate(columns):
        if column.key == key:
            return position
    raise KeyError(key)


# A pairing refused is no match: its invoice (or line) still waits for one.
_UNMATCHED = frozenset({None, MatchState.REJECTED})


def is_unmatched(state: MatchState | None) -> bool:
    """Whether an invoice's or a line's strongest match state leaves it unmatched, for the
    screens' "Unmatched" filter: nothing proposed, or only a pairing refused."""
    return state in _UNMATCHED

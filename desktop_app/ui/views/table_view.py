"""A table view for domain models: fast with 300,000 rows, and selection kept by identity.

Rows have a fixed height and columns a fixed default width, so Qt never measures every
row; sorting is the model's (Python) sort; across a filter or a reload the selected
objects stay selected, found again by key, not by row number.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QDataStream,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop_app.ui.models.columns import Role, column_index
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.wording import capitalised

_LAYOUT_MARKER = 0xFF  # what ``QHeaderView.saveState`` writes first
_SELECT_ROWS = (
    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
)


class DomainTableView(QTableView):
    """Emits ``current_item_changed(item or None)`` and ``selection_changed()``.

    ``layout_version`` numbers the arrangement the table is first shown in (its columns'
    order and widths), for ``UiState``: raised when that arrangement changes, so that a
    layout saved under an earlier number, which would keep the old one, is dropped once
    and the new one shown; the layout saved after that is the user's, and kept."""

    current_item_changed = Signal(object)
    selection_changed = Signal()

    def __init__(
        self,
        model: DomainTableModel[Any],
        name: str,
        parent: QWidget | None = None,
        *,
        layout_version: int = 0,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        # What a screen reader calls it: its name, as a sentence begins ("Matches table").
        self.setAccessibleName(capitalised(name))
        self.layout_version = layout_version
        self.setModel(model)
        self._kept: list[Hashable] = []
        self._kept_current: Hashable | None = None
        self._configure()
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)
        selection = self.selectionModel()
        selection.currentRowChanged.connect(self._on_current_row)
        selection.selectionChanged.connect(lambda *_: self.selection_changed.emit())

    def setSelectionModel(self, selection_model: QItemSelectionModel) -> None:
        """The table's selection, and for the column headers one of their own, which
        nothing selects: Qt's header, painting, asks whether each column is selected
        whole (for its style's ``selectedPosition``, highlighting or not), a question put
        to the model for every row, three calls into Python each (20,000 rows selected:
        180,000 calls at every repaint of the header, a second and more while a save runs
        beside it). The headers are not highlighted (``_configure``), so they show the
        same; clicking one sorts, as before (the table, not the header, selects)."""
        super().setSelectionModel(selection_model)
        header = self.horizontalHeader()
        header.setSelectionModel(QItemSelectionModel(selection_model.model(), header))

    def _configure(self) -> None:
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Tab and Shift+Tab move focus to the next widget, as everywhere else: moving
        # between cells trapped the keyboard in the table (and changed the selected row).
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        # A cell too narrow for its text keeps the start and loses the end: an invoice
        # number or a file name is read (and typed into the filter) from its start, and
        # the identifier columns give the whole in their tooltip.
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vertical.hide()
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._place_columns(0)  # each at its width, where it belongs
        # No sort column until the user clicks one: rows keep the order they came in.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)

    def _place_columns(self, first: int) -> None:
        """Show each column from ``first`` on that names one to follow (``shown_after``)
        after it, at its own width: on a first run, and for the columns a saved layout
        was made without (``restore_layout``)."""
        self._place(range(first, len(self.domain_model().columns)))

    def _place(self, logicals: Iterable[int]) -> None:
        columns = self.domain_model().columns
        header = self.horizontalHeader()
        for logical in logicals:
            spec = columns[logical]
            self.setColumnWidth(logical, spec.width)
            if spec.shown_after is None:
                continue
            after = header.visualIndex(column_index(columns, spec.shown_after))
            here = header.visualIndex(logical)
            header.moveSection(here, after + 1 if here > after else after)

    def column_keys(self) -> tuple[str, ...]:
        """The columns' keys in their declared order: ``UiState`` saves them beside the
        layout, so that it is restored column by column (``restore_layout``)."""
        return tuple(column.key for column in self.domain_model().columns)

    def restore_layout(self, state: QByteArray, keys: Sequence[str] | None = None) -> bool:
        """Restore a layout ``UiState`` saved (``QHeaderView.saveState``): widths, order,
        sort. ``keys`` are the columns it was saved with (``column_keys``); the columns
        added since, which Qt would give its default width at the far end, are put where
        they belong (``shown_after``) at their own width.

        With its keys, a layout is known column by column: a column added among the
        others (or one dropped) leaves every other column its own width, place and sort.
        A layout saved before the keys were (``keys`` None) is restored by position,
        which holds because a table's columns are only ever appended to (``ColumnSpec``),
        its column count read off the bytes Qt wrote (``_saved_columns``). A layout with
        more columns than the table has, or that Qt cannot read, is not this table's:
        ignored (False). So is one whose keys name another count of columns than its
        bytes hold: the keys are another layout's (an older build rewrites the layout
        and leaves the keys a newer one wrote), and read by them its widths, places and
        hidden columns would land on the wrong columns."""
        if keys is not None:
            return self._restore_by_key(state, tuple(keys))
        saved = _saved_columns(state)
        columns = len(self.domain_model().columns)
        if saved is None or saved > columns or not self.horizontalHeader().restoreState(state):
            return False
        self._place_columns(saved)
        return True

    def _restore_by_key(self, state: QByteArray, keys: tuple[str, ...]) -> bool:
        """``restore_layout`` of a layout saved with its columns' keys."""
        if not keys or len(set(keys)) != len(keys):
            return False  # no list of columns this table wrote
        if _saved_columns(state) != len(keys):
            return False  # the keys of another layout than this one
        current = self.column_keys()
        header = self.horizontalHeader()
        if keys == current[: len(keys)]:  # the usual case: the same columns, or more after
            if not header.restoreState(state):
                return False
            self._place_columns(len(keys))
            return True
        # Qt reads its layout over a header of the saved columns; each column then takes
        # what was saved under its key.
        saved = QHeaderView(Qt.Orientation.Horizontal)
        saved.setModel(QStandardItemModel(0, len(keys), saved))
        if not saved.restoreState(state):
            return False
        now = {key: logical for logical, key in enumerate(current)}
        was = {key: logical for logical, key in enumerate(keys)}
        kept = sorted((key for key in keys if key in now), key=lambda k: saved.visualIndex(was[k]))
        added = [logical for logical, key in enumerate(current) if key not in was]
        order = [now[key] for key in kept] + added  # the new ones after, then placed
        for visual, logical in enumerate(order):
            header.moveSection(header.visualIndex(logical), visual)
        for key in kept:
            hidden = saved.isSectionHidden(was[key])
            header.setSectionHidden(now[key], hidden)
            if not hidden:
                header.resizeSection(now[key], saved.sectionSize(was[key]))
        self._place(added)
        sorted_by = saved.sortIndicatorSection()  # -1, or a column dropped since: no sort
        section = now.get(keys[sorted_by], -1) if 0 <= sorted_by < len(keys) else -1
        header.setSortIndicator(section, saved.sortIndicatorOrder())
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Tab and Ctrl+Shift+Tab move focus on too, the keys that leave a widget
        using Tab itself (an editor): a table's Ctrl+Tab used to go nowhere."""
        tab = event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if tab and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            backwards = event.key() == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            self.focusNextPrevChild(not backwards)
            return
        super().keyPressEvent(event)

    def domain_model(self) -> DomainTableModel[Any]:
        model = self.model()
        assert isinstance(model, DomainTableModel)
        return model

    # -- what is selected ---------------------------------------------------------------
    def current_item(self) -> Any:
        index = self.currentIndex()
        return index.data(Role.ITEM) if index.isValid() else None

    def selected_items(self) -> list[Any]:
        model = self.domain_model()
        return [model.item_at(row) for row in self.selected_rows()]

    def selected_keys(self) -> list[Hashable]:
        model = self.domain_model()
        return [model.key_at(row) for row in self.selected_rows()]

    def selected_rows(self) -> list[int]:
        """The rows selected whole, in order, read off the selection's ranges: Qt's
        ``selectedRows`` asks the model for every selected cell's flags, 90,000 calls into
        Python for 8,000 rows."""
        last = self.domain_model().columnCount() - 1
        rows: set[int] = set()
        selection = self.selectionModel().selection()
        for span in (selection.at(i) for i in range(selection.size())):
            if span.left() == 0 and span.right() == last:
                rows.update(range(span.top(), span.bottom() + 1))
        return sorted(rows)

    def select_keys(self, keys: Iterable[Hashable], current: Hashable | None = None) -> None:
        """Select the rows of these objects (those still visible) and make one current."""
        model = self.domain_model()
        rows = sorted(r for key in keys if (r := model.row_of(key)) is not None)
        selection = QItemSelection()
        last_column = model.columnCount() - 1
        for row in rows:
            selection.select(model.index(row, 0), model.index(row, last_column))
        selection_model = self.selectionModel()
        selection_model.select(selection, _SELECT_ROWS)
        # The current row (the one a detail pane shows) is one of the selection: when the
        # one that was current is gone, the first selected row takes its place, so a pane
        # never shows a row that vanished while the actions work on the selection.
        current_row = model.row_of(current) if current is not None else None
        if current_row is None and rows:
            current_row = rows[0]
        if current_row is not None:
            selection_model.setCurrentIndex(
                model.index(current_row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.scrollTo(model.index(current_row, 0))
        elif not rows:
            selection_model.clearCurrentIndex()
        if not rows:
            self.current_item_changed.emit(self.current_item())

    def select_next(self) -> None:
        """Move to the next row (the review's "next" key), wrapping at the end."""
        count = self.domain_model().rowCount()
        if not count:
            return
        row = self.currentIndex().row()
        target = 0 if row < 0 or row + 1 >= count else row + 1
        self.selectRow(target)

    # -- keeping the selection across a reset ------------------------------------------
    def _remember_selection(self) -> None:
        self._kept = self.selected_keys()
        index = self.currentIndex()
        self._kept_current = self.domain_model().key_at(index.row()) if index.isValid() else None

    def _restore_selection(self) -> None:
        self.select_keys(self._kept, self._kept_current)

    def _on_current_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.current_item_changed.emit(current.data(Role.ITEM) if current.isValid() else None)


def _saved_columns(state: QByteArray) -> int | None:
    """How many columns a saved header layout holds (None: not a layout Qt wrote), for a
    layout saved before its columns' keys were saved beside it (those give the count).

    Read off the layout itself, as ``QHeaderView.saveState`` writes it (a marker and a
    version, then orientation, sort, the moved and hidden sections, the length and the
    count): restored over a model of other columns, Qt pads or keeps the layout to the
    model's count, or not, depending on what was moved, so its count cannot be asked."""
    stream = QDataStream(state)
    stream.setVersion(QDataStream.Version.Qt_5_0)
    if stream.readInt32() != _LAYOUT_MARKER or stream.readInt32() != 0:
        return None
    for _ in range(3):  # orientation, sort order, sort column
        stream.readInt32()
    stream.readBool()  # sort indicator shown
    for _ in range(2):  # visual and logical indices: a count, then the ints
        stream.skipRawData(4 * stream.readUInt32())
    stream.skipRawData((stream.readUInt32() + 7) // 8)  # hidden sections: bits
    stream.skipRawData(8 * stream.readUInt32())  # hidden sections' sizes: int pairs
    stream.readInt32()  # length
    count = stream.readInt32()
    return count if stream.status() == QDataStream.Status.Ok and count >= 0 else None

"""A table model over a list of domain objects, sorted and filtered in Python.

Why not ``QSortFilterProxyModel``: it sorts by calling ``data()`` once per comparison, and
for 100,000 rows that was measured at 10.5 s against 0.05 s for sorting the Python list
on the objects' raw keys and resetting (benchmarks/bench_ui.py keeps both figures).
So the model keeps every item, the visible subset in display order, and an index from
key to row; views keep their selection by key across resets.

A big table given a worker (``arrange_with``) filters and sorts there: at 200,000 statement
lines, building the filter's texts, reading each line's match state and the sort itself
held the window 0.3-0.85 s per change. The rows shown stay as they are until the worker's
arrangement lands, the latest asked for winning; one asked before the rows changed (a
review step refreshing them) is asked again rather than shown.

A model told how (``release``) hands what a reset replaced (every old item, the index by
key, the rows) to be let go off the GUI thread: freeing a previous run's 100,000 matches
there took a tenth of a second of the window's time.

Rows whose sort values are equal keep the order their keys arrived in (the items as given,
then each new key after them; an object replacing another under the same key takes its
place): after an update, a sort and a fresh filter alike, so a row never jumps among its
equals when the filter is typed again.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop_app.gc_pause import paused as collector_paused
from desktop_app.ui.models.arranging import Arranged, Arrangement, plain_sorted, sorted_by
from desktop_app.ui.models.columns import ROOT, ColumnSpec, Role
from desktop_app.ui.models.filtering import TextIndex
from desktop_app.ui.worked_out import Compute

T = TypeVar("T")
Key = Hashable
Index = QModelIndex | QPersistentModelIndex
Rank = tuple[Any, ...]  # a row's place in the sort order, as ``_ranking`` gives it
Ranking = Callable[[T], Rank]
Before = Callable[[Rank, Rank], bool]  # whether one rank comes before another
# Lets go of what the list holds, emptying it (``TaskRunner.release``).
Release = Callable[[list[Any]], object]

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_REPAINT_ROLES = [_DISPLAY, _FOREGROUND, _TOOLTIP, int(Role.ITEM), int(Role.SORT)]
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
# More rows than this coming or going at once are one reset, not a signal per row.
_ROW_BY_ROW = 64
# More items than this are filtered and sorted on the worker, where the model has one
# (``arrange_with``): fewer take well under a tenth of a second here.
APART_FROM = 20_000


class DomainTableModel(QAbstractTableModel, Generic[T]):
    """Rows are domain objects; columns are ``ColumnSpec``s; identity is ``key_of(item)``."""

    def __init__(
        self,
        columns: Sequence[ColumnSpec[T]],
        key_of: Callable[[T], Key],
        text_of: Callable[[T], str],
        parent: Any = None,
        release: Release | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns: tuple[ColumnSpec[T], ...] = tuple(columns)
        self._key_of = key_of
        self._release = release
        self._items: list[T] = []  # as given, until something needs them by key
        self._index: dict[Key, T] | None = {}
        self._visible: list[T] = []
        # Each held item's key by the item's id; None: still to be read off ``_index``.
        self._key_by_id: dict[int, Key] | None = {}
        self._rows: dict[Key, int] | None = None
        # Each visible row by its item's id, as a worker's arrangement gave it, until
        # the rows change: the rows of a few keys are found without ``_rows``, which
        # walks every row (a tenth of a second at 200,000, as the view keeps its
        # selection after each filter).
        self._row_ids: dict[int, int] | None = None
        # Each item's place in the arrival order (by identity), built on first need.
        self._arrival: dict[int, int] | None = None
        self._arrived = 0
        # The visible rows in arrival order, as the filter gave them, until they change:
        # sorting by another column starts from it, so equal values keep that order.
        self._arrived_shown: list[T] | None = []
        self._text: TextIndex[T] = TextIndex(text_of)
        self._query = ""
        self._predicate: Callable[[T], bool] | None = None
        self._key_predicate: Callable[[Key], bool] | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._colours: dict[str, QColor] = {}
        # Filtering and sorting on a worker (``arrange_with``), for more than ``APART_FROM``.
        self._compute: Compute | None = None
        self._asked = 0  # numbers each arrangement asked for: only the latest is shown
        self._content = 0  # numbers each change of the rows meanwhile (``refresh``)
        self._resetting = False  # the arrangement asked for is of a new filter: a reset
        self._waiting = False  # an arrangement is under way

    # -- Qt interface -----------------------------------------------------------------
    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        item = self._visible[index.row()]
        column = self.columns[index.column()]
        role = int(role)
        if role == _DISPLAY:
            return column.value(item)
        if role == _ALIGN:
            return column.align
        if role == Role.ITEM:
            return item
        if role == Role.KEY:
            return self._key(item)
        if role == Role.SORT:
            return column.sort_value(item)
        if role == _TOOLTIP and column.tooltip is not None:
            return column.tooltip(item)
        if role == _FOREGROUND and column.foreground is not None:
            return self._colour(column.foreground(item))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if int(role) == _DISPLAY:
            return self.columns[section].header
        if int(role) == _ALIGN:
            return self.columns[section].align
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS  # made once: or-ing enum flags costs more than the rest

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the visible rows on the column's raw key; persistent indexes follow their rows.
        A big table's rows are sorted on its worker (``arrange_with``), and move when
        the sort lands."""
        self._sort_column, self._sort_order = column, order
        if self._apart():
            self._arrange_apart(reset=False)
            return
        self._drop_arrangement()  # one under way is of another sort
        self._relayout(lambda: self._sorted(self._shown_in_arrival()))

    def _relayout(self, arrange: Callable[[], list[T]], rows: dict[int, int] | None = None) -> None:
        """Put the visible rows in the order ``arrange`` gives (the same rows), as one
        layout change: persistent indexes (the selection, the current row) follow them.
        ``rows``: each new row by its item's id where known already (a worker's
        arrangement): not worked out again over every row here."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [(id(self._visible[p.row()]), p.column()) for p in persistent]
        self._visible = arrange()
        self._rows_changed()
        if rows is not None:
            new_rows = rows
        else:
            followed = {ident for ident, _ in before}
            new_rows = {
                id(item): row for row, item in enumerate(self._visible) if id(item) in followed
            }
        moved = [self.index(new_rows[ident], col) for ident, col in before]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    # -- contents ---------------------------------------------------------------------
    def set_items(self, items: Iterable[T]) -> None:
        """Replace everything (a new fetch, a new run): one reset, filter and sort reapplied.

        Keys are not computed here: showing, sorting and filtering do not need them, and
        at 300,000 rows building them costs as much as the rest. They are built once, the
        first time a row is looked up by key. Items are expected to have distinct keys.
        """
        self.beginResetModel()
        self._drop_arrangement()  # one under way is of the items replaced
        replaced = self._replaced()
        self._items = list(items)
        self._index = None
        self._key_by_id = {}
        self._arrival = None
        self._arrived_shown = self._filtered_all()
        self._visible = self._sorted(self._arrived_shown)
        self._rows_changed()
        self.endResetModel()
        self._let_go(replaced)

    def set_keyed(self, items: dict[Any, T]) -> None:
        """``set_items`` for items whose keys are known already (the session's lines, keyed
        on the import's worker): the dict is kept as it is (the model's from now on), and
        no key is computed or hashed again (200,000 of them were most of a reset's time)."""
        self.beginResetModel()
        self._drop_arrangement()  # as ``set_items``
        replaced = self._replaced()
        self._index = items
        self._items = []
        self._key_by_id = None  # read off the index when first needed
        self._arrival = None
        self._arrived_shown = self._filtered_all()
        self._visible = self._sorted(self._arrived_shown)
        self._rows_changed()
        self.endResetModel()
        self._let_go(replaced)

    def _replaced(self) -> list[Any]:
        """What a reset replaces, taken off the model (its text cache too): every item
        and what the model built over them."""
        return [
            self._items,
            self._index,
            self._visible,
            self._key_by_id,
            self._rows,
            self._row_ids,
            self._arrival,
            self._arrived_shown,
            self._text.taken(),
        ]

    def _let_go(self, replaced: list[Any]) -> None:
        """Hand what a reset replaced to ``release`` (its last references, unless its
        items are held elsewhere too), or drop it here when the model was given none."""
        if self._release is not None:
            self._release(replaced)
        replaced.clear()

    def _all(self) -> dict[Key, T]:
        """Every item by key, built on first use and kept up to date afterwards."""
        if self._index is None:
            key_of = self._key_of
            with collector_paused():
                index = {key_of(item): item for item in self._items}
                self._key_by_id = {id(item): key for key, item in index.items()}
            self._index, self._items = index, []
        return self._index

    def _store(self, item: T, key: Key) -> T | None:
        """Keep ``item`` under ``key`` in the place among the items (and in the arrival
        order) of the object it replaces, which it returns; a new key goes after them all.

        The object replaced is not forgotten yet: the rows still show it until the
        refresh, and finding their keys must not work every one out again."""
        index = self._all()
        old = index.get(key)
        index[key] = item
        self._row_ids = None  # its row is found by key again, the old object still shown
        self._ids()[id(item)] = key
        arrival = self._arrival
        if arrival is not None:
            place = None if old is None else arrival.get(id(old))
            if place is None:
                place, self._arrived = self._arrived, self._arrived + 1
            arrival[id(item)] = place
        return old

    def _forget(self, item: T) -> None:
        self._ids().pop(id(item), None)
        if self._arrival is not None:
            self._arrival.pop(id(item), None)
        self._text.forget(item)

    def _ids(self) -> dict[int, Key]:
        """Each held item's key by the item's id; read off the index of items given keyed
        (``set_keyed``) the first time a key is asked for."""
        if self._key_by_id is None:
            with collector_paused():
                self._key_by_id = {id(item): key for key, item in self._all().items()}
        return self._key_by_id

    def _places(self) -> dict[int, int]:
        """Each item's place in the arrival order, by identity: built on first need from
        the items, which are held in that order (``update`` replaces a key's object
        where it stands), then kept up to date by ``_store``."""
        if self._arrival is None:
            with collector_paused():
                items = self.all_items()
                self._arrival = dict(zip(map(id, items), range(len(items)), strict=True))
            self._arrived = len(self._arrival)
        return self._arrival

    def _key(self, item: T) -> Key:
        """The key of an item the model holds, without recomputing it (keys are built once)."""
        key = self._ids().get(id(item))
        return self._key_of(item) if key is None else key

    def all_items(self) -> list[T]:
        return list(self._items if self._index is None else self._index.values())

    def item_count(self) -> int:
        """How many items the model holds, shown or filtered out, without copying them:
        a screen's count is updated on every filter keystroke (``all_items`` copied
        300,000 lines for it, 6 ms each time)."""
        return len(self._items if self._index is None else self._index)

    def visible_items(self) -> list[T]:
        return list(self._visible)

    def item_at(self, row: int) -> T:
        return self._visible[row]

    def key_at(self, row: int) -> Key:
        return self._key(self._visible[row])

    def item_for(self, key: Key) -> T | None:
        return self._all().get(key)

    def row_of(self, key: Key) -> int | None:
        if self._rows is None:
            by_id = self._row_ids
            if by_id is not None:
                item = self._all().get(key)
                return None if item is None else by_id.get(id(item))
            self._rows = self._rows_by_key()
        return self._rows.get(key)

    def _rows_changed(self) -> None:
        """The visible rows changed: where each key is is worked out again when asked."""
        self._rows = self._row_ids = None

    def _rows_by_key(self) -> dict[Key, int]:
        """Each visible row by its key, ``_key`` inlined: a bulk step builds this over
        every row shown, and a method call per row was a third of the building."""
        known, key_of = self._ids().get, self._key_of
        rows: dict[Key, int] = {}
        for row, item in enumerate(self._visible):
            key = known(id(item))
            rows[key_of(item) if key is None else key] = row
        return rows

    def replace_item(self, item: T) -> None:
        """One object changed (a match accepted): updated in place with ``dataChanged``."""
        self.update((), [item])

    def insert_items(self, items: Sequence[T]) -> None:
        """New objects (a manual match): inserted with ``beginInsertRows`` where they belong."""
        self.update((), items)

    def remove_keys(self, keys: Iterable[Key]) -> None:
        """Objects gone (an unmatch): removed with ``beginRemoveRows``."""
        self.update(keys, ())

    def held_keys(self, items: Iterable[T]) -> list[Key]:
        """Each item's key: the one kept where the model holds this very object (a step's
        rows removed, 20,000 at a bulk Accept), else worked out."""
        known, key_of = self._ids().get, self._key_of
        return [key_of(item) if (key := known(id(item))) is None else key for item in items]

    def update(
        self, removed: Iterable[Key], added: Sequence[T], keys: Sequence[Key] | None = None
    ) -> None:
        """Objects gone and objects new or changed (a review step), in one ``refresh``.

        A key both removed and added keeps the added object (a match accepted), in the
        old one's place among the items: a fresh filter lists it where it was. Each added
        object's key is worked out once (a match's is built from its invoices' and lines'),
        unless given (``keys``, in ``added``'s order: the session keeps a match's)."""
        index = self._all()
        key_of = self._key_of
        keys = [key_of(item) for item in added] if keys is None else list(keys)
        kept = set(keys)
        doomed = [key for key in removed if key in index]
        dropped = [index.pop(key) for key in doomed if key not in kept]
        for item, key in zip(added, keys, strict=True):
            old = self._store(item, key)
            if old is not None:
                dropped.append(old)
        self.refresh([*doomed, *keys])
        for item in dropped:
            if index.get(self._key(item)) is not item:  # not the same object added back
                self._forget(item)

    def refresh(self, keys: Iterable[Key]) -> None:
        """Bring the rows of ``keys`` up to date after their objects or their state changed.

        A row that now passes the filter is inserted, one that no longer does is removed,
        and those that stay are repainted with one ``dataChanged``: never a whole reset,
        unless more than ``_ROW_BY_ROW`` rows come or go at once (a bulk decision), which
        is one reset rather than thousands of row moves (the views keep their selection by
        key). Rows whose sort value changed (their state, in a table sorted by state) are
        moved into place: sorted among themselves, then merged with the other rows, which
        stay in order, in one pass.
        """
        stay, gone, new = self._plan(keys)
        if stay or gone or new:
            self._arrived_shown = None
            self._content += 1  # an arrangement under way is of the rows before
        for row, item in stay:
            self._visible[row] = item
        if stay:
            self._row_ids = None  # by the ids of the objects replaced
        if len(gone) + len(new) > _ROW_BY_ROW:
            self._rebuild(gone, [row for row, _ in stay], new)
            return
        if stay:
            rows = [row for row, _ in stay]
            last = len(self.columns) - 1
            self.dataChanged.emit(
                self.index(min(rows), 0), self.index(max(rows), last), _REPAINT_ROLES
            )
        self._remove_rows(gone)
        changed = [item for _, item in stay]
        if changed and not self._in_order(changed):
            self._relayout(lambda: self._moved_into_place(changed))
        for item in new:
            self._insert_row(item)

    def _plan(self, keys: Iterable[Key]) -> tuple[list[tuple[int, T]], list[int], list[T]]:
        """For ``keys``: the rows that stay (with their object now), the rows to remove
        and the objects to insert."""
        stay: list[tuple[int, T]] = []
        gone: list[int] = []
        new: list[T] = []
        index = self._all()
        shows = self._shows()  # the query parsed once, not once per key
        for key in dict.fromkeys(keys):
            item = index.get(key)
            row = self.row_of(key)
            if item is not None:
                self._text.forget(item)
            shown = item is not None and (shows is None or shows(item))
            if shown and row is None:
                assert item is not None
                new.append(item)
            elif not shown and row is not None:
                gone.append(row)
            elif row is not None:
                assert item is not None
                stay.append((row, item))
        return stay, gone, new

    def _rebuild(self, gone: list[int], stay: list[int], new: list[T]) -> None:
        """Many rows come and go: one reset, the rows that stay (whose sort value may have
        changed) and the new ones merged where the sort puts them with the others, which
        are in order already."""
        self.beginResetModel()
        doomed = {*gone, *stay}
        kept = [item for row, item in enumerate(self._visible) if row not in doomed]
        moving = [self._visible[row] for row in stay] + new
        self._visible = self._merged(kept, moving)
        self._rows_changed()
        self.endResetModel()

    def _remove_rows(self, rows: list[int]) -> None:
        """Remove ``rows``, each run of adjacent rows at once, the last run first."""
        ordered = sorted(rows, reverse=True)
        while ordered:
            last = first = ordered.pop(0)
            while ordered and ordered[0] == first - 1:
                first = ordered.pop(0)
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._visible[first : last + 1]
            self._rows_changed()
            self.endRemoveRows()

    def _in_order(self, items: list[T]) -> bool:
        """Whether ``items`` (rows that changed) still sit where the sort puts them: each
        is compared with its neighbours, which is enough when only they changed (each
        row's rank is worked out once: a bulk step changes thousands of adjacent rows).
        Unsorted, they do: the rows are in arrival order, and an object takes its
        forerunner's place."""
        if not 0 <= self._sort_column < len(self.columns):
            return True
        rank, before = self._ranking()
        visible = self._visible
        rows = {self.row_of(self._key(item)) for item in items}
        last = len(visible) - 1
        pairs = {pair for row in rows if row is not None for pair in (row - 1, row)}
        ranks: dict[int, Rank] = {}

        def ranked(row: int) -> Rank:
            known = ranks.get(row)
            if known is None:
                known = ranks[row] = rank(visible[row])
            return known

        return all(before(ranked(pair), ranked(pair + 1)) for pair in pairs if 0 <= pair < last)

    def _ranking(self) -> tuple[Ranking[T], Before]:
        """Each row's rank, and whether one rank comes before another in the table:
        by the sort column's value (None last, in either direction), equal values (or
        no sort) by the order they arrived in, so no two rows rank alike. Descending,
        the values come down and the arrivals go up: ranks are read backwards, with
        the arrival negated and a missing value ranked lowest."""
        places = self._places()
        if not 0 <= self._sort_column < len(self.columns):
            return (lambda item: (places[id(item)],)), operator.lt
        column = self.columns[self._sort_column]
        value_of = column.sort_key or column.sort_value
        if self._sort_order == Qt.SortOrder.DescendingOrder:

            def backwards(item: T) -> Rank:
                value, place = value_of(item), places[id(item)]
                return (0, -place) if value is None else (1, value, -place)

            return backwards, operator.gt

        def rank(item: T) -> Rank:
            value, place = value_of(item), places[id(item)]
            return (1, place) if value is None else (0, value, place)

        return rank, operator.lt

    def _insert_row(self, item: T) -> None:
        self._arrived_shown = None
        row = self._insertion_row(item)
        self.beginInsertRows(QModelIndex(), row, row)
        self._visible.insert(row, item)
        self._rows_changed()
        self.endInsertRows()

    # -- filtering --------------------------------------------------------------------
    def set_filter(
        self,
        query: str = "",
        predicate: Callable[[T], bool] | None = None,
        *,
        key_predicate: Callable[[Key], bool] | None = None,
        passing: Iterable[T] | None = None,
    ) -> None:
        """Show the items whose text contains every word of ``query`` and pass
        ``predicate``, and whose key passes ``key_predicate``: a filter on keys is run over
        the keys held (``set_keyed``), none built or looked up for it.

        ``passing``: the items held whose key passes ``key_predicate``, in the order held,
        where they were worked out already (a run's Unmatched lines, by its worker:
        ``RunLanding``); the predicate is then not asked of each item held (200,000 lines
        held the window), only of those a later change touches (``refresh``).

        A big table's filter runs on its worker (``arrange_with``): the rows shown change
        when it lands, as one reset."""
        self._query, self._predicate, self._key_predicate = query, predicate, key_predicate
        if passing is None and self._apart():
            self._arrange_apart(reset=True)
            return
        self.beginResetModel()
        self._drop_arrangement()  # one under way is of another filter
        self._arrived_shown = self._filtered_all(passing)
        self._visible = self._sorted(self._arrived_shown)
        self._rows_changed()
        self.endResetModel()

    # -- arranging on a worker -----------------------------------------------------------
    def arrange_with(self, compute: Compute) -> None:
        """Filter and sort on a worker (``compute``: the window's ``TaskRunner.work_out``)
        while the table holds more than ``APART_FROM`` items."""
        self._compute = compute

    @property
    def arranging(self) -> bool:
        """Whether a filter or sort is under way on the worker, the rows shown those of
        the one before."""
        return self._waiting

    def _apart(self) -> bool:
        """Whether the filter and sort run on the worker: a big table given one, filtered
        without a filter on keys (which reads the model's key index, changed here)."""
        return (
            self._compute is not None
            and self._key_predicate is None
            and self.item_count() > APART_FROM
        )

    def _drop_arrangement(self) -> None:
        """Drop an arrangement under way (it is turned away as it lands) and what it
        would have done: the rows are arranged here instead. Every path that does so
        calls this, so none leaves ``arranging`` true, or the next landing a reset."""
        self._asked += 1
        self._resetting = self._waiting = False

    def _arrange_apart(self, *, reset: bool) -> None:
        """Ask the worker for the rows as the filter and sort now set show them; what is
        under way is left to finish and dropped as it lands."""
        self._asked += 1
        asked, content = self._asked, self._content
        self._resetting |= reset
        self._waiting = True
        predicate, value_of = self._off_thread()
        arrangement = Arrangement(
            self.all_items(),
            self._query,
            self._text.text_of,
            self._text.held(),
            predicate,
            value_of,
            self._sort_order == Qt.SortOrder.DescendingOrder,
            lambda: asked == self._asked,  # an int read on the worker
        )
        assert self._compute is not None
        self._compute(
            "Filtering the table",
            arrangement,
            lambda arranged: self._arranged(asked, content, arranged),
        )

    def _off_thread(self) -> tuple[Callable[[T], bool] | None, Callable[[T], Any] | None]:
        """The filter's predicate and the sort column's value (None: no sort) as the
        worker reads them: the model's own, which read the items alone. A model whose
        columns or filter read what the window changes meanwhile (a line's match
        state) gives them reading a copy taken now."""
        if not 0 <= self._sort_column < len(self.columns):
            return self._predicate, None
        column = self.columns[self._sort_column]
        return self._predicate, column.sort_key or column.sort_value

    def _arranged(self, asked: int, content: int, arranged: Arranged[T] | None) -> None:
        """The worker's arrangement ``asked`` came in (None: it failed, which the runner
        says). Shown when it is the latest asked for and the rows did not change since;
        asked again when they did."""
        if asked != self._asked:
            return  # a later one is under way, or the items were replaced
        if arranged is None:
            self._resetting = self._waiting = False
            return
        if content != self._content:
            self._arrange_apart(reset=self._resetting)
            return
        self._waiting = False
        self._text.adopt(arranged.texts)
        if self._resetting or len(arranged.visible) != len(self._visible):
            self._resetting = False
            self.beginResetModel()
            self._arrived_shown, self._visible = arranged.shown, arranged.visible
            self._rows_changed()
            self._row_ids = arranged.rows
            self.endResetModel()
            return
        self._arrived_shown = arranged.shown
        self._relayout(lambda: arranged.visible, arranged.rows)
        self._row_ids = arranged.rows

    def _filtered_all(self, passing: Iterable[T] | None = None) -> list[T]:
        """Every item the filter shows, in the order held (of ``passing`` where given:
        the items held that pass the filter on keys)."""
        if passing is not None:
            return self._filtered(passing, keys_checked=True)
        key_predicate = self._key_predicate
        if key_predicate is None or self._index is None:
            return self._filtered(self.all_items())
        with collector_paused():
            passed = [item for key, item in self._index.items() if key_predicate(key)]
        return self._filtered(passed, keys_checked=True)

    def _filtered(self, items: Iterable[T], keys_checked: bool = False) -> list[T]:
        """The items the filter shows; the test of ``_shows`` written inline, as a
        function call per item made filtering 300,000 lines 10-50 % slower."""
        matches_text = self._text.matcher(self._query)
        predicate = self._predicate
        key_predicate = None if keys_checked else self._key_predicate
        if matches_text is None and predicate is None and key_predicate is None:
            return list(items)
        key = self._key
        with collector_paused():
            return [
                item
                for item in items
                if (matches_text is None or matches_text(item))
                and (predicate is None or predicate(item))
                and (key_predicate is None or key_predicate(key(item)))
            ]

    def _shows(self) -> Callable[[T], bool] | None:
        """Whether the filter shows an item, made once for the items of one update (the
        query parsed once, not once per key); None when it shows every one."""
        matches_text = self._text.matcher(self._query)
        predicate, key_predicate = self._predicate, self._key_predicate
        if matches_text is None and predicate is None and key_predicate is None:
            return None
        key = self._key

        def shows(item: T) -> bool:
            return (
                (matches_text is None or matches_text(item))
                and (predicate is None or predicate(item))
                and (key_predicate is None or key_predicate(key(item)))
            )

        return shows

    # -- sorting ----------------------------------------------------------------------
    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    def _sorted(self, items: list[T]) -> list[T]:
        """Items (in arrival order) in the current sort order (``sorted_by``, as the
        worker sorts): the sort is stable, so equal values keep the arrival order."""
        if not 0 <= self._sort_column < len(self.columns):
            return items
        column = self.columns[self._sort_column]
        value_of = column.sort_key or column.sort_value
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        with collector_paused():
            return sorted_by(items, value_of, descending, plain_sorted)

    def _shown_in_arrival(self) -> list[T]:
        """The visible rows in arrival order: as the filter gave them, or (once rows
        have changed since) put in it again, and kept for the next sort."""
        if self._arrived_shown is None:
            self._arrived_shown = self._in_arrival_order(self._visible)
        return self._arrived_shown

    def _in_arrival_order(self, items: list[T]) -> list[T]:
        with collector_paused():
            places = list(map(self._places().__getitem__, map(id, items)))
            return list(map(items.__getitem__, sorted(range(len(items)), key=places.__getitem__)))

    def _moved_into_place(self, items: list[T]) -> list[T]:
        """The visible rows with ``items`` (rows whose sort value changed) taken out and
        merged back with the others, which are in order already: one pass, not one
        ``list.insert`` (a copy of the rows after it) each."""
        moving = {id(item) for item in items}
        return self._merged([row for row in self._visible if id(row) not in moving], items)

    def _merged(self, rows: list[T], moving: list[T]) -> list[T]:
        """``rows`` (in sort order) and ``moving`` merged in sort order: the moving rows
        are sorted by rank, then each is placed by galloping on from where the one before
        it went, so a few rows cost a few binary searches and many rows one walk; the
        rows between are copied in slices."""
        rank, before = self._ranking()
        merged: list[T] = []
        low = 0
        with collector_paused():
            ranks = list(map(rank, moving))
            order = sorted(range(len(moving)), key=ranks.__getitem__, reverse=before is operator.gt)
            for done, position in enumerate(order):
                if low == len(rows):  # the rest go after every row
                    merged += map(moving.__getitem__, order[done:])
                    return merged
                high = _galloped(ranks[position], rows, low, rank, before)
                merged += rows[low:high]
                merged.append(moving[position])
                low = high
        merged += rows[low:]
        return merged

    def _insertion_row(self, item: T) -> int:
        """Where the sort puts a new row: after those that sort before it (a binary
        search: the visible rows are in sort order, equals in arrival order)."""
        rank, before = self._ranking()
        return _bisected(rank(item), self._visible, 0, len(self._visible), rank, before)

    def _colour(self, name: str | None) -> QColor | None:
        if name is None:
            return None
        colour = self._colours.get(name)
        if colour is None:
            colour = self._colours[name] = QColor(name)
        return colour


def _bisected(
    key: Rank, rows: list[T], low: int, high: int, rank: Ranking[T], before: Before
) -> int:
    """The first of ``rows[low:high]`` that the row ranked ``key`` comes before (``high``
    if none): the rows are in sort order, and that row comes after those before ``low``."""
    while low < high:
        middle = (low + high) // 2
        if before(key, rank(rows[middle])):
            high = middle
        else:
            low = middle + 1
    return low


def _galloped(key: Rank, rows: list[T], low: int, rank: Ranking[T], before: Before) -> int:
    """As ``_bisected`` up to the end of ``rows``, found in steps of 1, 2, 4... from
    ``low`` until one is passed, then a binary search within it: the cost grows with
    the log of the distance, not of the rows."""
    end, high, step = len(rows), low, 1
    while high < end and not before(key, rank(rows[high])):
        low, high, step = high + 1, high + 1 + step, step * 2
    return _bisected(key, rows, low, min(high, end), rank, before)

"""A table's saved layout (widths, order, sort) is kept with its columns' keys.

The table learnt how many columns a saved layout held by parsing the bytes Qt's
``saveState`` writes, and restored it by position. The keys are now saved beside it, so a
layout is given back column by column: a column declared among the others since, or one
dropped, leaves every other column its own width, place and sort. Layouts saved before
the keys were are still restored by position, their column count read off the bytes.

A table whose first arrangement changes numbers it anew (its layout version): a layout
saved under an earlier number kept the old arrangement, so the new one reached first runs
only. Such a layout is dropped once; the one saved after it is the user's, and kept.

Driven through ``UiState`` over real tables, as the window saves and restores them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QMainWindow

from desktop_app.ui.models.columns import ColumnSpec, column_index
from desktop_app.ui.models.invoices import invoice_columns
from desktop_app.ui.models.matches import MATCH_COLUMNS, MATCH_LAYOUT_VERSION
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.ui_state import UiState
from desktop_app.ui.views.table_view import DomainTableView

TABLE = "fruit table"
ITEMS = ["pear", "fig", "apple", "kiwi"]


def _column(key: str, width: int = 100, shown_after: str | None = None) -> ColumnSpec[str]:
    return ColumnSpec(
        key, key.title(), lambda item: f"{key} {item}", width=width, shown_after=shown_after
    )


def _sort_key(item: str) -> str:
    return item


A, B, C, D = _column("a"), ColumnSpec("b", "B", str, sort_key=_sort_key), _column("c"), _column("d")


@pytest.fixture
def open_table(
    qtbot: Any, qtmodeltester: Any
) -> Callable[[tuple[ColumnSpec[str], ...]], QMainWindow]:
    """A window holding one table over ``columns``, its model under the model tester
    (each kept open until the test ends)."""
    opened: list[QMainWindow] = []

    def open_window(columns: tuple[ColumnSpec[str], ...]) -> QMainWindow:
        model: DomainTableModel[str] = DomainTableModel(columns, str, str)
        qtmodeltester.check(model)
        model.set_items(ITEMS)
        window = QMainWindow()
        window.setCentralWidget(DomainTableView(model, TABLE))
        qtbot.addWidget(window)
        opened.append(window)
        return window

    return open_window


def _table(window: QMainWindow) -> DomainTableView:
    table = window.centralWidget()
    assert isinstance(table, DomainTableView)
    return table


def _save(window: QMainWindow, path: Path) -> None:
    """A layout made by hand: B widened, C dragged to the front, sorted by B, descending
    (D stays last, the column the table stretches to its edge)."""
    table = _table(window)
    header = table.horizontalHeader()
    header.resizeSection(column_index(table.domain_model().columns, "b"), 211)
    header.moveSection(header.visualIndex(column_index(table.domain_model().columns, "c")), 0)
    header.setSortIndicator(
        column_index(table.domain_model().columns, "b"), Qt.SortOrder.DescendingOrder
    )
    UiState(path).save(window)


def _restored(window: QMainWindow, path: Path) -> DomainTableView:
    UiState(path).restore_children(window)
    return _table(window)


def _where(table: DomainTableView, key: str) -> tuple[int, int]:
    """A column's (place on screen, width)."""
    logical = column_index(table.domain_model().columns, key)
    header = table.horizontalHeader()
    return header.visualIndex(logical), header.sectionSize(logical)


def _sorted_by(table: DomainTableView) -> tuple[str | None, Qt.SortOrder]:
    header = table.horizontalHeader()
    section = header.sortIndicatorSection()
    columns = table.domain_model().columns
    key = columns[section].key if 0 <= section < len(columns) else None
    assert table.domain_model().sort_state() == (section, header.sortIndicatorOrder())
    return key, header.sortIndicatorOrder()


def test_a_layout_is_saved_with_its_columns_keys(open_table, tmp_path: Path) -> None:
    path = tmp_path / "ui.ini"
    _save(open_table((A, B, C, D)), path)
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    assert json.loads(settings.value(f"table columns/{TABLE}")) == ["a", "b", "c", "d"]


def test_a_column_declared_among_the_others_since_leaves_each_its_own_layout(
    open_table, tmp_path: Path
) -> None:
    """Saved over A, B, C, D; the table now has A, NEW, B, C, D: by position, B's width
    and the sort would go to NEW, and C's place to B."""
    path = tmp_path / "ui.ini"
    _save(open_table((A, B, C, D)), path)
    new = _column("new", width=77, shown_after="a")
    table = _restored(open_table((A, new, B, C, D)), path)
    assert _where(table, "c") == (0, 100)  # where it was dragged
    assert _where(table, "a") == (1, 100)
    assert _where(table, "new") == (2, 77)  # after A, at its own width
    assert _where(table, "b") == (3, 211)  # its own width
    assert _sorted_by(table) == ("b", Qt.SortOrder.DescendingOrder)
    assert table.domain_model().visible_items() == sorted(ITEMS, reverse=True)


def test_a_column_dropped_since_leaves_the_others_their_own_layout(
    open_table, tmp_path: Path
) -> None:
    path = tmp_path / "ui.ini"
    _save(open_table((A, B, C, D)), path)
    table = _restored(open_table((B, C, D)), path)
    assert _where(table, "c") == (0, 100)
    assert _where(table, "b") == (1, 211)
    assert _sorted_by(table) == ("b", Qt.SortOrder.DescendingOrder)


def test_a_sort_by_a_column_dropped_since_is_no_sort(open_table, tmp_path: Path) -> None:
    path = tmp_path / "ui.ini"
    window = open_table((A, B, C, D))
    _save(window, path)
    _table(window).horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    UiState(path).save(window)  # sorted by A
    table = _restored(open_table((B, C, D)), path)
    assert _sorted_by(table)[0] is None
    assert table.domain_model().visible_items() == ITEMS  # as they came


def test_a_column_appended_since_is_put_where_it_belongs(open_table, tmp_path: Path) -> None:
    path = tmp_path / "ui.ini"
    _save(open_table((A, B, C, D)), path)
    table = _restored(open_table((A, B, C, D, _column("new", width=77, shown_after="a"))), path)
    assert [_where(table, key) for key in ("c", "a", "new", "b")] == [
        (0, 100),
        (1, 100),
        (2, 77),
        (3, 211),
    ]
    assert _sorted_by(table) == ("b", Qt.SortOrder.DescendingOrder)


@pytest.mark.parametrize("keys", [None, "not json", json.dumps({"a": 1}), json.dumps([1, 2])])
def test_a_layout_saved_without_keys_is_restored_by_position(
    open_table, tmp_path: Path, keys: str | None
) -> None:
    """A layout saved before the keys were (or whose keys cannot be read): its column
    count read off Qt's bytes, the columns appended since put where they belong."""
    path = tmp_path / "ui.ini"
    _save(open_table((A, B, C, D)), path)
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.remove(f"table columns/{TABLE}")
    if keys is not None:
        settings.setValue(f"table columns/{TABLE}", keys)
    settings.sync()
    table = _restored(open_table((A, B, C, D, _column("new", width=77, shown_after="a"))), path)
    assert [_where(table, key) for key in ("c", "a", "new", "b")] == [
        (0, 100),
        (1, 100),
        (2, 77),
        (3, 211),
    ]
    assert _sorted_by(table) == ("b", Qt.SortOrder.DescendingOrder)


def test_a_layout_of_more_columns_saved_without_keys_is_not_this_tables(
    open_table, tmp_path: Path
) -> None:
    path = tmp_path / "ui.ini"
    _save(open_table((A, B, C, D)), path)
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.remove(f"table columns/{TABLE}")
    settings.sync()
    table = _restored(open_table((A, B)), path)
    assert _where(table, "a") == (0, 100)  # as first shown
    assert _sorted_by(table)[0] is None


def test_the_window_saves_each_tables_columns_with_its_layout(reopen, state_path: Path) -> None:
    reopen().close()
    settings = QSettings(str(state_path), QSettings.Format.IniFormat)
    saved = json.loads(settings.value("table columns/matches table"))
    assert saved == [column.key for column in MATCH_COLUMNS]


# -- a layout whose keys are not its own: another build's -------------------------------
MATCHES = "matches table"


def _layout_of(count: int) -> QByteArray:
    """A layout Qt saved over ``count`` columns, moved and hidden about as an accountant
    leaves them: the last dragged to the front, the second hidden, the first widened."""
    header = QHeaderView(Qt.Orientation.Horizontal)
    header.setModel(QStandardItemModel(0, count, header))
    header.moveSection(count - 1, 0)
    header.setSectionHidden(1, True)
    header.resizeSection(0, 333)
    header.setSortIndicator(count - 1, Qt.SortOrder.DescendingOrder)
    return header.saveState()


def _store(
    state_path: Path,
    layout: QByteArray,
    keys: list[str],
    version: int | None = MATCH_LAYOUT_VERSION,
    table: str = MATCHES,
) -> None:
    """A table's layout as this build saves it (under its layout version), or with
    ``version`` None as a build did before layout versions were."""
    settings = QSettings(str(state_path), QSettings.Format.IniFormat)
    settings.setValue(f"tables/{table}", layout)
    settings.setValue(f"table columns/{table}", json.dumps(keys))
    if version is None:
        settings.remove(f"table layout versions/{table}")
    else:
        settings.setValue(f"table layout versions/{table}", version)
    settings.sync()


def _as_first_shown(reopen: Callable[[], Any]) -> list[tuple[str, int, int, bool]]:
    """The matches table's columns, as a first run shows them: (key, place, width, hidden)."""
    window = reopen()
    shown = _columns_of(window.reconcile.table)
    window.close()
    return shown


def _columns_of(table: DomainTableView) -> list[tuple[str, int, int, bool]]:
    header = table.horizontalHeader()
    return [
        (column.key, header.visualIndex(n), header.sectionSize(n), header.isSectionHidden(n))
        for n, column in enumerate(table.domain_model().columns)
    ]


CURRENT = [column.key for column in MATCH_COLUMNS]


@pytest.mark.parametrize(
    ("count", "keys"),
    [
        (4, CURRENT),  # an older build's layout, under the keys a newer one saved
        (len(CURRENT) + 3, CURRENT),  # a newer build's, under this one's keys
        (4, ["state", "score", "provider", "invoices", "invoiced", "lines"]),  # another's keys
        (len(CURRENT), ["gone", "state", "retired", "score", *CURRENT[2:]]),  # two unknown
    ],
)
def test_a_layout_whose_column_count_is_not_its_keys_is_ignored(
    reopen, state_path: Path, count: int, keys: list[str]
) -> None:
    """Each build writes a table's layout and, beside it, the keys of its columns; an
    older build knows nothing of the keys and leaves them as a newer one wrote them. A
    layout of another count of columns than its keys name is not the layout they were
    saved with: read by them, it put the wrong widths on columns, hid columns the user
    never hid, and left some off the screen. It is ignored: the table as first shown."""
    first = _as_first_shown(reopen)
    assert not any(hidden for *_, hidden in first)
    _store(state_path, _layout_of(count), keys)

    table = reopen().reconcile.table

    shown = _columns_of(table)
    assert shown == first
    assert sorted(place for _, place, _, _ in shown) == list(range(len(CURRENT)))
    assert table.horizontalHeader().sortIndicatorSection() == -1
    assert table.domain_model().sort_state()[0] == -1


def test_a_layout_of_its_keys_count_is_still_restored_by_key(reopen, state_path: Path) -> None:
    """The same layout under keys of its own count: each column it names takes what was
    saved under its key, those it does not name come where they belong."""
    keys = ["gone", "state", "score", "provider"]
    _store(state_path, _layout_of(4), keys)

    table = reopen().reconcile.table

    shown = {key: (place, width, hidden) for key, place, width, hidden in _columns_of(table)}
    assert shown["provider"][0] == 0  # dragged to the front
    assert shown["state"][:3:2] == (1, True)  # hidden, as saved
    assert shown["score"][0] == 2
    assert not any(hidden for key, (_, _, hidden) in shown.items() if key != "state")
    assert sorted(place for place, _, _ in shown.values()) == list(range(len(CURRENT)))
    assert table.domain_model().columns[table.horizontalHeader().sortIndicatorSection()].key == (
        "provider"
    )


# -- a layout made for the matches table's arrangement before the money came first -------
def _before_the_money_came_first() -> QByteArray:
    """The matches table's layout as the builds before its layout version 1 left it: its
    columns in their declared order (Provider ahead of the invoices and the money), with
    Description after Invoices, at the widths those builds gave them; saved with the keys
    of the columns the table has now."""
    header = QHeaderView(Qt.Orientation.Horizontal)
    header.setModel(QStandardItemModel(0, len(CURRENT), header))
    widths = {"state": 90, "score": 60, "provider": 120, "invoices": 150, "invoiced": 110}
    for key, width in {**widths, "paid": 110, "difference": 100}.items():
        header.resizeSection(CURRENT.index(key), width)
    header.moveSection(CURRENT.index("description"), CURRENT.index("invoices") + 1)
    return header.saveState()


def _declared(count: int) -> QByteArray:
    """A layout Qt saved over ``count`` columns left in their declared order."""
    header = QHeaderView(Qt.Orientation.Horizontal)
    header.setModel(QStandardItemModel(0, count, header))
    return header.saveState()


def _in_order(table: DomainTableView) -> list[str]:
    header = table.horizontalHeader()
    columns = table.domain_model().columns
    return [columns[header.logicalIndex(visual)].key for visual in range(len(columns))]


def test_a_layout_saved_before_the_money_came_first_is_shown_anew(reopen, state_path: Path) -> None:
    """Invoiced, Paid and Difference came to the front so they are in sight at 1366x768,
    but an accountant's saved layout put them back where the older build had them (and
    at its widths): the new order reached first runs only."""
    first = _as_first_shown(reopen)
    state_path.unlink()  # an accountant of an earlier build: its layout, no version
    _store(state_path, _before_the_money_came_first(), CURRENT, version=None)

    table = reopen().reconcile.table

    assert _columns_of(table) == first
    assert _in_order(table)[:7] == [
        "state",
        "score",
        "invoices",
        "invoiced",
        "paid",
        "difference",
        "description",
    ]


def test_the_layout_saved_after_the_new_arrangement_is_the_users_and_kept(
    reopen, state_path: Path
) -> None:
    """Dropped once: what the accountant then does to the table is saved and restored,
    order and widths, on every later run."""
    _store(state_path, _before_the_money_came_first(), CURRENT, version=None)
    window = reopen()
    header = window.reconcile.table.horizontalHeader()
    provider = CURRENT.index("provider")
    header.moveSection(header.visualIndex(provider), 0)
    header.resizeSection(provider, 205)
    arranged = _columns_of(window.reconcile.table)
    window.close()

    for _ in range(2):
        window = reopen()
        assert _columns_of(window.reconcile.table) == arranged
        assert _in_order(window.reconcile.table)[:4] == ["provider", "state", "score", "invoices"]
        window.close()


def test_the_unmatched_invoices_lead_with_their_date_and_amount_over_an_older_layout(
    reopen, state_path: Path
) -> None:
    """The unmatched invoices came to lead with Provider, Invoice, Issued and Amount (in
    sight at 1366x768, as the lines beside them lead with theirs); a layout saved before
    kept Counterparty third and the amount off to the right."""
    keys = [column.key for column in invoice_columns(lambda key: None)]
    layout = _declared(len(keys))  # as those builds showed it
    _store(state_path, layout, keys, version=None, table="unmatched invoices table")

    table = reopen().reconcile.invoices_panel.table

    assert _in_order(table)[:4] == ["provider", "number", "issued", "amount"]


def test_a_table_never_rearranged_keeps_a_layout_saved_before_versions(
    open_table, tmp_path: Path
) -> None:
    """Only a table whose arrangement changed drops the layouts saved before it did."""
    path = tmp_path / "ui.ini"
    _save(open_table((A, B, C, D)), path)
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    assert settings.contains(f"table layout versions/{TABLE}")
    settings.remove(f"table layout versions/{TABLE}")
    settings.sync()
    table = _restored(open_table((A, B, C, D)), path)
    assert [_where(table, key) for key in ("c", "a", "b")] == [(0, 100), (1, 100), (2, 211)]
    assert _sorted_by(table) == ("b", Qt.SortOrder.DescendingOrder)

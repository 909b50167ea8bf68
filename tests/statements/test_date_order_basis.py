"""What a file's date order rests on, as the layout reports it: no order needed (ISO,
yyyymmdd, month names, date cells), settled by a date that allows one order only, guessed,
or set by a mapping, with the date that shows it, so the wizard can say so in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.statements import Mapping, import_statement
from desktop_app.statements.date_order import OrderBasis
from desktop_app.statements.dates import DateOrder
from desktop_app.statements.layout import Layout
from tests.statements.card_files import date_cells_file, dated_file


def _layout(path: Path, mapping: Mapping | None = None) -> Layout:
    layout = import_statement(path, mapping=mapping).layout
    assert layout is not None
    return layout


@pytest.mark.parametrize(
    "dates",
    [
        ["2024-03-15", "2024-03-16", "2024-04-02"],
        ["20240315", "20240316", "20240402"],
        ["15 Mar 2024", "16 Mar 2024", "2 Apr 2024"],
    ],
    ids=["iso", "compact", "month names"],
)
def test_dates_that_read_one_way_need_no_order(tmp_path: Path, dates: list[str]) -> None:
    layout = _layout(dated_file(tmp_path, dates))
    assert layout.date_order_basis is OrderBasis.UNAMBIGUOUS
    assert layout.date_order_example == (2, dates[0])
    assert not layout.swappable_dates
    assert not layout.date_order_ambiguous


def test_date_cells_need_no_order(tmp_path: Path) -> None:
    layout = _layout(date_cells_file(tmp_path))
    assert (layout.date_order_basis, layout.date_order_example) == (OrderBasis.DATE_CELLS, None)
    assert not layout.swappable_dates


@pytest.mark.parametrize(
    ("dates", "order", "example"),
    [
        (
            ["02/01/2024", "05/01/2024", "31/01/2024", "14/02/2024"],
            DateOrder.DMY,
            (4, "31/01/2024"),
        ),
        (["01/02/2024", "01/31/2024"], DateOrder.MDY, (3, "01/31/2024")),
    ],
)
def test_the_first_date_that_allows_one_order_only_settles_it(
    tmp_path: Path, dates: list[str], order: DateOrder, example: tuple[int, str]
) -> None:
    layout = _layout(dated_file(tmp_path, dates))
    assert (layout.date_order, layout.date_order_basis) == (order, OrderBasis.SETTLED)
    assert layout.date_order_example == example
    assert layout.swappable_dates


def test_a_guess_shows_no_date(tmp_path: Path) -> None:
    layout = _layout(dated_file(tmp_path, ["02/01/2024", "03/01/2024"]))
    assert (layout.date_order_basis, layout.date_order_example) == (OrderBasis.GUESSED, None)
    assert layout.date_order_ambiguous
    assert layout.swappable_dates


def test_dates_that_disagree_are_a_conflict(tmp_path: Path) -> None:
    layout = _layout(dated_file(tmp_path, ["31/01/2024", "01/31/2024", "25/02/2024"]))
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.DMY, OrderBasis.CONFLICT)
    assert layout.date_order_example is None


def test_a_mappings_order_is_reported_unless_the_dates_need_none(tmp_path: Path) -> None:
    month_first = Mapping(date_order="MDY")
    ambiguous = _layout(dated_file(tmp_path, ["02/01/2024", "03/01/2024"]), month_first)
    assert (ambiguous.date_order, ambiguous.date_order_basis) == (DateOrder.MDY, OrderBasis.MAPPED)
    iso = _layout(dated_file(tmp_path, ["2024-03-15", "2024-03-16"], "iso.csv"), month_first)
    assert iso.date_order_basis is OrderBasis.UNAMBIGUOUS
    assert iso.date_order_example == (2, "2024-03-15")

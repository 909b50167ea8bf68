"""What a file's date order rests on, as the layout reports it: no order needed (ISO,
yyyymmdd, month names, date cells), settled by a date that allows one order only, guessed,
or set by a mapping, with the date that shows it, so the wizard can say so in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
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


def _dates(path: Path, mapping: Mapping | None = None) -> list[dt.date]:
    return [line.date for line in import_statement(path, mapping=mapping).lines]


@pytest.mark.parametrize(
    "written",
    [
        # 24 "settles" day-first: the 24th of March 2004, 2015, 2028 and of April 2002.
        ["24-03-04", "24-03-15", "24-03-28", "24-04-02"],
        # no field above 12: day-first would be guessed, 10 March 2004 to 10 April 2002.
        ["10-03-04", "10-03-11", "10-04-02"],
    ],
    ids=["first field above 12", "no field above 12"],
)
def test_two_digit_years_written_first_are_read_year_first(
    tmp_path: Path, written: list[str]
) -> None:
    """yy-mm-dd: read day-first the dates would span decades; year-first, weeks."""
    path = dated_file(tmp_path, written)
    layout = _layout(path)
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.YMD, OrderBasis.PERIOD)
    assert not layout.date_order_ambiguous
    assert [f"{day:%y-%m-%d}" for day in _dates(path)] == written
    assert {day.year for day in _dates(path)} == {2000 + int(written[0][:2])}
    [evidence] = dict(layout.evidence)["date_order"]
    assert evidence.startswith("dates are year-first (yy-mm-dd): read day-first they would span")


@pytest.mark.parametrize(
    ("written", "basis"),
    [
        # dd-mm-yy within one month: year-first would span 2002 to 2028.
        (["24-03-04", "15-03-04", "28-03-04", "02-04-04"], OrderBasis.SETTLED),
        # dd-mm-yy over three years: wider than a statement, but year-first spreads them
        # from 2005 to 2028, far wider still.
        (["05-01-21", "17-06-22", "28-12-23"], OrderBasis.SETTLED),
        # one date: no period to compare.
        (["04-03-24"], OrderBasis.GUESSED),
        # rent on the 28th for five years: year-first reads them over 2028 alike, but
        # out of date order (2028-01-20, 2028-02-20, ... 2028-12-20, 2028-01-21, ...).
        ([f"28/{month:02d}/{year}" for year in range(20, 25) for month in range(1, 13)],
         OrderBasis.SETTLED),
        # interest on the 1st for six years (nothing settles it: a guess, kept).
        ([f"01/{month:02d}/{year}" for year in range(19, 25) for month in range(1, 13)],
         OrderBasis.GUESSED),
    ],
    ids=["one month", "three years", "one date", "rent", "interest"],
)  # fmt: skip
def test_day_first_two_digit_years_stay_day_first(
    tmp_path: Path, written: list[str], basis: OrderBasis
) -> None:
    layout = _layout(dated_file(tmp_path, written))
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.DMY, basis)
    separator = written[0][2]
    shown = [
        f"{day:%d-%m-%y}".replace("-", separator) for day in _dates(dated_file(tmp_path, written))
    ]
    assert shown == written


def test_a_mapping_reads_two_digit_years_year_first(tmp_path: Path) -> None:
    """The wizard's Year/Month/Day read nothing from yy-mm-dd before: every date failed."""
    written = ["04-03-05", "04-03-06", "04-03-09"]
    path = dated_file(tmp_path, written)
    layout = _layout(path, Mapping(date_order="YMD"))
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.YMD, OrderBasis.MAPPED)
    assert [f"{day:%y-%m-%d}" for day in _dates(path, Mapping(date_order="YMD"))] == written


def test_a_code_column_read_as_dates_only_year_first_is_not_the_date_column(tmp_path: Path) -> None:
    """'77-01-15' (a sort code) reads only as 15 January 1977, year-first: no date at all,
    so the column of real dates beside it, with no header to say so, stays the date."""
    path = tmp_path / "codes.csv"
    rows = [f"77-01-{15 + n},{n + 1:02d}/03/2024,x{n},-1.00" for n in range(9)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert [f"{day:%Y-%m-%d}" for day in _dates(path)] == [f"2024-03-{n + 1:02d}" for n in range(9)]


def _booked_beside_value_dates(
    tmp_path: Path, booked: list[str], value_dates: list[str], name: str = "valued.csv"
) -> Path:
    """A csv whose booking dates are written as ``booked`` and whose value dates, in the
    next column, as ``value_dates``."""
    path = tmp_path / name
    rows = [
        f"{day},{value},Line {number},-{number + 1}.50"
        for number, (day, value) in enumerate(zip(booked, value_dates, strict=True))
    ]
    path.write_text("Booking date,Value date,Description,Amount\n" + "\n".join(rows) + "\n")
    return path


_ONE_MARCH = ["24-03-05", "24-03-06", "24-03-08", "24-03-12", "24-03-20", "24-03-28"]
# March 2024's weekdays, yy-mm-dd: day-first, the 24th of March from 2001 to 2029.
_A_MONTH = [f"24-03-{day:02d}" for day in range(1, 30) if dt.date(2024, 3, day).weekday() < 5]


@pytest.mark.parametrize("written", [_ONE_MARCH, _A_MONTH], ids=["six dates", "a month"])
def test_yy_mm_dd_in_date_order_either_way_is_read_over_a_statements_period(
    tmp_path: Path, written: list[str]
) -> None:
    """In date order read either way, but day-first over decades (24 March 2005 .. 2028)
    and year-first over a month (5 .. 28 March 2024): a statement covers a period, so
    year-first is settled by it, not guessed, and no date lies in the 2020s' future."""
    path = dated_file(tmp_path, written)
    layout = _layout(path)
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.YMD, OrderBasis.PERIOD)
    assert not layout.date_order_ambiguous
    assert [f"{day:%y-%m-%d}" for day in _dates(path)] == written
    assert {f"{day:%Y-%m}" for day in _dates(path)} == {"2024-03"}
    [evidence] = dict(layout.evidence)["date_order"]
    first, last = int(written[0][-2:]), int(written[-1][-2:])
    assert evidence.startswith(
        f"dates are year-first (yy-mm-dd): read day-first they would span "
        f"20{first:02d}-03-24 to 20{last:02d}-03-24, over {last - first} years"
    )
    assert evidence.endswith("a statement's period (in date order either way)")
    assert import_statement(path).warnings == ()


def test_an_annual_entry_in_two_digit_years_is_read_over_a_statements_period(
    tmp_path: Path,
) -> None:
    """'05/04/21' .. '05/04/24': the 5th of April of four years, or 21 .. 24 April 2005.
    In date order either way; only year-first spans a statement's period, so it is taken,
    as for yy-mm-dd written with dashes (a file of nothing but one yearly fee is rarer
    than four days of yy/mm/dd)."""
    written = ["05/04/21", "05/04/22", "05/04/23", "05/04/24"]
    path = dated_file(tmp_path, written)
    layout = _layout(path)
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.YMD, OrderBasis.PERIOD)
    assert [day.isoformat() for day in _dates(path)] == [f"2005-04-{n}" for n in (21, 22, 23, 24)]
    [evidence] = dict(layout.evidence)["date_order"]
    assert "2021-04-05 to 2024-04-05, over 3 years, longer than a statement" in evidence


def test_yy_mm_dd_that_nothing_tells_apart_is_reported_ambiguous(tmp_path: Path) -> None:
    """24-03-05 .. 24-06-05: the 24th of March to June 2005, or the 5th of March to June
    2024: in date order either way, and over a quarter either way. A first field above 12
    rules out month-first only, not year-first: the day-first reading kept is a guess,
    reported as the other orders' guesses are."""
    layout = _layout(dated_file(tmp_path, ["24-03-05", "24-04-05", "24-05-05", "24-06-05"]))
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.DMY, OrderBasis.GUESSED)
    assert layout.date_order_ambiguous
    [evidence] = dict(layout.evidence)["date_order"]
    assert evidence.startswith("AMBIGUOUS: each of 4 dates reads day-first (dd-mm-yy) and ")
    assert "year-first (yy-mm-dd) alike, in date order either way" in evidence


def test_a_guess_between_day_and_month_also_names_year_first(tmp_path: Path) -> None:
    layout = _layout(dated_file(tmp_path, ["05/04/23", "05/01/24"]))
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.DMY, OrderBasis.GUESSED)
    [evidence] = dict(layout.evidence)["date_order"]
    assert evidence.startswith("AMBIGUOUS: none of 2 dates has a field above 12")
    assert "reads day-first (dd-mm-yy) and year-first (yy-mm-dd) alike" in evidence


def test_iso_value_dates_beside_them_decide_year_first(tmp_path: Path) -> None:
    values = [f"2024-03-{written[-2:]}" for written in _ONE_MARCH]
    path = _booked_beside_value_dates(tmp_path, _ONE_MARCH, values)
    layout = _layout(path)
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.YMD, OrderBasis.PERIOD)
    assert not layout.date_order_ambiguous
    assert [f"{day:%Y-%m-%d}" for day in _dates(path)] == values
    [evidence] = dict(layout.evidence)["date_order"]
    assert evidence.startswith("dates are year-first (yy-mm-dd): so read, the booking dates")
    assert "unambiguous dates on all 6 rows compared; read day-first, on none" in evidence


def test_value_date_cells_in_a_workbook_decide_year_first(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Buchung", "Valuta", "Text", "Betrag"])
    for number, written in enumerate(_ONE_MARCH):
        sheet.append([written, dt.date(2024, 3, int(written[-2:]) + 1), f"L{number}", -1.5])
    path = tmp_path / "valued.xlsx"
    workbook.save(path)
    assert _layout(path).date_order is DateOrder.YMD
    assert [day.isoformat()[:7] for day in _dates(path)] == ["2024-03"] * len(_ONE_MARCH)


def test_value_dates_that_agree_day_first_keep_it_settled(tmp_path: Path) -> None:
    """A guard: dd-mm-yy beside ISO value dates that agree with day-first stays settled."""
    booked = ["24-03-05", "24-03-06", "24-03-08"]
    path = _booked_beside_value_dates(tmp_path, booked, ["2005-03-24", "2006-03-27", "2008-03-24"])
    layout = _layout(path)
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.DMY, OrderBasis.SETTLED)
    assert not layout.date_order_ambiguous
    assert [f"{day:%d-%m-%y}" for day in _dates(path)] == booked


def test_yy_mm_dd_from_2032_on_are_dates_year_first(tmp_path: Path) -> None:
    """'33-03-05' reads neither day- nor month-first: it was no date at all, and a file of
    them had no date column. A first field above 31 is no day: year-first is settled."""
    written = ["33-03-05", "33-03-06", "33-03-12", "33-03-28"]
    path = dated_file(tmp_path, written)
    layout = _layout(path)
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.YMD, OrderBasis.SETTLED)
    assert not layout.date_order_ambiguous
    assert layout.date_order_example == (2, "33-03-05")
    assert [f"{day:%Y-%m-%d}" for day in _dates(path)] == [f"20{text}" for text in written]
    [evidence] = dict(layout.evidence)["date_order"]
    assert evidence == (
        "dates are year-first (yy-mm-dd): 4 values have a first field above 31, "
        "which no day or month has"
    )


def test_a_statement_over_the_turn_of_2032_reads_every_date_year_first(tmp_path: Path) -> None:
    """'31-12-29' reads day-first as well (31 December 2029); '32-01-03' only year-first,
    which decides the column."""
    written = ["31-12-29", "31-12-30", "32-01-03", "32-01-04"]
    path = dated_file(tmp_path, written)
    assert _layout(path).date_order is DateOrder.YMD
    assert [f"{day:%Y-%m-%d}" for day in _dates(path)] == [f"20{text}" for text in written]


def test_yy_mm_dd_from_2040_beside_value_date_cells_are_the_booking_dates(tmp_path: Path) -> None:
    """The value dates (date cells) hold dates on as many rows; the yy-mm-dd cells are
    dates because they lie within the value dates' period."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Booked", "Value", "Text", "Amount"])
    for day in (3, 4, 9):
        sheet.append([f"40-05-{day:02d}", dt.date(2040, 5, day + 1), f"L{day}", -2.5])
    path = tmp_path / "late.xlsx"
    workbook.save(path)
    layout = _layout(path)
    assert (layout.booking_date, layout.date_order) == (0, DateOrder.YMD)
    assert [day.isoformat() for day in _dates(path)] == ["2040-05-03", "2040-05-04", "2040-05-09"]


def _with_balance(tmp_path: Path, movements: list[tuple[str, str]], newest_first: bool) -> Path:
    """A csv of (date, signed amount) rows with the balance after each, from 1000.00,
    listed oldest first or newest first."""
    balance = Decimal("1000.00")
    rows = []
    for number, (day, amount) in enumerate(movements):
        balance += Decimal(amount)
        rows.append(f"{day},Line {number},{amount},{balance}")
    if newest_first:
        rows.reverse()
    path = tmp_path / f"balance_{'newest' if newest_first else 'oldest'}.csv"
    path.write_text("Date,Description,Amount,Balance\n" + "\n".join(rows) + "\n")
    return path


# Over the turn of 2024: day-first these run from 23 December 2029 back to 24 January
# 2002, year-first from 29 December 2023 on to 2 January 2024: in order either way, the
# one way down the rows, the other up them.
_YEAR_END = [("23-12-29", "-10.00"), ("23-12-29", "25.00"), ("24-01-02", "-5.50"),
             ("24-01-02", "-100.00"), ("24-01-02", "7.25")]  # fmt: skip


@pytest.mark.parametrize("newest_first", [False, True], ids=["oldest first", "newest first"])
def test_a_running_balance_lists_the_rows_the_way_year_first_dates_run(
    tmp_path: Path, newest_first: bool
) -> None:
    path = _with_balance(tmp_path, _YEAR_END, newest_first)
    layout = _layout(path)
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.YMD, OrderBasis.PERIOD)
    assert not layout.date_order_ambiguous
    way = "newest first" if newest_first else "oldest first"
    [evidence] = dict(layout.evidence)["date_order"]
    assert evidence.startswith(
        f"dates are year-first (yy-mm-dd): the running balance lists the rows {way}, "
        f"and only read year-first do the booking dates run {way}"
    )
    days = sorted({f"{day:%y-%m-%d}" for day in _dates(path)})
    assert days == ["23-12-29", "24-01-02"]
    assert import_statement(path).warnings == ()


def test_a_running_balance_that_runs_as_day_first_keeps_it_settled(tmp_path: Path) -> None:
    """A guard: 24 March 2005 then 23 March 2006 (year-first: 2024 back to 2023), the
    balance oldest first: day-first stands, settled by the 24 as before."""
    movements = [("24-03-05", "-10.00"), ("24-03-05", "5.00"), ("23-03-06", "-1.00")]
    layout = _layout(_with_balance(tmp_path, movements, newest_first=False))
    assert (layout.date_order, layout.date_order_basis) == (DateOrder.DMY, OrderBasis.SETTLED)
    assert not layout.date_order_ambiguous

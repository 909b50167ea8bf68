"""Date cells: orders, languages, compact and two-digit forms, and fuzzing of the parser."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.statements.dates import DateOrder, analyse_date, excel_serial_date, parse_date


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("09.12.2025", DateOrder.DMY, dt.date(2025, 12, 9)),
        ("09.12.2025", DateOrder.MDY, dt.date(2025, 9, 12)),
        ("08.12.25", DateOrder.DMY, dt.date(2025, 12, 8)),
        ("2.1.2026", DateOrder.DMY, dt.date(2026, 1, 2)),
        ("3/18/2016", DateOrder.MDY, dt.date(2016, 3, 18)),
        ("20200213", DateOrder.DMY, dt.date(2020, 2, 13)),
        ("2022/11/07", DateOrder.MDY, dt.date(2022, 11, 7)),
        ("2022-01-02 12:16:54", DateOrder.MDY, dt.date(2022, 1, 2)),
        ("2017-04-25T03:15:53", DateOrder.DMY, dt.date(2017, 4, 25)),
        ("2017-04-01+02:00", DateOrder.DMY, dt.date(2017, 4, 1)),
        ("24-08-2020 13:43:54.496", DateOrder.DMY, dt.date(2020, 8, 24)),
        ("28-Mar-2020", DateOrder.MDY, dt.date(2020, 3, 28)),
        ("30 Jun 2023", DateOrder.DMY, dt.date(2023, 6, 30)),
        ("Jun 30, 2023", DateOrder.DMY, dt.date(2023, 6, 30)),
        ("1. März 2024", DateOrder.DMY, dt.date(2024, 3, 1)),
        ("3 mrt 2024", DateOrder.DMY, dt.date(2024, 3, 3)),
        ("1 de marzo de 2024", DateOrder.DMY, dt.date(2024, 3, 1)),
        ("12 dicembre 2023", DateOrder.DMY, dt.date(2023, 12, 12)),
        ("5 févr. 2024", DateOrder.DMY, dt.date(2024, 2, 5)),
        ("01/04/20", DateOrder.DMY, dt.date(2020, 4, 1)),
        ("12/31/2021 03:24", DateOrder.MDY, dt.date(2021, 12, 31)),
        ("4th March 2024", DateOrder.MDY, dt.date(2024, 3, 4)),
        ("1st April 2024", DateOrder.DMY, dt.date(2024, 4, 1)),
        ("1er févr. 2024", DateOrder.DMY, dt.date(2024, 2, 1)),
        ("Mar 4, 24", DateOrder.DMY, dt.date(2024, 3, 4)),
        # ddmmyyyy where yyyymmdd cannot be meant, and mmddyyyy: the file's order decides
        ("20032024", DateOrder.DMY, dt.date(2024, 3, 20)),
        ("04032024", DateOrder.DMY, dt.date(2024, 3, 4)),
        ("04032024", DateOrder.MDY, dt.date(2024, 4, 3)),
        ("12252024", DateOrder.MDY, dt.date(2024, 12, 25)),
    ],
)
def test_date_texts(text: str, order: DateOrder, expected: dt.date) -> None:
    assert parse_date(text, order) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",
        "Payment 123",
        "0109",
        "13/13/2024",
        "13132024",
        "3rd",
        "2013-07-03-08.21.36.47192",
        "1.12.2025 - 2.1.2026",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text, DateOrder.DMY) is None


def test_a_day_above_12_allows_only_one_order() -> None:
    analysed = analyse_date("25/03/2024")
    assert analysed is not None
    assert analysed.allows(DateOrder.DMY)
    assert not analysed.allows(DateOrder.MDY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24-03-04", dt.date(2024, 3, 4)),
        ("04/12/31", dt.date(2004, 12, 31)),
        # Not dates at all: year-first is another reading of a day- or month-first date,
        # never what makes a text a date ('32.01.15' is a sort code).
        ("99/12/31", None),
        ("32.01.15", None),
        ("24-03-2004", None),  # a four-digit last field is the year, in any order
        ("24-02-30", None),  # no 30 February 2024 (day-first it is 24 February 2030)
    ],
)
def test_two_digit_years_may_be_read_year_first(text: str, expected: dt.date | None) -> None:
    assert parse_date(text, DateOrder.YMD) == expected


def test_excel_serial_numbers() -> None:
    assert excel_serial_date(45234) == dt.date(2023, 11, 4)
    assert excel_serial_date(12) is None


_dates = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2068, 12, 31))


@given(
    _dates,
    st.sampled_from(
        [
            "%d.%m.%Y",
            "%d/%m/%Y",
            "%d-%m-%Y",
            "%d.%m.%y",
            "%Y-%m-%d",
            "%Y%m%d",
            "%d%m%Y",  # its yyyymmdd reading has month 19 or 20: impossible
            "%d %b %Y",
            "%b %d, %Y",
        ]
    ),
)
def test_day_first_and_unambiguous_formats_round_trip(day: dt.date, pattern: str) -> None:
    assert parse_date(day.strftime(pattern), DateOrder.DMY) == day


@given(_dates, st.sampled_from(["%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y", "%m%d%Y"]))
def test_month_first_formats_round_trip(day: dt.date, pattern: str) -> None:
    assert parse_date(day.strftime(pattern), DateOrder.MDY) == day


@given(st.text(max_size=40), st.sampled_from(list(DateOrder)))
def test_any_text_is_analysed_without_error(text: str, order: DateOrder) -> None:
    analysed = analyse_date(text)
    if analysed is not None:
        result = analysed.to_date(order)
        assert result is None or isinstance(result, dt.date)

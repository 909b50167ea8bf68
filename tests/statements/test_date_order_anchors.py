"""Dates written as text among a spreadsheet's own date cells: the cells give the period.

A Date column of real date cells (1, 10 and 28 March) and two text dates, '03/04/2025'
and '03/11/2025', was read day-first (3 April, 3 November) as "nothing else says which".
The date cells say it: read month-first the text dates lie within their period, read
day-first they fall outside it. That is the hint taken, before the locale and the
commonest order, and the evidence says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.statements import import_statement
from desktop_app.statements.dates import DateOrder


def _dates(write_xlsx: Callable[..., Path], texts: tuple[str, str]) -> Any:
    rows = [
        ["Date", "Description", "Amount"],
        [dt.datetime(2025, 3, 1), "cell", -1.0],
        [texts[0], "text", -2.0],
        [dt.datetime(2025, 3, 10), "cell", -3.0],
        [texts[1], "text", -4.0],
        [dt.datetime(2025, 3, 28), "cell", -5.0],
    ]
    return import_statement(write_xlsx({"Sheet": rows}))


def test_text_dates_are_read_in_the_order_that_puts_them_among_the_date_cells(
    write_xlsx: Callable[..., Path],
) -> None:
    result = _dates(write_xlsx, ("03/04/2025", "03/11/2025"))
    assert result.layout is not None
    assert result.layout.date_order is DateOrder.MDY
    assert [line.date.day for line in result.lines] == [1, 4, 10, 11, 28]
    assert {line.date.month for line in result.lines} == {3}
    (said,) = dict(result.layout.evidence)["date_order"]
    assert said.endswith(
        "month-first because read month-first the 2 dates written as text lie within the "
        "period of the 3 dates that need no order (2025-03-01 to 2025-03-28), read "
        "day-first 2 of them fall outside it"
    )
    assert not [w for w in result.warnings if "far outside the dates" in w.message]


def test_guard_day_first_text_dates_among_the_cells_stay_day_first(
    write_xlsx: Callable[..., Path],
) -> None:
    result = _dates(write_xlsx, ("04/03/2025", "11/03/2025"))
    assert result.layout is not None
    assert result.layout.date_order is DateOrder.DMY
    assert [line.date for line in result.lines][1] == dt.date(2025, 3, 4)
    assert "day-first because read day-first" in dict(result.layout.evidence)["date_order"][0]

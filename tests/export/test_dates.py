"""Every date and time in the workbook in one way (design.md, Dates).

A day is an Excel date shown ``yyyy-mm-dd``; a time is in UTC and its cell says so, as
the Audit sheet's Time always did. The Summary's "Generated at" was the time's digits
in its own zone under ``yyyy-mm-dd hh:mm:ss``, its zone beside it in another cell
("UTC+0100"): a second way of writing a time in one workbook. Read back cell by cell.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from desktop_app.export import write_report
from desktop_app.export.styles import DATE_FORMAT, UTC_DATETIME_FORMAT
from tests.export.readback import read_report
from tests.export.scenario import CONTEXT, RECONCILIATION

LONDON_SUMMER = timezone(timedelta(hours=1))


def test_the_time_a_report_was_made_is_in_utc_saying_so(tmp_path: Path) -> None:
    made = datetime(2024, 4, 2, 10, 30, 15, tzinfo=LONDON_SUMMER)
    out = write_report(
        RECONCILIATION, tmp_path / "r.xlsx", context=replace(CONTEXT, generated_at=made)
    )
    summary = read_report(out).sheet("Summary")
    (row,) = [row for row in summary.iter_rows() if row[0].value == "Generated at"]
    assert row[1].value == datetime(2024, 4, 2, 9, 30, 15)
    assert row[1].number_format == UTC_DATETIME_FORMAT
    assert row[2].value is None  # no zone said apart: the cell says it


def test_every_day_and_time_in_the_workbook_is_written_one_way(tmp_path: Path) -> None:
    made = datetime(2024, 4, 2, 10, 30, 15, tzinfo=LONDON_SUMMER)
    out = write_report(
        RECONCILIATION, tmp_path / "r.xlsx", context=replace(CONTEXT, generated_at=made)
    )
    report = read_report(out)
    formats = {
        (sheet.title, cell.number_format)
        for sheet in report.book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, datetime | date)
    }
    assert {number_format for _, number_format in formats} == {DATE_FORMAT, UTC_DATETIME_FORMAT}
    assert ("Summary", UTC_DATETIME_FORMAT) in formats  # Generated at
    assert ("Audit", UTC_DATETIME_FORMAT) in formats  # each decision's Time

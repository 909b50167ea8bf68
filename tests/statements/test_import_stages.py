"""A long import says which stage it begins, and whoever listens may stop it there.

The window reads a 200,000-row workbook on a worker for seconds: its status line names
each stage (finding the columns, reading the rows, checking the lines) and Cancel stops
the import at the next one instead of after all of it. The importer itself knows nothing
of windows: it names stages to whoever listens (``stages.reporting``).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest

from desktop_app.statements import import_statement, stages

CSV_ROWS = "Date,Description,Amount\n" + "".join(
    f"2024-01-{day:02d},Payment {day},-{day}.50\n" for day in range(1, 11)
)


class Stop(Exception):
    pass


def _csv(folder: Path) -> Path:
    path = folder / "bank.csv"
    path.write_text(CSV_ROWS, encoding="utf-8")
    return path


def _workbook(folder: Path) -> Path:
    """An "Info" tab first, the transactions on the second sheet."""
    workbook = openpyxl.Workbook()
    info = workbook.active
    assert info is not None
    info.title = "Info"
    info.append(["Statement for January 2024"])
    sheet = workbook.create_sheet("Movements")
    sheet.append(["Date", "Description", "Amount"])
    for day in range(1, 6):
        sheet.append([datetime.date(2024, 1, day), f"Payment {day}", -day])
    path = folder / "bank.xlsx"
    workbook.save(path)
    return path


def test_each_stage_is_named_as_it_begins(tmp_path: Path) -> None:
    heard: list[str] = []
    with stages.reporting(heard.append):
        result = import_statement(_csv(tmp_path))
    assert len(result.lines) == 10
    assert heard == ["finding the columns of 11 rows", "reading 11 rows", "checking 10 lines"]


def test_a_workbooks_stages_name_the_sheet_read(tmp_path: Path) -> None:
    heard: list[str] = []
    with stages.reporting(heard.append):
        result = import_statement(_workbook(tmp_path))
    assert len(result.lines) == 5
    assert heard == [
        "finding the columns of 1 row on sheet 'Info'",
        "finding the columns of 6 rows on sheet 'Movements'",
        "reading 6 rows on sheet 'Movements'",
        "checking 5 lines",
    ]


def test_a_listener_that_raises_stops_the_import_at_that_stage(tmp_path: Path) -> None:
    heard: list[str] = []

    def stop_when_reading(stage: str) -> None:
        heard.append(stage)
        if stage.startswith("reading"):
            raise Stop

    with stages.reporting(stop_when_reading), pytest.raises(Stop):
        import_statement(_csv(tmp_path))
    assert heard == ["finding the columns of 11 rows", "reading 11 rows"]


def test_nobody_hears_an_import_outside_the_block(tmp_path: Path) -> None:
    heard: list[str] = []
    with stages.reporting(heard.append):
        pass
    import_statement(_csv(tmp_path))
    assert heard == []

"""xlsx, xlsm, xlsb, xls and ods through python-calamine.

calamine was measured at ten to thirteen times the speed of openpyxl's read-only mode on a
200,000-row sheet (benchmarks/bench_import.py), returns real date cells as dates, and
reports each sheet's visibility, so hidden helper sheets are never taken for the statement.
Rows are read from A1 (``skip_empty_area=False``) so a row's index is its worksheet row;
an xlsx's or ods's hidden rows are then left out, the rows kept keeping their numbers
(``hidden_rows``, ``grid.shown_rows``).
"""

from __future__ import annotations

import io

from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from desktop_app.statements.grid import Sheet, Table, shown_rows, span_problem
from desktop_app.statements.hidden_rows import UNSCANNED_NOTE, hidden_rows, ods_hidden_rows


class UnreadableWorkbookError(ValueError):
    """calamine could not read the workbook; the message says why in the user's terms."""


def read_workbook(data: bytes, format_name: str, *, hidden_sheets: bool = False) -> Table:
    """The workbook's worksheets, the hidden ones named but not read; or, with
    ``hidden_sheets``, only the hidden ones, read as if shown: what they hold is said
    when the visible sheets hold no transactions (``importer``), never imported."""
    try:
        return _read(data, format_name, hidden_sheets)
    except UnreadableWorkbookError:
        raise
    except (CalamineError, ValueError, OSError) as error:
        raise UnreadableWorkbookError(
            f"it is not a readable {format_name} workbook ({error})"
        ) from None
    except BaseException as error:
        # A damaged file can make calamine's Rust code panic; pyo3 raises that as a
        # PanicException, a BaseException, so it would pass every handler up to the CLI.
        if type(error).__name__ != "PanicException":
            raise
        raise UnreadableWorkbookError(
            f"it is a damaged {format_name} workbook (cut off or corrupt)"
        ) from None


def _read(data: bytes, format_name: str, hidden_sheets: bool) -> Table:
    ods = None
    if format_name == "ods":
        # calamine builds every sheet of an ods as it opens the file: a cell repeated far
        # out would abort the process before any sheet could be looked at.
        ods = ods_hidden_rows(data)
        if ods.beyond is not None:
            raise UnreadableWorkbookError(ods.beyond)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise UnreadableWorkbookError("it is password-protected") from None
    read = [
        meta.name
        for meta in workbook.sheets_metadata
        if meta.typ == SheetTypeEnum.WorkSheet
        and (meta.visible != SheetVisibleEnum.Visible) == hidden_sheets
    ]
    # calamine says nothing of a row's visibility: the hidden rows of an xlsx's and an ods's
    # sheets read are read from their XML (``hidden_rows``), those a damaged part hides
    # named in a note; xls's and xlsb's are imported, as their evidence says.
    extents: dict[str, tuple[int, int]] = {}
    if format_name not in ("xlsx", "ods"):
        hidden_by_sheet: dict[str, frozenset[int]] = {}
        notes: tuple[str, ...] = (UNSCANNED_NOTE.format(format=format_name),)
    else:
        found = ods.of_sheets(read) if ods is not None else hidden_rows(data, read)
        hidden_by_sheet, notes, extents = found.by_sheet, found.notes, found.extents
    sheets = []
    for index, meta in enumerate(workbook.sheets_metadata):
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        hidden = meta.visible != SheetVisibleEnum.Visible
        if hidden != hidden_sheets:
            if hidden:
                sheets.append(Sheet(meta.name, (), (), index, hidden=True))
            continue
        if meta.name in extents:
            # Before calamine builds the grid: one far cell would make it ask for more
            # memory than there is, and a failed allocation aborts the process.
            _refuse_beyond(f"sheet '{meta.name}'", *extents[meta.name])
        try:
            sheet = workbook.get_sheet_by_index(index)
            _check_span(meta.name, sheet.end)
            rows = sheet.to_python(skip_empty_area=False)
        except (CalamineError, ValueError) as error:
            raise UnreadableWorkbookError(f"sheet '{meta.name}' cannot be read ({error})") from None
        sheets.append(
            shown_rows(meta.name, rows, index, hidden_by_sheet.get(meta.name, frozenset()))
        )
    return Table(format_name, tuple(sheets), notes=notes)


def _check_span(name: str, end: tuple[int, int] | None) -> None:
    """Refuse a sheet whose cells from A1 would not fit in memory before converting them
    (calamine has built its own grid by now: an xlsx's declared extent was checked with the
    archive, ``archive.inspect_zip``, before calamine opened it)."""
    if end is not None:
        _refuse_beyond(f"sheet '{name}'", end[0] + 1, end[1] + 1)


def _refuse_beyond(sheet: str, rows: int, columns: int) -> None:
    problem = span_problem(sheet, rows, columns)
    if problem is not None:
        raise UnreadableWorkbookError(problem)

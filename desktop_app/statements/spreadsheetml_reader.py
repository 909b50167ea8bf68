"""SpreadsheetML 2003: the XML workbook some banks and brokers save with an .xls name.

Neither calamine, xlrd nor openpyxl opens it, yet Excel does, so users have such files.
It is plain XML: worksheets of rows of typed cells. A DTD is refused outright (a workbook
never has one; entity tricks live there).
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET

from desktop_app.statements.grid import MAX_SHEET_CELLS, Cell, Sheet, Table, shown_rows

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_X = "{urn:schemas-microsoft-com:office:excel}"
_MAX_COLUMNS = 16384
_MAX_ROWS = 1_048_576


class UnreadableSpreadsheetMLError(ValueError):
    """The XML is broken or is not a SpreadsheetML workbook."""


def read_spreadsheetml(data: bytes, *, hidden_sheets: bool = False) -> Table:
    """The workbook's worksheets, the hidden ones named but not read; or, with
    ``hidden_sheets``, only the hidden ones, read as if shown (``read_workbook``)."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise UnreadableSpreadsheetMLError("the XML declares a DTD, which a workbook never has")
    try:
        root = ET.parse(io.BytesIO(data)).getroot()
    except ET.ParseError as error:
        raise UnreadableSpreadsheetMLError(f"the XML is broken ({error})") from None
    sheets = []
    for index, worksheet in enumerate(root.iter(f"{_SS}Worksheet")):
        name = worksheet.get(f"{_SS}Name") or f"Sheet{index + 1}"
        visible = worksheet.findtext(f"{_X}WorksheetOptions/{_X}Visible") or ""
        hidden = visible in ("SheetHidden", "SheetVeryHidden")
        if hidden != hidden_sheets:
            if hidden:
                sheets.append(Sheet(name, [], range(1, 1), index, hidden=True))
            continue
        hidden_rows: set[int] = set()
        rows = _rows(worksheet, hidden_rows)
        sheets.append(shown_rows(name, rows, index, hidden_rows))
    return Table("spreadsheetml", tuple(sheets))


def _rows(worksheet: ET.Element, hidden: set[int]) -> list[list[Cell]]:
    """The sheet's rows from row 1, adding the numbers of those Excel hides
    (ss:Hidden="1", a filtered or hidden row) to ``hidden``. A few bytes can place a row
    or cell far away (ss:Index="20000000"), and the gap is filled in memory, so the rows
    are bounded by Excel's own limit and the cells by what a statement could hold."""
    rows: list[list[Cell]] = []
    table = worksheet.find(f"{_SS}Table")
    if table is None:
        return rows
    cells = 0
    for row in table.iter(f"{_SS}Row"):
        position = _index(row, len(rows) + 1)
        if position > _MAX_ROWS:
            raise UnreadableSpreadsheetMLError(
                f"a row is placed at row {position:,}, beyond a worksheet's {_MAX_ROWS:,}"
            )
        while len(rows) < position - 1:
            rows.append([])
        rows.append(_cells(row))
        if row.get(f"{_SS}Hidden") in ("1", "true"):
            hidden.add(position)
        cells += len(rows[-1])
        if cells > MAX_SHEET_CELLS:
            raise UnreadableSpreadsheetMLError(
                f"its cells run past {MAX_SHEET_CELLS:,}, far more than a statement holds"
            )
    return rows


def _cells(row: ET.Element) -> list[Cell]:
    cells: list[Cell] = []
    for cell in row.iter(f"{_SS}Cell"):
        position = min(_index(cell, len(cells) + 1), _MAX_COLUMNS)
        while len(cells) < position - 1:
            cells.append("")
        data = cell.find(f"{_SS}Data")
        cells.append(_value(data) if data is not None else "")
        merged = min(int(cell.get(f"{_SS}MergeAcross") or 0), _MAX_COLUMNS - len(cells))
        cells.extend([""] * max(merged, 0))
    return cells


def _index(element: ET.Element, default: int) -> int:
    try:
        return max(int(element.get(f"{_SS}Index") or default), default)
    except ValueError:
        return default


def _value(data: ET.Element) -> Cell:
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type")
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "DateTime":
        try:
            moment = dt.datetime.fromisoformat(text.rstrip("Z"))
        except ValueError:
            return text
        return moment.date() if moment.time() == dt.time() else moment
    if kind == "Boolean":
        return text.strip() == "1"
    return text

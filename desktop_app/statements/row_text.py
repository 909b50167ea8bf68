"""Text of a row: the description, reference and counterparty columns cleaned, and every
cell as text for the line's raw cells (formatted once per distinct value, then zipped)."""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import cast

from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.grid import Cell, ColumnedRows, cell_text, view
from desktop_app.statements.profile import ColumnScan

_SPACES = re.compile(r"\s+")
_MESSY = re.compile(r"\s\s|[\t\r\n]|^'")
_TWO_SPACES = re.compile(r"\s\s")
_TWO_BLANKS = re.compile("  ")
_ASCII_SPACES_BUT_BLANK = "\t\n\v\f\r\x1c\x1d\x1e\x1f"  # what \s matches in ASCII, but ' '


def cell_at(row: Sequence[Cell], column: int | None) -> Cell:
    if column is None or column >= len(row):
        return ""
    return row[column]


def text_column(analysis: SheetAnalysis, roles: tuple[int, ...]) -> list[str] | None:
    """A text role's cleaned value for every row (several columns joined with ' | ')."""
    present = [index for index in roles if index < len(analysis.columns)]
    if not present:
        return None
    cleaned = [
        _cleaned(analysis.columns[index], functools.partial(analysis.joined, index))
        for index in present
    ]
    if len(cleaned) == 1:
        return cleaned[0]
    return [" | ".join(part for part in parts if part) for parts in zip(*cleaned, strict=True)]


def joined_text(row: Sequence[Cell], columns: tuple[int, ...]) -> str:
    if len(columns) == 1:
        return _clean(cell_at(row, columns[0]))
    return " | ".join(
        part for part in map(_clean, (cell_at(row, column) for column in columns)) if part
    )


def _cleaned(column: Sequence[Cell], joined: Callable[[], str | None] = lambda: None) -> list[str]:
    """A text column stripped in bulk; only cells with runs of spaces or quotes go through
    ``_clean`` one by one. ``joined`` gives the column's cells joined by NULs where it has
    them already (``SheetAnalysis.joined``): when no cell had spaces to strip, that is
    the text searched, not joined again."""
    try:
        stripped = list(map(str.strip, column))  # type: ignore[arg-type]
    except TypeError:  # spreadsheet cells that are not text
        return list(map(_clean, column))
    # Whether any cell had spaces to strip: a list of cells (a text's column) is compared
    # whole, in C, each cell first with itself; other columns cell by cell (str.strip
    # gives the very cell back when there is nothing to strip).
    if isinstance(column, list):
        unchanged = stripped == column
    else:
        unchanged = not any(map(operator.is_not, stripped, column))
    shared = joined() if unchanged else None
    if not _any_messy("\x00".join(stripped) if shared is None else shared):  # the usual case
        return stripped
    for index in itertools.compress(itertools.count(), map(_MESSY.search, stripped)):
        stripped[index] = _clean(stripped[index])
    return stripped


def _any_messy(joined: str) -> bool:
    """Whether any of the cells joined by NULs would match ``_MESSY``.

    One regex with the quote alternative was a quarter of a second on 200,000 cells; these
    substring searches answer the same question. In ASCII text without tabs, line breaks or
    other control spaces, a run of whitespace can only be two blanks.
    """
    if "'" in joined and (joined.startswith("'") or "\x00'" in joined):  # one char: faster
        return True
    if joined.isascii() and not any(char in joined for char in _ASCII_SPACES_BUT_BLANK):
        return _TWO_BLANKS.search(joined) is not None  # the regex search beats 'in' here
    return any(char in joined for char in "\t\r\n") or _TWO_SPACES.search(joined) is not None


def _clean(cell: Cell) -> str:
    text = cell.strip() if isinstance(cell, str) else cell_text(cell)
    if not _MESSY.search(text):
        return text
    if len(text) > 1 and text[0] == "'" and (text[-1] == "'" or text.count("'") == 1):
        text = text.strip("'")
    return _SPACES.sub(" ", text).strip()


def raw_rows(analysis: SheetAnalysis, selected: Sequence[int]) -> list[tuple[str, ...]]:
    """The selected rows' cells as text: text files already are (a row read without the
    csv module is a tuple and is kept as it is; a list is copied into one); spreadsheet
    columns are formatted once per distinct value and zipped back into rows."""
    rows = analysis.sheet.rows
    if isinstance(rows, ColumnedRows):  # every row a tuple of strings: taken as they are
        return list(view(rows, selected))
    if analysis.sheet.name is None:  # a text file: cells are the strings that were read
        return list(map(tuple, view(rows, selected)))  # type: ignore[arg-type]
    columns = [
        view(_raw_column(scan, column), selected)
        for scan, column in zip(analysis.scans, analysis.columns, strict=True)
    ]
    return list(zip(*columns, strict=True))


def _raw_column(scan: ColumnScan, column: Sequence[Cell]) -> Sequence[Cell]:
    """A column's cells as text: numbers read in bulk were formatted by the scan; any other
    cell that is not text yet is formatted once per distinct value."""
    if scan.rows is not None and scan.rows.texts is not None:  # numbers read row by row
        return _rowwise_raw(scan.rows.texts, scan.rows.others, scan, column)
    # The signatures' types are the column's unless a TRUE or FALSE hides behind an equal
    # 1 or 0.
    exact = scan.signs_every_value and 0 not in scan.signatures and 1 not in scan.signatures
    types = set(map(type, scan.signatures if exact else column))
    if types <= {str}:
        return column
    if bool in types:  # TRUE == 1 and FALSE == 0 as keys: never shown as each other
        return [_shown(scan, cell) for cell in column]
    shown = column
    if scan.texts:
        shown = list(map(scan.texts.get, column, column))
        if set(map(type, shown)) <= {str}:
            return shown
    distinct = (
        cast(Iterable[Cell], scan.signatures.keys()) if scan.signs_every_value else set(shown)
    )
    formatted: dict[Hashable, Cell] = {
        value: cell_text(value) for value in distinct if value.__class__ is not str
    }
    return list(map(formatted.get, shown, shown))


def _rowwise_raw(
    texts: list[str], others: list[int], scan: ColumnScan, column: Sequence[Cell]
) -> list[str]:
    shown = texts.copy()
    for row in others:
        shown[row] = _shown(scan, column[row])
    return shown


def _shown(scan: ColumnScan, cell: Cell) -> str:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool) or cell not in scan.texts:
        return cell_text(cell)
    return scan.texts[cell]

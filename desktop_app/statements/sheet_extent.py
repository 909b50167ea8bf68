"""How far an xlsx worksheet's cells really reach, found in its XML before calamine reads it.

calamine holds a sheet as one dense grid from A1 to its last cell, and a Rust allocation
that fails aborts the whole process: a 5 KB workbook holding one cell at XFD1048576 asked
for 549 GB and took the app down with it. The worksheet's <dimension> cannot be trusted to
say so (it is optional, and a writer may leave it stale), so the extent is read from the
cells, in the one streaming pass over the sheet that looks for hidden rows already
(``hidden_rows``), and checked (``grid.span_problem``) before calamine builds the grid.

It has to cost little on a 200,000-row sheet. Rows come in ascending order (the format
requires it), so the last row tag of each piece of XML gives the rows so far; a file that
breaks the order is not caught here. The columns need the cells: a piece is searched for
any cell tag that is not the plain ``<c r="A1"`` of a single-letter column (about 60 ms over
the 75 MB of the benchmark's 7-column sheet), and only a piece holding one has the letters
of its references gathered (a 30-column sheet of 100,000 rows: about 0.3 s more), or, where
a cell has no reference, is followed cell by cell. A sheet whose cells all lie in A to Z
is taken as one column wide here: at most 26 columns of at most 1,048,576 rows, a grid
calamine builds without failing, and which ``spreadsheet_reader`` still checks against the
limit from calamine's own extent before converting a cell.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d{1,10})["']""")
_CELL_COLUMN = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]{1,3})\$?\d""")
_TAG_ENDS = b" \t\r\n>/"


@dataclass(frozen=True, slots=True)
class _Tags:
    """The patterns of one sheet's row and cell tags, under the namespace prefix it uses."""

    row: bytes
    # A cell tag other than ``<c r="A1"`` (single-letter column, reference first).
    unusual_cell: re.Pattern[bytes]
    # The letters of a reference past Z written first, as every writer known writes it,
    # or nothing for a cell tag whose first attribute is not its reference, or has none.
    long_or_odd: re.Pattern[bytes]
    # The letters of a cell's reference wherever it stands among the attributes.
    any_reference: re.Pattern[bytes]
    # A cell tag without a reference: its column is the one after the cell before it.
    unplaced_cell: re.Pattern[bytes]
    row_or_cell: re.Pattern[bytes]


@functools.lru_cache(maxsize=8)
def _tags(prefix: bytes) -> _Tags:
    opened = b"<" + re.escape(prefix)
    return _Tags(
        row=b"<" + prefix + b"row",
        unusual_cell=re.compile(opened + rb"""c(?:[>/]|\s(?!r="[A-Z]\d))"""),
        long_or_odd=re.compile(opened + rb"""c(?: r="([A-Z]{2,3})\d|[>/]|\s+(?!r\s*=))"""),
        any_reference=re.compile(
            opened + rb"""c(?=[\s>/])[^>]*?\sr\s*=\s*["']\$?([A-Za-z]{1,3})"""
        ),
        unplaced_cell=re.compile(opened + rb"c(?=[\s>/])(?![^>]*\sr\s*=)"),
        row_or_cell=re.compile(opened + rb"(row|c)(?=[\s>/])([^>]*)>"),
    )


class ExtentScan:
    """The rows and columns a worksheet's cells reach from A1, fed its XML piece by piece,
    each piece cut before a tag (``hidden_rows._bodies``)."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns = 1
        self._tags: _Tags | None = None
        # Once a cell without a reference is met, every tag is followed: each such cell's
        # column is counted on from the cell before it in its row.
        self._cell_by_cell = False
        self._column = 0

    def feed(self, body: bytes) -> None:
        if self._tags is None:
            found = _SHEET_DATA.search(body)
            if found is None:
                return  # the sheet's properties, before any row
            self._tags = _tags(found.group(1) or b"")
            body = body[found.end() :]
        tags = self._tags
        self._last_row(body, tags)
        if self._cell_by_cell:
            self._follow(body, tags)
        elif tags.unusual_cell.search(body) is not None:
            self._widest(body, tags)

    def _widest(self, body: bytes, tags: _Tags) -> None:
        """The columns of a piece with a cell past Z or an unusual tag: the letters of its
        references, gathered in C (a few distinct ones), unless a cell has none."""
        letters = set(tags.long_or_odd.findall(body))
        if b"" in letters:  # a cell whose reference is not first, or is missing
            if tags.unplaced_cell.search(body) is not None:
                self._cell_by_cell = True
                self._follow(body, tags)
                return
            letters = set(tags.any_reference.findall(body))
        self.columns = max(self.columns, *map(column_number, letters), 1)

    def _last_row(self, body: bytes, tags: _Tags) -> None:
        """The rows so far: the last row tag's number, or, when it has none (it is
        optional), every row tag of the piece counted on from the one before it."""
        end = len(body)
        while (start := body.rfind(tags.row, 0, end)) >= 0:
            after = body[start + len(tags.row) : start + len(tags.row) + 1]
            if after and after in _TAG_ENDS:
                break
            end = start  # <rowBreaks> or the like
        else:
            return
        number = _ROW_NUMBER.search(body, start, body.find(b">", start))
        if number is not None:
            self.rows = max(self.rows, int(number.group(1)))
            return
        for kind, attributes in tags.row_or_cell.findall(body):
            if kind == b"row":
                number = _ROW_NUMBER.search(attributes)
                self.rows = int(number.group(1)) if number is not None else self.rows + 1

    def _follow(self, body: bytes, tags: _Tags) -> None:
        for kind, attributes in tags.row_or_cell.findall(body):
            if kind == b"row":
                self._column = 0
                continue
            column = _CELL_COLUMN.search(attributes)
            self._column = column_number(column.group(1)) if column else self._column + 1
            self.columns = max(self.columns, self._column)


def column_number(letters: bytes | str) -> int:
    """A column's letters as its number: A is 1, XFD 16,384."""
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number

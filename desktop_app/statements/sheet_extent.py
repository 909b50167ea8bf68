"""How far an xlsx worksheet's cells really reach, found in its XML before calamine reads it.

calamine holds a sheet as one dense grid from A1 to its last cell, and a Rust allocation
that fails aborts the whole process: a 5 KB workbook holding one cell at XFD1048576 asked
for 549 GB and took the app down with it. The worksheet's <dimension> cannot be trusted to
say so (it is optional, and a writer may leave it stale), so the extent is read from the
cells, in the one streaming pass over the sheet that looks for hidden rows already
(``hidden_rows``), and checked (``grid.span_problem``) before calamine builds the grid.

calamine puts a cell where its own reference says (``<c r="XFD1048576">``), whatever its
``<row>`` says and wherever it stands in the XML, so a far cell written first, or inside a
row numbered 3, reaches as far as one written last. It has to cost little on a
200,000-row sheet all the same, so each piece of XML is screened with one search for a
cell that is not the plain ``<c r="B7"`` of a column no wider than the sheet's widest yet
and a row no further than about the piece's last row tag (``_screen``); only a piece
holding one has its cells' references read one by one. That screen lets a cell pass whose
row is a little past the last row tag (up to ``bound``, the next round number of the
piece's rows): a sheet whose rows up to that bound would be beyond the limit is counted
again, cell by cell (``ExtentScan(exact=True)``), before anything is refused.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d{1,10})["']""")
_CELL_REFERENCE = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]+)\$?(\d+)""")
_TAG_ENDS = b" \t\r\n>/"
# The trailing digits of a row number the screen leaves free: one pattern per 10,000 rows.
_COARSE_DIGITS = 5


@dataclass(frozen=True, slots=True)
class _Tags:
    """The patterns of one sheet's row and cell tags, under the namespace prefix it uses."""

    prefix: bytes
    row: bytes
    # A cell's reference wherever it stands among the attributes: its letters and row.
    reference: re.Pattern[bytes]
    # A cell tag without a reference: its column is the one after the cell before it.
    unplaced_cell: re.Pattern[bytes]
    row_or_cell: re.Pattern[bytes]


@functools.lru_cache(maxsize=8)
def _tags(prefix: bytes) -> _Tags:
    opened = b"<" + re.escape(prefix)
    return _Tags(
        prefix=prefix,
        row=b"<" + prefix + b"row",
        reference=re.compile(
            opened + rb"""c(?=[\s>/])[^>]*?\sr\s*=\s*["']\$?([A-Za-z]+)\$?(\d+)"""
        ),
        unplaced_cell=re.compile(opened + rb"c(?=[\s>/])(?![^>]*\sr\s*=)"),
        row_or_cell=re.compile(opened + rb"(row|c)(?=[\s>/])([^>]*)>"),
    )


@functools.lru_cache(maxsize=64)
def _screen(prefix: bytes, letters: bytes, rows: bytes) -> re.Pattern[bytes]:
    """A cell tag other than ``<c r="..."`` (reference first) with column ``letters`` and row
    ``rows``: a cell without a reference, with one written otherwise, or reaching further."""
    return re.compile(
        b"<" + re.escape(prefix) + b'c(?:[>/]|\\s(?!r="(?:' + letters + b")(?:" + rows + b')"))'
    )


class ExtentScan:
    """The rows and columns a worksheet's cells reach from A1, fed its XML piece by piece,
    each piece cut before a tag (``hidden_rows._bodies``).

    ``rows`` and ``columns`` are the sheet's extent as far as it is known: the columns of its
    cells and the rows of its row tags and of the cells read one by one; ``bound`` is the
    row no cell can lie beyond. With ``exact``, every cell is read (slower) and both are
    the furthest cell's."""

    def __init__(self, *, exact: bool = False) -> None:
        self.rows = 0
        self.columns = 1
        self._bound = 0
        self._tags: _Tags | None = None
        # Once a cell without a reference is met, every tag is followed: each such cell's
        # column is counted on from the cell before it in its row, its row from the rows.
        self._cell_by_cell = exact
        self._row = 0
        self._column = 0

    @property
    def bound(self) -> int:
        return max(self.rows, self._bound)

    def feed(self, body: bytes) -> None:
        if self._tags is None:
            found = _SHEET_DATA.search(body)
            if found is None:
                return  # the sheet's properties, before any row
            self._tags = _tags(found.group(1) or b"")
            body = body[found.end() :]
        tags = self._tags
        if self._cell_by_cell:
            self._follow(body, tags)
            return
        before = self.rows
        self._last_row(body, tags)
        rows, bound = _rows_up_to(before, self.rows)
        screen = _screen(tags.prefix, _columns_up_to(self.columns), rows)
        if screen.search(body) is None:
            self._bound = max(self._bound, bound)
        elif tags.unplaced_cell.search(body) is not None:
            self._cell_by_cell = True
            self._row = before
            self._follow(body, tags)
        elif references := tags.reference.findall(body):
            # A few distinct columns, and rows: the first piece, or one that widens the sheet.
            letters, rows_of = zip(*references, strict=True)
            self.columns = max(self.columns, *map(column_number, set(letters)))
            self.rows = max(self.rows, *map(int, set(rows_of)))

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
        """Every row and cell tag in turn: a cell's place is its reference, or, without one,
        the column after the cell before it in the row its row tag says."""
        for kind, attributes in tags.row_or_cell.findall(body):
            if kind == b"row":
                number = _ROW_NUMBER.search(attributes)
                self._row = int(number.group(1)) if number is not None else self._row + 1
                self._column = 0
                continue
            reference = _CELL_REFERENCE.search(attributes)
            if reference is None:
                self._column += 1
                row = self._row
            else:
                self._column = column_number(reference.group(1))
                row = int(reference.group(2))
            self.columns = max(self.columns, self._column)
            self.rows = max(self.rows, row)


def _rows_up_to(low: int, high: int) -> tuple[bytes, int]:
    """A pattern for the row numbers of a piece whose row tags run from ``low`` to ``high``,
    and the largest it lets pass: every number up to ``high``, and past it only those
    sharing its leading digits (rows to 152,700 pass up to 159,999: one search, no list).
    It changes once in 10,000 rows, so a few patterns serve a whole sheet."""
    high = max(high, 1)
    digits = len(str(high))
    low = min(max(low, 10 ** (digits - 1)), high)
    free = 0
    while low // 10**free != high // 10**free:
        free += 1
    free = min(max(free, _COARSE_DIGITS), digits)
    lead, last = high // 10**free, (high // 10 ** (free - 1)) % 10
    same = (str(lead).encode() if lead else b"") + b"[0-%d]" % last
    if free > 1:
        same += rb"\d{%d}" % (free - 1)
    largest = (high // 10 ** (free - 1) + 1) * 10 ** (free - 1) - 1
    if digits == 1:
        return same, largest
    return same + rb"|\d{1,%d}" % (digits - 1), largest


def _columns_up_to(columns: int) -> bytes:
    """A pattern for the column letters from A to column ``columns``."""
    letters = column_letters(columns).encode()
    last = len(letters) - 1
    shorter = [rb"[A-Z]{1,%d}" % last] if last else []
    # As long, and before it: smaller at some place, the same before that place.
    same = [
        letters[:place] + b"[A-%c]" % (letter - 1) + b"[A-Z]" * (last - place)
        for place, letter in enumerate(letters[:last])
        if letter > ord("A")
    ]
    return b"|".join([*shorter, *same, letters[:last] + b"[A-%c]" % letters[last]])


def column_number(letters: bytes | str) -> int:
    """A column's letters as its number: A is 1, XFD 16,384."""
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def column_letters(number: int) -> str:
    """A column's number as its letters: 1 is A, 16,384 XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters or "A"

"""How far an ods's sheets reach, read from content.xml before calamine opens the file.

calamine builds every sheet of an ods as it opens it, each as one dense grid from its
first to its last cell that holds something, and a Rust allocation that fails aborts the
process. A row or cell stands for many through ``table:number-rows-repeated`` and
``table:number-columns-repeated``: a 1 KB file whose one cell was repeated across 16,384
columns and 5,000 rows asked for 82 million cells and took the app down. Repeats of empty
cells and rows are what LibreOffice writes to the edge of a sheet saved with formatting
(a last row repeated 1,048,000 times, a last cell 16,384 times): calamine drops those, and
so does this count. What counts, as calamine counts it:

- a row holds something if one of its cells has a value or a formula; a sheet's rows run
  to its last such row, that row's repeats included;
- a row's width runs to the end of its last cell that holds something, repeats included;
- a run of empty cells is kept in memory when another cell follows it in its row, so a row
  of a billion repeated empty cells and one more cell counts too (``held``);
- every sheet is built as the file is opened, so the sheets are checked together as well.

A row runs to the next row's start: cells after its end tag count in it, and a table inside
a cell is counted into the sheet around it (calamine skips such a table or reads its cells
into the outer row). A sheet starts afresh only at a table start outside every table.

Reading every tag in Python costs about as long as calamine's whole read, so a first pass
bounds the counts (``OdsBound``): content.xml is split at each row's start; a plain row is
taken to hold something and to be at most as wide as its bytes over 19 (the shortest cell,
``<table:table-cell/>``, is 19 bytes; a cell repeated twice, as LibreOffice writes two equal
cells side by side, is more than twice that); a row with any other repeat, or that does
not end in its end tag, is read on its own. Only when that bound is past the limit is every
tag read (``OdsExact``), and the sheet refused on its true extent.
"""

from __future__ import annotations

import bisect
import html
import itertools
import operator
import re
from dataclasses import dataclass

from desktop_app.statements.grid import MAX_SHEET_CELLS, span_problem

_ROW_START = b"<table:table-row"
_ROW_END = b"</table:table-row>"
_SHORTEST_CELL = len(b"<table:table-cell/>")
_CELL_STARTS = (b"<table:table-cell", b"<table:covered-table-cell")
# A row kept back to be read whole with the next piece, until it grows past this: a row
# of megabytes is left to the exact count rather than read again with every piece.
_CARRY_LIMIT = 1 << 22

# Any repeat its cell's own bytes do not already cover: all but a cell repeated twice.
_UNCOVERED_REPEAT = re.compile(rb'repeated(?!(?<=columns-repeated)="2")')
_TABLE_TAG = re.compile(rb"<table:table(?=[\s>/])|</table:table\s*>")
# A cell with no value and no formula whose tag ends its row: nothing calamine keeps.
_EMPTY_LAST_CELL = re.compile(
    rb"<table:(?:covered-)?table-cell(?:\s+(?!office:|table:formula)[\w:.-]+\s*=\s*"
    rb"""(?:"[^"]*"|'[^']*'))*\s*/>\s*</table:table-row>"""
)
_WHOLE_TAG = re.compile(rb"""<(?:[^>"']|"[^"]*"|'[^']*')*>?""")
_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s>/])"
    rb"""((?:[^>"']|"[^"]*"|'[^']*')*)>"""
)
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# What makes a cell hold something for calamine: a value of any type, or a formula.
_HOLDS = re.compile(rb"(?:office:[\w-]*value[\w-]*|table:formula)\s*=")

_HELD_REFUSAL = (
    "sheet '{sheet}' holds {cells:,} cells counting its repeated ones, far more than a "
    "statement; delete the stray cells far from the table, or save the statement's rows "
    "as csv"
)
_TOGETHER_REFUSAL = (
    "its sheets together span {cells:,} cells, far more than a statement; delete the "
    "stray cells far from the tables, or save the statement's rows as csv"
)


@dataclass(frozen=True, slots=True)
class SheetExtent:
    """A sheet's rows and columns from A1 to its last cell that holds something, and the
    cells calamine keeps of its rows as it reads them (repeated empty ones included)."""

    rows: int
    columns: int
    held: int


def problem(extents: dict[str, SheetExtent]) -> str | None:
    """Why calamine would not get through these sheets, or None: a sheet past the limit,
    one keeping too many cells as it is read, or all the sheets' grids together (calamine
    keeps every one; the cells a sheet's rows keep are let go once its grid is built)."""
    for sheet, extent in extents.items():
        if found := span_problem(f"sheet '{sheet}'", extent.rows, extent.columns):
            return found
        if extent.held > MAX_SHEET_CELLS:
            return _HELD_REFUSAL.format(sheet=sheet, cells=extent.held)
    together = sum(extent.rows * extent.columns for extent in extents.values())
    if together > MAX_SHEET_CELLS:
        return _TOGETHER_REFUSAL.format(cells=together)
    return None


@dataclass(slots=True)
class _Tally:
    """One sheet's counts so far."""

    rows: int = 0  # rows so far, repeats included
    reach: int = 0  # rows to the last one holding something
    columns: int = 0
    held: int = 0

    def row(self, repeats: int, width: int, holds: bool, held: int) -> None:
        if holds:
            self.reach = self.rows + repeats
            self.columns = max(self.columns, width)
        self.rows += repeats
        self.held += held


class _Sheets:
    """Sheets as they are met: a table start outside every table starts one, its end tag
    ends it; rows outside every table are not read by calamine."""

    def __init__(self) -> None:
        self.found: dict[str, SheetExtent] = {}
        self.depth = 0
        self.current: _Tally | None = None
        self._name = ""

    def start(self, tag: bytes) -> None:
        if self.depth == 0:
            self.close()
            self.current = _Tally()
            self._name = _attribute(tag, b"table:name") or ""
        self.depth += 1
        if tag.rstrip(b">").endswith(b"/"):
            self.end()

    def end(self) -> None:
        if self.depth > 0:
            self.depth -= 1
            if self.depth == 0:
                self.close()

    def tags(self, text: bytes, start: int = 0, *, in_row: bool = False) -> int:
        """Every table start and end in ``text`` from ``start``, in turn; where ``text`` is
        a row read on its own (``in_row``), up to the end tag of the table the row is in (or
        of none), whose place it gives: the row ends there. Else, or without one, the end."""
        for found in _TABLE_TAG.finditer(text, start):
            if not found.group().startswith(b"</"):
                self.start(_whole_tag(text, found.start()))
            elif in_row and self.depth <= 1:
                return found.start()
            else:
                self.end()
        return len(text)

    def close(self) -> None:
        tally, self.current = self.current, None
        if tally is None:
            return
        extent = SheetExtent(tally.reach, tally.columns if tally.reach else 0, tally.held)
        before = self.found.get(self._name, extent)
        self.found[self._name] = SheetExtent(
            max(before.rows, extent.rows),
            max(before.columns, extent.columns),
            max(before.held, extent.held),
        )


class OdsBound:
    """Upper bounds of each sheet's extent from content.xml fed piece by piece, each piece
    cut before a tag: within the limit, calamine gets through; past it, only a reason to
    count every tag (``OdsExact``). ``finish`` gives them, or None when the bound gave up
    (a row of megabytes)."""

    def __init__(self) -> None:
        self._sheets = _Sheets()
        self._carry = b""
        self._rows_met = False
        self._gave_up = False

    def feed(self, body: bytes) -> None:
        if self._gave_up:
            return
        text = self._carry + body
        pieces = text.split(_ROW_START)
        if not self._rows_met:
            self._sheets.tags(pieces[0])  # the document before its first row
            if len(pieces) == 1:
                self._carry = b""
                return
            self._rows_met = True
        last = pieces.pop()
        if len(last) > _CARRY_LIMIT:
            self._gave_up = True
            return
        self._carry = _ROW_START + last
        self._rows(text, pieces)

    def finish(self) -> dict[str, SheetExtent] | None:
        if self._gave_up:
            return None
        if self._carry:
            text, self._carry = self._carry, b""
            self._rows(text, text.split(_ROW_START))
        self._sheets.close()
        return self._sheets.found

    def _rows(self, text: bytes, pieces: list[bytes]) -> None:
        """The rows of ``text`` split at each row's start: every piece but the first (the
        text before the first row start, read already, or nothing) is one row, to the
        next row's start."""
        lengths = list(map(len, pieces))
        end = sum(lengths) + len(_ROW_START) * (len(pieces) - 1)
        repeats = [found.start() for found in _UNCOVERED_REPEAT.finditer(text, 0, end)]
        if repeats:
            # A run of empty cells ending its row is dropped, as calamine drops it: such a
            # row is a plain one (LibreOffice writes one on each row of a formatted sheet).
            tags = map(text.rfind, itertools.repeat(b"<"), itertools.repeat(0), repeats)
            dropped = map(_EMPTY_LAST_CELL.match, itertools.repeat(text), tags)
            repeats = list(itertools.compress(repeats, map(operator.not_, dropped)))
        unended = map(operator.not_, map(bytes.endswith, pieces, itertools.repeat(_ROW_END)))
        on_their_own = set(itertools.compress(range(len(pieces)), unended))
        if repeats:
            steps = map(operator.add, lengths, itertools.repeat(len(_ROW_START)))
            starts = list(itertools.accumulate(steps, initial=0))
            on_their_own.update(bisect.bisect_right(starts, place) - 1 for place in repeats)
        on_their_own.discard(0)
        plain_from = 1
        for index in sorted(on_their_own):
            self._plain(lengths, plain_from, index)
            self._row(pieces[index])
            plain_from = index + 1
        self._plain(lengths, plain_from, len(pieces))

    def _plain(self, lengths: list[int], start: int, stop: int) -> None:
        """Rows that end in their end tag and repeat nothing but a cell twice: each is
        taken to hold something, and to be as wide as its bytes allow."""
        sheet = self._sheets.current
        if sheet is None or stop <= start:
            return
        widest = max(itertools.islice(lengths, start, stop))
        sheet.columns = max(sheet.columns, widest // _SHORTEST_CELL)
        sheet.held += sum(itertools.islice(lengths, start, stop)) // _SHORTEST_CELL
        sheet.rows += stop - start
        sheet.reach = sheet.rows

    def _row(self, piece: bytes) -> None:
        """A row read on its own: what follows ``<table:table-row`` up to the next one."""
        if piece[:1] not in (b" ", b"\t", b"\r", b"\n", b">", b"/"):
            self._sheets.tags(piece)  # <table:table-rows> or a row group: no row
            return
        head = _whole_tag(_ROW_START + piece, 0)
        body_from = len(head) - len(_ROW_START)
        repeats = _count(_attribute(head, b"table:number-rows-repeated"))
        if head.rstrip(b">").endswith(b"/"):
            self._add(repeats, b"")
            self._sheets.tags(piece, body_from)
            return
        cut = self._sheets.tags(piece, body_from, in_row=True)  # tables inside its cells
        self._add(repeats, piece[body_from:cut])
        self._sheets.tags(piece, cut)

    def _add(self, repeats: int, cells: bytes) -> None:
        sheet = self._sheets.current
        if sheet is None:
            return
        width = len(cells) // _SHORTEST_CELL
        for found in _UNCOVERED_REPEAT.finditer(cells):
            start = cells.rfind(b"<", 0, found.start())
            if not cells.startswith(_CELL_STARTS, start):
                continue
            tag = _whole_tag(cells, start)
            holds = _HOLDS.search(tag) is not None
            after = start + len(tag)
            if holds or any(cells.find(cell, after) >= 0 for cell in _CELL_STARTS):
                width += _count(_attribute(tag, b"table:number-columns-repeated"))
        sheet.row(repeats, width, _HOLDS.search(cells) is not None, width)


class OdsExact:
    """Each sheet's extent from every tag of content.xml, fed piece by piece (each cut
    before a tag): slow, for when ``OdsBound`` cannot tell."""

    def __init__(self) -> None:
        self._sheets = _Sheets()
        self._row: _Row | None = None

    def feed(self, body: bytes) -> None:
        for close, name, attributes in _TAG.findall(body):
            if name == b"table":
                if close:
                    if self._sheets.depth == 1:
                        self._end_row()
                    self._sheets.end()
                else:
                    if self._sheets.depth == 0:
                        self._end_row()
                    self._sheets.start(b"<table:table" + attributes + b">")
            elif name == b"table-row":
                if close:
                    continue  # a row runs to the next one's start
                self._end_row()
                repeats = _count(_attribute(attributes, b"table:number-rows-repeated"))
                self._row = _Row(repeats)
                if attributes.rstrip().endswith(b"/"):
                    self._end_row()
            elif not close and self._row is not None:
                columns = _count(_attribute(attributes, b"table:number-columns-repeated"))
                self._row.cell(columns, _HOLDS.search(attributes) is not None)

    def finish(self) -> dict[str, SheetExtent]:
        self._end_row()
        self._sheets.close()
        return self._sheets.found

    def _end_row(self) -> None:
        row, self._row = self._row, None
        if row is not None and self._sheets.current is not None:
            self._sheets.current.row(row.repeats, row.reach, row.reach > 0, row.held)


@dataclass(slots=True)
class _Row:
    """One row's cells as calamine keeps them: an empty run only once a cell follows it."""

    repeats: int
    place: int = 0
    reach: int = 0
    held: int = 0
    pending: int = 0

    def cell(self, columns: int, holds: bool) -> None:
        self.held += self.pending
        self.place += columns
        if holds:
            self.reach = self.place
            self.held += columns
            self.pending = 0
        else:
            self.pending = columns


def _whole_tag(text: bytes, start: int) -> bytes:
    """The tag starting at ``start``, to its ``>`` (one inside a quoted value skipped)."""
    found = _WHOLE_TAG.match(text, start)
    return text[start : found.end()] if found is not None else text[start:]


def _attribute(tag: bytes, name: bytes) -> str | None:
    for key, double, single in _ATTRIBUTE.findall(tag):
        if key == name:
            return html.unescape((double or single).decode("utf-8", "replace"))
    return None


def _count(value: str | None) -> int:
    """A repeat's count as calamine reads it; 1 where it has none or one calamine cannot
    read (it stops reading the file there)."""
    digits = (value or "").strip().removeprefix("+")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 20:
        return 1
    number = int(digits)
    return number if 0 < number < 1 << 64 else 1

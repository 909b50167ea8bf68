"""Where the table starts: the header row after any preamble, or no header at all.

The transactions are found first (rows with a date and an amount where most rows have
them); the header is then the first row above them, skipping blank and one-cell section
rows ("Posted Transactions"), that reads as column names: several text cells, none of
them a date or an amount, one of them over the date column.

A header may take two rows: a group's name ("Umsatz", merged over two columns) above the
words that name each of its columns ("Haben", "Soll"). The lower row alone names no date
column and the upper one leaves its group's second column blank; read together, each
column is named by both ("Umsatz Haben"), and the pair's sides are told by their words
rather than by their order (see ``sub_header``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.statements.grid import Cell, Row, cell_text
from desktop_app.statements.header_words import Hint, classify_header
from desktop_app.statements.profile import ColumnScan, is_blank

_LOOK_UP = 40  # rows above the first transaction searched for the header
_FIRST_CANDIDATES = 50


@dataclass(frozen=True, slots=True)
class HeaderFinding:
    row: int | None  # 0-based index into the sheet's rows
    first_candidate: int
    # Where no header was found: a header row whose next row looks like its second row
    # (text alone, no dates or amounts, under the header's blank cells) but whose words
    # are not read as header words, (header index, that row's index). The columns are
    # then named by number, and a debit/credit pair goes by its order: warned of.
    unread_sub: tuple[int, int] | None = None


def sub_header(rows: Sequence[Row], header_index: int) -> int | None:
    """The index of the row under ``header_index`` when it is the header's second row:
    two or more text cells, each a header word ("Haben", "Soll"; never a date or an
    amount, which read as no header word), one of them under a blank cell of the header
    (a merged or grouped cell's second column). None otherwise: a header of one row."""
    below = header_index + 1
    if below >= len(rows) or not _sub_header_shape(rows[header_index], rows[below]):
        return None
    words = [cell for cell in rows[below] if not is_blank(cell)]
    if all(classify_header(cell_text(cell)).hint is not Hint.IGNORED for cell in words):
        return below
    return None


def _sub_header_shape(header: Row, row: Row) -> bool:
    """Whether ``row`` is laid out as ``header``'s second row, whatever its words: two or
    more text cells, one of them where ``header``, itself two or more names (text with a
    letter: a record of numbers and codes above a header is none), has a blank."""
    named = [cell for cell in header if not is_blank(cell)]
    if len(named) < 2 or not all(_is_name(cell) for cell in named):
        return False
    filled = [(column, cell) for column, cell in enumerate(row) if not is_blank(cell)]
    if len(filled) < 2 or not all(isinstance(cell, str) for _, cell in filled):
        return False
    return any(column >= len(header) or is_blank(header[column]) for column, _ in filled)


def _is_name(cell: Cell) -> bool:
    """Whether a header cell may name a column: text with a letter in it ('510' is no name)."""
    return isinstance(cell, str) and any(char.isalpha() for char in cell)


def header_names(rows: Sequence[Row], header_index: int, width: int) -> list[str]:
    """The header's names, one per column of ``width`` (blank where it names none). Under
    a two-row header (``sub_header``) a column is named by both rows, its group's name
    carried over the group's columns the upper row leaves blank: "Umsatz" over "Haben"
    and "Soll" names "Umsatz Haben" and "Umsatz Soll"."""
    upper = _texts(rows[header_index], width)
    below = sub_header(rows, header_index)
    if below is None:
        return upper
    names: list[str] = []
    group = ""  # the upper name over the columns its sub-header words divide
    for top, sub in zip(upper, _texts(rows[below], width), strict=True):
        if top:
            group = top if sub else ""
            names.append(f"{top} {sub}" if sub else top)
        else:
            names.append(f"{group} {sub}" if group and sub else sub)
            group = group if sub else ""
    return names


def header_width(rows: Sequence[Row], header_index: int) -> int:
    """The columns the header at ``header_index`` spans, with its second row's."""
    below = sub_header(rows, header_index)
    width = len(rows[header_index])
    return width if below is None else max(width, len(rows[below]))


def _texts(row: Row, width: int) -> list[str]:
    names = [cell_text(cell).strip() for cell in row][:width]
    return names + [""] * (width - len(names))


def primary_date_column(scans: Sequence[ColumnScan]) -> int | None:
    """The column holding a date in the most rows (the leftmost on a tie)."""
    best: tuple[int, int] | None = None
    for scan in scans:
        if scan.textual or not scan.has_dates():
            continue
        kinds = scan.kind_counts()
        count = sum(n for kind, n in kinds.items() if scan.date_kind(kind) is not None)
        if count and (best is None or count > best[0]):
            best = (count, scan.index)
    return None if best is None else best[1]


def candidate_rows(
    scans: Sequence[ColumnScan], date_column: int, limit: int = _FIRST_CANDIDATES
) -> list[int]:
    """Rows with a date in ``date_column`` and an amount-like cell elsewhere."""
    date_scan = scans[date_column]
    others = [scan for scan in scans if scan.index != date_column and not scan.textual]
    found: list[int] = []
    for row, value in enumerate(date_scan.values):
        if date_scan.dates.get(value) is None:
            continue
        if any(scan.amount_of(scan.values[row]) is not None for scan in others):
            found.append(row)
            if len(found) >= limit:
                break
    return found


def find_header(
    rows: Sequence[Row], scans: Sequence[ColumnScan], date_column: int, candidates: Sequence[int]
) -> HeaderFinding:
    unread: tuple[int, int] | None = None
    for first in candidates:
        header, unread_here = _header_above(rows, scans, date_column, first)
        if header is not None:
            return HeaderFinding(header, first)
        unread = unread or unread_here
    return HeaderFinding(None, candidates[0] if candidates else 0, unread)


def _header_above(
    rows: Sequence[Row], scans: Sequence[ColumnScan], date_column: int, first: int
) -> tuple[int | None, tuple[int, int] | None]:
    """The header above the transaction row ``first``, or None with, where one was seen,
    the two-row header whose second row's words did not read (``HeaderFinding``)."""
    for index in range(first - 1, max(first - _LOOK_UP, 0) - 1, -1):
        row = rows[index]
        filled = [cell for cell in row if not is_blank(cell)]
        if len(filled) <= 1:
            continue  # blank or a section line such as "Posted Transactions"
        if _reads_as_header(row, scans, date_column):
            return index, None
        if not _holds_values(row, scans):
            # Text that names no columns: whatever is above it is no header, unless it is
            # the second row of the header right above it ("Haben", "Soll" under "Umsatz").
            return _over_second_row(rows, scans, date_column, index)
        # A transaction row the candidates passed over (its date or amount does not read,
        # e.g. 2024-02-30): the header may still be above it.
    return None, None


def _over_second_row(
    rows: Sequence[Row], scans: Sequence[ColumnScan], date_column: int, index: int
) -> tuple[int | None, tuple[int, int] | None]:
    """The header whose second row is the text row at ``index`` (``sub_header``), or None
    with the pair of rows where they are laid out as one and its words do not read."""
    above = index - 1
    if above < 0 or not _reads_as_header(rows[above], scans, date_column):
        return None, None
    if sub_header(rows, above) == index:
        return above, None
    if _sub_header_shape(rows[above], rows[index]):
        return None, (above, index)
    return None, None


def _holds_values(row: Row, scans: Sequence[ColumnScan]) -> bool:
    """Whether a cell of ``row`` reads as a date or an amount in its column."""
    return any(
        column < len(scans) and not is_blank(cell) and _is_value(scans[column], cell)
        for column, cell in enumerate(row)
    )


def _reads_as_header(row: Row, scans: Sequence[ColumnScan], date_column: int) -> bool:
    texts = 0
    for column, cell in enumerate(row):
        if is_blank(cell):
            continue
        if not isinstance(cell, str) or column >= len(scans):
            return False
        if _is_value(scans[column], cell):
            return False
        texts += 1
    names_date = date_column < len(row) and not is_blank(row[date_column])
    return texts >= 2 and names_date


def _is_value(scan: ColumnScan, cell: Cell) -> bool:
    """Whether the cell reads as a date or an amount in its column."""
    return scan.dates.get(cell) is not None or scan.amount_of(cell) is not None

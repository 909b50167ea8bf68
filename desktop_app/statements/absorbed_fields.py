"""Rows split at a delimiter written, unquoted, inside their text.

Some banks write ``04/03/2025,PAYMENT FROM SMITH, J REF INV 7,250.00,1237.50``: the comma
in the description is not quoted, so the row has a field more than the header, the
amount stands under 'Description''s neighbour and the balance one column further. Read
as the header says, the row's amount is 'J REF INV 7' (skipped), and the stray columns
spoil the layout for every row (a balance column that no longer adds up is dropped).

Such a row is read with the extra fields joined back into its text column, the
delimiter put back between them, when that makes every other cell read as its column
says (the date a date, the amount and the balance amounts, a currency a currency), and
only when exactly one of the layout's text columns can take them so. This holds even
where the row as written reads too: ``2025-10-02,ACME Ltd, 1500,250.00`` reads 1500 as
its amount and leaves '250.00' in a column the header never named, a wrong amount that
nothing else would flag, while joined it reads 250.00 (and, with a balance column, the
running balance then ties). A warning names each row read so, with the text it was
given.

Any other row wider than the header (no text column, or several, could take the extra
fields, or no cell reading then fits) is left out with a warning naming its field
count, as a row with fewer fields is: its amount cannot be told, and importing one of
its numbers would be a guess nothing flags.

Rows wider than the header in most of the body are no stray delimiter but a column the
header does not name: those are read as they are, and the layout may read such a column
by its content (a currency; a running balance whose steps add up by the amounts,
``amount_roles``). A field beyond the header that takes no role is not imported, and
one warning on the file says so (``unnamed_fields``): which rows hold it, its position
and what it holds. Nothing said so before: a balance or a second amount
the header left unnamed was dropped unseen, and so was the true amount of every row of
a file whose every description held a stray comma before a number.

Nothing is looked at unless some row is wider than the header, which the sheet's
analysis already knows (its width is its widest row's).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.converted import ConvertedColumns, cell_amount, row_amount
from desktop_app.statements.extract import body_start, cell_date, misread_cells, reparse_date
from desktop_app.statements.grid import Cell, Sheet
from desktop_app.statements.layout import Layout
from desktop_app.statements.mapped_roles import ignored_columns
from desktop_app.statements.mapping import Mapping
from desktop_app.statements.model import RowWarning
from desktop_app.statements.profile import is_blank
from desktop_app.statements.text_reader import delimiter_name
from desktop_app.wording import and_list, counted

_EXAMPLE_LENGTH = 40  # characters of a cell shown as an example of an unnamed column


@dataclass(frozen=True, slots=True)
class Absorbed:
    """The sheet with its over-split rows joined back, and a warning for each."""

    sheet: Sheet
    warnings: tuple[RowWarning, ...]


@dataclass(frozen=True, slots=True)
class WideRows:
    """The body's rows with more fields than the header, but for blank ones: found once,
    for the rows to repair (``absorbed_fields``) or the column to tell of
    (``unnamed_fields``)."""

    start: int  # the sheet index of the body's first row
    width: int  # the header's fields
    rows: list[int]  # sheet indexes

    def in_most_rows(self, sheet: Sheet) -> bool:
        """Whether most of the body is this wide: a column the header does not name,
        not a delimiter written inside some rows' text."""
        return 2 * len(self.rows) > len(sheet.rows) - self.start


def wide_rows(analysis: SheetAnalysis, layout: Layout, delimiter: str | None) -> WideRows | None:
    """The rows of a delimited text wider than its header but by blank cells; None where
    there are none (or the sheet has no header, or is no text)."""
    if delimiter is None or layout.header_row is None:
        return None
    sheet = analysis.sheet
    start = body_start(sheet, layout)
    width = len(sheet.rows[start - 1])
    if len(analysis.columns) <= width:
        return None  # no row is wider than the header
    rows = sheet.rows
    wide = [
        index
        for index in range(start, len(rows))
        if len(rows[index]) > width and not all(is_blank(cell) for cell in rows[index][width:])
    ]
    return WideRows(start, width, wide) if wide else None


def absorbed_fields(
    analysis: SheetAnalysis,
    layout: Layout,
    wide: WideRows,
    delimiter: str,
    default_currency: str | None,
    source_file: str,
) -> Absorbed | None:
    """The sheet of ``analysis`` with each of its ``wide`` rows read as if its text held
    the extra delimiters, where exactly one text column can take them, and left out where
    none can; None where most rows are wide (a column the header does not name)."""
    sheet = analysis.sheet
    if wide.in_most_rows(sheet):
        return None
    width = wide.width
    rows = list(sheet.rows)
    roles = (*layout.description, *layout.reference, *layout.counterparty)
    texts = sorted(index for index in set(roles) if index < width)
    columns = ConvertedColumns(analysis, layout, default_currency)
    numbers = list(sheet.row_numbers)
    left_out: set[int] = set()
    warnings: list[RowWarning] = []
    for index in wide.rows:
        row = rows[index]
        joined = _joined(columns, row, width, texts, delimiter)
        if joined is None:
            left_out.add(index)
            warnings.append(RowWarning(source_file, numbers[index], None, _left(row, width)))
            continue
        column, fitted = joined
        rows[index] = fitted
        told = _told(row, width, delimiter, str(fitted[column]))
        warnings.append(RowWarning(source_file, numbers[index], layout.column_name(column), told))
    if left_out:
        kept = [index for index in range(len(rows)) if index not in left_out]
        rows, numbers = [rows[index] for index in kept], [numbers[index] for index in kept]
    absorbed = replace(
        sheet,
        rows=rows,
        row_numbers=numbers,
        # A row left out at the end leaves a whole row last: nothing there is cut short.
        unterminated=sheet.unterminated and len(sheet.rows) - 1 not in left_out,
    )
    return Absorbed(absorbed, tuple(warnings))


def unnamed_fields(
    analysis: SheetAnalysis,
    layout: Layout,
    wide: WideRows,
    mapping: Mapping | None,
    source_file: str,
) -> RowWarning | None:
    """The one warning on a file whose rows are mostly wider than its header, naming the
    fields beyond it that took no role and were not imported, the rows that hold them and
    what they hold; None where every such field was read (a currency, a running balance),
    the ``mapping`` read with ignores it, or rows are wide only here and there
    (``absorbed_fields``).

    The rows holding them are those already found wide, looked through again only where
    a field beyond the header took a role and another did not; a column is otherwise read
    only as far as its first two cells with something in them (its examples)."""
    if not wide.in_most_rows(analysis.sheet):
        return None
    used = set(layout.column_roles())
    if mapping is not None:
        used |= ignored_columns(mapping, list(layout.columns))
    shown: dict[int, list[str]] = {}  # each column beyond the header with content: two cells
    for column in range(wide.width, len(analysis.columns)):
        cells = itertools.islice(analysis.columns[column], wide.start, None)
        filled = (str(cell).strip() for cell in cells if not is_blank(cell))
        examples = list(itertools.islice(filled, 2))
        if examples:
            shown[column] = examples
    held = [column for column in shown if column not in used]
    if not held:
        return None
    holding = wide.rows
    if len(held) < len(shown):  # a read field beyond the header fills some of ``wide.rows``
        holding = [index for index in wide.rows if _holds(analysis.sheet.rows[index], held)]
    numbers = analysis.sheet.row_numbers
    first, last = numbers[holding[0]], numbers[holding[-1]]
    span = f"rows {first}-{last}" if first != last else f"row {first}"
    if len(holding) < holding[-1] - holding[0] + 1:
        span = f"{len(holding)} of {span}"
    positions = and_list([_ordinal(column + 1) for column in held])
    fields = f"a {positions} field" if len(held) == 1 else f"{positions} fields"
    said = "; ".join(_held(layout, column, shown[column], several=len(held) > 1) for column in held)
    they, them, were = ("it", "it", "was") if len(held) == 1 else ("they", "them", "were")
    named = and_list([str(column + 1) for column in held])
    where = f"column {named}" if len(held) == 1 else f"columns {named}"
    text = (
        f"{span} hold {fields} the header does not name ({said}); {they} {were} not "
        f"imported (to import {them}, give {where} a role in the import "
        'wizard, or with a mapping\'s "columns")'
    )
    return RowWarning(source_file, None, None, text)


def _holds(row: Sequence[Cell], columns: Sequence[int]) -> bool:
    return any(column < len(row) and not is_blank(row[column]) for column in columns)


def _held(layout: Layout, column: int, examples: Sequence[str], *, several: bool) -> str:
    """What an unnamed column holds, by its first two cells: "amounts such as '996.50'
    and '1246.50'", or "such as 'X1' and 'X2'" for any other content; by its first alone
    and after its number ("column 5: such as 'X1'") where ``several`` are told of."""
    shown = examples[:1] if several else examples
    quoted = and_list([f"'{_shortened(example)}'" for example in shown])
    kinds = layout.column_kinds
    kind = kinds[column] if column < len(kinds) else ""
    held = f"amounts such as {quoted}" if kind == "number" else f"such as {quoted}"
    return f"column {column + 1}: {held}" if several else held


def _shortened(text: str) -> str:
    """A cell as an example: a long text's first words, so that the warning stays a line."""
    return text if len(text) <= _EXAMPLE_LENGTH else f"{text[: _EXAMPLE_LENGTH - 1].rstrip()}…"


def _ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{({1: 'st', 2: 'nd', 3: 'rd'}).get(number % 10, 'th')}"


def _joined(
    columns: ConvertedColumns,
    row: Sequence[Cell],
    width: int,
    texts: Sequence[int],
    delimiter: str,
) -> tuple[int, list[Cell]] | None:
    """The one text column that takes the row's extra fields, and the row so read; None
    where no text column or more than one fits."""
    extra = len(row) - width
    fits: list[tuple[int, list[Cell]]] = []
    for column in texts:
        parts = row[column : column + extra + 1]
        if not all(isinstance(part, str) for part in parts):
            continue
        fitted = [*row[:column], delimiter.join(map(str, parts)), *row[column + extra + 1 :]]
        if _reads(columns, fitted, width, column):
            fits.append((column, fitted))
    return fits[0] if len(fits) == 1 else None


def _reads(columns: ConvertedColumns, row: Sequence[Cell], width: int, text: int | None) -> bool:
    """Whether ``row`` reads as the layout says: a date and an amount, its value date,
    balance and currency as such (or blank), and each other column of numbers or dates
    (one the layout gave no role, such as a balance it could not use) as a number or a
    date, or blank; the ``text`` column holds anything."""
    if reparse_date(columns, row) is None or row_amount(columns, row)[0] is None:
        return False
    if misread_cells(columns, row):
        return False
    kinds = columns.layout.column_kinds
    for index in range(min(width, len(kinds))):
        cell = row[index] if index < len(row) else ""
        if index == text or is_blank(cell):
            continue
        if kinds[index] == "number" and cell_amount(columns, index, cell, None)[0] is None:
            return False
        if kinds[index] == "date" and cell_date(columns, row, index) is None:
            return False
    return True


def _told(row: Sequence[Cell], width: int, delimiter: str, text: str) -> str:
    """What the warning on a row read with its extra fields in ``text`` says."""
    marks = counted(len(row) - width, delimiter_name(delimiter))
    return (
        f"the row has {counted(len(row), 'field')} where the header has {width}; read with "
        f"the {marks} as part of its text ('{text}')"
    )


def _left(row: Sequence[Cell], width: int) -> str:
    """What the warning on a row left out for its extra fields says."""
    return (
        f"the row has {counted(len(row), 'field')} where the header has {width}; the row is "
        "left out: no one text column can take the extra fields with every other cell then "
        "reading as its column says, so its amount cannot be told"
    )

"""Rows of the table that total the movements above them instead of moving money.

Some exports close the table, or each month of it, with a row such as
``31/03/2025,Total,10.00`` or ``31.03.2025;Summe;1.420,00``: a date, a total's words and
the sum of the lines above. Read as a line it doubles the statement's movements, and
nothing else in the file says so. A dated row is taken for a total only when both hold:
a text cell of it is short and holds a total's word, and its amount is the sum of the
lines above it (all of them, or those of its section: since the last total, or since the
last row that is no line, such as a month's heading or a balance row), at least two
lines each. A payment at a "TOTAL" filling station, whose amount is anything else, stays
a line.

Looking costs nothing in a file without such a row: only the last line of each run of
lines (of the whole table, in the usual file) is read for a total's word, and only when
one holds it are the lines added up, once, in order.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.statements.grid import Cell
from desktop_app.statements.layout import Layout
from desktop_app.wording import counted

# A total's words, in the languages the headers are read in (en, de, fr, nl, it, es).
TOTAL_WORDS = re.compile(r"\b(total|totals|sum|summe|gesamt|totaal|totale|som|suma)\b", re.I)
_LONGEST = 80  # characters: longer text is a payment's description, whatever it holds
_FEWEST = 2  # lines a total adds up: a "total" of one line is as likely a payment


@dataclass(frozen=True, slots=True)
class TotalRow:
    """A row read as a total: its sheet index, the column and text naming it a total,
    the first and last sheet index of the lines it adds up, and how many lines those are."""

    index: int
    column: int
    text: str
    first: int
    last: int
    lines: int


def total_rows(
    rows: Sequence[Sequence[Cell]],
    layout: Layout,
    selected: Sequence[int],
    amounts: Sequence[Decimal | None],
) -> list[TotalRow]:
    """The ``selected`` rows (each with a date and an amount in ``amounts``, in sheet
    order) that are a total of the selected rows above them, in sheet order."""
    if len(selected) <= _FEWEST:
        return []
    texts = _text_columns(layout, len(layout.columns))
    if not any(_total_word(rows[end], texts) is not None for end in _run_ends(selected)):
        return []
    return _totals(rows, texts, selected, amounts)


def _run_ends(selected: Sequence[int]) -> list[int]:
    """The last row of each run of consecutive rows: of the whole table, where the rows
    are a range (every row below the header is a line)."""
    if isinstance(selected, range):
        return [selected[-1]]
    ends = [row for row, after in itertools.pairwise(selected) if after != row + 1]
    ends.append(selected[-1])
    return ends


def _text_columns(layout: Layout, width: int) -> list[int]:
    """The columns a total's words may stand in: any but the dates', money's, currency's
    and balance's."""
    taken = {
        layout.booking_date, layout.fallback_date, layout.value_date, layout.amount,
        layout.debit, layout.credit, layout.indicator, layout.currency_column, layout.balance,
    }  # fmt: skip
    return [index for index in range(width) if index not in taken]


def _total_word(row: Sequence[Cell], texts: Sequence[int]) -> int | None:
    """The first of the ``texts`` columns whose cell in ``row`` is short text holding a
    total's word, or None."""
    for index in texts:
        cell = row[index] if index < len(row) else None
        if isinstance(cell, str) and len(cell) <= _LONGEST and TOTAL_WORDS.search(cell):
            return index
    return None


def _totals(
    rows: Sequence[Sequence[Cell]],
    texts: Sequence[int],
    selected: Sequence[int],
    amounts: Sequence[Decimal | None],
) -> list[TotalRow]:
    """The total rows among ``selected``, found front to back: a row whose amount is the
    sum of every line above (but the totals found) or of its section, and whose text
    holds a total's word. The text is read only where the sum fits."""
    found: list[TotalRow] = []
    whole = section = Decimal(0)
    whole_count = section_count = 0
    first = section_first = selected[0]
    previous = -2
    for index in selected:
        if index != previous + 1:  # a row that is no line between: a new section
            section, section_count, section_first = Decimal(0), 0, index
        previous = index
        amount = amounts[index]
        assert amount is not None  # a selected row has one
        fits_section = section_count >= _FEWEST and amount == section
        fits_whole = whole_count >= _FEWEST and amount == whole
        if fits_section or fits_whole:
            column = _total_word(rows[index], texts)
            if column is not None:
                begin, count = (
                    (section_first, section_count) if fits_section else (first, whole_count)
                )
                text = str(rows[index][column])
                found.append(TotalRow(index, column, text, begin, index - 1, count))
                section, section_count, section_first = Decimal(0), 0, index + 1
                continue
        whole += amount
        section += amount
        whole_count += 1
        section_count += 1
    return found


def total_message(total: TotalRow, amount: Decimal, numbers: Sequence[int]) -> str:
    """What a total row's warning says: its text and amount, and the rows it adds up."""
    text = " ".join(total.text.split())
    return (
        f"'{text}' {format(amount, 'f')} is the sum of the {counted(total.lines, 'line')} above "
        f"(rows {numbers[total.first]} to {numbers[total.last]}): read as a total, "
        "not a movement"
    )

"""Rows of the table that total the movements above them instead of moving money.

Some exports close the table, or each month of it, with a row such as
``31/03/2025,Total,10.00`` or ``31.03.2025;Summe;1.420,00``: a date, a total's words and
the sum of the lines above. Others total each side: ``31/10/2025,Total credits,1750.00``
and ``Total debits,-900.00``, ``Summe Haben`` and ``Summe Soll``, or one row with both
the debit and the credit column filled. Read as lines, such rows double the statement's
movements, and nothing else in the file says so. A dated row is taken for a total only
when both hold: a text cell of it is short and holds a total's word, and its amount is a
sum of the lines above it:

- of all of them, or of its money in, or of its money out (where it fills both sides of
  a debit/credit pair, each side the sum of its column);
- over every line above, or over its section: the lines since the last row that is no
  line (a month's heading, a balance row) or since the last total. Totals one after
  another ('Total credits', 'Total debits', 'Total') each total the same section.

A sum is of two lines at least: a "total" of one line is as likely a payment, but for a
side's total whose text names that side ('Total debits' under the one debit). A payment
at a "TOTAL" filling station, whose amount is none of these sums, stays a line.

Looking costs nothing in a file without such a row: only the last line of each run of
lines (of the whole table, in the usual file) is read for a total's word. Where one holds
it, the rows holding one are found by a search of each text column whole
(``phrase_scan``), and only those are weighed against the sums, which are added up in C
over the lines between them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple, cast

from desktop_app.statements.converted import ConvertedColumns
from desktop_app.statements.grid import Cell
from desktop_app.statements.header_words import SIDE_WORDS, fold
from desktop_app.statements.layout import AmountStyle, Layout
from desktop_app.statements.phrase_scan import Phrases, phrase_rows
from desktop_app.wording import counted

# A total's words, in the languages the headers are read in (en, de, fr, nl, it, es).
_WORDS = ("total", "totals", "sum", "summe", "gesamt", "totaal", "totale", "som", "suma")
TOTAL_WORDS = re.compile(rf"\b({'|'.join(_WORDS)})\b", re.I)
_LONGEST = 80  # characters: longer text is a payment's description, whatever it holds
_FEWEST = 2  # lines a total adds up: a "total" of one line is as likely a payment
_ZERO = Decimal(0)


def _is_total_text(cell: Cell) -> bool:
    return isinstance(cell, str) and len(cell) <= _LONGEST and TOTAL_WORDS.search(cell) is not None


# Every total's word holds one of these stems, and every stem one of the letters.
_TOTAL_PHRASES = Phrases(("tot", "sum", "som", "gesamt"), ("s", "t"), _is_total_text, _LONGEST)

# A total's word next to a side's, folded: 'Total credits', 'Summe Haben', 'Totaal af',
# 'Total des débits', 'Soll-Summe'. A description that holds both apart ('TOTAL GAS
# DIRECT DEBIT') does not name the side it totals.
_SIDES = "|".join(sorted(SIDE_WORDS, key=len, reverse=True))
_TOTALS = "|".join(_WORDS)
_FILLER = "of the|of|the|all|des|de los|de las|de|du|der|aller|alle|van|dei|delle|degli|del|di"
_NAMES_A_SIDE = re.compile(
    rf"\b(?:{_TOTALS}) (?:(?:{_FILLER}) )?(?:{_SIDES})\b|\b(?:{_SIDES}) (?:{_TOTALS})\b"
)


@dataclass(frozen=True, slots=True)
class TotalRow:
    """A row read as a total: its sheet index, the column and text naming it a total,
    the first and last sheet index of the lines it adds up, and how many lines those are.
    ``sides`` is None for a total of the lines' amounts; for a total of a side, or of
    each side, the row's money in and its money out as read (zero on a side it leaves
    blank), before any inversion of signs."""

    index: int
    column: int
    text: str
    first: int
    last: int
    lines: int
    sides: tuple[Decimal, Decimal] | None = None


def total_rows(
    columns: ConvertedColumns, selected: Sequence[int], amounts: list[Decimal | None]
) -> list[TotalRow]:
    """The ``selected`` rows (each with a date and an amount in ``amounts``, in sheet
    order) that are a total of the selected rows above them, in sheet order."""
    if len(selected) <= _FEWEST:
        return []
    analysis, layout = columns.analysis, columns.layout
    texts = _text_columns(layout, min(len(layout.columns), len(analysis.columns)))
    starts = _run_starts(selected)
    ends = [*(selected[position - 1] for position in starts), selected[-1]]
    table = analysis.columns
    if not any(_total_word(table, end, texts) is not None for end in ends):
        return []
    worded: dict[int, int] = {}  # position in ``selected`` -> the column with a total's word
    for index in reversed(texts):  # the first column holding one names the row a total
        rows = phrase_rows(table[index], _TOTAL_PHRASES, analysis.joined(index))
        worded.update(dict.fromkeys(_positions(selected, rows), index))
    return list(_totals(table, _Money(columns, selected, amounts), starts, worded))


def _run_starts(selected: Sequence[int]) -> list[int]:
    """The positions in ``selected`` where a run of consecutive rows begins, but the
    first's: none where the rows are a range (every row below the header is a line)."""
    if isinstance(selected, range):
        return []
    pairs = itertools.pairwise(selected)
    return [position for position, (row, after) in enumerate(pairs, 1) if after != row + 1]


def _positions(selected: Sequence[int], rows: list[int]) -> list[int]:
    """Where each of ``rows`` (sheet indices in order) that is in ``selected`` stands
    in it."""
    if isinstance(selected, range):
        start, stop = selected.start, selected.stop
        return [row - start for row in rows if start <= row < stop]
    found = []
    for row in rows:
        position = bisect.bisect_left(selected, row)
        if position < len(selected) and selected[position] == row:
            found.append(position)
    return found


def _text_columns(layout: Layout, width: int) -> list[int]:
    """The columns a total's words may stand in: any but the dates', money's, currency's
    and balance's."""
    taken = {
        layout.booking_date, layout.fallback_date, layout.value_date, layout.amount,
        layout.debit, layout.credit, layout.indicator, layout.currency_column, layout.balance,
    }  # fmt: skip
    return [index for index in range(width) if index not in taken]


def _total_word(table: Sequence[Sequence[Cell]], row: int, texts: Sequence[int]) -> int | None:
    """The first of the ``texts`` columns whose cell in ``row`` is short text holding a
    total's word, or None."""
    return next((index for index in texts if _is_total_text(table[index][row])), None)


class _Sums(NamedTuple):
    """What some lines come to, in all and brought in, and how many there are; ``first``
    and ``stop`` are the positions (among the selected rows) of the first and past the
    last. Their money out is what of their sum is not money in."""

    first: int
    stop: int
    net: Decimal
    money_in: Decimal
    lines: int

    @property
    def money_out(self) -> Decimal:
        return self.net - self.money_in


class _Money:
    """The selected rows' amounts, and each row's money in and out: of a debit/credit
    pair, each column's (a credit below zero, a reversal, stays the credit column's, as
    the bank's total of that column counts it; a line's amount is its credit less its
    debit, so what of a sum is not money in is money out); otherwise its amount, above
    or below zero."""

    def __init__(
        self, columns: ConvertedColumns, selected: Sequence[int], amounts: list[Decimal | None]
    ) -> None:
        layout = columns.layout
        self.selected = selected
        self.amounts = amounts
        self.paired = layout.amount_style is AmountStyle.DEBIT_CREDIT
        self.credits = columns.amounts(layout.credit) if self.paired else None
        self.debits = columns.amounts(layout.debit) if self.paired else None
        self.left_out: set[int] = set()  # the positions of the rows found totals

    def sides(self, row: int) -> tuple[Decimal, Decimal]:
        """The row's money in and its money out (below zero), zero where it has none."""
        if self.paired:
            debit = self.debits[row] if self.debits is not None else None
            credit = self.credits[row] if self.credits is not None else None
            return credit or _ZERO, -abs(debit or _ZERO)
        amount = self.amounts[row]
        assert amount is not None  # a selected row has one
        return (amount, _ZERO) if amount > 0 else (_ZERO, amount)

    def part(self, start: int, stop: int) -> tuple[Decimal, Decimal]:
        """The sum and the money in of the lines at positions ``start`` to ``stop`` of
        the selected rows, each added up in C."""
        rows = self.selected[start:stop]
        amounts = cast(list[Decimal], self.amounts)  # a selected row has one
        if isinstance(rows, range):
            values = amounts[rows.start : rows.stop]
        else:
            values = list(map(amounts.__getitem__, rows))
        if self.paired:
            credits = self.credits
            filled = () if credits is None else filter(None, map(credits.__getitem__, rows))
            return sum(values, _ZERO), sum(filled, _ZERO)
        return sum(values, _ZERO), sum(filter(_ZERO.__lt__, values), _ZERO)

    def counts(self, lines: _Sums) -> tuple[int, int]:
        """How many of ``lines`` bring money in and take money out: counted only for a
        row whose amount is a side's sum (rarely), not kept up for every line."""
        left_out = self.left_out
        rows = [
            row
            for position, row in enumerate(self.selected[lines.first : lines.stop], lines.first)
            if position not in left_out
        ]
        if self.paired:
            return self._filled(self.credits, rows), self._filled(self.debits, rows)
        values = list(map(cast(list[Decimal], self.amounts).__getitem__, rows))
        return len(list(filter(_ZERO.__lt__, values))), len(list(filter(_ZERO.__gt__, values)))

    @staticmethod
    def _filled(column: Sequence[Decimal | None] | None, rows: list[int]) -> int:
        return 0 if column is None else len(list(filter(None, map(column.__getitem__, rows))))


def _totals(
    table: Sequence[Sequence[Cell]],
    money: _Money,
    starts: Sequence[int],
    worded: dict[int, int],
) -> Iterator[TotalRow]:
    """The total rows among the ``worded`` positions of the selected rows (those whose
    text holds a total's word), found front to back. The lines between two such
    positions, or a run's start (``starts``), are added up at once, in C; a row found a
    total is left out of the sums, and it and any row after it, up to the next line,
    ends a section: each is weighed against that section's lines and against all lines
    above. Most worded rows are passed over with a few comparisons (a card statement of
    a "TOTAL" filling station has a total's word in nearly every row, and each is a
    line), the one line between two of them added up in place."""
    selected, paired = money.selected, money.paired
    amounts = cast(list[Decimal], money.amounts)  # a selected row has one
    breaks = set(starts)  # positions where a run begins: the rows above it end a section
    # All lines above (w_) and the section's (s_): sum, money in and lines, and the
    # position of the section's first; and past the last line.
    w_net = w_in = s_net = s_in = amount = _ZERO
    w_lines = s_lines = s_first = stop = 0
    ended = True  # the next line begins a new section
    done = 0  # the position of the first row neither added up nor found a total
    passed = -1  # the position of the last worded row passed over as a line
    for position in sorted(breaks.union(worded)) if breaks else sorted(worded):
        if position > done:
            if position - done == 1 and not paired:
                net = amount if passed == done else amounts[selected[done]]
                money_in = net if net > 0 else _ZERO
            else:
                net, money_in = money.part(done, position)
            if ended:
                s_net, s_in, s_lines, s_first, ended = net, money_in, 0, done, False
            else:
                s_net += net
                s_in += money_in
            w_net += net
            w_in += money_in
            s_lines += position - done
            w_lines += position - done
            done = stop = position
        if breaks:
            if position in breaks:
                ended = True
            if position not in worded:
                continue
        if not w_lines:
            continue  # no line above
        index = selected[position]
        amount = amounts[index]
        if not (
            paired
            or amount in (s_net, w_net)
            or amount == (s_in if amount > 0 else s_net - s_in)
            or amount == (w_in if amount > 0 else w_net - w_in)
        ):
            passed = position
            continue  # a line: added up with the lines after it
        column = worded[position]
        text = table[column][index]
        section = _Sums(s_first, stop, s_net, s_in, s_lines)
        whole = _Sums(0, stop, w_net, w_in, w_lines)
        found = _read(money, index, text, section) or _read(money, index, text, whole)
        if found is None:
            passed = position
            continue
        scope, sides = found
        first, last = selected[scope.first], selected[stop - 1]
        yield TotalRow(index, column, str(text), first, last, scope.lines, sides)
        money.left_out.add(position)
        ended, done = True, position + 1


def _read(
    money: _Money, index: int, text: Cell, scope: _Sums
) -> tuple[_Sums, tuple[Decimal, Decimal] | None] | None:
    """The ``scope`` and the sides (None: the amount) of which the row at ``index`` is
    the total, or None where it is none. A row with money on one side is the total of
    the amount before that of its side (the same sum where the lines above all move
    money one way); a row filling both sides is the total of each where each is its
    side's sum (two sums tallying), before it is the total of the amount."""
    netted = scope.lines >= _FEWEST and money.amounts[index] == scope.net
    money_in, money_out = sides = money.sides(index)
    if netted and not (money_in and money_out):
        return scope, None
    if (
        (money_in or money_out)
        and (not money_in or money_in == scope.money_in)
        and (not money_out or money_out == scope.money_out)
        and _enough(money, scope, money_in, money_out, text)
    ):
        return scope, sides
    return (scope, None) if netted else None


def _enough(money: _Money, scope: _Sums, money_in: Decimal, money_out: Decimal, text: Cell) -> bool:
    """Whether the sides' sums are of lines enough: two at least, or one where the text
    names a side ('Total debits', 'Summe Haben')."""
    if _NAMES_A_SIDE.search(fold(str(text))) is not None:
        return True
    ins, outs = money.counts(scope)
    return (ins if money_in else 0) + (outs if money_out else 0) >= _FEWEST


def total_message(total: TotalRow, amount: Decimal, numbers: Sequence[int], layout: Layout) -> str:
    """What a total row's warning says: its text and amount (``amount``, signed as the
    lines are), or each side's, and the rows it adds up."""
    text = " ".join(total.text.split())
    first, last = numbers[total.first], numbers[total.last]
    lines = f"{counted(total.lines, 'line')} above (rows {first} to {last})"
    ending = "read as a total, not a movement"
    if total.sides is None:
        return f"'{text}' {format(amount, 'f')} is the sum of the {lines}: {ending}"
    money_in, money_out = total.sides
    if money_in and money_out:
        debit, credit = (_called(layout, index) for index in (layout.debit, layout.credit))
        return (
            f"'{text}' {format(-money_out, 'f')} and {format(money_in, 'f')} are the sums of "
            f"the columns {debit} and {credit} of the {lines}: {ending}"
        )
    side = "in" if bool(money_in) != layout.invert_sign else "out"
    return f"'{text}' {format(amount, 'f')} is the sum of the money {side} of the {lines}: {ending}"


def _called(layout: Layout, index: int | None) -> str:
    return "?" if index is None else layout.column_quoted(index)

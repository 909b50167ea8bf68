"""Statement lines from a sheet and its layout: every row read with the decided conventions.

Columns are converted whole (each distinct cell once) and the lines assembled field by
field over the selected rows, so the per-row work is little more than building the line. A row that
carries money but not a date, or a date but no readable amount, is reported with its row
and column and skipped; nothing else stops the file. Rows shorter than the header (a field
left out mid-row, as in ING's exports) are realigned when that makes the date and amount
readable, and reported.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from desktop_app.domain import StatementLine
from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.balance import Chain, opening_and_closing
from desktop_app.statements.balance_rows import balance_rows, is_phrase
from desktop_app.statements.converted import ConvertedColumns, cell_amount, row_amount
from desktop_app.statements.currency_marks import resolve_currency
from desktop_app.statements.dates import DateText, excel_serial_date
from desktop_app.statements.decimal_places import excess_decimals
from desktop_app.statements.grid import Cell, Sheet, cell_text, contiguous, pick, view
from desktop_app.statements.layout import AmountStyle, Layout
from desktop_app.statements.model import RowWarning
from desktop_app.statements.profile import classify, is_blank
from desktop_app.statements.row_text import cell_at, joined_text, raw_rows, text_column
from desktop_app.statements.stated_balances import StatedBalance
from desktop_app.statements.total_rows import TOTAL_WORDS, TotalRow, total_message, total_rows
from desktop_app.statements.unread_currency import marked
from desktop_app.wording import counted

_T = TypeVar("_T")
# A date cell that did not read but is written like a date (2024-02-30, 31.13.2024).
# An Excel serial number (45352) in a text file's date column, as a spreadsheet saved to
# csv leaves one it did not format: shaped like a date for reporting, named in the warning.
_DATE_SHAPED = re.compile(r"\d{1,4}[-/. ]\d{1,2}[-/. ]\d{1,4}|\d{8}|\d{5}")


@dataclass(frozen=True, slots=True)
class LineColumns:
    """The columns the lines were built from, one entry per line in the lines' order.

    A check over every line of a 200,000-line statement (its currencies, the decimals of
    its amounts, the order of its dates, its running balance) reads these in C-level
    passes, rather than an attribute of each line: each such pass over the lines cost
    several milliseconds, and the importer made one for each check."""

    dates: Sequence[dt.date]
    amounts: Sequence[Decimal]
    currencies: Sequence[str | None]
    balances: Sequence[Decimal | None]


@dataclass(frozen=True, slots=True)
class Extracted:
    """The lines, their warnings and, when every line came straight from the columns
    (none realigned), the columns they were built from; and the rows with a date and an
    amount that state a balance, which are not lines."""

    lines: tuple[StatementLine, ...]
    warnings: tuple[RowWarning, ...]
    columns: LineColumns | None = None
    balances: tuple[StatedBalance, ...] = ()

    @property
    def money(self) -> tuple[Sequence[Decimal], Sequence[Decimal | None]] | None:
        """The lines' amounts and balances, one per line, where ``columns`` are known."""
        columns = self.columns
        return None if columns is None else (columns.amounts, columns.balances)


def extract_lines(
    analysis: SheetAnalysis, layout: Layout, source_file: str, default_currency: str | None
) -> Extracted:
    columns = ConvertedColumns(analysis, layout, default_currency)
    sheet = analysis.sheet
    start = body_start(sheet, layout)
    dates = _merged_dates(columns)
    amounts, tokens, warnings, realigned, whole = _row_amounts(columns, dates, start, source_file)
    cut = _cut_short(columns, dates, start)
    if cut is not None:  # no line, and no other word of it: the row is not all there
        number = sheet.row_numbers[cut]
        dates = [*dates[:-1], None]  # the cut row is the last
        amounts[cut] = None
        warnings = [warning for warning in warnings if warning.row != number]
        realigned = [line for line in realigned if line.row != number]
        whole = False
    selected = _selected(dates, amounts, start, whole)
    bare = _bare_rows(columns, selected, dates, amounts, start, realigned)
    if cut is not None:
        bare.discard(cut)
    written = _with_unmarked(columns, dates, amounts, start)
    balances = balance_rows(columns, selected, dates, written, start, bare)
    if balances:
        selected = contiguous(list(itertools.filterfalse(balances.__contains__, selected)))
        stated = {said.row for said in balances.values()}
        warnings = [warning for warning in warnings if warning.row not in stated]
    totals = total_rows(columns, selected, amounts)
    if totals:
        left_out = {total.index for total in totals}
        selected = contiguous(list(itertools.filterfalse(left_out.__contains__, selected)))
        said = {sheet.row_numbers[index] for index in left_out}
        warnings = [warning for warning in warnings if warning.row not in said]
    lines: Sequence[StatementLine]
    lines, built = _assemble(columns, selected, dates, amounts, tokens, source_file)
    # An odd currency cell: currency unknown. Marked by the column the header names, so
    # before the realigned rows join: each of those was marked from its own cells, which
    # are not where the header says (``_realigned``).
    lines = marked(lines, layout.currency_column, None if built is None else built.currencies)
    if realigned:
        lines = sorted([*lines, *realigned], key=lambda line: line.row)
        built = None
    warnings.extend(
        RowWarning(source_file, None, layout.column_name(layout.currency_column), note)
        for note in sorted(columns.currency_notes)
    )
    warnings.extend(_unknown_currencies(columns, selected, source_file))
    reported = _reported(warnings, lines, columns)
    given = None if built is None else (built.amounts, built.currencies)
    most = None if built is None else _decimals_written(columns)
    reported.extend(excess_decimals(lines, source_file, _money_column(layout), given, most))
    if cut is not None:
        reported.append(_cut_short_warning(sheet, layout, cut, source_file))
    reported.extend(_total_warnings(columns, amounts, totals, source_file))
    return Extracted(tuple(lines), tuple(reported), built, tuple(balances.values()))


def _cut_short(
    columns: ConvertedColumns, dates: Sequence[dt.date | None], start: int
) -> int | None:
    """The index of the sheet's last row when the file seems cut short in it: the text
    ends without a line break, and that row, below the header, has fewer fields than the
    header. A download that stopped mid-row leaves such a row, and what it holds is not
    what the bank wrote (a cut amount reads as a smaller one), so it is no line. A short
    row anywhere else is a bank leaving out empty fields, and is read as always; so is
    the last row of a file whose other rows are short too (that bank's way, not a cut),
    and a footer's (``_a_footer``), which is no line either way: a bank that ends its
    file with 'End of statement' and no line break has sent all of it."""
    sheet, layout = columns.analysis.sheet, columns.layout
    last, width = len(sheet.rows) - 1, len(layout.columns)
    if not sheet.unterminated or last < start:
        return None
    row = sheet.rows[last]
    if len(row) >= width or all(is_blank(cell) for cell in row):
        return None
    shorter = (body for body in itertools.islice(sheet.rows, start, last) if len(body) < width)
    if any(not all(is_blank(cell) for cell in body) for body in shorter):
        return None  # the bank leaves out empty fields in its other rows too
    if dates[last] is None and _a_footer(columns, row, last):
        return None
    return last


# What a date cell cut short may hold: its first digits and separators ('01/1', '2025-1').
_DATE_BEGUN = re.compile(r"\d[\d/.\- ]*")


def _a_footer(columns: ConvertedColumns, row: Sequence[Cell], index: int) -> bool:
    """Whether a short last row with no date is a footer's, not a transaction's cut short:
    its date cell is not the start of a date, and it holds no amount ('End of statement')
    or a total's words or a balance phrase ('Total,,919.56'). Such a row is skipped as
    every footer is, and the file ended where the bank ended it. A row cut inside its
    date ('01/1') is still a cut, and so is a row with a blank date and an amount. A row
    cut before its date in a layout whose date is not the first column ('SUPPL') reads
    as a footer's text: nothing in it tells the two apart, and no line is lost that
    could have been read."""
    date_cell = cell_text(cell_at(row, columns.layout.booking_date)).strip()
    if _DATE_BEGUN.fullmatch(date_cell) is not None:
        return False
    if _names_a_total(row):
        return True
    return row_amount(columns, row, index)[0] is None


def _names_a_total(row: Sequence[Cell]) -> bool:
    """Whether a text cell of the row holds a total's words or a balance phrase ('Total',
    'Closing balance'): a footer's or a summary's row, whatever figure it states, which
    the rows around the lines are told apart by (``_a_footer``, ``_transaction_shaped``)."""
    return any(
        isinstance(cell, str) and (TOTAL_WORDS.search(cell) or is_phrase(cell)) for cell in row
    )


def _total_warnings(
    columns: ConvertedColumns,
    amounts: Sequence[Decimal | None],
    totals: Sequence[TotalRow],
    source_file: str,
) -> Iterator[RowWarning]:
    """A note for each row read as a total, naming its row, text, amount and the lines it
    adds up: it is no line, and were it a payment after all, the accountant sees which.
    A note of the statement, not a row skipped: no movement was left out there."""
    layout, numbers = columns.layout, columns.analysis.sheet.row_numbers
    for total in totals:
        amount = amounts[total.index]
        assert amount is not None  # a total row is a selected row
        shown = -amount if layout.invert_sign else amount
        yield RowWarning(
            source_file,
            numbers[total.index],
            layout.column_name(total.column),
            total_message(total, shown, numbers, layout),
            about_statement=True,
        )


def _cut_short_warning(sheet: Sheet, layout: Layout, cut: int, source_file: str) -> RowWarning:
    fields = len(sheet.rows[cut])
    return RowWarning(
        source_file,
        sheet.row_numbers[cut],
        None,
        f"the file seems cut short: it ends in this row, without a line break, and the row "
        f"has {counted(fields, 'field')} where the header has {len(layout.columns)}; the row "
        "is left out: download the statement again",
    )


def _decimals_written(columns: ConvertedColumns) -> int | None:
    """At most how many decimals the lines' amounts are written with, where the amount
    column's scan tells it (``SheetAnalysis.decimals_written``): a signed amount column,
    every line's amount its cell's (negated where the layout inverts signs). None for
    other layouts: a debit/credit pair's amount is a difference of two cells."""
    layout = columns.layout
    if layout.amount_style is not AmountStyle.SIGNED or layout.amount is None:
        return None
    return columns.analysis.decimals_written(layout.amount, layout.decimal_mark(layout.amount))


def _money_column(layout: Layout) -> Callable[[StatementLine], str | None]:
    """The name of the column a line's amount was read from, for its warnings: the amount
    column, or of a debit/credit pair the one the row fills (both named where it fills
    both, or where the row was realigned and its cells are not where the header says)."""
    if layout.amount_style is not AmountStyle.DEBIT_CREDIT:
        name = layout.column_name(layout.amount)
        return lambda line: name
    debit, credit = layout.column_name(layout.debit), layout.column_name(layout.credit)

    def filled(line: StatementLine) -> str | None:
        debited = not is_blank(cell_at(line.raw, layout.debit))
        credited = not is_blank(cell_at(line.raw, layout.credit))
        if debited != credited:
            return debit if debited else credit
        return f"{debit} / {credit}"

    return filled


def _selected(
    dates: Sequence[dt.date | None],
    amounts: Sequence[Decimal | None],
    start: int,
    whole: bool | None = None,
) -> Sequence[int]:
    """The rows from ``start`` with both a date and an amount: when no row lacks either
    (the usual statement below its header), the range, without a list of every row.
    ``whole`` says whether no row lacks either, where the caller knows (``_row_amounts``
    found the rows lacking one): then the columns are not looked through again."""
    if whole is None:
        whole = not any(_absent(dates, start)) and not any(_absent(amounts, start))
    if start < len(dates) and whole:
        return range(start, len(dates))
    present = map(operator.and_, _present(dates, start), _present(amounts, start))
    return contiguous(list(itertools.compress(range(start, len(dates)), present)))


def _bare_rows(
    columns: ConvertedColumns,
    selected: Sequence[int],
    dates: Sequence[dt.date | None],
    amounts: Sequence[Decimal | None],
    start: int,
    realigned: Sequence[StatementLine],
) -> set[int]:
    """The rows from ``start`` with every money cell blank and a balance (dated or not) or
    a date (a balance row may state its balance in another column: 'Tagessaldo' where
    the balance column is blank or too sparse to be one), but for rows read realigned:
    their cells are not where the header says (``balance_rows`` says which state a
    balance). None, without a look at any row, when every row has a date and an amount."""
    if len(selected) == max(len(amounts) - start, 0):
        return set()
    balances = columns.balance
    layout, sheet = columns.layout, columns.analysis.sheet
    money = [index for index in (layout.amount, layout.debit, layout.credit) if index is not None]
    lines = {line.row for line in realigned}
    unread = itertools.compress(itertools.count(start), _absent(amounts, start))
    return {
        index
        for index in unread
        if (dates[index] is not None or (balances is not None and balances[index] is not None))
        and sheet.row_numbers[index] not in lines
        and all(is_blank(cell_at(sheet.rows[index], column)) for column in money)
    }


def _with_unmarked(
    columns: ConvertedColumns,
    dates: Sequence[dt.date | None],
    amounts: list[Decimal | None],
    start: int,
) -> list[Decimal | None]:
    """``amounts`` with the amount as written of each dated row whose debit/credit mark is
    blank, where the marks do not sign a blank: such a row is no line (it has no sign),
    but it may state a balance ('Opening balance' with the indicator left empty, which is
    what ``amount_roles.indicator_signs`` allows), and ``balance_rows`` reads it so."""
    layout = columns.layout
    if layout.amount_style is not AmountStyle.INDICATOR or "" in dict(layout.indicator_signs):
        return amounts
    assert layout.amount is not None
    rows = columns.analysis.sheet.rows
    unmarked: dict[int, Decimal] = {}
    for index in itertools.compress(itertools.count(start), _absent(amounts, start)):
        row = rows[index]
        if dates[index] is None or not is_blank(cell_at(row, layout.indicator)):
            continue
        written = cell_amount(columns, layout.amount, cell_at(row, layout.amount), index)[0]
        if written is not None:
            unmarked[index] = written
    if not unmarked:
        return amounts
    found = amounts.copy()
    for index, written in unmarked.items():
        found[index] = written
    return found


def _present(values: Sequence[object], start: int) -> Iterator[bool]:
    return map(operator.is_not, itertools.islice(values, start, None), itertools.repeat(None))


def _absent(values: Sequence[object], start: int) -> Iterator[bool]:
    return map(operator.is_, itertools.islice(values, start, None), itertools.repeat(None))


def _merged_dates(columns: ConvertedColumns) -> list[dt.date | None]:
    booking, fallback = columns.booking, columns.fallback
    assert booking is not None
    if fallback is None:
        return booking
    return [
        first if first is not None else second
        for first, second in zip(booking, fallback, strict=True)
    ]


def _row_amounts(
    columns: ConvertedColumns, dates: list[dt.date | None], start: int, source_file: str
) -> tuple[
    list[Decimal | None], list[str | None] | None, list[RowWarning], list[StatementLine], bool
]:
    """Every row's signed amount; rows with a date but no amount are reported (or realigned).
    Last, whether every row from ``start`` has both a date and an amount (``_selected``):
    the rows lacking either are found here, once."""
    rows, numbers = columns.analysis.sheet.rows, columns.analysis.sheet.row_numbers
    width = len(columns.layout.columns)
    amounts: list[Decimal | None] = [None] * len(rows)
    if columns.signed is not None:
        amounts = list(columns.signed)
    tokens = columns.cell_currency
    warnings: list[RowWarning] = []
    realigned: list[StatementLine] = []
    # Rows whose amount is not read from the column alone; the loop fills in only the
    # current row's amount.
    missing = columns.unsigned_from(start)
    if missing is None:
        missing = list(itertools.compress(itertools.count(start), _absent(amounts, start)))
    for index in missing:
        if dates[index] is None:
            continue  # read below, with the other rows that have no date
        amount, token, problem = row_amount(columns, rows[index], index)
        if amount is not None:
            amounts[index] = amount
            if problem is not None:  # read all the same: a note on the line
                warnings.append(RowWarning(source_file, numbers[index], problem[0], problem[1]))
            if token is not None:
                tokens = tokens if tokens is not None else [None] * len(rows)
                tokens[index] = token
            continue
        line = (
            _realigned(columns, index, numbers[index], source_file, warnings)
            if len(rows[index]) < width
            else None
        )
        if line is not None:
            realigned.append(line)
        elif problem is not None:
            warnings.append(RowWarning(source_file, numbers[index], problem[0], problem[1]))
    dateless = _dateless_rows(columns, dates, amounts, start, source_file, warnings, realigned)
    whole = not dateless and all(
        map(operator.is_not, pick(amounts, missing), itertools.repeat(None))
    )
    return amounts, tokens, warnings, realigned, whole


def _dateless_rows(
    columns: ConvertedColumns,
    dates: list[dt.date | None],
    amounts: list[Decimal | None],
    start: int,
    source_file: str,
    warnings: list[RowWarning],
    realigned: list[StatementLine],
) -> list[int]:
    """Rows without a date: a short row is realigned where that makes it readable, and a
    row that carries money all the same is reported, never dropped unseen (blank lines
    and text-only rows carry none; a footer's total is outside the lines, and its
    warning is dropped with the footer's). Returns those rows (from ``start``)."""
    rows, numbers = columns.analysis.sheet.rows, columns.analysis.sheet.row_numbers
    layout = columns.layout
    signed = columns.signed is not None
    if columns.dated_from(start):
        return []
    dateless = list(itertools.compress(itertools.count(start), _absent(dates, start)))
    for index in dateless:
        row = rows[index]
        if len(row) < len(layout.columns):
            line = _realigned(columns, index, numbers[index], source_file, warnings)
            if line is not None:
                realigned.append(line)
                continue
        money = amounts[index] if signed else row_amount(columns, row, index)[0]
        if money is None:
            continue
        cell = cell_at(row, layout.booking_date)
        reason = "no date" if is_blank(cell) else _not_a_date(cell_text(cell).strip())
        column = layout.column_name(layout.booking_date)
        warnings.append(RowWarning(source_file, numbers[index], column, f"{reason}; row skipped"))
    return dateless


def _not_a_date(text: str) -> str:
    """Why a date cell did not read, naming the date an Excel serial number would be."""
    serial = excel_serial_date(int(text)) if text.isdigit() and len(text) == 5 else None
    if serial is not None:
        return f"'{text}' is not a date (as an Excel serial number it would be {serial})"
    return f"'{text}' is not a date"


def _assemble(
    columns: ConvertedColumns,
    selected: Sequence[int],
    dates: list[dt.date | None],
    amounts: list[Decimal | None],
    tokens: list[str | None] | None,
    source_file: str,
) -> tuple[list[StatementLine], LineColumns | None]:
    """The lines of the selected rows, built field by field over whole columns, and the
    columns they were built from."""
    if not selected:
        return [], None
    layout, analysis = columns.layout, columns.analysis

    def take(values: Sequence[_T] | None, default: _T) -> Sequence[_T]:
        if values is None:
            return [default] * len(selected)
        return view(values, selected)

    picked_amounts = take(amounts, None)
    balances = take(columns.balance, None)
    if layout.invert_sign:  # the amounts, and the balances where they go with them
        picked_amounts = list(map(operator.neg, picked_amounts))  # type: ignore[arg-type]
    if layout.negates_balances:  # decided once for the column (see ``Layout``)
        balances = [None if balance is None else -balance for balance in balances]
    texts = [
        take(text_column(analysis, roles), "")
        for roles in (layout.description, layout.reference, layout.counterparty)
    ]
    built = LineColumns(
        take(dates, None),  # type: ignore[arg-type]
        picked_amounts,  # type: ignore[arg-type]
        _row_currencies(columns, selected, tokens),
        balances,
    )
    lines = StatementLine.many(
        source_file,
        take(analysis.sheet.row_numbers, 0),
        built.dates,
        built.amounts,
        built.currencies,
        (texts[0], texts[1], texts[2]),
        take(columns.value, None),
        built.balances,
        raw_rows(analysis, selected),
    )
    return lines, built


def _unknown_currencies(
    columns: ConvertedColumns, selected: Sequence[int], source_file: str
) -> Iterator[RowWarning]:
    """A warning for each line whose currency cell holds no currency ('EURO', 'N/A'),
    naming its row, the column and the value: the line is read, in no currency
    (``_row_currencies``), as an unreadable amount or date is named rather than guessed."""
    unknown = columns.unknown_currency
    index = columns.layout.currency_column
    if not unknown or index is None:
        return
    cells = columns.analysis.columns[index]
    if unknown.isdisjoint(_values_among(columns, index, selected)):
        return  # the usual file: its one odd cell is the header's 'Currency', above the lines
    numbers = columns.analysis.sheet.row_numbers
    name = columns.layout.column_name(index)
    for row in selected:
        cell = cells[row]
        if cell in unknown:
            text = cell_text(cell).strip()
            yield RowWarning(
                source_file,
                numbers[row],
                name,
                f"'{text}' is not a currency code; the line is read with its currency unknown",
            )


def _values_among(columns: ConvertedColumns, index: int, selected: Sequence[int]) -> Iterable[Cell]:
    """The values column ``index`` holds in the ``selected`` rows, each at least once: the
    distinct values its scan counted, where those tell (``ColumnScan.value_counts``), else
    the cells themselves. Whether any line's currency cell is odd is then a set look-up
    (``_unknown_currencies``), not a Python step for each of 200,000 rows."""
    counted = columns.analysis.scans[index].value_counts(selected)
    return view(columns.analysis.columns[index], selected) if counted is None else counted


def _row_currencies(
    columns: ConvertedColumns, selected: Sequence[int], tokens: list[str | None] | None
) -> Sequence[str | None]:
    """Each line's currency: its currency cell, else the mark in its amount cell, else the
    file's (or the caller's default). A currency cell that holds something else ('EURO')
    leaves its line's currency unknown: the file's or the default would be a guess,
    perhaps another currency than the bank's, and the row's warning says so."""
    fixed = columns.layout.currency or columns.default_currency
    if tokens is None:
        if columns.currency_codes is None:
            return [fixed] * len(selected)
        one = _one_code(columns, selected)
        if one is not None:
            return [one] * len(selected)
        codes = columns.currency
        assert codes is not None  # there is a currency column
        picked = view(codes, selected)
        if all(picked):
            return picked
        unknown_at = _unknown_rows(columns)
        return [
            None if row in unknown_at else code or fixed
            for row, code in zip(selected, picked, strict=True)
        ]
    codes = columns.currency
    resolved = {token: columns.resolve(token) for token in set(tokens)}
    unknown_at = _unknown_rows(columns)
    result: list[str | None] = []
    for index in selected:
        if index in unknown_at:  # a cell naming no currency beside a mark says two things
            result.append(None)
            continue
        code = codes[index] if codes is not None else None
        if code is None and tokens[index] is not None:
            code = resolved[tokens[index]]
        result.append(code or fixed)
    return result


def _one_code(columns: ConvertedColumns, selected: Sequence[int]) -> str | None:
    """The one code the currency cells of all the ``selected`` rows name, where the
    values the column's scan counted over those rows tell it (a column of 'EUR' below its
    'Currency' header); None where they do not, or name several codes, or none."""
    index, codes = columns.layout.currency_column, columns.currency_codes
    assert index is not None
    assert codes is not None
    counted = columns.analysis.scans[index].value_counts(selected)
    if counted is None:
        return None
    named = {codes.get(value) for value in counted}
    return named.pop() if len(named) == 1 else None


def _unknown_rows(columns: ConvertedColumns) -> frozenset[int]:
    """The rows whose currency cell holds something other than a currency ('EURO'): their
    lines are in no currency, whatever else the row suggests, as their warning says."""
    unknown, index = columns.unknown_currency, columns.layout.currency_column
    if not unknown or index is None:
        return frozenset()
    cells = columns.analysis.columns[index]
    return frozenset(row for row, cell in enumerate(cells) if cell in unknown)


def _realigned(
    columns: ConvertedColumns, index: int, number: int, source_file: str, warnings: list[RowWarning]
) -> StatementLine | None:
    """A short row read with its missing field(s) placed where date and amount then fit.

    Where several places fit (a text field left out leaves date and amount readable
    wherever the gap goes), the gap goes where it spoils fewest of the fields the layout
    reads: a field emptied by the gap, or a value date, balance or currency that no longer
    reads as one. ING leaves out an empty 'Buchungstext', and the purpose text after it is
    the description, not a blank one; in its layout with a balance, the gap could also go
    in an unread currency column, which would shift the currency into the balance. On a
    tie the gap goes furthest right.
    """
    row = columns.analysis.sheet.rows[index]
    if not any(not is_blank(cell) for cell in row):
        return None
    layout = columns.layout
    missing = len(layout.columns) - len(row)
    read = {*layout.column_roles(), layout.fallback_date} - {None}  # the columns lines read
    best: tuple[int, int, list[Cell], dt.date, Decimal, str | None] | None = None
    for split in range(len(row) - 1, 0, -1):
        shifted = [*row[:split], *([""] * missing), *row[split:]]
        date = reparse_date(columns, shifted)
        if date is None:
            continue
        amount, token, _ = row_amount(columns, shifted)
        if amount is None:
            continue
        spoiled = len(read.intersection(range(split, split + missing)))
        spoiled += misread_cells(columns, shifted)
        if best is None or spoiled < best[0]:
            best = (spoiled, split, shifted, date, amount, token)
    if best is None:
        return None
    _, split, shifted, date, amount, token = best
    left_out = ", ".join(f"'{layout.column_name(gap)}'" for gap in range(split, split + missing))
    warnings[:] = [warning for warning in warnings if warning.row != number]
    warnings.append(
        RowWarning(
            source_file,
            number,
            layout.column_name(split),
            f"the row has {counted(len(row), 'field')} where the header has {len(layout.columns)}; "
            f"read as if it left out {left_out}",
        )
    )
    balance = None
    if layout.balance is not None:
        balance = cell_amount(columns, layout.balance, cell_at(shifted, layout.balance), None)[0]
        if balance is not None and layout.negates_balances:
            balance = -balance
    stated = cell_text(cell_at(shifted, layout.currency_column)).strip()
    code = columns.resolve(stated)
    if stated and code is None:  # as ``_unknown_currencies`` says of a row read in place
        warnings.append(
            RowWarning(
                source_file,
                number,
                layout.column_name(layout.currency_column),
                f"'{stated}' is not a currency code; the line is read with its currency unknown",
            )
        )
    return StatementLine(
        source_file, number, date, -amount if layout.invert_sign else amount,
        _realigned_currency(columns, stated, code, token),
        joined_text(shifted, layout.description), joined_text(shifted, layout.reference), joined_text(shifted, layout.counterparty),
        value_date=cell_date(columns, shifted, layout.value_date),
        balance=balance,
        raw=tuple(map(cell_text, row)),
        currency_cell=stated if code is None else "",
    )  # fmt: skip


def _realigned_currency(
    columns: ConvertedColumns, stated: str, code: str | None, token: str | None
) -> str | None:
    """A realigned row's currency, by the rule of a row read in place (``_row_currencies``):
    its currency cell, else the mark in its amount cell, else the file's or the default.
    A currency cell that names no currency ('EURO') leaves it unknown: the row stated its
    currency, unreadably, and the default would be a guess (``unread_currency``)."""
    if code is not None:
        return code
    if stated:
        return None
    return columns.resolve(token) or columns.layout.currency or columns.default_currency


def misread_cells(columns: ConvertedColumns, row: Sequence[Cell]) -> int:
    """How many of a row's value date, balance and currency cells hold something that does
    not read as what their column holds (blank cells are not misread)."""
    layout = columns.layout
    misread = 0
    if layout.value_date is not None and not is_blank(cell_at(row, layout.value_date)):
        misread += cell_date(columns, row, layout.value_date) is None
    if layout.balance is not None and not is_blank(cell := cell_at(row, layout.balance)):
        misread += cell_amount(columns, layout.balance, cell, None)[0] is None
    if layout.currency_column is not None:
        code = cell_text(cell_at(row, layout.currency_column)).strip()
        misread += bool(code) and resolve_currency(code)[0] is None
    return misread


def reparse_date(columns: ConvertedColumns, row: Sequence[Cell]) -> dt.date | None:
    """The date of a row read otherwise than the sheet has it: its booking date, else its
    fallback date."""
    for index in (columns.layout.booking_date, columns.layout.fallback_date):
        date = cell_date(columns, row, index)
        if date is not None:
            return date
    return None


def cell_date(columns: ConvertedColumns, row: Sequence[Cell], index: int | None) -> dt.date | None:
    """The date in column ``index`` of ``row``, read in the layout's date order."""
    if index is None:
        return None
    cell = classify(cell_at(row, index))[0]
    return cell.to_date(columns.layout.date_order) if isinstance(cell, DateText) else cell


def _reported(
    warnings: list[RowWarning], lines: Sequence[StatementLine], columns: ConvertedColumns
) -> list[RowWarning]:
    """The warnings of transaction rows: all those between the first and last line, and
    outside them those of a row shaped like a transaction (a first or last row whose date
    or amount does not read). A preamble's or footer's rows (a total, a closing balance)
    are not transactions, and what they hold is not reported."""
    if not lines:
        return warnings
    first, last = lines[0].row, lines[-1].row
    numbers = columns.analysis.sheet.row_numbers
    totals: set[Decimal] | None = None  # worked out only for a dateless row outside

    def outside_but_a_payment(index: int) -> bool:
        nonlocal totals
        if totals is None:
            totals = _footer_figures(lines, columns.layout.balance_chain)
        return _transaction_shaped(columns, index, totals)

    return [
        warning
        for warning in warnings
        if warning.row is None
        or first <= warning.row <= last
        or outside_but_a_payment(bisect.bisect_left(numbers, warning.row))
    ]


def _footer_figures(lines: Sequence[StatementLine], chain: Chain | None) -> set[Decimal]:
    """The amounts a footer or preamble row states: the total of the lines (all, money in,
    money out) and the balances before the first and after the last, as the balance
    column's reading (``chain``) has them (a newest-first file's opening balance is under
    its last line); each reading's where none was found."""
    amounts = [line.amount for line in lines]
    figures = {
        sum(amounts, Decimal(0)),
        sum((a for a in amounts if a > 0), Decimal(0)),
        sum((a for a in amounts if a < 0), Decimal(0)),
    }
    for reading in (chain,) if chain is not None else tuple(Chain):
        figures.update(b for b in opening_and_closing(lines, reading) if b is not None)
    return {abs(figure) for figure in figures}


def _transaction_shaped(columns: ConvertedColumns, index: int, footer: set[Decimal]) -> bool:
    """Whether row ``index``, before the first line or after the last, is a payment whose
    date did not read rather than a preamble's or footer's row: it has a money cell, and
    a date (or a cell written like one), or else neither a total's words nor a figure a
    footer states (the lines' total, a balance). A first payment with its date left
    blank was dropped unseen, where the same row between two lines was reported."""
    layout, row = columns.layout, columns.analysis.sheet.rows[index]
    money = (layout.amount, layout.debit, layout.credit)
    if all(is_blank(cell_at(row, column)) for column in money):
        return False
    booking = columns.booking
    if booking is not None and booking[index] is not None:
        return True
    cell = cell_at(row, layout.booking_date)
    if isinstance(cell, str) and _DATE_SHAPED.fullmatch(cell.strip()) is not None:
        return True
    if _names_a_total(row):
        return False
    amount = row_amount(columns, row, index)[0]
    return amount is not None and abs(amount) not in footer


def body_start(sheet: Sheet, layout: Layout) -> int:
    """The sheet index of the first row below ``layout``'s header (0 without one): where
    its lines are looked for, and, when none is found, why not (``importer._misfit``)."""
    if layout.header_row is None:
        return 0
    return _index_of(sheet.row_numbers, layout.header_row) + 1


def _index_of(numbers: Sequence[int], number: int) -> int:
    for index, value in enumerate(numbers):
        if value == number:
            return index
    return -1

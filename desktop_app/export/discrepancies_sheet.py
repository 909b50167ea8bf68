"""The Discrepancies sheet: one row per statement line of each discrepancy.

A discrepancy that concerns several lines (a duplicate payment, a split under-payment) is
written as one row per line, so the contract's ``Row`` is always a single number the
accountant can look up in the statement, and filters and sorts work per line. The rows of
one discrepancy share its number (``Discrepancy``) and say ``Line`` "2 of 3". Amounts that
belong to the discrepancy as a whole (Invoice Amount, Paid Amount, Difference) are written
once, so summing a column never counts them twice; each row carries its own line's
Statement Amount. A discrepancy about a payment for several invoices (a batch paid
short) lists them all in Invoice ID and Invoice Number, "; "-separated, under their
provider (their providers, "; "-separated, when a batch spans several), with the batch's
totals: the Summary files it under that same name.

Every amount on a row is in the row's ``Currency``, so filtering by currency and summing a
column never adds euros to pounds, and gives the Summary's figure for that currency. A
line's row is in the line's currency (its invoice's where the statement gives none, its
Statement Amount then formatted in that currency too; a line of no currency no invoice
explains has its amount as Paid Amount, in no currency, as its Statement Amount); the
invoice's amounts stand on the first row in the invoice's currency, the paid amount on the
first in its own (paid in several currencies, each currency's total on that currency's first
row). An amount in a currency no line is in (the invoice of a payment made in
another currency) gets a row of its own, without a line, first: a currency mismatch is
then two rows, the invoice in its currency and the payment in the payment's, each with
its currency's Difference (``Discrepancy.differences``: what the invoice's currency is
short, what came in the other).

An UNMATCHED_PAYMENT whose line is dated outside the period fetched says so after its
explanation, naming the period (``domain.dated_outside``): the invoice it pays may simply
not have been fetched.

A discrepancy the accountant decided (a match they accepted, or made by hand, short,
over or in another currency: ``Discrepancy.decided``) says so on each of its rows:
``Decision`` ("accepted", "matched by hand"; blank on a row nobody decided, so a filter
on the blanks lists what is still to look at), ``Decided By``, ``Decided At`` (UTC, as the
Audit sheet's Time) and ``Decision Note``, their note; its Explanation ends saying the
same, as a rejection's does.

Rows are shaded by severity with conditional formats keyed on the ``Severity`` column:
one rule per severity instead of a fill on every cell, so the shading follows the row when
it is sorted or filtered and costs nothing per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter

from desktop_app.domain import (
    Discrepancy,
    DiscrepancyType,
    Invoice,
    Money,
    Reconciliation,
    Severity,
    StatementLine,
    dated_outside,
    period_text,
)
from desktop_app.export.cells import amount_value
from desktop_app.export.styles import ColumnKind, severity_fill
from desktop_app.export.table import Column, Ticker, write_table

SHEET = "Discrepancies"

K = ColumnKind


@dataclass(frozen=True, slots=True)
class DiscrepancyRow:
    """One row; ``currency`` is that of every amount on it."""

    number: int
    discrepancy: Discrepancy
    line: StatementLine | None
    part: int
    parts: int
    currency: str | None
    invoice_amount: Money | None = None
    # a bare amount where the row's currency is not known (``Discrepancy.unstated_paid``)
    paid_amount: Money | Decimal | None = None
    difference: Money | None = None
    # What the row adds to its discrepancy's explanation (a line outside the period).
    note: str = ""

    @property
    def explanation(self) -> str:
        return self.discrepancy.explanation + self.note

    @property
    def invoice(self) -> Invoice | None:
        return self.discrepancy.invoice


Slot = tuple[StatementLine | None, str | None]


def _amounts(discrepancy: Discrepancy) -> list[Money]:
    """The amounts of the discrepancy as a whole: invoiced, paid (in each currency paid
    in, when that is several), difference (in each currency of a payment in another currency:
    ``Discrepancy.differences``)."""
    amounts = [discrepancy.invoiced, *discrepancy.paid_totals, *discrepancy.differences]
    return [money for money in amounts if money is not None]


def row_currencies(discrepancy: Discrepancy) -> list[str | None]:
    """The Currency of each of its rows, once each: the currencies the Summary's rows
    count it in, so that its Count is the discrepancies a filter on the sheet finds."""
    return list(dict.fromkeys(currency for _, currency in _slots(discrepancy)))


def _slots(discrepancy: Discrepancy) -> list[Slot]:
    """(line, currency) of each row: a row without a line first for each currency an
    amount is in and no line is, then one per line."""
    lines = [(line, discrepancy.currency_of(line)) for line in discrepancy.lines]
    held = {currency for _, currency in lines}
    lineless: list[Slot] = []
    for money in _amounts(discrepancy):
        if money.currency not in held:
            held.add(money.currency)
            lineless.append((None, money.currency))
    if not lines and not lineless:
        lineless.append((None, discrepancy.invoice_currency))
    return lineless + lines


def _rows_of(number: int, discrepancy: Discrepancy, note: str = "") -> Iterator[DiscrepancyRow]:
    slots = _slots(discrepancy)
    invoiced = discrepancy.invoiced
    paid: dict[str | None, Money | Decimal] = {
        money.currency: money for money in discrepancy.paid_totals
    }
    unstated = discrepancy.unstated_paid
    if unstated is not None:
        paid[None] = unstated
    differences = {money.currency: money for money in discrepancy.differences}
    placed: set[str | None] = set()  # currencies whose first row has been written

    def here(money: Money | None, currency: str | None) -> Money | None:
        return money if money is not None and money.currency == currency else None

    for part, (line, currency) in enumerate(slots, start=1):
        first = currency not in placed
        placed.add(currency)
        yield DiscrepancyRow(
            number,
            discrepancy,
            line,
            part,
            len(slots),
            currency,
            here(invoiced, currency) if first else None,
            paid.get(currency) if first else None,
            differences.get(currency) if first and currency is not None else None,
            note,
        )


def _invoice(row: DiscrepancyRow, attribute: str) -> Any:
    if row.invoice is not None:
        return getattr(row.invoice, attribute)
    group = row.discrepancy.group
    return _of_group(group, attribute) if group else None


# A group's identifiers, one per invoice in the match's order; its other text, once per
# distinct value (a batch of one provider's invoices says the provider once).
_LISTED = frozenset({"invoice_id", "number"})
_JOINED = frozenset({"provider", "status_raw"})


def _of_group(group: tuple[Invoice, ...], attribute: str) -> Any:
    """One cell for the invoices of a batch's discrepancy: its ids and numbers listed
    ("; "-separated, as the Invoices sheet lists a line's invoices, so a text filter on one
    number finds the row), a date they share (blank when they differ: the Invoices sheet
    has each), and no link, since a cell holds only one."""
    values = [getattr(invoice, attribute) for invoice in group]
    if attribute in _LISTED:
        return "; ".join(values)
    distinct = list(dict.fromkeys(values))
    if len(distinct) == 1:
        return distinct[0]
    if attribute in _JOINED:
        return "; ".join(value for value in distinct if value)
    return None


# The column saying whether the accountant decided a discrepancy, and how.
DECISION = "Decision"


def _decided(row: DiscrepancyRow, attribute: str) -> Any:
    """An attribute of the accountant's decision on the row's discrepancy (None where
    nobody decided it, or it does not say: an empty note is a blank cell)."""
    decided = row.discrepancy.decided
    return None if decided is None else getattr(decided, attribute) or None


def _line(row: DiscrepancyRow, attribute: str) -> Any:
    return getattr(row.line, attribute) if row.line is not None else None


def _statement_amount(row: DiscrepancyRow) -> Money | Decimal | None:
    """The line's own amount in the row's currency: its own, or its invoice's where its
    statement gives none (a bare number where neither is known)."""
    return None if row.line is None else amount_value(row.line.amount, row.currency)


COLUMNS: tuple[Column[DiscrepancyRow], ...] = (
    Column("Type", K.TEXT, 22, lambda r: r.discrepancy.type.value),
    Column("Provider", K.TEXT, 18, lambda r: _invoice(r, "provider")),
    Column("Invoice ID", K.TEXT, 22, lambda r: _invoice(r, "invoice_id")),
    Column("Invoice Number", K.TEXT, 18, lambda r: _invoice(r, "number")),
    Column("Invoice Date", K.DATE, 12, lambda r: _invoice(r, "issue_date")),
    Column("Due Date", K.DATE, 12, lambda r: _invoice(r, "due_date")),
    Column("Currency", K.TEXT, 9, lambda r: r.currency),
    Column("Invoice Amount", K.MONEY, 15, lambda r: r.invoice_amount),
    Column("Paid Amount", K.MONEY, 15, lambda r: r.paid_amount),
    Column("Difference", K.MONEY, 15, lambda r: r.difference),
    Column("Statement", K.TEXT, 22, lambda r: _line(r, "source_file")),
    Column("Row", K.INTEGER, 7, lambda r: _line(r, "row")),
    Column("Statement Date", K.DATE, 12, lambda r: _line(r, "date")),
    # in the row's Currency, as its other amounts: a line whose statement gives none is in
    # its invoice's (``Discrepancy.currency_of``), so formatted as the Paid Amount beside it
    Column("Statement Amount", K.MONEY, 15, _statement_amount),
    Column("Description", K.TEXT, 40, lambda r: _line(r, "description")),
    Column("Explanation", K.TEXT, 60, lambda r: r.explanation),
    # Additions after the contract's columns (readers find columns by header text):
    Column("Severity", K.TEXT, 9, lambda r: r.discrepancy.severity.value),
    Column("Discrepancy", K.INTEGER, 11, lambda r: r.number),
    Column("Line", K.TEXT, 8, lambda r: f"{r.part} of {r.parts}" if r.parts > 1 else None),
    Column("Statement Currency", K.TEXT, 9, lambda r: _line(r, "currency")),
    Column("Reference", K.TEXT, 22, lambda r: _line(r, "reference")),
    Column("Invoice Status", K.TEXT, 14, lambda r: _invoice(r, "status_raw")),
    Column("Invoice URL", K.LINK, 40, lambda r: _invoice(r, "document_url")),
    # whose money (``Discrepancy.side``), so the Summary's rows per Direction can be summed
    Column("Direction", K.TEXT, 20, lambda r: r.discrepancy.side.value),
    # the accountant's decision on it, where they accepted it (``Discrepancy.decided``)
    Column(DECISION, K.TEXT, 16, lambda r: r.discrepancy.decision_words or None),
    Column("Decided By", K.TEXT, 16, lambda r: _decided(r, "user")),
    Column("Decided At", K.UTC_DATETIME, 24, lambda r: _decided(r, "at")),
    Column("Decision Note", K.TEXT, 40, lambda r: _decided(r, "reason")),
)
SEVERITY_COLUMN = next(i for i, c in enumerate(COLUMNS, start=1) if c.header == "Severity")


def row_count(reconciliation: Reconciliation) -> int:
    return sum(len(_slots(d)) for d in reconciliation.discrepancies)


Period = tuple[date | None, date | None]
NO_PERIOD: Period = (None, None)


def rows(reconciliation: Reconciliation, period: Period = NO_PERIOD) -> Iterator[DiscrepancyRow]:
    """The sheet's rows; ``period`` the one the invoices were fetched for (first and last
    day, either open; neither for every date)."""
    outside = outside_note(period)
    for number, discrepancy in enumerate(reconciliation.discrepancies, start=1):
        unfetched = discrepancy.type is DiscrepancyType.UNMATCHED_PAYMENT and bool(
            dated_outside(discrepancy.lines, *period)
        )
        yield from _rows_of(number, discrepancy, outside if unfetched else "")


def outside_note(period: Period) -> str:
    """What an unmatched payment dated outside ``period`` adds to its explanation."""
    return (
        f"; dated outside the period fetched ({period_text(*period)}): the invoice it "
        "pays, if any, may be one not fetched"
    )


def write(
    workbook: Any, reconciliation: Reconciliation, ticker: Ticker, period: Period = NO_PERIOD
) -> None:
    ticker.stage("Writing discrepancies")
    worksheet = workbook.create_sheet(SHEET)
    count = write_table(worksheet, COLUMNS, rows(reconciliation, period), ticker)
    if count:
        _shade_by_severity(worksheet, count)


def _shade_by_severity(worksheet: Any, count: int) -> None:
    area = f"A2:{get_column_letter(len(COLUMNS))}{count + 1}"
    severity_cell = f"${get_column_letter(SEVERITY_COLUMN)}2"
    for severity in Severity:
        rule = FormulaRule(
            formula=[f'{severity_cell}="{severity.value}"'],
            fill=severity_fill(severity),
            stopIfTrue=True,
        )
        worksheet.conditional_formatting.add(area, rule)

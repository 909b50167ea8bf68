"""Every cell of a column read once, then summarised over whichever rows matter.

Cells are classified per distinct value (a 200,000-row statement has a few hundred
distinct dates), so reading all rows stays cheap. A column whose first couple of thousand
distinct values are plain text (descriptions, references) stops being checked for dates
and amounts: it cannot become a date or amount column however the rest reads.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.statements.dates import DateText, analyse_date
from desktop_app.statements.grid import Cell, float_text
from desktop_app.statements.numbers import AmountText, Vote, analyse_amount

DateCell = DateText | dt.date
AmountCell = AmountText | Decimal
_TEXT_PROBE = 2000  # distinct non-empty values looked at before calling a column text
_TEXT_HITS = 0.02


@dataclass(slots=True)
class ColumnScan:
    index: int
    values: Sequence[Cell]
    dates: dict[Hashable, DateCell | None]
    amounts: dict[Hashable, AmountCell | None]
    textual: bool = False

    def date_at(self, row: int) -> DateCell | None:
        return self.dates.get(self.values[row])

    def amount_at(self, row: int) -> AmountCell | None:
        return self.amounts.get(self.values[row])


@dataclass(slots=True)
class ColumnStats:
    """A column's content over the rows that matter (usually the transaction rows)."""

    rows: int = 0
    row_indexes: Sequence[int] = ()
    nonempty: int = 0
    dates: int = 0
    native_dates: int = 0
    order_free: int = 0
    first_over_12: int = 0
    second_over_12: int = 0
    amounts: int = 0
    negatives: int = 0
    nonzero: int = 0
    leading_zeros: int = 0
    text_length: int = 0
    with_decimals: int = 0
    votes: Counter[Vote] = field(default_factory=Counter)
    currencies: Counter[str] = field(default_factory=Counter)
    tokens: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    @property
    def amount_share(self) -> float:
        return self.amounts / self.nonempty if self.nonempty else 0.0

    @property
    def date_share(self) -> float:
        return self.dates / self.nonempty if self.nonempty else 0.0


def is_blank(cell: Cell) -> bool:
    return cell == "" or (isinstance(cell, str) and not cell.strip())


def scan_column(index: int, values: Sequence[Cell]) -> ColumnScan:
    dates: dict[Hashable, DateCell | None] = {}
    amounts: dict[Hashable, AmountCell | None] = {}
    scan = ColumnScan(index, values, dates, amounts)
    examined = hits = 0
    for value in dict.fromkeys(values):
        date, amount = classify(value)
        dates[value] = date
        amounts[value] = amount
        if is_blank(value):
            continue
        examined += 1
        hits += date is not None or amount is not None
        if examined >= _TEXT_PROBE and hits < examined * _TEXT_HITS:
            scan.textual = True
            break
    return scan


def classify(value: Cell) -> tuple[DateCell | None, AmountCell | None]:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None, None
        return analyse_date(text), analyse_amount(text)
    if isinstance(value, bool):
        return None, None
    if isinstance(value, int | float):
        return None, Decimal(float_text(value)) if isinstance(value, float) else Decimal(value)
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    return None, None


def column_stats(scan: ColumnScan, rows: Sequence[int]) -> ColumnStats:
    stats = ColumnStats(rows=len(rows), row_indexes=rows)
    if not rows:
        return stats
    picked = operator.itemgetter(*rows)(scan.values) if len(rows) > 1 else (scan.values[rows[0]],)
    if scan.textual:
        return _text_stats(stats, picked)
    for value, count in Counter(picked).items():
        if is_blank(value):
            continue
        _count_value(stats, scan, value, count)
    return stats


def _text_stats(stats: ColumnStats, picked: Sequence[Cell]) -> ColumnStats:
    """Free text (descriptions): only how much of it there is matters."""
    texts = [value.strip() for value in picked if isinstance(value, str)]
    filled = [text for text in texts if text]
    stats.nonempty = len(filled) + len(picked) - len(texts)
    stats.text_length = sum(map(len, filled))
    stats.examples = filled[:3]
    return stats


def _count_value(stats: ColumnStats, scan: ColumnScan, value: Cell, count: int) -> None:
    stats.nonempty += count
    text = value if isinstance(value, str) else None
    if len(stats.examples) < 3:
        stats.examples.append(text.strip() if text is not None else str(value))
    if text is not None:
        stats.text_length += len(text.strip()) * count
        if len(stats.tokens) < 24:
            stats.tokens[text.strip()] += count
    date = scan.dates.get(value)
    if date is not None:
        stats.dates += count
        if isinstance(date, DateText):
            if date.order_free:
                stats.order_free += count
                stats.first_over_12 += count if date.first > 12 else 0
                stats.second_over_12 += count if date.second > 12 else 0
        else:
            stats.native_dates += count
    amount = scan.amounts.get(value)
    if amount is None:
        return
    stats.amounts += count
    if isinstance(amount, AmountText):
        _count_text_amount(stats, amount, count)
    else:
        stats.negatives += count if amount < 0 else 0
        stats.nonzero += count if amount != 0 else 0
        stats.with_decimals += count if amount != amount.to_integral_value() else 0


def _count_text_amount(stats: ColumnStats, amount: AmountText, count: int) -> None:
    stats.votes[amount.vote] += count
    stats.negatives += count if amount.negative else 0
    stats.nonzero += count if amount.core.strip("0.,' ") else 0
    stats.leading_zeros += count if amount.leading_zero else 0
    stats.with_decimals += count if amount.vote in (Vote.DOT, Vote.COMMA) else 0
    if amount.currency is not None:
        stats.currencies[amount.currency] += count

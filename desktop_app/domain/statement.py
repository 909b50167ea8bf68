"""Statement lines: one movement on a bank statement or ledger export.

A line is identified the way the accountant finds it again: the file's base name and the
row they see when they open the file (1-based worksheet row for spreadsheets, 1-based
physical line for text files). The raw cells are kept so nothing the bank wrote is lost.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.domain.money import Money, format_amount
from desktop_app.domain.record import build_records, tuple_record


class MissingCurrencyError(ValueError):
    """A statement amount whose currency was neither in the file nor supplied."""


@dataclass(frozen=True, slots=True, order=True)
class LineKey:
    source_file: str
    row: int

    def __str__(self) -> str:
        return f"{self.source_file}:{self.row}"


@tuple_record
@dataclass(frozen=True)
class StatementLine:
    """A signed movement from the account holder's side: money out is negative.

    ``currency`` is None only when the file does not say and no default was supplied;
    the line then cannot be turned into ``Money`` until the accountant chooses one. Or
    when its currency cell says something that is no currency ('EURO', 'N/A'): that cell
    is ``currency_cell``, and the line's currency is unknown rather than unstated, so no
    default currency is put on it, and it is matched with no invoice (the matcher says
    why). Read from the line's own cells (``statements.unread_currency``), not stored.

    Held in a tuple (``record.tuple_record``): an import builds hundreds of thousands of
    lines, each made in one C call so (``many``). It is used as the frozen dataclass it is
    declared as; it is no sequence (not iterable, no length, no index).
    """

    source_file: str
    row: int
    date: dt.date
    amount: Decimal
    currency: str | None
    description: str = ""
    reference: str = ""
    counterparty: str = ""
    value_date: dt.date | None = None
    balance: Decimal | None = None
    raw: tuple[str, ...] = field(default=(), compare=False)
    currency_cell: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError(
                f"{self.source_file} row {self.row}: amount must be Decimal, "
                f"not {type(self.amount).__name__}"
            )
        if self.row < 1:
            raise ValueError(f"{self.source_file}: rows are 1-based, got {self.row}")

    @property
    def states_no_currency(self) -> bool:
        """Whether its statement says nothing of its currency: in none, and not because
        what it wrote there is no currency code (``currency_cell``). Only such a line may
        take a default currency; one written unreadably would take a guess."""
        return self.currency is None and not self.currency_cell

    @classmethod
    def many(
        cls,
        source_file: str,
        rows: Sequence[int],
        dates: Sequence[dt.date],
        amounts: Sequence[Decimal],
        currencies: Sequence[str | None],
        texts: tuple[Sequence[str], Sequence[str], Sequence[str]],
        value_dates: Sequence[dt.date | None],
        balances: Sequence[Decimal | None],
        raws: Sequence[tuple[str, ...]],
    ) -> list[StatementLine]:
        """One line per entry of ``rows``, given column by column: equal to calling the
        constructor row by row, with its checks made once over each whole column.

        ``texts`` holds the description, reference and counterparty columns. A statement
        import builds hundreds of thousands of lines, and the constructor's per-line call
        and check were most of that cost. When a bulk check fails, the lines are built by
        the constructor, so the error is the usual one.
        """
        count = len(rows)
        columns = (
            itertools.repeat(source_file, count),
            rows, dates, amounts, currencies, *texts, value_dates, balances, raws,
            itertools.repeat("", count),  # currency_cell: ``statements.unread_currency``
        )  # fmt: skip
        if any(len(column) != count for column in columns[1:-1]):
            raise ValueError("StatementLine.many: every column needs one entry per row")
        if cls is not StatementLine or not _bulk_checks_pass(rows, amounts):
            return list(map(cls, *columns))
        return build_records(cls, columns)

    @property
    def key(self) -> LineKey:
        return LineKey(self.source_file, self.row)

    @property
    def money(self) -> Money:
        if self.currency is None:
            raise MissingCurrencyError(
                f"{self.source_file} row {self.row}: the statement gives no currency; "
                "choose one for this statement"
            )
        return Money(self.amount, self.currency)

    @property
    def amount_text(self) -> str:
        """Its amount as money in its currency ("-£291.82"), bare where the file gives
        none (``format_amount``): as the window and every explanation show it."""
        return format_amount(self.amount, self.currency)

    @property
    def text(self) -> str:
        """All free text of the line, where references and names are searched for."""
        parts = (self.description, self.reference, self.counterparty)
        return " ".join(part for part in parts if part)


def _bulk_checks_pass(rows: Sequence[int], amounts: Sequence[Decimal]) -> bool:
    """``__post_init__``'s checks over whole columns (False also for odd types)."""
    try:
        return all(map(isinstance, amounts, itertools.repeat(Decimal))) and (
            not rows or _least(rows) >= 1
        )
    except TypeError:
        return False


def _least(rows: Sequence[int]) -> int:
    """The smallest row: a rising range's first, without a pass over every row (an
    import's rows are a range of 200,000)."""
    if isinstance(rows, range) and rows.step > 0:
        return rows[0]
    return min(rows)


def main_currency(lines: Iterable[StatementLine]) -> str | None:
    """The currency most of a statement's lines are in (None when none names one): the
    one its stated balances are in, wherever a statement's currency is told from its
    lines (the workspace, the report, the import wizard, the balance bridge, continuity).

    Lines naming no currency are not counted: they are taken to be in the statement's
    currency (``balance_lines``), so they cannot outvote it. Two currencies of as many
    lines tie; the tie goes to the code first in alphabetical order, never to the order
    the lines come in: the same lines are held in several orders (the file's, the
    workspace's, a report's own lines before the kept lines its repeats stand for), and
    each must give the statement the same currency."""
    counts = Counter(map(_CURRENCY, lines))
    del counts[None]
    return main_code(counts)


def main_code(counts: Mapping[str, int]) -> str | None:
    """The code named most often in ``counts``, a tie to the code first in alphabetical
    order (``main_currency``'s rule, which the balance fit's grouping of rows must follow
    too, or it would take rows naming no currency into another currency than the
    statement's); None for none."""
    return max(sorted(counts), key=counts.__getitem__) if counts else None


def balance_lines(lines: Sequence[StatementLine], currency: str | None) -> Sequence[StatementLine]:
    """The lines that move a balance kept in ``currency``: those in it, and those naming
    none (a file without a currency column keeps its balance in the currency its lines
    would name). A line in another currency (a card payment abroad on a statement with a
    currency column) does not move it: added, its amount would make a sum of pounds and
    euros. ``lines`` themselves when every line counts."""
    named = set(map(_CURRENCY, lines))
    named.discard(None)
    if named <= {currency}:
        return lines
    return [line for line in lines if line.currency is None or line.currency == currency]


_CURRENCY = operator.attrgetter("currency")

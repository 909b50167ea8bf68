"""A statement's balance bridge: opening balance + movements = closing balance.

One rule, wherever a statement is checked against the balances it states: the importer's
warnings (a bank format's statement, balances stated around a table) and the summary the
import wizard shows before Import. Two rules could disagree about the same file, the
wizard saying a statement ties that the import then warns of.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain import StatementLine, balance_lines, main_currency


@dataclass(frozen=True, slots=True)
class Bridge:
    """``opening`` + ``movements`` against ``closing``, exactly (``Decimal``, never
    rounded): a penny missing is a line missing or misread. The amounts are in one
    currency: the statement's (``movements``)."""

    opening: Decimal
    movements: Decimal
    closing: Decimal

    @property
    def expected(self) -> Decimal:
        """The closing balance the opening balance and the movements come to."""
        return self.opening + self.movements

    @property
    def difference(self) -> Decimal:
        """What the stated closing balance is beyond the one expected (negative: short)."""
        return self.closing - self.expected

    @property
    def ties(self) -> bool:
        return self.expected == self.closing


def movements(lines: Sequence[StatementLine]) -> Decimal:
    """What the lines move the statement's balance by: the amounts of ``bridged`` added up."""
    return total(bridged(lines))


def total(lines: Sequence[StatementLine]) -> Decimal:
    """The lines' amounts added up as they are: for lines already ``bridged`` (or taken
    by ``balance_lines``), which need not be chosen again."""
    return sum(map(_AMOUNT, lines), Decimal(0))


def bridged(lines: Sequence[StatementLine]) -> Sequence[StatementLine]:
    """The lines that move the statement's balance (``balance_lines``): those in its
    currency, the one most of them are in (``main_currency``, as the workspace and the
    report's bridge take it), and those naming none. A line in another currency (a card
    payment abroad on a statement with a currency column) does not move a balance kept in
    this one, and two currencies are never added: its amount would tip the bridge by a
    sum of pounds and euros."""
    return balance_lines(lines, main_currency(lines))


_AMOUNT = operator.attrgetter("amount")

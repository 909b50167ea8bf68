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


def movements(lines: Sequence[StatementLine], currency: str | None = None) -> Decimal:
    """What the lines move the statement's balance by: the amounts of ``bridged`` added up
    (``currency``: the one the statement states, as ``bridged`` takes it)."""
    return total(bridged(lines, currency))


def total(lines: Sequence[StatementLine]) -> Decimal:
    """The lines' amounts added up as they are: for lines already ``bridged`` (or taken
    by ``balance_lines``), which need not be chosen again."""
    return sum(map(_AMOUNT, lines), Decimal(0))


def bridged(lines: Sequence[StatementLine], currency: str | None = None) -> Sequence[StatementLine]:
    """The lines that move the statement's balance (``balance_lines``): those in its
    currency and those naming none. Its currency is the one it states (``currency``: a
    bank format's account currency, CAMT's <Acct><Ccy>, OFX's CURDEF), else the one most
    of its lines are in (``main_currency``, as the workspace and the report's bridge
    take it). A line in another currency (a card payment abroad on a statement with a
    currency column) does not move a balance kept in this one, and two currencies are
    never added: its amount would tip the bridge by a sum of pounds and euros. Nor do the
    lines outvote the currency the statement states: a euro account's entries booked
    mostly in dollars still bridge its euro balances with its euros."""
    return balance_lines(lines, currency or main_currency(lines))


_AMOUNT = operator.attrgetter("amount")

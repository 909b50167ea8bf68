"""A statement's balance bridge: opening balance + movements = closing balance.

One rule, wherever a statement is checked against the balances it states: the importer's
warnings (a bank format's statement, balances stated around a table) and the summary the
import wizard shows before Import. Two rules could disagree about the same file, the
wizard saying a statement ties that the import then warns of.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain import StatementLine


@dataclass(frozen=True, slots=True)
class Bridge:
    """``opening`` + ``movements`` against ``closing``, exactly (``Decimal``, never
    rounded): a penny missing is a line missing or misread. The amounts are in one
    currency; the caller chooses the movements (``movements``)."""

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


def movements(lines: Iterable[StatementLine]) -> Decimal:
    """The lines' amounts added up: what they move the balance by."""
    return sum((line.amount for line in lines), Decimal(0))

"""Statement lines: one movement on a bank statement or ledger export.

A line is identified the way the accountant finds it again: the file's base name and the
row they see when they open the file (1-based worksheet row for spreadsheets, 1-based
physical line for text files). The raw cells are kept so nothing the bank wrote is lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.domain.money import Money


class MissingCurrencyError(ValueError):
    """A statement amount whose currency was neither in the file nor supplied."""


@dataclass(frozen=True, slots=True, order=True)
class LineKey:
    source_file: str
    row: int

    def __str__(self) -> str:
        return f"{self.source_file}:{self.row}"


@dataclass(frozen=True, slots=True)
class StatementLine:
    """A signed movement from the account holder's side: money out is negative.

    ``currency`` is None only when the file does not say and no default was supplied;
    the line then cannot be turned into ``Money`` until the accountant chooses one.
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

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError(
                f"{self.source_file} row {self.row}: amount must be Decimal, "
                f"not {type(self.amount).__name__}"
            )
        if self.row < 1:
            raise ValueError(f"{self.source_file}: rows are 1-based, got {self.row}")

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
    def text(self) -> str:
        """All free text of the line, where references and names are searched for."""
        parts = (self.description, self.reference, self.counterparty)
        return " ".join(part for part in parts if part)

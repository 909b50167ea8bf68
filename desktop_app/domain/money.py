"""Exact money: a ``Decimal`` amount tied to an ISO 4217 currency.

Floats are refused at the door because binary floating point cannot represent 0.10 and an
accountant will find the missing penny. Amounts are kept exactly as given (no rounding on
construction) so that a provider's 72502.07 or a bank's 1.005 fee survive unchanged;
rounding to the currency's minor unit happens only when asked for, half-up (away from zero
on .5), as accountants and Excel's ROUND do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import repeat

from desktop_app.domain.bulk import build_in_chunks
from desktop_app.domain.currencies import MINOR_UNITS, SYMBOLS, is_currency, normalise_currency


class CurrencyMismatchError(ValueError):
    """Arithmetic or comparison between amounts in different currencies."""


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Convert an exact value to ``Decimal``; floats and non-finite values are refused."""
    if isinstance(value, bool | float):
        raise TypeError(
            f"money must not be built from {type(value).__name__} {value!r}: "
            "pass a Decimal, an int or a decimal string"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a decimal amount: {value!r}") from None
    else:
        raise TypeError(f"money amount must be Decimal, int or str, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"money amount must be finite, got {value!r}")
    return result


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency. Immutable and hashable."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        # Nearly every amount arrives as a finite Decimal with a known upper-case code:
        # those are kept as they are, without re-assigning the frozen fields (hundreds of
        # thousands of amounts per reconciliation and report).
        amount, currency = self.amount, self.currency
        if type(amount) is not Decimal or not amount.is_finite():
            object.__setattr__(self, "amount", to_decimal(amount))
        if type(currency) is not str or currency not in MINOR_UNITS:
            object.__setattr__(self, "currency", normalise_currency(currency))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        return cls(to_decimal(amount), currency)

    @classmethod
    def many(cls, amounts: Sequence[Decimal], currencies: Sequence[str]) -> list[Money]:
        """One amount per (amount, currency) pair: equal to calling the constructor for
        each, with its checks made once over each column.

        A reconciliation reports every statement line nothing pays, hundreds of thousands
        of them, each with its amount; the frozen constructor's per-field assignment and
        per-value checks were most of that cost. When a bulk check fails (an amount that
        is not a finite Decimal, a currency not already a known upper-case code), the
        constructor builds them, so any error is the usual one.
        """
        if len(amounts) != len(currencies):
            raise ValueError("Money.many: one currency per amount")
        if cls is not Money or not _plain_columns(amounts, currencies):
            return list(map(cls, amounts, currencies))
        return build_in_chunks(cls, {"amount": amounts, "currency": currencies})

    # -- arithmetic -----------------------------------------------------------------
    def _same_currency(self, other: object, operation: str) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot {operation} Money and {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot {operation} {self.currency} and {other.currency} amounts"
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same_currency(other, "add").amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same_currency(other, "subtract").amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if not isinstance(factor, Decimal | int) or isinstance(factor, bool):
            raise TypeError(f"money can only be multiplied by a Decimal or an int, not {factor!r}")
        return Money(self.amount * to_decimal(factor), self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __bool__(self) -> bool:
        return bool(self.amount)

    # -- ordering (equality and hashing come from the dataclass) -------------------------
    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same_currency(other, "compare").amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same_currency(other, "compare").amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same_currency(other, "compare").amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same_currency(other, "compare").amount

    # -- rounding and presentation --------------------------------------------------
    @property
    def minor_units(self) -> int:
        return MINOR_UNITS[self.currency]  # the code is normalised and known: no look-up

    def rounded(self) -> Money:
        """Round to the currency's minor unit, half away from zero (Excel's ROUND)."""
        return Money(self._rounded_amount(), self.currency)

    def _rounded_amount(self) -> Decimal:
        return self.amount.quantize(_STEPS[self.currency], rounding=ROUND_HALF_UP)

    def is_zero(self) -> bool:
        return self.amount == 0

    def is_negative(self) -> bool:
        return self.amount < 0

    def to_plain_string(self) -> str:
        """The exact amount as a plain decimal string (never exponent notation)."""
        text = format(self.amount, "f")
        return "0" if text in {"-0", "+0"} else text

    def format(self, *, symbol: bool = True) -> str:
        """Display form, rounded to minor units with thousands separators: ``-£1,234.50``."""
        rounded = self._rounded_amount()
        digits = f"{abs(rounded):,.{self.minor_units}f}"
        sign = "-" if rounded < 0 else ""
        prefix = SYMBOLS.get(self.currency) if symbol else None
        if prefix is None:
            return f"{sign}{digits} {self.currency}"
        return f"{sign}{prefix}{digits}"

    def __str__(self) -> str:
        return f"{self.to_plain_string()} {self.currency}"


# The smallest step of each currency (0.01 for GBP), made once rather than per rounding.
_STEPS: dict[str, Decimal] = {
    code: Decimal(1).scaleb(-units) for code, units in MINOR_UNITS.items()
}


def _plain_columns(amounts: Sequence[Decimal], currencies: Sequence[str]) -> bool:
    """Whether the constructor would keep every value as given: finite Decimals, and
    currencies that are already known upper-case codes as plain ``str`` (the constructor
    turns a ``str`` subclass into one)."""
    try:
        return (
            all(map(isinstance, amounts, repeat(Decimal)))
            and all(map(Decimal.is_finite, amounts))
            and set(map(type, currencies)) <= {str}
            and set(currencies) <= MINOR_UNITS.keys()
        )
    except TypeError:  # something unhashable among the currencies
        return False


def format_amount(amount: Decimal, currency: str | None) -> str:
    """An amount as the accountant reads it, in the window, the engine's explanations and
    every message: money in its currency ("-£1,234.50", "1,600.00 EUR"), or, where the
    statement names none or a code not known as a currency, the number with its
    thousands separated and at least two decimals ("1,600.00", ``bare_amount``) and no
    symbol to guess. Never refused (a sentence about a file must not fail on what it
    holds) and never in exponent notation (an amount read as 1E+3 is 1,000.00). An
    amount read from a workbook's cell was said bare ("1600")."""
    if currency is not None and is_currency(currency):
        return Money(amount, currency).format()
    return format(bare_amount(amount), ",f")


_CENTS = Decimal("0.01")


def bare_amount(amount: Decimal) -> Decimal:
    """An amount in no known currency as a money column shows it: to at least two
    decimals, and to every decimal it has beyond them. Shown as the file wrote it, a
    statement's column read "2,000" beside "-250.00", and a spreadsheet's cells "-3.5"
    and "0.3": most UK bank exports name no currency, so this is the common case."""
    return _to_at_least(amount, 2, _CENTS)


def _to_at_least(amount: Decimal, places: int, step: Decimal) -> Decimal:
    """``amount`` to at least ``places`` decimals (``step`` is 10 ** -places), and to every
    decimal it has beyond them; a value not finite, or beyond the context's precision
    (1E+26), as it is: a sentence about a file must not fail on what it holds."""
    if not amount.is_finite() or amount.as_tuple().exponent <= -places:  # type: ignore[operator]
        return amount
    try:
        return amount.quantize(step)
    except InvalidOperation:
        return amount


def plain_amount(amount: Decimal, currency: str | None = None) -> str:
    """An amount a message about a file's numbers states: to at least its currency's
    decimals where ``currency`` is a known one (JPY none, GBP two, JOD three), else two
    (``bare_amount``), and to every decimal beyond them, with no separators and never an
    exponent ("-15968.50"), as the balance column's other figures read. A cell kept as a
    spreadsheet's number was said "-15968.5" beside "-16968.49", and a balance stated
    below a worksheet's table "90" beside a break's "90.00"."""
    if currency is not None and is_currency(currency):
        code = normalise_currency(currency)
        return format(_to_at_least(amount, MINOR_UNITS[code], _STEPS[code]), "f")
    return format(bare_amount(amount), "f")


def sum_money(amounts: Iterable[Money], currency: str) -> Money:
    """Sum amounts that must all be in ``currency``; an empty sum is zero in that currency."""
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total

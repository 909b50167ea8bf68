"""The fixed-layout MT940 fields: amounts, dates, balances and the ``:61:`` line.

``:61:`` is ``YYMMDD[MMDD](C|D|RC|RD)[funds code]amount type reference[//bank ref]``.
``RC`` (reversal of a credit) takes money out, ``RD`` (reversal of a debit) puts it
back. ``CR``/``DR`` is a C/D mark followed by the funds-code letter R, not a reversal.
The entry date has no year: it takes the year that puts it nearest the value date, so a
31 December booking valued 2 January lands in the right year.

Invalid dates such as 30 February are kept, moved to the month's last day, with a
warning: dropping the line would lose a real movement and break the balance check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.statements.formats._common import calendar_date

_AMOUNT = re.compile(r"([0-9]{1,15})(?:[,.]([0-9]{0,15}))?")
_BALANCE = re.compile(r"(?P<mark>[CD])(?P<date>[0-9]{6})(?P<currency>[A-Z]{3})(?P<amount>[0-9,.]+)")
_LINE = re.compile(
    r"(?P<value>[0-9]{6})(?P<entry>[0-9]{4})?(?P<mark>R?[CD]|E[CD])(?P<funds>[A-Z])?"
    r"(?P<amount>[0-9][0-9,.]*)(?P<type>[A-Z][A-Z0-9 ]{3})?(?P<rest>.*)",
    re.DOTALL,
)
_REFERENCE_LENGTH = 16


def parse_swift_amount(text: str) -> Decimal:
    """``1213,28`` / ``9,`` / ``000000001213,28``; raises ValueError for anything else."""
    match = _AMOUNT.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not an MT940 amount: {text!r}")
    whole, fraction = match.groups()
    return Decimal(f"{whole}.{fraction}" if fraction else whole)


def parse_yymmdd(text: str) -> tuple[date, bool]:
    """A six-digit SWIFT date (years 80-99 are 1980s-1990s, 00-79 are 2000-2079).

    Returns the date and whether it was moved to the month's last day; raises ValueError
    when it has no nearest date.
    """
    if not re.fullmatch(r"[0-9]{6}", text):
        raise ValueError(f"not a YYMMDD date: {text!r}")
    year = int(text[:2])
    year += 1900 if year >= 80 else 2000
    return calendar_date(year, int(text[2:4]), int(text[4:6]))


def entry_date_near(mmdd: str, anchor: date) -> tuple[date, bool]:
    """The MMDD date in the year (before, of or after ``anchor``) nearest to ``anchor``."""
    candidates = [
        calendar_date(anchor.year + shift, int(mmdd[:2]), int(mmdd[2:])) for shift in (-1, 0, 1)
    ]
    return min(candidates, key=lambda candidate: abs((candidate[0] - anchor).days))


@dataclass(frozen=True)
class Balance:
    amount: Decimal
    date: date
    currency: str


def parse_balance(text: str) -> Balance:
    """``C160229EUR1200,00`` (``:60F:``, ``:62F:``, ...); raises ValueError if unreadable."""
    match = _BALANCE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not an MT940 balance: {text.strip()!r}")
    amount = parse_swift_amount(match["amount"])
    when, _ = parse_yymmdd(match["date"])
    return Balance(-amount if match["mark"] == "D" else amount, when, match["currency"])


@dataclass(frozen=True)
class StatementEntry:
    """The parts of a ``:61:`` field, with the problems found reading it."""

    booking_date: date
    value_date: date | None
    amount: Decimal
    transaction_type: str
    customer_reference: str
    bank_reference: str
    extra: str
    supplementary: str
    problems: tuple[str, ...]


def parse_statement_entry(first_line: str, continuation: list[str]) -> StatementEntry:
    """Read a ``:61:`` field; raises ValueError when the line cannot be placed at all."""
    match = _LINE.match(first_line.strip())
    if match is None:
        raise ValueError(f"cannot read the :61: line {first_line.strip()!r}")
    amount = parse_swift_amount(match["amount"])
    problems: list[str] = []
    value_date, booking_date = _dates(match["value"], match["entry"], problems)
    customer, bank, extra = _references(match["rest"])
    return StatementEntry(
        booking_date=booking_date,
        value_date=value_date,
        amount=amount if match["mark"] in {"C", "RD", "EC"} else -amount,
        transaction_type=(match["type"] or "").strip(),
        customer_reference=customer,
        bank_reference=bank,
        extra=extra,
        supplementary=" ".join(line.strip() for line in continuation if line.strip()),
        problems=tuple(problems),
    )


def _dates(value: str, entry: str | None, problems: list[str]) -> tuple[date | None, date]:
    """(value date, booking date); the booking date is the entry date when there is one."""
    try:
        value_date, adjusted = parse_yymmdd(value)
    except ValueError:
        return None, _unplaceable_value_date(value, entry, problems)
    if adjusted:
        problems.append(f"value date {value} is not a calendar date; read as {value_date}")
    if entry is None:
        return value_date, value_date
    try:
        booking_date, adjusted = entry_date_near(entry, value_date)
    except ValueError:
        problems.append(f"entry date {entry} is not a date; the value date {value_date} is used")
        return value_date, value_date
    if adjusted:
        problems.append(f"entry date {entry} is not a calendar date; read as {booking_date}")
    return value_date, booking_date


def _unplaceable_value_date(value: str, entry: str | None, problems: list[str]) -> date:
    """A value date with no nearest date (month 13): the entry date must carry the line."""
    year = int(value[:2]) + (1900 if int(value[:2]) >= 80 else 2000)
    if entry is None:
        raise ValueError(f"value date {value} is not a date and there is no entry date")
    booking_date, _ = entry_date_near(entry, date(year, 7, 1))
    problems.append(f"value date {value} is not a date; the entry date {booking_date} is used")
    return booking_date


def _references(rest: str) -> tuple[str, str, str]:
    """(customer reference, bank reference, text beyond them on the same line)."""
    first = rest.split("\n", 1)[0]
    if "//" in first:
        customer, _, bank = first.partition("//")
        return customer.strip(), bank[:_REFERENCE_LENGTH].strip(), bank[_REFERENCE_LENGTH:].strip()
    return first[:_REFERENCE_LENGTH].strip(), "", first[_REFERENCE_LENGTH:].strip()

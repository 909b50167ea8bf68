"""A header-less debit/credit pair's sides, told by its running balance.

Without a header and without a negative amount nothing says which of two never-both-filled
columns is the debit: the left one was taken. Where a running balance stands beside them,
it says: with the sides swapped every amount is negated and the balance runs the other way
down the rows. A credit-first file read debit-first had its balance fitted running newest
first while its dates ran oldest first, every sign inverted without a word. The balance
must run the way the dates do.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import import_statement

CREDIT_FIRST = (
    "03.01.2025;Miete;;1000,00;9000,00\n"
    "14.01.2025;Kunde;2500,00;;11500,00\n"
    "20.01.2025;Strom;;80,00;11420,00\n"
)
SIGNS = [Decimal("-1000.00"), Decimal("2500.00"), Decimal("-80.00")]


def test_a_credit_first_pair_is_told_by_its_running_balance(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(CREDIT_FIRST))
    layout = result.layout
    assert layout is not None
    assert layout.header_row is None
    assert [line.amount for line in result.lines] == SIGNS
    assert (layout.debit, layout.credit, layout.balance) == (3, 2, 4)
    assert result.opening_balance == Decimal("10000.00")
    pair = (
        "amount: column 4 (debit) and column 3 (credit) are never both filled and together "
        "cover 3 of 3 rows; which is which the running balance says: the other way round "
        "it would run newest first, against the booking dates, which run oldest first"
    )
    balance = (
        "balance: column 5 is the pair's running balance (balance after each row, oldest "
        "first; 2 of 2 steps add up)"
    )
    assert dict(layout.evidence)["amount"] == (pair, balance)


def test_guard_a_debit_first_pair_stays_as_its_balance_agrees(
    write_csv: Callable[..., Path],
) -> None:
    debit_first = (
        "03.01.2025;Miete;1000,00;;9000,00\n"
        "14.01.2025;Kunde;;2500,00;11500,00\n"
        "20.01.2025;Strom;80,00;;11420,00\n"
    )
    result = import_statement(write_csv(debit_first))
    assert result.layout is not None
    assert [line.amount for line in result.lines] == SIGNS
    assert (result.layout.debit, result.layout.credit) == (2, 3)


def test_newest_first_rows_have_their_pair_told_by_a_balance_run_so_too(
    write_csv: Callable[..., Path],
) -> None:
    """Dates running newest first, credit first: the sides that run the balance so."""
    newest = "".join(reversed(CREDIT_FIRST.splitlines(keepends=True)))
    result = import_statement(write_csv(newest))
    assert result.layout is not None
    assert [line.amount for line in result.lines] == list(reversed(SIGNS))

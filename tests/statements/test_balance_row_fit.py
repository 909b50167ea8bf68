"""A balance row is no evidence against a small statement's running balance.

A dated 'Balance carried forward' row (its amount empty) or a 'Closing balance' row (the
balance in the amount column too) moves nothing, so the balance does not move into or out
of it by an amount. Counted as a broken step, the one row of a statement of two or three
lines tips the fit under half: a detected balance column is dropped, a mapped one reads
'1 of 2 steps add up', and a single line's direction goes the wrong way.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import Mapping, StatementImport, import_statement
from desktop_app.statements.balance import Chain, fit_chain

MOVEMENTS = [
    ("05/03/2024", "Rent", "-500.00", "500.00"),
    ("12/03/2024", "Salary", "2000.00", "2500.00"),
    ("19/03/2024", "Groceries", "-75.20", "2424.80"),
]
# The row that states the balance after the last movement: (text, amount cell).
BALANCE_ROWS = {
    "carried forward": ("Balance carried forward", ""),
    "closing balance": ("Closing balance", "{balance}"),
}
ORDERS = [("oldest first", False), ("newest first", True)]
HOW = {"detected": None, "mapped": Mapping(columns={"balance": "Balance"})}


def _statement(movements: int, balance_row: str, newest_first: bool) -> str:
    rows = [",".join(row) for row in MOVEMENTS[:movements]]
    text, amount = BALANCE_ROWS[balance_row]
    balance = MOVEMENTS[movements - 1][3]
    rows.append(f"28/03/2024,{text},{amount.format(balance=balance)},{balance}")
    if newest_first:
        rows.reverse()
    return "Date,Description,Amount,Balance\n" + "".join(f"{row}\n" for row in rows)


def _balance_note(result: StatementImport) -> str:
    assert result.layout is not None
    return next(
        note for note in dict(result.layout.evidence)["amount"] if note.startswith("balance:")
    )


def _chain(newest_first: bool) -> Chain:
    return Chain.AFTER_NEWEST_FIRST if newest_first else Chain.AFTER_OLDEST_FIRST


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("balance_row", BALANCE_ROWS)
@pytest.mark.parametrize(("order", "newest_first"), ORDERS)
def test_a_five_row_statements_balance_row_is_no_broken_step(
    order: str, newest_first: bool, balance_row: str, how: str, write_csv: Callable[..., Path]
) -> None:
    result = import_statement(write_csv(_statement(3, balance_row, newest_first)), mapping=HOW[how])
    assert result.layout is not None
    assert result.layout.balance_chain is _chain(newest_first)
    by = " set by the mapping" if how == "mapped" else ""
    assert _balance_note(result) == (
        f"balance: column 'Balance'{by} (balance after each row, {order}; 2 of 2 steps add up)"
    )
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("2424.80"),
    )
    assert [line.description for line in result.lines] == (
        ["Groceries", "Salary", "Rent"] if newest_first else ["Rent", "Salary", "Groceries"]
    )
    assert result.warnings == ()


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("balance_row", BALANCE_ROWS)
@pytest.mark.parametrize(("order", "newest_first"), ORDERS)
def test_two_lines_and_a_balance_row_keep_their_running_balance(
    order: str, newest_first: bool, balance_row: str, how: str, write_csv: Callable[..., Path]
) -> None:
    # One step between the lines adds up; the step to the balance row is no step at all,
    # where it was '1 of 2' (under half: a detected balance column was not used).
    result = import_statement(write_csv(_statement(2, balance_row, newest_first)), mapping=HOW[how])
    assert result.layout is not None
    assert result.layout.balance_chain is _chain(newest_first)
    by = " set by the mapping" if how == "mapped" else ""
    assert _balance_note(result) == (
        f"balance: column 'Balance'{by} (balance after each row, {order}; 1 of 1 step adds up)"
    )
    assert [line.balance for line in result.lines] == (
        [Decimal("2500.00"), Decimal("500.00")]
        if newest_first
        else [Decimal("500.00"), Decimal("2500.00")]
    )
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("2500.00"),
    )
    assert result.warnings == ()


@pytest.mark.parametrize(("order", "newest_first"), ORDERS)
def test_one_line_and_a_balance_row_read_the_mapped_balance_the_right_way(
    order: str, newest_first: bool, write_csv: Callable[..., Path]
) -> None:
    # No step between lines is left. The balance row's unmoved balance breaks the reading
    # that moves it by the line's amount and says nothing against the other, which moves
    # it by the balance row's own (none). It was read oldest first either way (so the
    # oldest-first case is a guard: it passed before).
    path = write_csv(_statement(1, "carried forward", newest_first))
    result = import_statement(path, mapping=HOW["mapped"])
    assert result.layout is not None
    assert result.layout.balance_chain is _chain(newest_first)
    assert result.opening_balance == Decimal("1000.00")
    assert result.warnings == ()


# One line leaves no step between two lines: the step into the balance row has no amount
# under the readings that move by that row's, and breaks the others. It was reported as
# '0 of 0 steps add up'; the evidence now says that no step decides and what did.
_NO_STEP_DECIDES = (
    "{order}: no step has an amount to check it by, and the steps that check "
    "'balance after each row, {other}' and 'balance before each row, {order_again}' break; "
    "of the readings left it is the usual one"
)


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("balance_row", BALANCE_ROWS)
@pytest.mark.parametrize(("order", "newest_first"), ORDERS)
def test_one_line_and_a_balance_row_say_that_no_step_decides_the_direction(
    order: str, newest_first: bool, balance_row: str, how: str, write_csv: Callable[..., Path]
) -> None:
    path = write_csv(_statement(1, balance_row, newest_first))
    result = import_statement(path, mapping=HOW[how])
    assert result.layout is not None
    assert result.layout.balance_chain is _chain(newest_first)
    other = "oldest first" if newest_first else "newest first"
    reading = _NO_STEP_DECIDES.format(
        order=f"balance after each row, {order}", other=other, order_again=order
    )
    by = " set by the mapping" if how == "mapped" else ""
    assert _balance_note(result) == f"balance: column 'Balance'{by} ({reading})"
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("500.00"),
    )
    assert result.warnings == ()


@pytest.mark.parametrize("how", HOW)
def test_a_single_lines_balance_is_read_the_usual_way_saying_nothing_decides(
    how: str, write_csv: Callable[..., Path]
) -> None:
    path = write_csv("Date,Description,Amount,Balance\n" + ",".join(MOVEMENTS[0]) + "\n")
    result = import_statement(path, mapping=HOW[how])
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    by = " set by the mapping" if how == "mapped" else ""
    assert _balance_note(result) == (
        f"balance: column 'Balance'{by} (balance after each row, oldest first, the usual "
        "reading: no step from one balance to the next has an amount to check it by, so "
        "nothing says which way it runs)"
    )
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("500.00"),
    )


class _Compared(Decimal):
    """An amount that counts how often a balance's step is compared with it."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _Compared.compared += 1
        return super().__eq__(other)

    __hash__ = Decimal.__hash__


def test_each_reading_compares_each_step_with_its_amount_once() -> None:
    # A newest-first statement: the usual reading is counted first, does not hold, and
    # the four readings are then counted. The usual one was counted twice.
    moves = [Decimal(value) for value in (5, -3, 12, -7, 4, 9)]
    balances: list[Decimal | None] = [Decimal(100)]
    for move in moves[:-1]:
        balances.append(balances[-1] - move)  # type: ignore[operator]
    amounts: list[Decimal | None] = [_Compared(move) for move in moves]
    _Compared.compared = 0
    fit = fit_chain(amounts, balances)
    assert (fit.chain, fit.consistent, fit.pairs) == (Chain.AFTER_NEWEST_FIRST, 5, 5)
    assert _Compared.compared == 4 * 5

"""The balance messages state every amount to its two decimals, never as a cell kept it.

A spreadsheet's number cell holding -15968.50 is read as -15968.5: the warning said
"-15968.5 where -16968.49 was expected", one figure short of a decimal beside the other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop_app.domain import StatementLine
from desktop_app.statements import import_statement
from desktop_app.statements.stated_balances import StatedBalance, interim_breaks

# As a spreadsheet saved as csv writes its numbers: no trailing zeros. A coffee (-4.5,
# after row 3) is missing, so the balance breaks at the salary.
ROWS = (
    "Date,Description,Amount,Balance\n"
    "2024-01-10,Coffee,-4.5,95.5\n"
    "2024-01-10,Coffee,-4.5,91\n"
    "2024-01-11,Salary,1000,1086.5\n"
    "2024-01-12,Rent,-800,286.5\n"
)


def test_a_running_balance_break_states_two_decimals(write_csv: Callable[..., Path]) -> None:
    result = import_statement(write_csv(ROWS, "short.csv"))
    (broken,) = [w for w in result.warnings if "running balance breaks" in w.message]
    assert "breaks: 1086.50 where 1091.00 was expected after row 3" in broken.message


def test_a_stated_balance_break_states_two_decimals() -> None:
    lines = [
        StatementLine("b.xlsx", 3, date(2024, 1, 1), Decimal("-100.5"), "GBP", "Rent"),
        StatementLine("b.xlsx", 5, date(2024, 1, 2), Decimal("-10"), "GBP", "Books"),
    ]
    between = StatedBalance(4, "Balance", Decimal("899.5"))
    ((row, text),) = interim_breaks(
        [between], lines, Decimal("1000"), StatedBalance(6, "Closing", Decimal("880")), False
    )
    assert row == 4
    assert text == (
        "Closing 880.00 (row 6) does not follow from Balance 899.50 (row 4) and the "
        "movements between them, -10.00 in 1 line: 889.50 was expected (a line may be "
        "missing or misread)"
    )

"""The balance messages state every amount to its currency's decimals (two where it names
none), never as a cell kept it.

A spreadsheet's number cell holding -15968.50 is read as -15968.5: the warning said
"-15968.5 where -16968.49 was expected", one figure short of a decimal beside the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import StatementLine
from desktop_app.domain.money import plain_amount
from desktop_app.statements import import_bytes, import_statement
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


def test_a_stated_balance_below_a_worksheet_says_the_balance_columns_decimals(
    write_xlsx: Callable[..., Path],
) -> None:
    """The balance column's last 90 (a number cell) was said "90" in the message that a
    closing balance stated below the table differs from it, beside a break's "90.00"."""
    rows = [
        ("Date", "Description", "Amount", "Balance"),
        (dt.datetime(2024, 1, 2), "Alpha Ltd", -1.0, 99.0),
        (dt.datetime(2024, 1, 3), "Beta Ltd", -2.0, 97.0),
        (dt.datetime(2024, 1, 4), "Gamma Ltd", -3.0, 94.0),
        (dt.datetime(2024, 1, 5), "Delta Ltd", -4.0, 90.0),
        (None, "Closing balance", 1234.5, None),
    ]
    result = import_statement(write_xlsx({"Sheet1": rows}, "bank.xlsx"))
    assert [str(w) for w in result.warnings] == [
        "bank.xlsx row 6: Closing balance 1234.50 (row 6) differs from the balance column's 90.00"
    ]


def test_stated_balances_that_do_not_add_up_in_a_worksheet_state_two_decimals(
    write_xlsx: Callable[..., Path],
) -> None:
    rows = [
        ("Date", "Description", "Amount"),
        (None, "Opening balance", 100.5),
        (dt.datetime(2024, 1, 2), "Alpha Ltd", -1.5),
        (dt.datetime(2024, 1, 3), "Beta Ltd", -2.0),
        (None, "Closing balance", 90.5),
    ]
    result = import_statement(write_xlsx({"Sheet1": rows}, "bank.xlsx"))
    do_not_add_up = (
        "bank.xlsx: the stated balances do not add up: Opening balance 100.50 + movements "
        "-3.50 = 97.00, but Closing balance says 90.50 (a line may be missing or misread)"
    )
    assert [str(w) for w in result.warnings] == [do_not_add_up]
    assert result.layout is not None
    assert dict(result.layout.evidence)["balances"] == (
        "stated balances: Opening balance 100.50 (row 2), Closing balance 90.50 (row 5)",
    )


def test_an_mt940_statements_balances_state_two_decimals() -> None:
    """MT940 writes a whole amount with its decimal comma alone ('1000,')."""
    text = (
        ":20:X\n:25:DE44500105175407324931\n:28C:00001/001\n:60F:C240301EUR1000,\n"
        ":61:2403050305D12,5NTRFNONREF//B1\n:86:Rent\n:62F:C240331EUR990,\n-\n"
    )
    result = import_bytes(text.encode(), "bank.sta")
    do_not_add_up = (
        "bank.sta row 7: balances do not add up: opening 1000.00 + movements -12.50 = 987.50, "
        "but the closing balance is 990.00 (difference 2.50); lines may be missing"
    )
    assert [str(w) for w in result.warnings] == [do_not_add_up]


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("90", None, "90.00"),
        ("90", "GBP", "90.00"),
        ("90", "gbp", "90.00"),
        ("90", "JPY", "90"),
        ("90.5", "JOD", "90.500"),
        ("1.005", "EUR", "1.005"),  # every decimal it has beyond them
        ("90", "EURO", "90.00"),  # no currency code: two
        ("1E+3", "JPY", "1000"),
    ],
)
def test_plain_amount_to_the_currencys_decimals(
    amount: str, currency: str | None, shown: str
) -> None:
    assert plain_amount(Decimal(amount), currency) == shown


def test_a_running_balance_break_in_yen_states_no_decimals(write_csv: Callable[..., Path]) -> None:
    text = (
        "Date,Description,Amount,Currency,Balance\n"
        "2024-01-10,Coffee,-450,JPY,9550\n"
        "2024-01-11,Tea,-300,JPY,9250\n"
        "2024-01-12,Salary,100000,JPY,110000\n"
        "2024-01-13,Rent,-80000,JPY,30000\n"
    )
    result = import_statement(write_csv(text, "yen.csv"))
    (broken,) = [w for w in result.warnings if "running balance breaks" in w.message]
    assert "breaks: 110000 where 109250 was expected after row 3" in broken.message

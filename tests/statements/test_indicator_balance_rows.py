"""An unsigned amount with a debit/credit indicator, and balance rows that leave it blank.

A dated 'Balance brought forward' or opening balance row has nothing to sign, so banks
leave its D/C cell empty. That one blank cell must not stop the column being read as the
indicator (every movement would then be read as money in); a blank on a movement still
does, since that movement's sign cannot be known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import AmountStyle, Mapping, StatementImport, import_statement
from tests.statements.card_files import GUESSED_DAY_FIRST


def _money(result: StatementImport) -> list[tuple[int, Decimal]]:
    return [(line.row, line.amount) for line in result.lines]


def _balances(result: StatementImport) -> tuple[str, ...]:
    assert result.layout is not None
    return dict(result.layout.evidence)["balances"]


# (debit mark, credit mark, header of the indicator column)
MARKS = [("D", "C", "D/C"), ("DR", "CR", "CR/DR"), ("Af", "Bij", "Af Bij"), ("S", "H", "S/H")]


@pytest.mark.parametrize(("debit", "credit", "header"), MARKS)
def test_balance_rows_with_an_empty_amount_and_mark_leave_the_indicator_standing(
    debit: str, credit: str, header: str, write_csv: Callable[..., Path]
) -> None:
    path = write_csv(
        f"Date,Description,Amount,{header},Balance\n"
        "01/03/2024,Balance brought forward,,,1000.00\n"
        f"02/03/2024,Rent,500.00,{debit},500.00\n"
        f"05/03/2024,Salary,2000.00,{credit},2500.00\n"
        f"09/03/2024,Groceries,75.20,{debit},2424.80\n"
        f"12/03/2024,Refund,24.80,{credit},2449.60\n"
        "15/03/2024,Balance carried forward,,,2449.60\n"
    )
    result = import_statement(path)
    assert result.layout is not None
    assert result.layout.amount_style is AmountStyle.INDICATOR
    assert result.layout.column_name(result.layout.indicator) == header
    assert _money(result) == [
        (3, Decimal("-500.00")),
        (4, Decimal("2000.00")),
        (5, Decimal("-75.20")),
        (6, Decimal("24.80")),
    ]
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("2449.60"),
    )
    assert result.warnings == ()
    assert _balances(result)[0] == (
        "stated balances: Balance brought forward 1000.00 (row 2) + 4 movements 1449.60 = "
        "Balance carried forward 2449.60 (row 7)"
    )


def test_an_opening_balance_in_the_amount_column_without_a_mark_is_a_balance(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv(
        "Date,Description,Amount,CR/DR\n"
        "01/03/2024,Opening balance,1000.00,\n"
        "02/03/2024,Rent,500.00,DR\n"
        "05/03/2024,Salary,2000.00,CR\n"
        "09/03/2024,Groceries,75.20,DR\n"
        "12/03/2024,Refund,24.80,CR\n"
    )
    result = import_statement(path)
    assert result.layout is not None
    assert result.layout.amount_style is AmountStyle.INDICATOR
    assert result.layout.indicator_signs == (("cr", 1), ("dr", -1))
    assert _money(result) == [
        (3, Decimal("-500.00")),
        (4, Decimal("2000.00")),
        (5, Decimal("-75.20")),
        (6, Decimal("24.80")),
    ]
    assert result.opening_balance == Decimal("1000.00")
    # the row states the balance: no 'row skipped'; only the date order is a guess
    [guess] = result.warnings
    assert guess.message.startswith(GUESSED_DAY_FIRST)
    assert (
        _balances(result)[1]
        == "rows read as balances, not as lines: Opening balance 1000.00 (row 2)"
    )


def test_a_balance_row_between_the_lines_without_a_mark_is_a_balance(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv(
        "Datum;Omschrijving;Bedrag;Af Bij\n"
        "01-03-2024;Huur;500,00;Af\n"
        "05-03-2024;Salaris;2000,00;Bij\n"
        "15-03-2024;Saldo;1500,00;\n"
        "18-03-2024;Boodschappen;75,20;Af\n"
        "20-03-2024;Terugbetaling;24,80;Bij\n"
    )
    result = import_statement(path)
    assert result.layout is not None
    assert result.layout.amount_style is AmountStyle.INDICATOR
    assert _money(result) == [
        (2, Decimal("-500.00")),
        (3, Decimal("2000.00")),
        (5, Decimal("-75.20")),
        (6, Decimal("24.80")),
    ]
    assert result.warnings == ()
    assert _balances(result) == (
        "rows read as balances, not as lines: Saldo 1500.00 (row 4, between the lines)",
    )


def test_a_mapped_indicator_finds_its_marks_past_a_balance_row(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv(
        "Date,Description,Amount,Sign\n"
        "01/03/2024,Opening balance,1000.00,\n"
        "02/03/2024,Rent,500.00,D\n"
        "05/03/2024,Salary,2000.00,C\n"
    )
    mapping = Mapping(columns={"amount": "Amount", "indicator": "Sign"})
    result = import_statement(path, mapping=mapping)
    assert _money(result) == [(3, Decimal("-500.00")), (4, Decimal("2000.00"))]
    # no date settles day- or month-first: the order is a guess, and warned of
    [guess] = result.warnings
    assert guess.message.startswith(GUESSED_DAY_FIRST)


# Guards (they pass before the fix as well): a blank mark on a movement is no balance row.
INCONSISTENT = [
    pytest.param(
        "01-03-2024;Huur;500,00;Af\n"
        "05-03-2024;Salaris;2000,00;Bij\n"
        "10-03-2024;Onbekend;10,00;\n"
        "12-03-2024;Terugbetaling;24,80;Bij\n",
        id="a movement without a mark",
    ),
    pytest.param(
        "01-03-2024;Beginsaldo;1000,00;\n"
        "02-03-2024;Huur;500,00;Af\n"
        "05-03-2024;Salaris;2000,00;Bij\n"
        "10-03-2024;Onbekend;10,00;\n",
        id="a balance row and a movement without a mark",
    ),
]


@pytest.mark.parametrize("rows", INCONSISTENT)
def test_a_column_blank_on_a_movement_is_still_no_indicator(
    rows: str, write_csv: Callable[..., Path]
) -> None:
    result = import_statement(write_csv("Datum;Omschrijving;Bedrag;Af Bij\n" + rows))
    assert result.layout is not None
    assert result.layout.amount_style is AmountStyle.SIGNED
    assert result.layout.indicator is None
    # Read as signed amounts, as before: the unmarked movement is a line like the others.
    assert (dt.date(2024, 3, 10), Decimal("10.00")) in [
        (line.date, line.amount) for line in result.lines
    ]

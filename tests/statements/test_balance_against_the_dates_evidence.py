"""The balance evidence of a running balance that runs against the amounts' signs.

A balance that falls by each positive amount, in a file dated oldest first, adds up only
read as "balance before each row, newest first": the same steps read the other way with
every sign swapped. The evidence said that reading, "newest first" of a file whose dates
run oldest first, which told the accountant nothing of what was found. It now says the
reading as the dates run, each amount taken off the balance rather than added, whatever
the amounts are written in (one signed column, a debit/credit pair).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.statements import import_statement
from desktop_app.statements.balance import Chain

# Money out shown positive beside a bank's balance, oldest first: 1,000.00 before the rent.
SIGNED = [
    ["Date", "Description", "Amount", "Balance"],
    ["01/10/2025", "Rent", "900.00", "100.00"],
    ["02/10/2025", "Client X INV-1", "-1500.00", "1600.00"],
    ["13/10/2025", "Fee", "4.00", "1596.00"],
    ["14/10/2025", "Client Y", "-250.00", "1846.00"],
]


def _csv(rows: Sequence[Sequence[Any]]) -> str:
    return "".join(
        ",".join("" if cell is None else str(cell) for cell in row) + "\n" for row in rows
    )


def _amount_evidence(result: Any) -> tuple[str, ...]:
    assert result.layout is not None
    return dict(result.layout.evidence)["amount"]


def test_a_signed_column_whose_balance_runs_against_it_is_said_as_the_dates_run(
    write_csv: Callable[..., Path],
    write_xlsx: Callable[[dict[str, Sequence[Sequence[Any]]], str], Path],
) -> None:
    numbers = [SIGNED[0], *([*row[:2], float(row[2]), float(row[3])] for row in SIGNED[1:])]
    for path in (
        write_csv(_csv(SIGNED), "inverted.csv"),
        write_xlsx({"Statement": numbers}, "inverted.xlsx"),
    ):
        result = import_statement(path)

        assert result.layout is not None
        assert result.layout.balance_chain is Chain.BEFORE_NEWEST_FIRST, path.name
        assert _amount_evidence(result)[:2] == (
            "amount: column 'Amount' (4 of 4 rows)",
            (
                "balance: column 'Balance' (balance after each row, oldest first, as the "
                "dates run, each amount taken off rather than added; 3 of 3 steps add up)"
            ),
        ), path.name


def test_a_debit_credit_pair_whose_balance_runs_against_it_is_said_as_the_dates_run(
    write_csv: Callable[..., Path],
) -> None:
    """A card's balance owed, oldest first: it rises by each debit."""
    owed = (
        "Date,Description,Debit,Credit,Balance\n"
        "2024-03-01,Rent,800.00,,2800.00\n"
        "2024-03-02,Payment,,2500.00,300.00\n"
        "2024-03-03,Coffee,4.50,,304.50\n"
    )
    result = import_statement(write_csv(owed, "card.csv"))

    assert result.warnings == ()
    assert _amount_evidence(result)[1] == (
        "balance: column 'Balance' (balance after each row, oldest first, as the dates run, "
        "each amount taken off rather than added; 2 of 2 steps add up)"
    )


def test_a_balance_running_with_the_dates_keeps_its_reading(
    write_csv: Callable[..., Path],
) -> None:
    """A guard: a bank's statement listed newest first, its balance after each row as
    the dates run, is said as before."""
    newest_first = [SIGNED[0], *reversed(SIGNED[1:])]
    newest_first = [
        row if index == 0 else [*row[:2], str(-Decimal(row[2])), row[3]]
        for index, row in enumerate(newest_first)
    ]
    result = import_statement(write_csv(_csv(newest_first), "bank.csv"))

    assert result.warnings == ()
    assert _amount_evidence(result)[-1] == (
        "balance: column 'Balance' (balance after each row, newest first; 3 of 3 steps add up)"
    )

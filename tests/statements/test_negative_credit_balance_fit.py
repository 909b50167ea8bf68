"""A credit column holding a negative amount (a reversal written as -500 in 'Paid in').

The line reads it as the credit less the debit with the credit's own sign (-500.00), and
the balance column adds up so; the fit that found the balance column counted each credit
as its size, so the evidence said "3 of 4 steps add up" where every step does, and a
statement with as many reversals as other steps lost its balance column ("not a running
balance of these amounts"). The count is now made with the amounts the lines carry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.statements import import_statement
from desktop_app.statements.balance import Chain


def _amount_evidence(result: Any) -> tuple[str, ...]:
    assert result.layout is not None
    return dict(result.layout.evidence)["amount"]


def test_a_negative_credit_counts_as_a_step_that_adds_up(
    write_csv: Callable[..., Path],
    write_xlsx: Callable[[dict[str, Sequence[Sequence[Any]]], str], Path],
) -> None:
    """The same statement as a workbook (the reversal a number cell) and as a csv: each
    step adds up with the amounts read, and the evidence counts all four."""
    rows: list[list[Any]] = [
        ["Date", "Description", "Paid out", "Paid in", "Balance"],
        ["01/10/2025", "Balance brought forward", None, None, "1,000.00"],
        ["02/10/2025", "CLIENT P INV-9001", None, "2,000.00", "3,000.00"],
        ["03/10/2025", "SUPPLIER Q", "120.00", None, "2,880.00"],
        ["04/10/2025", "Reversal of CLIENT P", None, -500, "2,380.00"],
        ["13/10/2025", "FEE", "2.50", None, "2,377.50"],
    ]
    workbook = write_xlsx({"Statement": rows}, "reversal.xlsx")
    text = "".join(
        ",".join("" if cell is None else f'"{cell}"' for cell in row) + "\n" for row in rows
    )
    for path in (workbook, write_csv(text, "reversal.csv")):
        result = import_statement(path)

        assert [line.amount for line in result.lines] == [
            Decimal("2000.00"),
            Decimal("-120.00"),
            Decimal("-500"),
            Decimal("-2.50"),
        ]
        assert result.warnings == ()
        assert result.layout is not None
        assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
        assert (result.opening_balance, result.closing_balance) == (
            Decimal("1000.00"),
            Decimal("2377.50"),
        )
        assert _amount_evidence(result) == (
            "amount: debit column 'Paid out' and credit column 'Paid in'",
            (
                "balance: column 'Balance' (balance after each row, oldest first; "
                "4 of 4 steps add up)"
            ),
        ), path.name


def test_reversals_as_many_as_other_steps_keep_the_balance_column(
    write_csv: Callable[..., Path],
) -> None:
    """Two reversals among four lines: counted by their size, half the steps broke, the
    balance column was set aside with a warning that it is not a running balance of
    these amounts, and the statement had no opening or closing balance. Counted as the
    lines read them, every step adds up."""
    text = (
        "Date,Description,Paid out,Paid in,Balance\n"
        "01/10/2025,CLIENT P INV-9001,,2000.00,3000.00\n"
        "02/10/2025,Reversal of CLIENT P,,-500.00,2500.00\n"
        "03/10/2025,SUPPLIER Q,120.00,,2380.00\n"
        "13/10/2025,Reversal of CLIENT R,,-80.00,2300.00\n"
        "14/10/2025,CLIENT S,,45.00,2345.00\n"
    )
    result = import_statement(write_csv(text, "reversals.csv"))

    assert [str(line.amount) for line in result.lines] == [
        "2000.00",
        "-500.00",
        "-120.00",
        "-80.00",
        "45.00",
    ]
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("2345.00"),
    )
    assert _amount_evidence(result)[-1] == (
        "balance: column 'Balance' (balance after each row, oldest first; 4 of 4 steps add up)"
    )

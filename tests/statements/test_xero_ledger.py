"""Xero's "Account Transactions" export of the bank account: a ledger's, debits money in.

Xero lists the bank account as the books do (a receipt is a debit, the running balance
rises by it) and names no ledger account in a column: the account is a heading row above
the lines. What says the file is the books' is its 'Source' column, each line's
transaction in them ('Receive Money', 'Receivable Payment', 'Spend Money', 'Payable
Payment'), which no bank's statement names. Before, only the evidence said the file might
be a ledger's: it was read with a bank's signs, every receipt money out, its opening and
closing balances swapped, and its stated closing balance said to differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain import StatementLine
from desktop_app.statements import import_statement
from desktop_app.statements.balance import Chain
from desktop_app.statements.ledger_view import ledger_evidence

HEADER = [
    "Date",
    "Source",
    "Description",
    "Reference",
    "Debit (GBP)",
    "Credit (GBP)",
    "Running Balance (GBP)",
]
LINES: list[list[Any]] = [
    [dt.datetime(2025, 10, 3), "Receive Money", "ACME Ltd", "EL-2025-00135", 850.26, None, 5850.26],
    [dt.datetime(2025, 10, 6), "Receivable Payment", "Payment: Gamma Co", "INV-0042", 1000, None, 6850.26],
    [dt.datetime(2025, 10, 10), "Spend Money", "Office rent", None, None, 1537.08, 5313.18],
    [dt.datetime(2025, 10, 15), "Payable Payment", "Payment: Brightside", "BILL-7", None, 614.32, 4698.86],
]  # fmt: skip


def _xero(lines: Sequence[Sequence[Any]] = LINES) -> list[list[Any]]:
    """The report as Xero writes it: a title, the organisation and period above the
    header; the account's heading and opening balance above its lines, its total and
    closing balance below them."""
    return [
        ["Account Transactions"],
        ["Demo Company (UK)"],
        ["For the period 1 October 2025 to 31 October 2025"],
        [],
        HEADER,
        ["Business Bank Account"],
        ["Opening Balance", None, None, None, None, None, 5000],
        *map(list, lines),
        ["Total Business Bank Account", None, None, None, 1850.26, 2151.40, None],
        ["Closing Balance", None, None, None, None, None, 4698.86],
    ]


def test_xero_account_transactions_read_debits_as_money_in(
    write_xlsx: Callable[[dict[str, Sequence[Sequence[Any]]], str], Path],
) -> None:
    result = import_statement(write_xlsx({"Account Transactions": _xero()}, "xero.xlsx"))

    assert [(line.row, str(line.amount)) for line in result.lines] == [
        (8, "850.26"),
        (9, "1000"),
        (10, "-1537.08"),
        (11, "-614.32"),
    ]
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("5000.00"),
        Decimal("4698.86"),
    )
    (said,) = result.warnings  # the stated closing balance agrees: no warning of it
    assert said.message.startswith(
        "column 'Debit (GBP)' read as money in and column 'Credit (GBP)' as money out, a "
        "ledger's view of the bank account (column 'Source' names book-keeping "
        "transactions ('Receive Money', 'Receivable Payment'))"
    )


def test_a_source_column_of_a_banks_words_is_no_ledger(
    write_xlsx: Callable[[dict[str, Sequence[Sequence[Any]]], str], Path],
) -> None:
    """The same numbers under a 'Source' column of a bank's channels: nothing says the
    file is the books', so the signs detected stand (a card's balance owed reads so)."""
    channels = ["Online Banking", "Bank Transfer", "Card", "Bank Transfer"]
    lines = [[row[0], channel, *row[2:]] for row, channel in zip(LINES, channels, strict=True)]
    result = import_statement(write_xlsx({"Account Transactions": _xero(lines)}, "bank.xlsx"))

    assert [str(line.amount) for line in result.lines] == ["-850.26", "-1000", "1537.08", "614.32"]


@pytest.mark.parametrize(
    ("sources", "found"),
    [
        (["Receive Money", "Bank Transfer"], "('Receive Money')"),
        (["Payable Invoice", "Manual Journal"], "('Payable Invoice', 'Manual Journal')"),
        (["Bank Transfer", "Bank Transfer"], None),  # a bank's type column may say so too
        (["Receive Money", "Direct Debit"], None),  # a bank's word among them
    ],
)
def test_what_a_source_column_shows(sources: list[str], found: str | None) -> None:
    lines = [
        StatementLine("x.xlsx", row, dt.date(2025, 10, 3), Decimal("1"), "GBP", raw=("", source))
        for row, source in enumerate(sources, start=2)
    ]
    expected = None if found is None else f"column 'Source' names book-keeping transactions {found}"
    assert ledger_evidence(["Date", "Source"], lines) == expected

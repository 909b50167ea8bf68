"""``invert_sign``: a file that shows money out as positive (a credit card's export) is read
from the account holder's side, its amounts and every balance it states negated together
(its balance owed rises with each purchase: negated with them, it still runs with them; a
bank account's balance, which keeps its sign, is ``test_flipped_bank_balance``'s).

The card below starts the period owing 100.00, spends and repays; the issuer's figures are
all positive where the holder owes. Read with ``invert_sign`` the lines are the holder's
(a purchase is money out) and so are the balances (what the holder owes is negative): the
running balance, the stated opening and closing, and the balance rows still add up, so no
warning is raised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import Mapping, import_statement
from desktop_app.statements.balance import Chain
from tests.statements.held import breaks_between

INVERTED = Mapping(invert_sign=True)

MARCH = (
    "Card statement\n"
    "Opening balance,100.00\n"
    "Date,Description,Amount,Balance\n"
    "2024-03-01,Grocer,45.20,145.20\n"
    "2024-03-03,Payment - thank you,-100.00,45.20\n"
    "2024-03-05,Fuel,60.00,105.20\n"
    "Closing balance,105.20\n"
)
APRIL = (
    "Card statement\n"
    "Opening balance,105.20\n"
    "Date,Description,Amount,Balance\n"
    "2024-04-02,Books,12.50,117.70\n"
    "2024-04-04,Payment - thank you,-117.70,0.00\n"
    "Closing balance,0.00\n"
)


def _d(*values: str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def test_a_csv_with_a_balance_column_and_stated_balances_is_negated_whole(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(MARCH, "card-2024-03.csv"), mapping=INVERTED)
    assert [line.amount for line in result.lines] == _d("-45.20", "100.00", "-60.00")
    assert [line.balance for line in result.lines] == _d("-145.20", "-45.20", "-105.20")
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("-100.00"),
        Decimal("-105.20"),
    )
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    assert not result.layout.balance_sign_kept
    assert dict(result.layout.evidence)["amount"][-1] == (
        "balance: column 'Balance' negated with the amounts, every sign flipped: so it runs "
        "with them as the dates run (oldest first), as a card's balance owed does; kept, it "
        "would run against them"
    )
    assert dict(result.layout.evidence)["balances"] == (
        (
            "stated balances: Opening balance -100.00 (row 2) + 3 movements -5.20 = "
            "Closing balance -105.20 (row 7)"
        ),
    )


def test_the_same_csv_without_inverting_keeps_the_files_signs(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(MARCH, "card-2024-03.csv"))
    assert [line.amount for line in result.lines] == _d("45.20", "-100.00", "60.00")
    assert [line.balance for line in result.lines] == _d("145.20", "45.20", "105.20")
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("100.00"),
        Decimal("105.20"),
    )
    assert result.warnings == ()


def test_consecutive_inverted_statements_follow_each_other(
    write_csv: Callable[..., Path],
) -> None:
    march = import_statement(write_csv(MARCH, "card-2024-03.csv"), mapping=INVERTED)
    april = import_statement(write_csv(APRIL, "card-2024-04.csv"), mapping=INVERTED)
    assert march.closing_balance == april.opening_balance == Decimal("-105.20")
    assert str(april.closing_balance) == "0.00"  # paid off: zero, not minus zero
    assert april.warnings == ()
    assert breaks_between(march, april) == []


def test_an_xlsx_newest_first_with_balance_rows_is_negated_whole(
    write_xlsx: Callable[..., Path],
) -> None:
    """Newest first, the balance stated above the table, a month's balance between the
    lines and the balance brought forward as a dated row below them, all in number cells."""
    rows = [
        ["Card statement March 2024"],
        ["Previous balance", 100.45],
        ["New balance", 105.65],
        ["Date", "Description", "Amount", "Balance"],
        [dt.datetime(2024, 3, 5), "Fuel", 60.2, 105.65],
        [dt.datetime(2024, 3, 3), "Payment - thank you", -100.0, 45.45],
        [dt.datetime(2024, 3, 2), "Balance", 145.45, 145.45],
        [dt.datetime(2024, 3, 1), "Grocer", 45.0, 145.45],
        [dt.datetime(2024, 2, 29), "Balance brought forward", 100.45, 100.45],
    ]
    result = import_statement(write_xlsx({"Card": rows}), mapping=INVERTED)
    assert [line.row for line in result.lines] == [5, 6, 8]
    assert [line.amount for line in result.lines] == _d("-60.2", "100", "-45")
    assert [line.balance for line in result.lines] == _d("-105.65", "-45.45", "-145.45")
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("-100.45"),
        Decimal("-105.65"),
    )
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_NEWEST_FIRST
    assert dict(result.layout.evidence)["balances"] == (
        (
            "stated balances: Previous balance -100.45 (row 2) + 3 movements -5.20 = "
            "New balance -105.65 (row 3)"
        ),
        (
            "rows read as balances, not as lines: Balance -145.45 (row 7, between the "
            "lines), Balance brought forward -100.45 (row 9)"
        ),
    )


def test_a_realigned_row_has_its_balance_negated_too(write_csv: Callable[..., Path]) -> None:
    """A row that left out a field is read realigned, apart from the columns' bulk reading."""
    text = (
        "Card statement\n"
        "Opening balance,100.00\n"
        "Date,Type,Description,Balance,Amount\n"
        "2024-03-01,POS,Grocer,145.20,45.20\n"
        "2024-03-02,POS,Books,157.70,12.50\n"
        "2024-03-03,Payment - thank you,57.70,-100.00\n"
        "2024-03-04,POS,Cafe,61.20,3.50\n"
        "2024-03-05,POS,Fuel,121.20,60.00\n"
        "Closing balance,121.20\n"
    )
    mapping = Mapping(
        columns={
            "date": "Date",
            "description": "Description",
            "amount": "Amount",
            "balance": "Balance",
        },
        invert_sign=True,
    )
    result = import_statement(write_csv(text), mapping=mapping)
    assert [line.amount for line in result.lines] == _d(
        "-45.20", "-12.50", "100.00", "-3.50", "-60.00"
    )
    assert [line.balance for line in result.lines] == _d(
        "-145.20", "-157.70", "-57.70", "-61.20", "-121.20"
    )
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("-100.00"),
        Decimal("-121.20"),
    )
    assert [(warning.row, warning.message) for warning in result.warnings] == [
        (6, "the row has 4 fields where the header has 5; read as if it left out 'Type'"),
    ]

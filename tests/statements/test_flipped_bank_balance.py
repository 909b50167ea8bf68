"""``invert_sign`` on a bank account's export that shows money out as positive.

The file is written from the holder's side but for the amounts' signs: the rent, 900.00
out, is shown as 900.00 and takes 900.00 off a balance in credit, shown positive. Every
sign flipped, the amounts read right; negated with them, the balance would show the
account overdrawn and still run against them (negating both never changes which way the
balance runs with the amounts; negating the amounts alone turns it). So the balance
column keeps its sign there, and so do the balances stated around the table and the
balance rows in it: the bridge and the next month's opening agree. A card's export,
whose balance owed rises with each purchase, is negated whole as before
(``test_inverted_signs``), and so is a balance that says nothing either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    StatementImport,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.balance import Chain
from tests.statements.held import breaks_between
from tests.statements.test_balance_sign_assumed import DEFAULT, NO_MEMORY

FLIPPED = Mapping(invert_sign=True)

# The tester's file: oldest first, 1,000.00 in credit before the rent.
OCTOBER = (
    "Date,Description,Amount,Balance\n"
    "01/10/2025,Rent,900.00,100.00\n"
    "02/10/2025,Client X INV-1,-1500.00,1600.00\n"
    "13/10/2025,Fee,4.00,1596.00\n"
    "14/10/2025,Client Y,-250.00,1846.00\n"
)
NOVEMBER = (
    "Date,Description,Amount,Balance\n"
    "03/11/2025,Rent,900.00,946.00\n"
    "10/11/2025,Client Z,-300.00,1246.00\n"
    "20/11/2025,Fee,4.00,1242.00\n"
)

KEPT = (
    "balance: column 'Balance' keeps its sign, the amounts alone flipped: so it runs with "
    "them as the dates run (oldest first), as a bank account's balance does; negated too, "
    "it would run against them"
)


def _d(*values: str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def _amount_evidence(result: StatementImport) -> tuple[str, ...]:
    assert result.layout is not None
    return dict(result.layout.evidence)["amount"]


def test_every_sign_flipped_keeps_a_bank_accounts_balance_in_credit(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(OCTOBER, "bank-2025-10.csv"), mapping=FLIPPED)

    assert [line.amount for line in result.lines] == _d("-900.00", "1500.00", "-4.00", "250.00")
    assert [line.balance for line in result.lines] == _d("100.00", "1600.00", "1596.00", "1846.00")
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1846.00"),
    )
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    assert (result.layout.invert_sign, result.layout.balance_sign_kept) == (True, True)
    assert _amount_evidence(result) == (
        "amount: column 'Amount' (4 of 4 rows)",
        "balance: column 'Balance' (balance after each row, oldest first; 3 of 3 steps add up)",
        KEPT,
    )


def test_the_same_statement_newest_first_in_number_cells_with_balance_rows(
    write_xlsx: Callable[[dict[str, Sequence[Sequence[Any]]], str], Path],
) -> None:
    """Newest first, its balances stated above the table, a balance row between the lines
    and the balance brought forward as a dated row below them: each keeps its sign with
    the balance column, so the stated ones bridge the movements as the column does."""
    rows = [
        ["Account statement October 2025"],
        ["Previous balance", 1000.5],
        ["New balance", 1846.5],
        ["Date", "Description", "Amount", "Balance"],
        [dt.datetime(2025, 10, 14), "Client Y", -250.0, 1846.5],
        [dt.datetime(2025, 10, 13), "Fee", 4.0, 1596.5],
        [dt.datetime(2025, 10, 12), "Balance", 1600.5, 1600.5],
        [dt.datetime(2025, 10, 2), "Client X INV-1", -1500.0, 1600.5],
        [dt.datetime(2025, 10, 1), "Rent", 900.0, 100.5],
        [dt.datetime(2025, 9, 30), "Balance brought forward", 1000.5, 1000.5],
    ]
    result = import_statement(write_xlsx({"Statement": rows}, "bank.xlsx"), mapping=FLIPPED)

    assert [line.row for line in result.lines] == [5, 6, 8, 9]
    assert [line.amount for line in result.lines] == _d("250", "-4", "1500", "-900")
    assert [line.balance for line in result.lines] == _d("1846.5", "1596.5", "1600.5", "100.5")
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.5"),
        Decimal("1846.5"),
    )
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_NEWEST_FIRST
    assert _amount_evidence(result)[-1] == KEPT.replace("oldest first", "newest first")
    assert dict(result.layout.evidence)["balances"] == (
        (
            "stated balances: Previous balance 1000.50 (row 2) + 4 movements 846.00 = "
            "New balance 1846.50 (row 3)"
        ),
        (
            "rows read as balances, not as lines: Balance 1600.50 (row 7, between the "
            "lines), Balance brought forward 1000.50 (row 10)"
        ),
    )


def test_stated_balances_around_a_csv_keep_their_sign_with_the_column(
    write_csv: Callable[..., Path],
) -> None:
    text = f"Account statement\nOpening balance,1000.00\n{OCTOBER}Closing balance,1846.00\n"
    result = import_statement(write_csv(text, "bank-2025-10.csv"), mapping=FLIPPED)

    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1846.00"),
    )
    assert result.warnings == ()
    assert result.layout is not None
    assert dict(result.layout.evidence)["balances"] == (
        (
            "stated balances: Opening balance 1000.00 (row 2) + 4 movements 846.00 = "
            "Closing balance 1846.00 (row 8)"
        ),
    )


def test_a_realigned_row_keeps_its_balances_sign_too(write_csv: Callable[..., Path]) -> None:
    """A row that left out a field is read realigned, apart from the columns' bulk reading."""
    text = (
        "Date,Type,Description,Balance,Amount\n"
        "2025-10-01,DD,Rent,100.00,900.00\n"
        "2025-10-02,CR,Client X,1600.00,-1500.00\n"
        "2025-10-13,Fee,1596.00,4.00\n"
        "2025-10-14,CR,Client Y,1846.00,-250.00\n"
        "2025-10-15,POS,Cafe,1842.50,3.50\n"
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
        "-900.00", "1500.00", "-4.00", "250.00", "-3.50"
    )
    assert [line.balance for line in result.lines] == _d(
        "100.00", "1600.00", "1596.00", "1846.00", "1842.50"
    )
    assert [(warning.row, warning.message) for warning in result.warnings] == [
        (4, "the row has 4 fields where the header has 5; read as if it left out 'Type'"),
    ]


def test_consecutive_months_follow_each_other_and_a_saved_profile_keeps_the_sign(
    write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    """The wizard's choice saved as a profile is applied to next month's file, whose
    balance column is judged on its own figures as October's was."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    october = import_statement(write_csv(OCTOBER, "bank-2025-10.csv"), mapping=FLIPPED)
    assert october.layout is not None
    store.save(profile_from_layout("My bank", october.layout, FLIPPED))

    november = import_statement(write_csv(NOVEMBER, "bank-2025-11.csv"), profiles=store)

    assert november.layout is not None
    assert november.layout.profile == "My bank"
    assert [line.amount for line in november.lines] == _d("-900.00", "300.00", "-4.00")
    assert [line.balance for line in november.lines] == _d("946.00", "1246.00", "1242.00")
    assert october.closing_balance == november.opening_balance == Decimal("1846.00")
    assert november.closing_balance == Decimal("1242.00")
    assert november.warnings == ()
    assert breaks_between(october, november) == []


def test_a_balance_that_says_nothing_is_negated_with_the_amounts_as_before(
    write_csv: Callable[..., Path],
) -> None:
    """One line has no step to say which way the balance runs with the amounts, and dates
    out of order do not say which way it runs: every figure is negated, as a card's."""
    one_line = import_statement(
        write_csv("Date,Description,Amount,Balance\n01/10/2025,Rent,900.00,100.00\n"),
        mapping=FLIPPED,
    )
    assert [(line.amount, line.balance) for line in one_line.lines] == [
        (Decimal("-900.00"), Decimal("-100.00"))
    ]
    assert one_line.layout is not None
    assert not one_line.layout.balance_sign_kept
    assert _amount_evidence(one_line)[-1] == (
        "balance: column 'Balance' negated with the amounts, every sign flipped: too few of "
        f"its steps add up to say which way it runs with them, and {NO_MEMORY}: {DEFAULT}"
    )

    jumbled = OCTOBER.replace("13/10/2025", "30/09/2025")
    unordered = import_statement(write_csv(jumbled, "jumbled.csv"), mapping=FLIPPED)
    assert [line.balance for line in unordered.lines] == _d(
        "-100.00", "-1600.00", "-1596.00", "-1846.00"
    )
    assert unordered.layout is not None
    assert not unordered.layout.balance_sign_kept
    assert _amount_evidence(unordered)[-1] == (
        "balance: column 'Balance' negated with the amounts, every sign flipped: the dates "
        f"run in no one order to say which way it runs with them, and {NO_MEMORY}: {DEFAULT}"
    )

"""A mapping's signs the wrong way round, over a balance column that says so.

Swapping every amount's sign and reading the balance column the other way down the rows
gives a chain that adds up just as well, so a mapping with its ``indicator_signs`` (or its
debit and credit columns) swapped found a running balance that "held", read against the
dates, and said nothing. The dates tell which way the statement runs: read so, the
balance breaks, and the import says the balance disagrees with the mapping's signs,
which it keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.balance import Chain

# Oldest first; the balance after each row: 2000.00 - 800 + 2500 - 4.50 + 20.
MARKED = (
    "Date,Description,Amount,DRCR,Balance\n"
    "2024-03-01,Rent,800.00,DR,1200.00\n"
    "2024-03-02,Salary,2500.00,CR,3700.00\n"
    "2024-03-03,Coffee,4.50,DR,3695.50\n"
    "2024-03-04,Refund,20.00,CR,3715.50\n"
)
SWAPPED = {"DR": 1, "CR": -1}


def test_swapped_indicator_signs_are_kept_and_the_balance_says_it_disagrees(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(
        write_csv(MARKED, "marked.csv"), mapping=Mapping(indicator_signs=SWAPPED)
    )

    assert [str(line.amount) for line in result.lines] == ["800.00", "-2500.00", "4.50", "-20.00"]
    said, *breaks = result.warnings
    assert str(said) == (
        "marked.csv column Balance: the running balance disagrees with the amounts' signs "
        "(indicator_signs cr -, dr +, set by the mapping): read oldest first, as the dates "
        "run, it breaks at 3 of 3 steps, the first at row 3; it adds up only read the other "
        "way, as it would with every sign swapped; the lines keep the signs the mapping "
        "sets: if they are the wrong way round, correct it"
    )
    # The continuity check, read as the dates run, reports each break as for any other.
    assert [(warning.row, warning.message.split(" (")[0]) for warning in breaks] == [
        (3, "the running balance breaks: 3700.00 where -1300.00 was expected after row 2"),
        (4, "the running balance breaks: 3695.50 where 3704.50 was expected after row 3"),
        (5, "the running balance breaks: 3715.50 where 3675.50 was expected after row 4"),
    ]
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    # Read as the dates run: the closing balance is the last row's, not the first row's.
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("400.00"),
        Decimal("3715.50"),
    )
    assert "against them (3 of 3 steps break as read)" in dict(result.layout.evidence)["amount"][-1]


def test_the_right_signs_over_the_same_balance_say_nothing(
    write_csv: Callable[..., Path],
) -> None:
    """A guard: the signs the right way round, given or detected, find the chain as before."""
    path = write_csv(MARKED, "marked.csv")
    for mapping in (Mapping(indicator_signs={"DR": -1, "CR": 1}), None):
        result = import_statement(path, mapping=mapping)
        assert result.warnings == ()
        assert (result.opening_balance, result.closing_balance) == (
            Decimal("2000.00"),
            Decimal("3715.50"),
        )


def test_debit_and_credit_named_the_other_way_in_a_newest_first_workbook(
    write_xlsx: Callable[[dict[str, Sequence[Sequence[Any]]], str], Path],
) -> None:
    """Newest first, as many banks list: the columns named the other way round read every
    payment as money in, and the balance, read newest first as the dates run, says so."""
    rows = [
        ["Date", "Details", "Paid out", "Paid in", "Balance"],
        ["04/03/2024", "Refund", None, 20, 3715.5],
        ["03/03/2024", "Coffee", 4.5, None, 3695.5],
        ["02/03/2024", "Salary", None, 2500, 3700],
        ["01/03/2024", "Rent", 800, None, 1200],
    ]
    path = write_xlsx({"Statement": rows}, "newest.xlsx")
    named = {"debit": "Paid in", "credit": "Paid out", "balance": "Balance"}
    mapping = Mapping(columns=named, date_order="DMY")

    result = import_statement(path, mapping=mapping)

    assert [str(line.amount) for line in result.lines] == ["-20", "4.5", "-2500", "800"]
    said, *breaks = result.warnings
    assert str(said) == (
        "newest.xlsx column Balance: the running balance disagrees with the amounts' signs "
        "(debit column 'Paid in', credit column 'Paid out', set by the mapping): read newest "
        "first, as the dates run, it breaks at 3 of 3 steps, the first at row 3; it adds up "
        "only read the other way, as it would with every sign swapped; the lines keep the "
        "signs the mapping sets: if they are the wrong way round, correct it"
    )
    assert [warning.row for warning in breaks] == [3, 4, 5]
    assert result.layout is not None
    assert result.layout.balance_chain is not None
    assert result.layout.balance_chain.newest_first


def test_a_saved_profile_with_swapped_signs_is_named(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    mapping = Mapping(indicator_signs=SWAPPED)
    saved_from = import_statement(write_csv(MARKED, "march.csv"), mapping=mapping)
    assert saved_from.layout is not None
    store.save(profile_from_layout("Marks bank", saved_from.layout, mapping))
    april = MARKED.replace("2024-03", "2024-04")

    result = import_statement(write_csv(april, "april.csv"), profiles=store)

    assert result.layout is not None
    assert result.layout.profile == "Marks bank"
    assert [str(line.amount) for line in result.lines] == ["800.00", "-2500.00", "4.50", "-20.00"]
    said = str(result.warnings[0])
    assert "(indicator_signs cr -, dr +, set by the saved profile 'Marks bank')" in said
    assert said.endswith(
        "the lines keep the signs the saved profile 'Marks bank' sets: if they are the wrong "
        "way round, correct it"
    )


def test_dates_that_say_no_order_leave_the_chain_as_fitted(
    write_csv: Callable[..., Path],
) -> None:
    """A guard: all on one day, the dates cannot say which way the file runs, so the
    reading the signs fit stands, as it did."""
    one_day = MARKED.replace("2024-03-02", "2024-03-01").replace("2024-03-03", "2024-03-01")
    one_day = one_day.replace("2024-03-04", "2024-03-01")
    result = import_statement(
        write_csv(one_day, "one_day.csv"), mapping=Mapping(indicator_signs=SWAPPED)
    )
    assert result.warnings == ()


def test_a_card_balance_owed_against_detected_signs_says_nothing(
    write_csv: Callable[..., Path],
) -> None:
    """A guard: a card issuer's balance owed rises with every purchase, so it fits the
    detected signs only read against the dates. Those signs are right (a purchase is money
    out): telling the accountant the balance disagrees, with a break at every step, would
    be a false alarm on every card statement, so the chain found stands, as before."""
    owed = (
        "Date,Description,Debit,Credit,Balance\n"
        "2024-03-01,Rent,800.00,,2800.00\n"
        "2024-03-02,Payment,,2500.00,300.00\n"
        "2024-03-03,Coffee,4.50,,304.50\n"
    )
    result = import_statement(write_csv(owed, "card.csv"))

    assert [str(line.amount) for line in result.lines] == ["-800.00", "2500.00", "-4.50"]
    assert result.warnings == ()

"""Duplicates across imports (counted, never collapsed) and running-balance continuity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import LineKey, StatementLine
from desktop_app.statements import Mapping, account_scope, import_statement
from desktop_app.statements.balance import Chain, chain_breaks, fit_chain
from desktop_app.statements.dedup import KeptLines, occurrence_keys, stand_ins
from tests.statements.held import breaks_between

JANUARY = (
    "Date,Description,Amount,Balance\n"
    "2024-01-10,Coffee,-4.50,95.50\n"
    "2024-01-10,Coffee,-4.50,91.00\n"
    "2024-01-11,Salary,1000.00,1091.00\n"
)
OVERLAP = (
    "Date,Description,Amount,Balance\n"
    "2024-01-10,Coffee,-4.50,95.50\n"
    "2024-01-10,Coffee,-4.50,91.00\n"
    "2024-01-10,Coffee,-4.50,86.50\n"
    "2024-01-11,Salary,1000.00,1086.50\n"
    "2024-01-12,Rent,-800.00,286.50\n"
)


def _merged(
    existing: Sequence[StatementLine], incoming: Sequence[StatementLine]
) -> tuple[list[StatementLine], list[str]]:
    """The incoming lines kept after ``existing`` (of no named account), and those
    repeated, as "line repeats line"."""
    kept = KeptLines()
    kept.merge(existing, None, {})
    repeats = kept.merge(incoming, None, {}).repeats
    new = [line for line in incoming if line.key not in repeats]
    return new, [
        f"{line.key} repeats {repeats[line.key].key}" for line in incoming if line.key in repeats
    ]


def test_identical_real_rows_are_counted_not_collapsed(write_csv: Callable[..., Path]) -> None:
    lines = import_statement(write_csv(JANUARY)).lines
    keys = occurrence_keys(lines)
    assert keys[0][0] == keys[1][0]
    assert [occurrence for _, occurrence in keys] == [0, 1, 0]
    assert len(_merged([], lines)[0]) == 3


def test_same_file_twice_adds_nothing(write_csv: Callable[..., Path]) -> None:
    lines = import_statement(write_csv(JANUARY)).lines
    again = import_statement(write_csv(JANUARY, "copy.csv")).lines
    new, repeated = _merged(lines, again)
    assert new == []
    assert repeated == [
        "copy.csv:2 repeats statement.csv:2",
        "copy.csv:3 repeats statement.csv:3",
        "copy.csv:4 repeats statement.csv:4",
    ]


def test_overlapping_statement_adds_only_what_is_new(write_csv: Callable[..., Path]) -> None:
    january = import_statement(write_csv(JANUARY, "jan.csv")).lines
    overlap = import_statement(write_csv(OVERLAP, "jan-feb.csv")).lines
    new, _ = _merged(january, overlap)
    assert [(line.row, line.description) for line in new] == [(4, "Coffee"), (6, "Rent")]


def test_balance_chain_directions() -> None:
    amounts = [Decimal(5), Decimal(-2), Decimal(10)]
    assert (
        fit_chain(amounts, [Decimal(105), Decimal(103), Decimal(113)]).chain
        is Chain.AFTER_OLDEST_FIRST
    )
    assert (
        fit_chain(amounts, [Decimal(100), Decimal(105), Decimal(103)]).chain
        is Chain.BEFORE_OLDEST_FIRST
    )
    assert (
        fit_chain(amounts, [Decimal(113), Decimal(108), Decimal(110)]).chain
        is Chain.AFTER_NEWEST_FIRST
    )


def test_a_missing_row_breaks_the_chain_and_is_reported(write_csv: Callable[..., Path]) -> None:
    text = OVERLAP.replace("2024-01-10,Coffee,-4.50,86.50\n", "")
    result = import_statement(write_csv(text, "gap.csv"))
    breaks = [warning for warning in result.warnings if "running balance breaks" in warning.message]
    assert [(warning.row, warning.column) for warning in breaks] == [(4, "Balance")]
    assert "1086.50 where 1091.00 was expected after row 3" in breaks[0].message


def test_statements_that_do_not_follow_each_other(write_csv: Callable[..., Path]) -> None:
    first = import_statement(write_csv(JANUARY, "jan.csv"))
    later = import_statement(
        write_csv("Date,Description,Amount,Balance\n2024-02-01,Rent,-800.00,300.00\n", "feb.csv")
    )
    assert first.closing_balance == Decimal("1091.00")
    assert later.opening_balance == Decimal("1100.00")
    assert breaks_between(first, later) == [
        (
            "feb.csv opens at 1,100.00 on 1 Feb 2024 but jan.csv closed at 1,091.00 on "
            "11 Jan 2024: 9.00 of movements are missing between them. Neither file names its "
            "account, so they are compared as one account's: if they are two accounts' "
            "statements, name each one's account when importing it."
        )
    ]


def test_chain_breaks_on_lines_directly() -> None:
    def line(row: int, amount: str, balance: str) -> StatementLine:
        return StatementLine(
            "f.csv", row, dt.date(2024, 1, row), Decimal(amount), "EUR", balance=Decimal(balance)
        )

    lines = [line(2, "-1", "9"), line(3, "-1", "8"), line(4, "-1", "5")]
    assert [warning.row for warning in chain_breaks(lines, Chain.AFTER_OLDEST_FIRST)] == [4]


def test_stated_closing_balance_in_a_preamble(write_csv: Callable[..., Path]) -> None:
    text = (
        '"Kontostand vom 09.12.2025:";"4.093,32 €"\n'
        '"Anfangssaldo";"4.000,00 €"\n'
        "\n"
        "Buchungstag;Verwendungszweck;Betrag\n"
        "01.12.2025;Miete;-6,68\n"
        "02.12.2025;Gehalt;100,00\n"
    )
    result = import_statement(write_csv(text))
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("4000.00"),
        Decimal("4093.32"),
    )
    assert result.warnings == ()


# Newest first, each row's balance after it: the layout of many banks' csv downloads.
NEWEST_FIRST = (
    "Date,Description,Paid out,Paid in,Amount,Running total\n"
    "2024-03-06,Fee,1.00,,-1.00,1033.80\n"
    "2024-03-05,Fuel,60.00,,-60.00,1034.80\n"
    "2024-03-04,Salary,,100.00,100.00,1094.80\n"
    "2024-03-02,Grocer,45.20,,-45.20,994.80\n"
    "2024-03-01,Rent,500.00,,-500.00,1040.00\n"
)
MAPPED_BALANCE = {
    "signed amount": Mapping(
        columns={"date": "Date", "amount": "Amount", "balance": "Running total"}
    ),
    "debit and credit": Mapping(
        columns={"date": "Date", "debit": "Paid out", "credit": "Paid in", "balance": 6}
    ),
    "the balance alone": Mapping(columns={"balance": "F"}),
}


@pytest.mark.parametrize("mapping", MAPPED_BALANCE.values(), ids=MAPPED_BALANCE.keys())
def test_a_mapped_balance_column_runs_the_way_the_data_does(
    write_csv: Callable[..., Path], mapping: Mapping
) -> None:
    """A mapping names the balance column, not its direction: read oldest-first, every
    step of a newest-first file would be reported as a break."""
    result = import_statement(write_csv(NEWEST_FIRST), mapping=mapping)
    assert result.warnings == ()
    assert [line.balance for line in result.lines] == [
        Decimal(value) for value in ("1033.80", "1034.80", "1094.80", "994.80", "1040.00")
    ]
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1540.00"),
        Decimal("1033.80"),
    )
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_NEWEST_FIRST
    assert dict(result.layout.evidence)["amount"][-1] == (
        "balance: column 'Running total' set by the mapping (balance after each row, "
        "newest first; 4 of 4 steps add up)"
    )


@pytest.mark.parametrize("mapping", MAPPED_BALANCE.values(), ids=MAPPED_BALANCE.keys())
def test_a_mapped_balance_column_that_breaks_is_still_reported(
    write_csv: Callable[..., Path], mapping: Mapping
) -> None:
    """The Grocer row's balance is 5.00 off: the steps into and out of it break. Detection
    alone would not use a column that breaks this often; a mapping that names it does, and
    no warning says otherwise."""
    text = NEWEST_FIRST.replace("-45.20,994.80", "-45.20,999.80")
    result = import_statement(write_csv(text), mapping=mapping)
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_NEWEST_FIRST
    missing = "(a row may be missing, duplicated or misread)"
    assert [(warning.row, warning.column, warning.message) for warning in result.warnings] == [
        (
            5,
            "Running total",
            f"the running balance breaks: 999.80 where 994.80 was expected after row 4 {missing}",
        ),
        (
            6,
            "Running total",
            f"the running balance breaks: 1040.00 where 1045.00 was expected after row 5 {missing}",
        ),
    ]
    assert dict(result.layout.evidence)["amount"][-1] == (
        "balance: column 'Running total' set by the mapping (balance after each row, "
        "newest first; 2 of 4 steps add up)"
    )


def test_a_balance_column_detection_would_not_use_is_used_when_the_mapping_names_it(
    write_csv: Callable[..., Path],
) -> None:
    # Headed 'Balance', the column is detection's to judge; with two of its four steps
    # broken, detection alone leaves it unused and says so.
    text = NEWEST_FIRST.replace("Running total", "Balance").replace("994.80", "999.80")
    detected = import_statement(write_csv(text))
    assert detected.layout is not None
    assert detected.layout.balance is None
    unused = (
        "balance: column 'Balance' is not a running balance of these amounts "
        "(2 of 4 steps add up); not used"
    )
    assert [warning.message for warning in detected.warnings] == [unused]
    result = import_statement(write_csv(text), mapping=Mapping(columns={"balance": "Balance"}))
    assert result.layout is not None
    assert result.layout.balance == 5
    assert [(warning.row, warning.column) for warning in result.warnings] == [
        (5, "Balance"),
        (6, "Balance"),
    ]
    used = (
        "balance: column 'Balance' set by the mapping (balance after each row, newest first; "
        "2 of 4 steps add up)"
    )
    assert dict(result.layout.evidence)["amount"] == ("amount: column 'Amount' (5 of 5 rows)", used)


def test_a_removed_statements_lines_are_stood_in_for_each_named_account() -> None:
    """Taken out, an unnamed download's coffee had been repeated by two accounts'
    statements and by a line of unknown account: each account keeps its own first copy
    (two accounts' coffees are two movements), a later copy on one account repeats that
    account's, and the copy of unknown account repeats a kept one from another file (a
    file's lines never repeat each other)."""
    unnamed = LineKey("unnamed.csv", 2)
    first, same_file = LineKey("mine.csv", 2), LineKey("mine.csv", 9)
    later, other, third = LineKey("mine-again.csv", 2), LineKey("other.csv", 2), LineKey("z", 2)
    untouched = {LineKey("mine-again.csv", 3): LineKey("x.csv", 1)}
    repeats = {
        "unnamed.csv": {LineKey("unnamed.csv", 5): LineKey("x.csv", 1)},
        "mine.csv": {first: unnamed, same_file: unnamed},
        "mine-again.csv": {later: unnamed, **untouched},
        "other.csv": {other: unnamed},
        "z": {third: LineKey("unnamed.csv", 3)},
    }
    scopes = {first: "111", same_file: "", later: "111", other: "222", third: "333"}
    result = stand_ins("unnamed.csv", repeats, scopes)
    assert result.kept == (first, other, third)
    assert result.repeats == {
        "mine.csv": {same_file: other},
        "mine-again.csv": {later: first, **untouched},
        "other.csv": {},
        "z": {},
    }


def test_each_product_keeps_its_copy_of_a_removed_line_before_the_bare_number() -> None:
    """Taken out, an unnamed download's fee had been repeated by the midata export (the
    masked number alone, first) and by the current and the savings account's statements
    (the same digits, each with its product): each product keeps its own copy, and the
    midata copy repeats the current account's, which it may be a download of."""
    unnamed = LineKey("unnamed.csv", 2)
    midata, current, savings = (LineKey(name, 4) for name in ("mid.csv", "cur.csv", "sav.csv"))
    repeats = {
        "mid.csv": {midata: unnamed},
        "cur.csv": {current: unnamed},
        "sav.csv": {savings: unnamed},
    }
    scopes = {
        midata: account_scope("****12345"),
        current: account_scope("Foo current ****12345"),
        savings: account_scope("Foo savings ****12345"),
    }
    result = stand_ins("unnamed.csv", repeats, scopes)
    assert result.kept == (current, savings)
    assert result.repeats == {"mid.csv": {midata: current}, "cur.csv": {}, "sav.csv": {}}

"""A mapping whose header row is a transaction's: the rows above it are said, not dropped.

The header is row 1; a mapping (or a saved profile) set at row 3 took the transaction
there for the columns' names ("04.03.2025") and read only the rows below it: two of three
movements left out without a word. Rows at and above the header row the mapping sets that
hold a date and an amount where the lines have them are now named in a warning, with the
row detection reads as the header; a balance stated above the table is no such row.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import Mapping, import_statement

STATEMENT = (
    "Buchungstag;Verwendungszweck;Betrag\n"
    "03.03.2025;Miete;-1.200,00\n"
    "04.03.2025;Kunde;2.500,00\n"
    "05.03.2025;Finanzamt;-12.345,00\n"
)


def _messages(path: Path, mapping: Mapping) -> tuple[list[Decimal], list[str]]:
    result = import_statement(path, mapping=mapping)
    return [line.amount for line in result.lines], [w.message for w in result.warnings]


def test_a_header_row_on_a_transaction_names_the_rows_not_read(
    write_csv: Callable[..., Path],
) -> None:
    mapping = Mapping(header_row=3, columns={"date": "A", "amount": 3})
    amounts, said = _messages(write_csv(STATEMENT), mapping)
    assert amounts == [Decimal("-12345.00")]
    assert said[0] == (
        "rows 2-3 look like transactions (a date and an amount) but were not read: the "
        "header row the mapping sets is row 3; row 1 reads as the header: set the header "
        "row to it"
    )


def test_a_header_row_on_the_last_transaction_is_no_quiet_month_unsaid(
    write_csv: Callable[..., Path],
) -> None:
    """Nothing below the header: read as a month without movements, which it is not."""
    mapping = Mapping(header_row=4, columns={"date": 1, "amount": 3}, profile="Bank")
    amounts, said = _messages(write_csv(STATEMENT), mapping)
    assert amounts == []
    assert said[0] == (
        "rows 2-4 look like transactions (a date and an amount) but were not read: the "
        "header row the saved profile 'Bank' sets is row 4; row 1 reads as the header: set "
        "the header row to it"
    )
    assert said[1].startswith("the statement holds no movements")


def test_guard_a_right_header_row_under_a_stated_balance_says_nothing(
    write_csv: Callable[..., Path],
) -> None:
    text = "01.03.2025;Anfangssaldo;1.000,00\n" + STATEMENT
    mapping = Mapping(header_row=2, columns={"date": 1, "amount": 3})
    amounts, said = _messages(write_csv(text), mapping)
    assert len(amounts) == 3
    assert not [message for message in said if "not read" in message]

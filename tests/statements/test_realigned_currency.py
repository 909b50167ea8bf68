"""A short row read realigned keeps the currency it states, as a row read in place does.

A row with fewer cells than the header is read apart from the columns (``extract``'s
``_realigned``). Its currency cell was read there as a code or nothing: a cell naming no
currency ('EURO') gave the line the file's default currency, the one thing such a cell
must never do (``unread_currency``), and no warning said so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop_app.statements import import_statement

# Row 4 leaves out its 'Type': it is read realigned.
_HEADER = "Date;Type;Description;Amount;Currency\n"


def _statement(write_csv: Callable[..., Path], fourth_currency: str) -> Path:
    return write_csv(
        _HEADER + "01.10.2025;Card;coffee;-3,00;EUR\n"
        "02.10.2025;Card;tea;-4,00;EUR\n"
        f"13.10.2025;abroad;-5,00;{fourth_currency}\n"
        "14.10.2025;Card;cake;-6,00;EUR\n"
    )


def test_a_realigned_row_keeps_the_currency_it_states(write_csv: Callable[..., Path]) -> None:
    result = import_statement(_statement(write_csv, "USD"), default_currency="GBP")

    realigned = [line for line in result.lines if line.row == 4]
    assert [(str(line.amount), line.currency) for line in realigned] == [("-5.00", "USD")]


def test_a_realigned_row_naming_no_currency_is_in_none(write_csv: Callable[..., Path]) -> None:
    result = import_statement(_statement(write_csv, "EURO"), default_currency="GBP")

    by_row = {line.row: line for line in result.lines}
    assert (by_row[4].currency, by_row[4].currency_cell) == (None, "EURO")
    assert [line.currency for row, line in sorted(by_row.items()) if row != 4] == ["EUR"] * 3
    said = [str(warning) for warning in result.warnings if "currency code" in str(warning)]
    assert said == [
        (
            "statement.csv row 4 column Currency: 'EURO' is not a currency code; the line is "
            "read with its currency unknown"
        )
    ]


def test_a_realigned_row_with_a_blank_currency_takes_the_default(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(_statement(write_csv, ""), default_currency="GBP")

    assert {line.row: line.currency for line in result.lines}[4] == "GBP"


def test_a_realigned_row_leaving_out_its_currency_names_no_odd_cell(
    write_csv: Callable[..., Path],
) -> None:
    """A row that leaves out its currency is in none, and its description is no
    currency cell: the cell where the header puts the currency holds, in such a row, the
    next column's text ('Coffee shop'), which was marked as an unreadable currency, so
    the line was never matched automatically."""
    rows = [f"2025-03-{day:02d},GBP,Payment {day},-{day}.00" for day in range(1, 15)]
    path = write_csv(
        "Date,Currency,Description,Amount\n" + "\n".join(rows) + "\n2025-03-20,Coffee shop,-3.50\n"
    )
    result = import_statement(path)

    (short,) = [line for line in result.lines if line.row == 16]
    assert (short.currency, short.currency_cell, short.description) == (None, "", "Coffee shop")

"""A csv saved from a workbook whose date column was formatted as numbers: "45292" is
2024-01-01. Read as Excel serial dates only under a date header, every cell such a
number; never an amount or reference column that happens to hold such numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import import_statement
from desktop_app.statements.model import StatementImportError

SAVED_AS_CSV = (
    "Date,Description,Amount,Reference\n"
    "45292,Rent,-100.00,45001\n"
    "45293,Salary,2500.00,45002\n"
    "45295,Shop,-12.50,45003\n"
    "45300,Cafe,-3.20,45004\n"
)
DAYS = [dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 1, 4), dt.date(2024, 1, 9)]


def test_serial_numbers_under_a_date_header_are_read_as_dates(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(SAVED_AS_CSV, "saved.csv"))
    assert [line.date for line in result.lines] == DAYS
    assert [line.amount for line in result.lines] == [
        Decimal("-100.00"),
        Decimal("2500.00"),
        Decimal("-12.50"),
        Decimal("-3.20"),
    ]
    # The reference column's numbers in the same range stay references.
    assert [line.reference for line in result.lines] == ["45001", "45002", "45003", "45004"]
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.booking_date == 0
    assert dict(result.layout.evidence)["dates"][0] == (
        "column 1: 4 Excel serial numbers read as dates: every cell under the date header "
        "'Date' is a whole number of days, as a workbook saved as csv writes a date "
        "formatted as a number"
    )


def test_a_german_export_with_a_blank_cell(write_csv: Callable[..., Path]) -> None:
    text = "Datum;Verwendungszweck;Betrag\n45292;Miete;-100,00\n;Übertrag;\n45293;Gehalt;2500,00\n"
    result = import_statement(write_csv(text, "konto.csv"))
    assert [(line.row, line.date) for line in result.lines] == [
        (2, dt.date(2024, 1, 1)),
        (4, dt.date(2024, 1, 2)),
    ]


def test_an_amount_column_of_such_numbers_stays_amounts(write_csv: Callable[..., Path]) -> None:
    text = (
        "Date,Description,Amount\n"
        "2024-01-01,Car,45300\n"
        "2024-01-02,Boat,45301\n"
        "2024-01-04,Van,45302\n"
    )
    result = import_statement(write_csv(text))
    assert [line.date for line in result.lines] == DAYS[:3]
    assert [line.amount for line in result.lines] == [
        Decimal(45300),
        Decimal(45301),
        Decimal(45302),
    ]
    assert result.layout is not None
    assert not any("Excel serial" in said for _, lines in result.layout.evidence for said in lines)


@pytest.mark.parametrize(
    ("cells", "why"),
    [
        (("45292", "45293", "12345"), "a number out of the serial range"),
        (("45292", "45293", "45295.5"), "a fraction of a day"),
        (("45292", "045293", "45295"), "a leading zero"),
    ],
)
def test_a_column_not_every_cell_of_which_is_a_serial_number_is_not_read_so(
    write_csv: Callable[..., Path], cells: tuple[str, ...], why: str
) -> None:
    text = "Date,Description,Amount\n" + "".join(
        f"{cell},Line {number},-1.00\n" for number, cell in enumerate(cells)
    )
    with pytest.raises(StatementImportError, match="no column holds dates"):
        import_statement(write_csv(text))


def test_a_date_label_above_a_reference_header_does_not_make_its_numbers_dates(
    write_csv: Callable[..., Path],
) -> None:
    # The header is the nearest text above the first number: "Statement date" over the
    # reference column is a preamble label, not the header of its numbers.
    text = "Account 12345678,,,Statement date\n" + SAVED_AS_CSV
    result = import_statement(write_csv(text, "saved.csv"))
    assert [line.date for line in result.lines] == DAYS
    assert [line.reference for line in result.lines] == ["45001", "45002", "45003", "45004"]
    assert result.layout is not None
    serial_notes = [said for said in dict(result.layout.evidence)["dates"] if "serial" in said]
    assert serial_notes == [
        (
            "column 1: 4 Excel serial numbers read as dates: every cell under the date "
            "header 'Date' is a whole number of days, as a workbook saved as csv writes a "
            "date formatted as a number"
        )
    ]

"""A row split at a delimiter written, unquoted, in its description is read whole.

``04/03/2025,PAYMENT FROM SMITH, J REF INV 7,250.00,1237.50`` has a field more than its
header: the row was skipped ("'J REF INV 7' is not an amount") and the stray columns cost
the whole file its balance column. Where exactly one text column can take the extra
fields back, with every other cell then reading as its column says, the row is read so,
and a warning names the row and the text it was given.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import import_statement

UK = (
    "Date,Description,Amount,Balance\n"
    "03/03/2025,CARD PAYMENT TESCO,-12.50,987.50\n"
    "04/03/2025,PAYMENT FROM SMITH, J REF INV 7,250.00,1237.50\n"
    "05/03/2025,DD BRITISH GAS,-80.00,1157.50\n"
    "06/03/2025,TRANSFER TO SAVINGS, ACC 1234, REF X,-100.00,1057.50\n"
)


def test_unquoted_commas_in_the_description_are_read_as_text(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(UK, name="uk.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4, 5]
    assert [line.amount for line in result.lines] == [
        Decimal("-12.50"), Decimal("250.00"), Decimal("-80.00"), Decimal("-100.00")
    ]  # fmt: skip
    assert result.lines[1].description == "PAYMENT FROM SMITH, J REF INV 7"
    assert result.lines[3].description == "TRANSFER TO SAVINGS, ACC 1234, REF X"
    assert result.layout.balance == 3  # the balance column is kept
    assert result.lines[3].balance == Decimal("1057.50")
    assert len(result.layout.columns) == 4
    said = [str(warning) for warning in result.warnings if "where the header has" in str(warning)]
    first = (
        "uk.csv row 3 column Description: the row has 5 fields where the header has 4; "
        "read with the 1 comma as part of its text ('PAYMENT FROM SMITH, J REF INV 7')"
    )
    second = (
        "uk.csv row 5 column Description: the row has 6 fields where the header has 4; "
        "read with the 2 commas as part of its text ('TRANSFER TO SAVINGS, ACC 1234, REF X')"
    )
    assert said == [first, second]


def test_unquoted_semicolons_in_a_german_text(write_csv: Callable[..., Path]) -> None:
    text = (
        "Buchungstag;Verwendungszweck;Betrag\n"
        "03.03.2025;Miete;-1.000,00\n"
        "14.03.2025;Kunde A; Rechnung 7;2.500,00\n"
        "20.03.2025;Strom;-80,00\n"
    )
    result = import_statement(write_csv(text))
    assert [line.amount for line in result.lines] == [
        Decimal("-1000.00"), Decimal("2500.00"), Decimal("-80.00")
    ]  # fmt: skip
    assert result.lines[1].description == "Kunde A; Rechnung 7"


def test_two_text_columns_that_could_take_them_leave_the_row_as_it_was(
    write_csv: Callable[..., Path],
) -> None:
    """Description or reference: nothing tells which held the comma, so neither is
    guessed, and the row is skipped with its warning, as before."""
    text = (
        "Date,Description,Reference,Amount\n"
        "03/03/2025,Rent March,R-1,-900.00\n"
        "04/03/2025,SMITH, J,INV-7,250.00\n"
        "05/03/2025,Gas,G-2,-80.00\n"
    )
    result = import_statement(write_csv(text, name="two.csv"))
    assert [line.row for line in result.lines] == [2, 4]
    assert not [warning for warning in result.warnings if "where the header has" in str(warning)]
    assert any(warning.row == 3 for warning in result.warnings)


def test_an_empty_extra_field_changes_nothing(write_csv: Callable[..., Path]) -> None:
    text = (
        "Date,Amount,Description\n"
        "03/03/2025,-900.00,Rent,\n"
        "04/03/2025,250.00,Client,\n"
        "05/03/2025,-80.00,Gas\n"
    )
    result = import_statement(write_csv(text))
    assert [line.description for line in result.lines] == ["Rent", "Client", "Gas"]
    assert not [warning for warning in result.warnings if warning.row is not None]

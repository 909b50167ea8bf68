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


LEFT_OUT = (
    "the row is left out: no one text column can take the extra fields with every other "
    "cell then reading as its column says, so its amount cannot be told"
)


def test_two_text_columns_that_could_take_them_leave_the_row_out(
    write_csv: Callable[..., Path],
) -> None:
    """Description or reference: nothing tells which held the comma, so neither is
    guessed, and the row is left out with a warning naming its field count."""
    text = (
        "Date,Description,Reference,Amount\n"
        "03/03/2025,Rent March,R-1,-900.00\n"
        "04/03/2025,SMITH, J,INV-7,250.00\n"
        "05/03/2025,Gas,G-2,-80.00\n"
    )
    result = import_statement(write_csv(text, name="two.csv"))
    assert [line.row for line in result.lines] == [2, 4]
    said = [str(warning) for warning in result.warnings if warning.row == 3]
    assert said == [f"two.csv row 3: the row has 5 fields where the header has 4; {LEFT_OUT}"]


def test_a_number_after_an_unquoted_comma_is_not_read_as_the_amount(
    write_csv: Callable[..., Path],
) -> None:
    """``ACME Ltd, 1500,250.00``: as the header says, the row's amount is 1500 and
    '250.00' stands in a column the header never named; joined into the description,
    every cell reads as its column says and the amount is 250.00."""
    text = (
        "Date,Description,Amount\n"
        "2025-10-01,Coffee,-3.50\n"
        "2025-10-02,ACME Ltd, 1500,250.00\n"
        "2025-10-03,Rent,-900.00\n"
        "2025-10-04,Client B,120.00\n"
    )
    result = import_statement(write_csv(text, name="shifted.csv"))
    assert [line.amount for line in result.lines] == [
        Decimal("-3.50"), Decimal("250.00"), Decimal("-900.00"), Decimal("120.00")
    ]  # fmt: skip
    assert result.lines[1].description == "ACME Ltd, 1500"
    assert len(result.layout.columns) == 3  # no stray unnamed column
    said = (
        "shifted.csv row 3 column Description: the row has 4 fields where the header has 3; "
        "read with the 1 comma as part of its text ('ACME Ltd, 1500')"
    )
    assert [str(warning) for warning in result.warnings] == [said]


def test_an_invoice_number_after_an_unquoted_comma(write_csv: Callable[..., Path]) -> None:
    text = (
        "Date,Description,Amount\n"
        "2025-10-01,Coffee,-3.50\n"
        "2025-10-04,Invoice 1042, 1043,120.00\n"
        "2025-10-05,Rent,-900.00\n"
    )
    result = import_statement(write_csv(text, name="invoices.csv"))
    assert [line.amount for line in result.lines] == [
        Decimal("-3.50"), Decimal("120.00"), Decimal("-900.00")
    ]  # fmt: skip
    assert result.lines[1].description == "Invoice 1042, 1043"
    said = (
        "invoices.csv row 3 column Description: the row has 4 fields where the header has 3; "
        "read with the 1 comma as part of its text ('Invoice 1042, 1043')"
    )
    assert [str(warning) for warning in result.warnings] == [said]


def test_a_number_after_an_unquoted_comma_keeps_the_balance_of_every_line(
    write_csv: Callable[..., Path],
) -> None:
    """Read as written, the row's 1500 did not tie the running balance, and the balance
    column was dropped for every line; read joined, it ties and is kept."""
    text = (
        "Date,Description,Amount,Balance\n"
        "2025-10-01,Coffee,-3.50,996.50\n"
        "2025-10-02,ACME Ltd, 1500,250.00,1246.50\n"
        "2025-10-03,Rent,-900.00,346.50\n"
    )
    result = import_statement(write_csv(text, name="balance.csv"))
    assert [line.amount for line in result.lines] == [
        Decimal("-3.50"), Decimal("250.00"), Decimal("-900.00")
    ]  # fmt: skip
    assert result.layout.balance == 3
    assert [line.balance for line in result.lines] == [
        Decimal("996.50"), Decimal("1246.50"), Decimal("346.50")
    ]  # fmt: skip
    assert [warning.row for warning in result.warnings] == [3]


def test_a_wide_row_that_reads_as_written_but_fits_two_text_columns_is_left_out(
    write_csv: Callable[..., Path],
) -> None:
    """``ACME,Ltd,500,250.00`` under Description, Reference, Amount: read as written its
    amount is 500, and joined into either text column it is 250.00; nothing tells which,
    so no amount is imported for it, and a warning says so."""
    text = (
        "Date,Description,Reference,Amount\n"
        "2025-10-01,Coffee,C-1,-3.50\n"
        "2025-10-02,ACME,Ltd,500,250.00\n"
        "2025-10-03,Rent,R-3,-900.00\n"
    )
    result = import_statement(write_csv(text, name="ambiguous.csv"))
    assert [line.row for line in result.lines] == [2, 4]
    assert [line.amount for line in result.lines] == [Decimal("-3.50"), Decimal("-900.00")]
    assert [str(warning) for warning in result.warnings] == [
        f"ambiguous.csv row 3: the row has 5 fields where the header has 4; {LEFT_OUT}"
    ]


def test_a_wide_row_no_join_reads_is_left_out(write_csv: Callable[..., Path]) -> None:
    """A stray text after the amount: joined, the amount would be 'note'; as written the
    row's amount is a guess, so it is left out with its warning."""
    text = (
        "Date,Description,Amount\n"
        "2025-10-01,Coffee,-3.50\n"
        "2025-10-02,ACME Ltd,250.00,note\n"
        "2025-10-03,Rent,-900.00\n"
    )
    result = import_statement(write_csv(text, name="note.csv"))
    assert [line.row for line in result.lines] == [2, 4]
    assert [str(warning) for warning in result.warnings] == [
        f"note.csv row 3: the row has 4 fields where the header has 3; {LEFT_OUT}"
    ]


def test_a_column_the_header_does_not_name_in_every_row_is_no_stray_comma(
    write_csv: Callable[..., Path],
) -> None:
    """Every row one field wider than the header: a column left unnamed, not a comma in
    each description; joining would read each row's balance as its amount."""
    text = (
        "Date,Description,Amount\n"
        "2025-10-01,Coffee,-3.50,996.50\n"
        "2025-10-02,ACME Ltd,250.00,1246.50\n"
        "2025-10-03,Rent,-900.00,346.50\n"
    )
    result = import_statement(write_csv(text))
    assert [line.amount for line in result.lines] == [
        Decimal("-3.50"), Decimal("250.00"), Decimal("-900.00")
    ]  # fmt: skip
    assert [line.description for line in result.lines] == ["Coffee", "ACME Ltd", "Rent"]


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

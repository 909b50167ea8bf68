"""A dated row that totals the lines above it is no movement: left out, and said.

``31/03/2025,Total,10.00`` under lines of -10.00 and 20.00 read as a line doubled the
statement's movements, with no word of it: the total's words were looked for only in
rows without a date. Such a row is a total when a text cell holds a total's word and its
amount is the sum of the lines above (all of them, or those of its section); a row worded
so whose amount is anything else stays a line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from desktop_app.statements import import_statement
from desktop_app.statements.model import RowWarning


def _totals(warnings: tuple[RowWarning, ...]) -> list[RowWarning]:
    return [warning for warning in warnings if "read as a total" in warning.message]


def test_a_dated_total_row_is_left_out_with_a_note(write_csv: Callable[..., Path]) -> None:
    text = "Date,Description,Amount\n03/03/2025,A,-10.00\n14/03/2025,B,20.00\n"
    result = import_statement(write_csv(text + "31/03/2025,Total,10.00\n", name="t.csv"))
    assert [line.amount for line in result.lines] == [Decimal("-10.00"), Decimal("20.00")]
    [said] = _totals(result.warnings)
    assert str(said) == (
        "t.csv row 4 column Description: 'Total' 10.00 is the sum of the 2 lines above "
        "(rows 2 to 3): read as a total, not a movement"
    )
    assert said.about_statement  # no movement was skipped there


def test_german_and_french_total_rows(write_csv: Callable[..., Path]) -> None:
    german = (
        "Buchungstag;Verwendungszweck;Betrag\n03.03.2025;Miete;-1.000,00\n"
        "14.03.2025;Kunde A;2.500,00\n20.03.2025;Strom;-80,00\n31.03.2025;Summe;1.420,00\n"
    )
    result = import_statement(write_csv(german, name="de.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4]
    assert [warning.row for warning in _totals(result.warnings)] == [5]
    french = (
        "Date;Libellé;Montant\n03/03/2025;Loyer;-1000,00\n14/03/2025;Client;2500,00\n"
        "31/03/2025;Total des opérations;1500,00\n31/03/2025;Solde au 31/03/2025;11500,00\n"
    )
    result = import_statement(write_csv(french, name="fr.csv"))
    assert [line.row for line in result.lines] == [2, 3]
    assert sum(line.amount for line in result.lines) == Decimal("1500.00")
    assert [warning.row for warning in _totals(result.warnings)] == [4]
    assert result.closing_balance == Decimal("11500.00")


def test_a_total_word_with_another_amount_stays_a_line(write_csv: Callable[..., Path]) -> None:
    text = (
        "Date,Description,Amount\n03/03/2025,A,-10.00\n14/03/2025,B,20.00\n31/03/2025,Total,12.00\n"
    )
    result = import_statement(write_csv(text))
    assert [line.amount for line in result.lines][-1] == Decimal("12.00")
    assert not _totals(result.warnings)


def test_a_payment_repeating_one_line_above_stays_a_line(write_csv: Callable[..., Path]) -> None:
    """A 'TOTAL' filling station paid the same as the one line before it: one line is
    no sum to total, and both are payments."""
    text = (
        "Date,Description,Amount\n03/03/2025,Rent,-900.00\n"
        "Heading,,\n04/03/2025,TOTAL STATION 12,-45.00\n05/03/2025,TOTAL STATION 12,-45.00\n"
    )
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 4, 5]
    assert not _totals(result.warnings)


def test_each_section_total_is_left_out(write_csv: Callable[..., Path]) -> None:
    """A month's total after its lines (with a heading between the months, or none) and
    a grand total of every movement at the end."""
    text = (
        "Date,Description,Amount\n"
        "03/03/2025,Rent,-1200.00\n17/03/2025,Client X,2400.50\n31/03/2025,Total March,1200.50\n"
        "01/04/2025,Rent,-1200.00\n15/04/2025,Client Y,300.00\n30/04/2025,Total April,-900.00\n"
        "May 2025,,\n"
        "02/05/2025,Rent,-1200.00\n20/05/2025,Client Z,1500.00\n31/05/2025,Total May,300.00\n"
        "31/05/2025,Total,600.50\n"
    )
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3, 5, 6, 9, 10]
    assert [warning.row for warning in _totals(result.warnings)] == [4, 7, 11, 12]
    assert sum(line.amount for line in result.lines) == Decimal("600.50")


def test_a_total_row_of_a_workbook_is_left_out(write_xlsx: Callable[..., Path]) -> None:
    rows = [
        ("Date", "Description", "Amount", "Balance"),
        (dt.datetime(2025, 3, 3), "Rent", -1000, 9000),
        (dt.datetime(2025, 3, 14), "Client", 2500.5, 11500.5),
        (dt.datetime(2025, 3, 31), "Totale", 1500.5, None),
    ]
    result = import_statement(write_xlsx({"Statement": rows}, name="it.xlsx"))
    assert [line.row for line in result.lines] == [2, 3]
    [said] = _totals(result.warnings)
    assert str(said).startswith("it.xlsx row 4 column Description: 'Totale' 1500.5")

"""A dated row totalling one side of the lines above (their money in, or their money out)
is no movement: left out, and said, as a dated total of all of them is.

Banks end an export with ``31/10/2025,Total credits,1750.00`` and ``Total debits,-900.00``
(``Summe Haben``/``Summe Soll``, ``Totaal bij``/``Totaal af``), dated the last day. Read
as lines they counted the money in and out twice, with no word of it. Such a row is a
total where a text cell holds a total's word and its amount is the sum of its side's
lines above (all, or those of its section), two at least, or one where its text names the
side; a debit/credit pair's total row may fill both columns, each the sum of its column.
A payment worded so whose amount is no such sum stays a line.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.statements import import_statement
from desktop_app.statements.mapping import Mapping
from desktop_app.statements.model import RowWarning
from desktop_app.statements.total_rows import TOTAL_WORDS

TESTER = (
    "Date,Description,Amount\n01/10/2025,Rent,-900.00\n02/10/2025,Client X,1500.00\n"
    "14/10/2025,Client Y,250.00\n31/10/2025,Total credits,1750.00\n"
    "31/10/2025,Total debits,-900.00\n31/10/2025,Closing balance,5850.00\n"
)


def _note(name: str, row: int, text: str, amount: str, side: str) -> str:
    """A side's total's warning, of the 3 lines above in rows 2 to 4."""
    return (
        f"{name} row {row} column Description: '{text}' {amount} is the sum of the money "
        f"{side} of the 3 lines above (rows 2 to 4): read as a total, not a movement"
    )


def _totals(warnings: tuple[RowWarning, ...]) -> list[RowWarning]:
    return [warning for warning in warnings if "read as a total" in warning.message]


def test_each_sides_total_is_left_out_with_a_note(write_csv: Callable[..., Path]) -> None:
    result = import_statement(write_csv(TESTER, name="en.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4]
    assert sum(line.amount for line in result.lines if line.amount > 0) == Decimal("1750.00")
    assert sum(line.amount for line in result.lines if line.amount < 0) == Decimal("-900.00")
    assert [str(warning) for warning in _totals(result.warnings)] == [
        _note("en.csv", 5, "Total credits", "1750.00", "in"),
        _note("en.csv", 6, "Total debits", "-900.00", "out"),
    ]
    assert all(warning.about_statement for warning in _totals(result.warnings))
    assert result.closing_balance == Decimal("5850.00")


# (header, money in's total, money out's total) in each language the headers are read in;
# the one debit's total is named by its side's word, the two credits' need not be.
LANGUAGES = [
    ("Buchungstag;Verwendungszweck;Betrag", "Summe Haben", "Summe Soll"),
    ("Datum;Omschrijving;Bedrag", "Totaal bij", "Totaal af"),
    ("Date;Libellé;Montant", "Total crédit", "Total des débits"),
    ("Data;Descrizione;Importo", "Totale avere", "Totale dare"),
    ("Fecha;Concepto;Importe", "Total haber", "Total debe"),
    ("Date;Description;Amount", "Total paid in", "Total paid out"),
]


@pytest.mark.parametrize(("header", "money_in", "money_out"), LANGUAGES)
def test_side_totals_in_each_language(
    write_csv: Callable[..., Path], header: str, money_in: str, money_out: str
) -> None:
    """The money out's total comes first here: each is read whatever their order."""
    text = (
        f"{header}\n01.10.2025;Miete;-1.500,00\n02.10.2025;Kunde A;2.000,00\n"
        f"14.10.2025;Kunde B;250,00\n31.10.2025;{money_out};-1.500,00\n"
        f"31.10.2025;{money_in};2.250,00\n"
    )
    result = import_statement(write_csv(text, name="sides.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4]
    assert [warning.row for warning in _totals(result.warnings)] == [5, 6]


def test_side_totals_of_a_workbook(write_xlsx: Callable[..., Path]) -> None:
    rows = [
        ("Date", "Description", "Amount"),
        (dt.datetime(2025, 10, 1), "Rent", -900),
        (dt.datetime(2025, 10, 2), "Client X", 1500),
        (dt.datetime(2025, 10, 13), "Fee", -4.5),
        (dt.datetime(2025, 10, 14), "Client Y", 250),
        (dt.datetime(2025, 10, 31), "Total credits", 1750),
        (dt.datetime(2025, 10, 31), "Total debits", -904.5),
    ]
    result = import_statement(write_xlsx({"Statement": rows}, name="sides.xlsx"))
    assert [line.row for line in result.lines] == [2, 3, 4, 5]
    said = _totals(result.warnings)
    assert [warning.row for warning in said] == [6, 7]
    assert str(said[1]).startswith(
        "sides.xlsx row 7 column Description: 'Total debits' -904.5 is the sum of the money "
        "out of the 4 lines above (rows 2 to 5)"
    )


PAIR = "Date,Description,Paid out,Paid in\n01/10/2025,Rent,900.00,\n02/10/2025,Client X,,1500.00\n14/10/2025,Client Y,,250.00\n"


def test_side_totals_of_a_debit_and_credit_pair(write_csv: Callable[..., Path]) -> None:
    text = PAIR + "31/10/2025,Total paid in,,1750.00\n31/10/2025,Total paid out,900.00,\n"
    result = import_statement(write_csv(text, name="pair.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4]
    assert [warning.row for warning in _totals(result.warnings)] == [5, 6]


def test_a_pairs_total_filling_both_columns_names_each(write_csv: Callable[..., Path]) -> None:
    """Each column's total, as the row shows them, not their difference: the accountant
    finds 900.00 and 1750.00 in row 5, and no 850.00. The note that the row fills both
    columns goes with it: the row is no line."""
    result = import_statement(write_csv(PAIR + "31/10/2025,Totals,900.00,1750.00\n", "p.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4]
    assert [str(warning) for warning in result.warnings if warning.row == 5] == [
        (
            "p.csv row 5 column Description: 'Totals' 900.00 and 1750.00 are the sums of the "
            "columns 'Paid out' and 'Paid in' of the 3 lines above (rows 2 to 4): read as a "
            "total, not a movement"
        )
    ]


def test_each_sections_side_totals(write_csv: Callable[..., Path]) -> None:
    """A month's totals of each side after its lines, under the month's heading, and a
    total of every movement at the end: each month's sides are its own lines'."""
    text = (
        "Date,Description,Amount\nOctober 2025,,\n"
        "01/10/2025,Rent,-900.00\n02/10/2025,Client X,1500.00\n14/10/2025,Client Y,250.00\n"
        "31/10/2025,Total credits,1750.00\n31/10/2025,Total debits,-900.00\n"
        "November 2025,,\n"
        "01/11/2025,Rent,-900.00\n03/11/2025,Client Z,400.00\n20/11/2025,Fee,-5.00\n"
        "30/11/2025,Total credits,400.00\n30/11/2025,Total debits,-905.00\n"
        "30/11/2025,Total,345.00\n"
    )
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [3, 4, 5, 9, 10, 11]
    assert [warning.row for warning in _totals(result.warnings)] == [6, 7, 12, 13, 14]
    assert sum(line.amount for line in result.lines) == Decimal("345.00")


def test_a_payment_equal_to_the_credits_above_stays_a_line(
    write_csv: Callable[..., Path],
) -> None:
    """Its text holds no total's word: a client paying again what two paid before."""
    text = TESTER.replace("Total credits", "Client Z").replace("Total debits", "Rent again")
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3, 4, 5, 6]
    assert not _totals(result.warnings)


def test_a_payee_named_total_stays_a_line_unless_a_sum(write_csv: Callable[..., Path]) -> None:
    """'Total Gas Ltd' paid the same as the one debit above: one line is no sum, and its
    text names no side ('TOTAL GAS DIRECT DEBIT' holds a side's word, but apart from the
    total's). Paid what the debits above add up to, it is read as their total, and said,
    with its row: nothing in the file tells the two apart."""
    head = "Date,Description,Amount\n01/10/2025,Client X,1500.00\n02/10/2025,Total Gas Ltd,-45.00\n"
    for again in ("Total Gas Ltd", "TOTAL GAS DIRECT DEBIT"):
        result = import_statement(write_csv(head + f"03/10/2025,{again},-45.00\n"))
        assert [line.row for line in result.lines] == [2, 3, 4]
        assert not _totals(result.warnings)
    text = head + "03/10/2025,Rent,-900.00\n04/10/2025,Total Gas Ltd,-50.00\n"
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3, 4, 5]
    assert not _totals(result.warnings)
    result = import_statement(write_csv(text.replace("-50.00", "-945.00"), name="gas.csv"))
    assert [line.row for line in result.lines] == [2, 3, 4]
    assert [str(warning) for warning in _totals(result.warnings)] == [
        _note("gas.csv", 5, "Total Gas Ltd", "-945.00", "out")
    ]


def test_side_totals_with_signs_inverted(write_csv: Callable[..., Path]) -> None:
    """A card's export, purchases positive, read with ``invert_sign``: the purchases'
    total is the money out, and said so with the amount signed as the lines are."""
    text = (
        "Date,Description,Amount\n01/10/2025,Shop A,20.00\n02/10/2025,Shop B,30.00\n"
        "10/10/2025,Payment,-100.00\n31/10/2025,Total purchases,50.00\n"
    )
    result = import_statement(write_csv(text, name="card.csv"), mapping=Mapping(invert_sign=True))
    assert [line.amount for line in result.lines] == [
        Decimal("-20.00"),
        Decimal("-30.00"),
        Decimal("100.00"),
    ]
    assert [str(warning) for warning in _totals(result.warnings)] == [
        _note("card.csv", 5, "Total purchases", "-50.00", "out")
    ]


def test_the_cli_leaves_side_totals_out(
    write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["statement", str(write_csv(TESTER, name="en.csv"))]) == 0
    output = json.loads(capsys.readouterr().out)
    assert [(line["row"], line["amount"]) for line in output["lines"]] == [
        (2, "-900.00"),
        (3, "1500.00"),
        (4, "250.00"),
    ]
    assert output["closing_balance"] == "5850.00"
    assert [warning for warning in output["warnings"] if "read as a total" in warning] == [
        _note("en.csv", 5, "Total credits", "1750.00", "in"),
        _note("en.csv", 6, "Total debits", "-900.00", "out"),
    ]


def test_every_total_word_holds_a_stem_of_the_column_search() -> None:
    """The total rows are found by a search of each column for the words' stems: a word
    holding none would never be found."""
    from desktop_app.statements import total_rows

    words = TOTAL_WORDS.pattern.split("(")[1].split(")")[0].split("|")
    stems = total_rows._TOTAL_PHRASES.stems
    letters = total_rows._TOTAL_PHRASES.letters
    assert all(any(stem in word for stem in stems) for word in words)
    assert all(any(letter in stem for letter in letters) for stem in stems)


def test_totals_under_lines_all_worded(write_csv: Callable[..., Path]) -> None:
    """A card statement of a 'TOTAL' filling station: every line holds a total's word,
    and each is a line (its amount no sum of those above), up to the totals."""
    text = (
        "Date,Description,Amount\n01/10/2025,TOTAL STATION A,-40.00\n"
        "02/10/2025,TOTAL STATION B,-60.00\n03/10/2025,Client,500.00\n"
        "04/10/2025,TOTAL STATION A,-40.00\n05/10/2025,TOTAL STATION C,-100.00\n"
        "31/10/2025,Total debits,-240.00\n31/10/2025,Total,260.00\n"
    )
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3, 4, 5, 6]
    assert [warning.row for warning in _totals(result.warnings)] == [7, 8]

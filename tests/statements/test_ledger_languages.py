"""A ledger's export of the bank account in any language the header words read.

Whether a debit and credit pair is headed with the book-keeping words alone (which mean
money in by a debit in the holder's own books) was asked of a word list of its own, which
lacked the Dutch 'Debet' that the header words read as a debit column: a Dutch ledger's
export was read with a bank's signs, every receipt money out. The words now come from the
header words (``header_words.BOOKKEEPING_WORDS``). And whether an 'Account' column names a
ledger account or a card's masked number is asked of ``account_key``'s reading, which
knows every mask ('Platinum ••••1234'), not of a '*' alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import StatementLine
from desktop_app.statements import import_statement
from desktop_app.statements.balance import Chain
from desktop_app.statements.ledger_view import bookkeeping_pair, ledger_evidence

DAY = dt.date(2025, 10, 3)
# Exact Online's export of ledger account 1000 (the bank), oldest first, Dutch style:
# semicolons, day-first dates, decimal commas; receipts are debits, the balance rises by
# them; 5.000,00 before the first line.
DUTCH_LEDGER = (
    "Datum;Grootboekrekening;Omschrijving;Debet;Credit;Saldo\n"
    "03-10-2025;1000 Bank;Ontvangst ACME BV;850,26;;5850,26\n"
    "06-10-2025;1000 Bank;Ontvangst Gamma;1000,00;;6850,26\n"
    "10-10-2025;1000 Bank;Huur oktober;;1537,08;5313,18\n"
    "15-10-2025;1000 Bank;Leverancier Brightside;;614,32;4698,86\n"
)


@pytest.mark.parametrize(
    ("debit", "credit"),
    [
        ("Debit", "Credit"),
        ("Debet", "Credit"),  # Dutch
        ("Débit", "Crédit"),  # French
        ("Soll", "Haben"),  # German
        ("Debe", "Haber"),  # Spanish
        ("Débito", "Crédito"),
        ("Dare", "Avere"),  # Italian
        ("Debit EUR", "Credit EUR"),
    ],
)
def test_the_bookkeeping_words_of_every_language_the_headers_read(debit: str, credit: str) -> None:
    assert bookkeeping_pair(debit, credit)


@pytest.mark.parametrize(
    ("debit", "credit"),
    [("Paid out", "Paid in"), ("Af", "Bij"), ("Uscite", "Entrate"), ("Ausgang", "Eingang")],
)
def test_words_of_whose_money_moved_are_no_ledgers(debit: str, credit: str) -> None:
    assert not bookkeeping_pair(debit, credit)


def test_a_dutch_ledger_export_reads_debet_as_money_in(write_csv: Callable[..., Path]) -> None:
    result = import_statement(write_csv(DUTCH_LEDGER, "grootboek-1000.csv"))

    assert [str(line.amount) for line in result.lines] == [
        "850.26",
        "1000.00",
        "-1537.08",
        "-614.32",
    ]
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("5000.00"),
        Decimal("4698.86"),
    )
    (said,) = result.warnings
    assert "column 'Debet' read as money in and column 'Credit' as money out" in said.message
    assert "column 'Grootboekrekening' names the ledger account '1000 Bank'" in said.message


def test_a_dutch_ledger_export_shown_by_its_journal_column(
    write_csv: Callable[..., Path],
) -> None:
    """No ledger account named, but a journal ('Dagboek'), which no bank statement has."""
    text = DUTCH_LEDGER.replace("Grootboekrekening", "Dagboek").replace("1000 Bank", "Bank")
    result = import_statement(write_csv(text, "dagboek.csv"))

    assert [str(line.amount) for line in result.lines] == [
        "850.26",
        "1000.00",
        "-1537.08",
        "-614.32",
    ]
    (said,) = result.warnings
    assert "column 'Dagboek' is a ledger's" in said.message


def test_a_card_whose_masked_number_has_a_name_is_no_ledger(
    write_csv: Callable[..., Path],
) -> None:
    """'Platinum ••••1234' under 'Account' is a card's masked number (``account_key``
    reads it so), not a ledger account's name: its balance owed rises by each purchase,
    with its debits money out, which stay so."""
    owed = (
        "Date,Account,Description,Debit,Credit,Balance\n"
        "01/03/2024,Platinum ••••1234,Hotel,800.00,,2800.00\n"
        "02/03/2024,Platinum ••••1234,Payment,,2500.00,300.00\n"
        "13/03/2024,Platinum ••••1234,Coffee,4.50,,304.50\n"
    )
    result = import_statement(write_csv(owed, "platinum.csv"))

    assert [str(line.amount) for line in result.lines] == ["-800.00", "2500.00", "-4.50"]
    assert result.warnings == ()


@pytest.mark.parametrize(
    "account",
    [
        "Platinum ••••1234",
        "Everyday XXXX-XXXX-1234",
        "Business …4321",
        "DE89 3704 0044 0532 0130 00",  # an IBAN: a statement's account, by number
    ],
)
def test_an_account_named_by_number_is_no_ledger_account(account: str) -> None:
    lines = [StatementLine("x.csv", 2, DAY, Decimal("1"), "EUR", raw=("", account))]
    assert ledger_evidence(["Date", "Account"], lines) is None


def test_a_ledger_account_named_by_words_is_evidence() -> None:
    lines = [StatementLine("x.csv", 2, DAY, Decimal("1"), "EUR", raw=("", "1200 Bank"))]
    assert ledger_evidence(["Date", "Account"], lines) == (
        "column 'Account' names the ledger account '1200 Bank'"
    )


def test_a_ledger_read_its_way_reports_each_break_of_its_balance_once(
    write_csv: Callable[..., Path],
) -> None:
    """Its balance's breaks are those counted as the ledger's reading was chosen: one
    step (after row 3) adds up to 7,050.26, not the 7,250.26 written, and is said once."""
    header, *rows = DUTCH_LEDGER.splitlines()
    text = "\n".join(
        [
            header,
            rows[0],
            rows[1],
            "08-10-2025;1000 Bank;Ontvangst Delta;200,00;;7250,26",
            "10-10-2025;1000 Bank;Huur oktober;;1537,08;5713,18",
            "15-10-2025;1000 Bank;Leverancier Brightside;;614,32;5098,86",
        ]
    )
    result = import_statement(write_csv(text + "\n", "breaks.csv"))

    assert [str(line.amount) for line in result.lines][:3] == ["850.26", "1000.00", "200.00"]
    said, broken = result.warnings
    assert "column 'Debet' read as money in" in said.message
    assert (broken.row, broken.column) == (4, "Saldo")
    assert "7250.26 where 7050.26 was expected after row 3" in broken.message

"""A ledger's export of the bank account: its debit column is money in.

A bookkeeping program lists the bank account as the holder's books do: a receipt is a
debit and the balance rises by it. Read with a bank's signs (debit money out), every
receipt was money out, the balance column added up only read against the dates, and
the opening and closing balances came out swapped (the opening the latest day's
balance, the closing one stated on no row), with no warning. Where the file says it is
a ledger's (it names the ledger account) and its balance adds up as the dates run only
with the ledger's signs, it is read so and the import says it, and its balances then
run with the dates. A bank's newest-first statement, a card's balance owed and the
cases nothing decides keep their signs (a card's balance owed is not modelled: its
ends are taken as its rows read, so that its bridge ties).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.statements import import_statement
from desktop_app.statements.balance import Chain

# Sage-style ledger of nominal 1200, oldest first: receipts are debits, so the balance
# rises by them; 100,000.00 before the first line.
LEDGER = (
    "Date,Account,Reference,Description,Debit,Credit,Balance\n"
    "03/10/2025,1200 Bank,EL-2025-00135,ACME LTD receipt,850.26,,100850.26\n"
    '06/10/2025,1200 Bank,EL-2025-00137,GAMMA CO part 1,"1,000.00",,101850.26\n'
    "10/10/2025,1200 Bank,EL-2025-00150,Credit note refund,,537.08,101313.18\n"
    '15/10/2025,1200 Bank,3636,Brightside Digital,,"59,614.32",41698.86\n'
)


def _amount_evidence(result: Any) -> tuple[str, ...]:
    assert result.layout is not None
    return dict(result.layout.evidence)["amount"]


def test_a_ledger_export_oldest_first_reads_debits_as_money_in(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(LEDGER, "sage-ledger.csv"))

    assert [str(line.amount) for line in result.lines] == [
        "850.26",
        "1000.00",
        "-537.08",
        "-59614.32",
    ]
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    # In date order: before 3 Oct and after 15 Oct, the last row's stated balance.
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("100000.00"),
        Decimal("41698.86"),
    )
    (said,) = result.warnings
    assert str(said) == (
        "sage-ledger.csv column Balance: column 'Debit' read as money in and column "
        "'Credit' as money out, a ledger's view of the bank account (column 'Account' names "
        "the ledger account '1200 Bank'): the running balance adds up so read oldest first, "
        "as the dates run, and with a bank's signs (debit money out) only read the other "
        "way; if this is a bank's or a card's statement, name the debit and credit columns "
        "the other way round"
    )
    assert _amount_evidence(result)[-1] == (
        "signs: a ledger's view of the bank account (column 'Account' names the ledger "
        "account '1200 Bank'): column 'Debit' is money in and column 'Credit' money out; so "
        "the balance reads as balance after each row, oldest first, as the dates run (3 of 3 "
        "steps add up); with a bank's signs (debit money out) it added up only read newest "
        "first, against them"
    )
    # The roles as read: the money-out role is the 'Credit' column, so a profile saved
    # from this reading reads next month's export the same way.
    assert (result.layout.debit, result.layout.credit) == (5, 4)


def test_a_ledger_workbook_newest_first_reads_debits_as_money_in(
    write_xlsx: Callable[[dict[str, Sequence[Sequence[Any]]], str], Path],
) -> None:
    """Newest first, dates as date cells and a nominal code column: the balance read
    newest first, as the dates run, adds up only with the ledger's signs."""
    rows: list[list[Any]] = [
        ["Date", "Nominal Code", "Details", "Debit", "Credit", "Balance"],
        [dt.date(2025, 10, 15), "1200 Bank Current Account", "Supplier", None, 614.32, 1698.86],
        [dt.date(2025, 10, 10), "1200 Bank Current Account", "Refund", None, 537.08, 2313.18],
        [dt.date(2025, 10, 6), "1200 Bank Current Account", "GAMMA CO", 1000, None, 2850.26],
        [dt.date(2025, 10, 3), "1200 Bank Current Account", "ACME LTD", 850.26, None, 1850.26],
    ]
    result = import_statement(write_xlsx({"Nominal activity": rows}, "ledger.xlsx"))

    assert [str(line.amount) for line in result.lines] == ["-614.32", "-537.08", "1000", "850.26"]
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_NEWEST_FIRST
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1698.86"),
    )
    (said,) = result.warnings
    assert said.message.startswith(
        "column 'Debit' read as money in and column 'Credit' as money out, a ledger's view "
        "of the bank account (column 'Nominal Code' names the ledger account '1200 Bank "
        "Current Account'): the running balance adds up so read newest first, as the dates run"
    )


def test_newest_first_statements_whose_debits_are_money_out_keep_their_signs(
    write_csv: Callable[..., Path],
    write_xlsx: Callable[[dict[str, Sequence[Sequence[Any]]], str], Path],
) -> None:
    """A bank's current account listed newest first (the balance falls by each debit as
    the dates run) keeps its signs, though a column names its account; a card's balance
    owed listed newest first (it rises by each purchase) keeps them too, with nothing
    saying it is a ledger's; its balances are taken as its rows read, so that its bridge
    ties (a balance owed is not modelled)."""
    bank = (
        "Date,Account,Description,Debit,Credit,Balance\n"
        "15/10/2025,Business Current,Brightside Digital,614.32,,1698.86\n"
        "10/10/2025,Business Current,Credit note refund,537.08,,2313.18\n"
        "06/10/2025,Business Current,GAMMA CO part 1,,1000.00,2850.26\n"
        "03/10/2025,Business Current,ACME LTD receipt,,850.26,1850.26\n"
    )
    current = import_statement(write_csv(bank, "bank.csv"))
    assert [str(line.amount) for line in current.lines] == [
        "-614.32",
        "-537.08",
        "1000.00",
        "850.26",
    ]
    assert current.warnings == ()
    assert current.layout is not None
    assert current.layout.balance_chain is Chain.AFTER_NEWEST_FIRST
    assert (current.opening_balance, current.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1698.86"),
    )

    owed: list[list[Any]] = [
        ["Date", "Description", "Debit", "Credit", "Balance"],
        ["2024-03-03", "Coffee", 4.5, None, 304.5],
        ["2024-03-02", "Payment", None, 2500, 300],
        ["2024-03-01", "Rent", 800, None, 2800],
    ]
    card = import_statement(write_xlsx({"Card": owed}, "card.xlsx"))
    assert [str(line.amount) for line in card.lines] == ["-4.5", "2500", "-800"]
    assert card.warnings == ()
    # A balance owed is not modelled: its ends are taken as the rows read, so that the
    # bridge ties (304.50 + -4.50 + 2,500.00 + -800.00 = 2,000.00), not in date order.
    assert (card.opening_balance, card.closing_balance) == (Decimal("304.5"), Decimal("2000"))
    assert card.opening_balance + sum(line.amount for line in card.lines) == card.closing_balance
    assert _amount_evidence(card)[-1] == (
        "signs: as detected, column 'Debit' money out: read as the dates run, the balance "
        "rises by each debit, as a balance owed does (a card's, a loan's); a ledger's view of "
        "the bank account, where column 'Debit' is money in, reads so too: if this is one, "
        "name the debit and credit columns the other way round"
    )


def test_a_ledger_nothing_decides_keeps_its_signs_and_says_what_to_do(
    write_csv: Callable[..., Path],
) -> None:
    """One line, or no balance column: no balance says which way the signs go, so the
    signs detected stand (debit money out); a warning and the evidence say the file looks
    like a ledger's export, whose debits would be money in, and how to read it so."""
    header, *rows = LEDGER.splitlines()
    one_line = f"{header}\n{rows[-1]}\n"  # 15/10: a day above 12 settles the date order
    no_balance = "".join(line.rsplit(",", 1)[0] + "\n" for line in LEDGER.splitlines())
    for text, name, why, first in (
        (one_line, "one.csv", "there is one line", "59614.32"),
        (no_balance, "bare.csv", "there is no balance column", "-850.26"),
    ):
        result = import_statement(write_csv(text, name))

        assert str(result.lines[0].amount) == first
        assert [str(warning) for warning in result.warnings] == [
            (
                f"{name}: this looks like the books' export of the bank account, not a bank's "
                "statement (column 'Account' names the ledger account '1200 Bank'); column "
                "'Debit' was read as money out, as a bank's statement means it, since nothing "
                f"says which ({why}); to read it as a ledger's (column 'Debit' money in, column "
                '\'Credit\' money out), import it with the mapping {"columns": {"debit": '
                '"Credit", "credit": "Debit"}} (in the import wizard: column \'Debit\' as '
                "Credit (money in), column 'Credit' as Debit (money out))"
            )
        ]
        assert _amount_evidence(result)[-1] == (
            "signs: column 'Account' names the ledger account '1200 Bank', as a ledger's "
            "export does, where column 'Debit' would be money in; read as a bank's statement "
            f"(debit money out), since nothing says which ({why}, so the balance cannot): if "
            "it is a ledger's, name the debit and credit columns the other way round"
        )


def test_a_card_named_under_account_is_no_ledger(write_csv: Callable[..., Path]) -> None:
    """A card issuer's export naming the card under 'Account': its balance owed rises by
    each purchase as a ledger's balance does by each receipt, but a card's name says it is
    owed, so its debits stay money out; its balances are taken as its rows read."""
    owed = (
        "Date,Account,Description,Debit,Credit,Balance\n"
        "01/03/2024,Rewards Credit Card,Hotel,800.00,,2800.00\n"
        "02/03/2024,Rewards Credit Card,Payment,,2500.00,300.00\n"
        "13/03/2024,Rewards Credit Card,Coffee,4.50,,304.50\n"
    )
    result = import_statement(write_csv(owed, "rewards.csv"))

    assert [str(line.amount) for line in result.lines] == ["-800.00", "2500.00", "-4.50"]
    assert result.warnings == ()
    # as the rows read, so that the bridge ties: a balance owed is not modelled
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("304.50"),
        Decimal("2000.00"),
    )

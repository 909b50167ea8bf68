"""A statement's balance bridge (opening + movements = closing) adds the movements of its
own currency alone: a table with a currency column holds a card payment abroad in euros
beside the pounds its balances are kept in, and adding the two tipped the bridge into a
"do not add up" warning for a statement whose pounds add up to the penny."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.domain import Reconciliation
from desktop_app.export import StatementUsed, summary_data
from desktop_app.export.summary_data import BridgeRow
from desktop_app.statements import import_statement
from tests.statements.summary_files import (
    camt_in_two_currencies,
    camt_mostly_dollars,
    mixed_workbook,
    ofx_in_two_currencies,
    ofx_mostly_euros,
)


def test_stated_balances_are_bridged_in_their_own_currency(
    tmp_path: Path,
) -> None:
    result = import_statement(mixed_workbook(tmp_path))
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.5"),
        Decimal("2297.1"),
    )
    assert [str(warning) for warning in result.warnings] == [
        "mixed.xlsx row 8 column Amount: 'n/a' is not an amount; row skipped"
    ]
    assert result.layout is not None
    [said] = dict(result.layout.evidence)["balances"]
    assert said == (
        "stated balances: Opening balance 1000.50 (row 2) + 3 movements 1296.60 = "
        "Closing balance 2297.10 (row 12)"
    )


def test_a_missing_pound_still_breaks_the_bridge(tmp_path: Path) -> None:
    """Only the other currency is left out: the statement's own movements still count."""
    result = import_statement(mixed_workbook(tmp_path, "short.xlsx", closing=2296.10))
    assert [str(warning) for warning in result.warnings][-1] == (
        "short.xlsx: the stated balances do not add up: Opening balance 1000.50 + movements "
        "1296.60 = 2297.10, but Closing balance says 2296.10 (a line may be missing or "
        "misread)"
    )


# Two months of a pounds statement with a currency column, a balance stated between them
# (row 6) and a payment in euros in each. The pounds add up: 1,000.00 - 500.00 + 2,000.00
# = 2,500.00 at the month's end, + 1,500.00 = 4,000.00.
MONTHS_IN_TWO_CURRENCIES = (
    "Date,Description,Amount,Currency\n"
    "2024-01-01,Opening balance,1000.00,GBP\n"
    "2024-01-05,Rent,-500.00,GBP\n"
    "2024-01-12,Hotel Paris,-80.00,EUR\n"
    "2024-01-20,Salary,2000.00,GBP\n"
    "2024-01-31,Balance carried forward,2500.00,GBP\n"
    "2024-02-05,Rent,-500.00,GBP\n"
    "2024-02-10,Museum Rome,-15.00,EUR\n"
    "2024-02-20,Salary,2000.00,GBP\n"
    "2024-02-29,Closing balance,4000.00,GBP\n"
)


def test_a_balance_stated_between_the_lines_is_followed_in_its_own_currency(
    tmp_path: Path,
) -> None:
    """The month-end balance is in pounds, as the opening and closing ones: the euro
    payment before it moves none of them. Added, it made both months break by the euros
    while the bridge over the whole statement tied."""
    path = tmp_path / "months.csv"
    path.write_text(MONTHS_IN_TWO_CURRENCIES, encoding="utf-8")
    result = import_statement(path)
    assert [line.currency for line in result.lines] == ["GBP", "EUR", "GBP"] * 2
    assert result.warnings == ()


def test_a_pound_missing_between_two_balances_still_breaks_there(tmp_path: Path) -> None:
    """Only the other currency is left out, and the message says so: January's salary is
    missing, and January alone is named."""
    path = tmp_path / "months.csv"
    text = MONTHS_IN_TWO_CURRENCIES.replace("2024-01-20,Salary,2000.00,GBP\n", "")
    path.write_text(text, encoding="utf-8")
    result = import_statement(path)
    unbalanced = (
        "the stated balances do not add up: Opening balance 1000.00 + movements 1000.00 "
        "= 2000.00, but Closing balance says 4000.00 (a line may be missing or misread)"
    )
    january = (
        "Balance carried forward 2500.00 (row 5) does not follow from Opening balance "
        "1000.00 (row 2) and the movements between them, -500.00 in 1 line (1 line in "
        "another currency not counted): 500.00 was expected (a line may be missing or "
        "misread)"
    )
    assert [(warning.row, warning.message) for warning in result.warnings] == [
        (None, unbalanced),
        (5, january),
    ]


def test_a_camt_entry_booked_in_another_currency_is_left_out_of_the_bridge(
    tmp_path: Path,
) -> None:
    """A euro account's entry whose Amt is in dollars moves no euro balance: the
    statement's euros tie without it."""
    result = import_statement(camt_in_two_currencies(tmp_path))
    assert [line.currency for line in result.lines] == ["EUR", "USD", "EUR"]
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("100.00"),
        Decimal("130.00"),
    )
    assert result.warnings == ()


def test_a_camt_statement_a_euro_short_still_breaks_its_bridge(tmp_path: Path) -> None:
    result = import_statement(camt_in_two_currencies(tmp_path, closing="131.00"))
    [warning] = result.warnings
    assert str(warning) == (
        "two-currencies.xml row 10: balances do not add up: opening 100.00 + movements "
        "30.00 = 130.00, but the closing balance is 131.00 (difference 1.00); lines may be "
        "missing"
    )


def test_an_ofx_transaction_in_its_own_currency_is_left_out_of_the_bridge(
    tmp_path: Path,
) -> None:
    """OFX says a transaction's currency two ways: CURRENCY (its TRNAMT is in that
    currency: the hotel's euros, left out of the pounds' bridge) and ORIGCURRENCY (its
    TRNAMT was converted to the statement's CURDEF from that currency: the books' pounds,
    in the bridge). The report's bridge row adds the pounds and counts the euro line."""
    result = import_statement(ofx_in_two_currencies(tmp_path))
    assert [(line.currency, line.amount) for line in result.lines] == [
        ("GBP", Decimal("2500.00")),
        ("EUR", Decimal("-310.55")),
        ("GBP", Decimal("-42.00")),
        ("GBP", Decimal("-1200.00")),
    ]
    assert result.warnings == ()
    reconciliation = Reconciliation((), result.lines, (), ())
    [row] = summary_data.bridge(reconciliation, [StatementUsed.of_import(result)])
    assert row == BridgeRow(
        "two-currencies.ofx",
        "GBP",
        None,  # OFX states no opening balance
        Decimal(0),
        Decimal("1258.00"),
        Decimal("2258.00"),
        other_currency_lines=1,
    )


def test_a_camt_statement_is_bridged_in_its_account_currency_whatever_most_entries_are_in(
    tmp_path: Path,
) -> None:
    """A euro account (<Acct><Ccy>EUR) with two entries booked in dollars and one in euros:
    its euro balances tie with the euro alone. Told by its lines, the statement was a
    dollar one: the bridge added the dollars to the euro balances and warned."""
    result = import_statement(camt_mostly_dollars(tmp_path))
    assert [line.currency for line in result.lines] == ["USD", "EUR", "USD"]
    assert result.warnings == ()
    reconciliation = Reconciliation((), result.lines, (), ())
    [row] = summary_data.bridge(reconciliation, [StatementUsed.of_import(result)])
    assert row == BridgeRow(
        "mostly-dollars.xml",
        "EUR",
        Decimal("100.00"),
        Decimal(0),
        Decimal("50.00"),
        Decimal("150.00"),
        other_currency_lines=2,
    )
    assert (result.currency, result.balance_currency) == ("EUR", "EUR")


def test_a_camt_statement_a_euro_short_of_its_account_currency_still_breaks(
    tmp_path: Path,
) -> None:
    result = import_statement(camt_mostly_dollars(tmp_path, closing="151.00"))
    [warning] = result.warnings
    assert str(warning) == (
        "mostly-dollars.xml row 10: balances do not add up: opening 100.00 + movements "
        "50.00 = 150.00, but the closing balance is 151.00 (difference 1.00); lines may be "
        "missing"
    )


def test_an_ofx_statement_keeps_its_curdef_when_most_transactions_are_in_another(
    tmp_path: Path,
) -> None:
    """CURDEF GBP, two transactions in euros (CURRENCY) and one in pounds: the closing
    balance (LEDGERBAL) is the pounds', and the report's bridge row moves it by the pounds
    alone, the euro lines counted apart. Told by its lines, it was a euro statement, its
    pounds balance bridged with the euros."""
    result = import_statement(ofx_mostly_euros(tmp_path))
    assert [line.currency for line in result.lines] == ["GBP", "EUR", "EUR"]
    assert result.warnings == ()
    reconciliation = Reconciliation((), result.lines, (), ())
    used = StatementUsed.of_import(result)
    assert used.currency == "GBP"
    assert result.currency == "GBP"
    [row] = summary_data.bridge(reconciliation, [used])
    assert row == BridgeRow(
        "mostly-euros.ofx",
        "GBP",
        None,
        Decimal(0),
        Decimal("2500.00"),
        Decimal("2500.00"),
        other_currency_lines=2,
    )


def test_guard_a_table_states_no_currency_and_is_bridged_in_its_lines_main_one(
    tmp_path: Path,
) -> None:
    result = import_statement(mixed_workbook(tmp_path))
    assert (result.currency, result.balance_currency) == (None, "GBP")

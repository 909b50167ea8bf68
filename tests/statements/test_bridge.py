"""A statement's balance bridge (opening + movements = closing) adds the movements of its
own currency alone: a table with a currency column holds a card payment abroad in euros
beside the pounds its balances are kept in, and adding the two tipped the bridge into a
"do not add up" warning for a statement whose pounds add up to the penny."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.statements import import_statement
from tests.statements.summary_files import mixed_workbook


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
        "stated balances: Opening balance 1000.5 (row 2) + 3 movements 1296.6 = "
        "Closing balance 2297.1 (row 12)"
    )


def test_a_missing_pound_still_breaks_the_bridge(tmp_path: Path) -> None:
    """Only the other currency is left out: the statement's own movements still count."""
    result = import_statement(mixed_workbook(tmp_path, "short.xlsx", closing=2296.10))
    assert [str(warning) for warning in result.warnings][-1] == (
        "short.xlsx: the stated balances do not add up: Opening balance 1000.5 + movements "
        "1296.6 = 2297.1, but Closing balance says 2296.1 (a line may be missing or misread)"
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
